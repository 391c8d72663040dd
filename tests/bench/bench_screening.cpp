// bench_screening.cpp: the screening figures of docs/screening.md: loading the OFAC SDN sample
// (SDN.CSV, ALT.CSV, ADD.CSV: about 21,000 names and aliases) with its index, and screening one
// name against it, uncached (every query a different name). Run:
//   build/release/tests/bench/bench_screening --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true
// The sample is read from $EXPORTCTL_SDN (default: the shared reference copy).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "screening/list_index.hpp"

namespace {

using namespace exportctl::detail;

std::string sdn_path() {
  const char* p = std::getenv("EXPORTCTL_SDN");
  return p ? p : EXPORTCTL_SOURCE_DIR "/tests/data/lists/ofac-sdn-2021/sdn.csv";
}

std::vector<lists::screening_list> load_lists() {
  std::vector<exportctl::diagnostic> d;
  auto l = lists::read_list(sdn_path(), d);
  if (!l) throw std::runtime_error("cannot read " + sdn_path());
  std::vector<lists::screening_list> v;
  v.push_back(std::move(*l));
  return v;
}

const list_index& shared_index() {
  static const list_index ix(load_lists());
  return ix;
}

/// 4,096 different Latin-script queries: listed names and aliases with one letter changed, and
/// as many names no list has (most parties clear).
std::vector<std::string> latin_queries() {
  const auto& ix = shared_index();
  std::mt19937 rng(12);
  std::vector<std::string> out;
  const auto& entries = ix.lists()[0].entries;
  const char* words[] = {
      "Northern", "Pacific",     "Semiconductor", "Lighthouse", "Vertex", "Kowloon",
      "Harbour",  "Systems",     "Meridian",      "Quantum",    "Data",   "Bright",
      "Future",   "Electronics", "Holdings",      "Ltd",        "GmbH",   "LLC"};
  while (out.size() < 4096) {
    if (out.size() % 2 == 0) {
      const auto& e = entries[rng() % entries.size()];
      std::string n = e.names[rng() % e.names.size()];
      if (n.size() > 3) n[rng() % n.size()] = static_cast<char>('a' + rng() % 26);
      out.push_back(std::move(n));
    } else {
      std::string n;
      for (int k = 0; k < 3; ++k) n += std::string(words[rng() % 18]) + " ";
      n += std::to_string(rng() % 1000);
      out.push_back(std::move(n));
    }
  }
  return out;
}

void BM_LoadSdnAndIndex(benchmark::State& state) {
  for (auto _ : state) {
    list_index ix(load_lists());
    benchmark::DoNotOptimize(ix.name_count());
  }
  state.counters["names"] = static_cast<double>(shared_index().name_count());
}
BENCHMARK(BM_LoadSdnAndIndex)->Unit(benchmark::kMillisecond);

void screen_all(benchmark::State& state, const std::vector<std::string>& queries,
                bool explain = true) {
  const auto& ix = shared_index();
  screen_scratch s;
  screen_options o;
  o.explain = explain;
  std::size_t i = 0, hits = 0;
  for (auto _ : state) {
    const auto c = ix.screen(queries[i++ % queries.size()], o, s);
    hits += c.empty() ? 0 : 1;
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["with_candidates"] =
      benchmark::Counter(static_cast<double>(hits), benchmark::Counter::kAvgIterations);
}

void BM_ScreenLatinName(benchmark::State& state) {
  static const auto q = latin_queries();
  screen_all(state, q);
}
BENCHMARK(BM_ScreenLatinName)->Unit(benchmark::kMicrosecond);

/// The same without the reasons (what a decision needs for a name that clears).
void BM_ScreenLatinNameNoReasons(benchmark::State& state) {
  static const auto q = latin_queries();
  screen_all(state, q, false);
}
BENCHMARK(BM_ScreenLatinNameNoReasons)->Unit(benchmark::kMicrosecond);

/// Per name, as a decision screens a party (engine/list_hits.cpp): without reasons, then the
/// reasons of the candidates that are possible or a match. The figure is the median per
/// name, which the mean per iteration above does not give: each iteration here screens all 4,096
/// queries once, timing each, and reports the median and the 90th and 99th percentiles.
void BM_ScreenLatinNamePercentiles(benchmark::State& state) {
  static const auto q = latin_queries();
  const auto& ix = shared_index();
  screen_scratch s;
  screen_options quick;
  quick.explain = false;
  std::vector<double> us(q.size());
  std::vector<double> all, near, clear;  // near: a listed name with a letter changed
  for (auto _ : state) {
    for (std::size_t i = 0; i < q.size(); ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      auto c = ix.screen(q[i], quick, s);
      std::erase_if(c, [](const screen_candidate& x) { return x.band == screen_band::none; });
      ix.explain(c, quick, s);
      benchmark::DoNotOptimize(c.data());
      us[i] =
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    }
    all.insert(all.end(), us.begin(), us.end());
    for (std::size_t i = 0; i < us.size(); ++i) (i % 2 == 0 ? near : clear).push_back(us[i]);
  }
  const auto at = [](std::vector<double>& v, double f) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(f * static_cast<double>(v.size() - 1))];
  };
  state.counters["median_us"] = at(all, 0.5);
  state.counters["p90_us"] = at(all, 0.9);
  state.counters["p99_us"] = at(all, 0.99);
  state.counters["near_median_us"] = at(near, 0.5);
  state.counters["unlisted_median_us"] = at(clear, 0.5);
  state.SetItemsProcessed(static_cast<std::int64_t>(all.size()));
}
BENCHMARK(BM_ScreenLatinNamePercentiles)->Unit(benchmark::kMillisecond);

/// Non-Latin names are transliterated through ICU (normalize.hpp latin_ascii: BGN/PCGN for
/// Russian, UNGEGN for Greek, ICU's Any-Latin for the rest), then screened like Latin ones.
void BM_ScreenNonLatinName(benchmark::State& state) {
  static const std::vector<std::string> q = {"Банк Национальный Кубы",
                                             "Общество с ограниченной ответственностью Вектор",
                                             "華為技術有限公司",
                                             "شركة النفط الوطنية",
                                             "Ελληνική Ναυτιλιακή Εταιρεία",
                                             "한국전자무역",
                                             "Ηλεκτρονική Αθηνών",
                                             "Сбербанк России"};
  screen_all(state, q);
}
BENCHMARK(BM_ScreenNonLatinName)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
