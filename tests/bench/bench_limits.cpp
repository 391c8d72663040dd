// bench_limits.cpp: the adversarial shapes of tests/unit/engine/limits_test.cpp and
// decision_size_test.cpp, timed here rather than in the tests (principle 6: speed is shown by
// benchmarks). Each once took minutes; the tests pin that they hold with a bounded decision.
//
//     build/release/tests/bench/bench_limits
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"

namespace {

using exportctl::party_role;

exportctl::engine load_engine() {
  exportctl::engine_options options;
  options.rule_paths = {EXPORTCTL_SOURCE_DIR "/rules"};
  auto built = exportctl::engine::load(options);
  if (!built.value) throw std::runtime_error("default packs failed to load");
  return *built.value;
}

exportctl::party make_party(std::string id, std::string country, party_role role) {
  exportctl::party p;
  p.id = std::move(id);
  p.name = "Example " + p.id + " Ltd.";
  p.country = std::move(country);
  p.role = role;
  return p;
}

exportctl::shipment base(const char* id) {
  exportctl::shipment s;
  s.id = id;
  s.ship_date = exportctl::date::parse("2025-06-01");
  exportctl::item h100;
  h100.product = "nvidia-h100-sxm5-80gb";
  s.items = {h100, h100};
  s.parties.push_back(make_party("exp", "US", party_role::exporter));
  return s;
}

// `diamonds` two-way splits (2^diamonds paths) from the exporter, ending at `prev`.
std::string add_diamonds(exportctl::shipment& s, int diamonds, const char* country) {
  std::string prev = "exp";
  for (int i = 0; i < diamonds; ++i) {
    const std::string n = std::to_string(i);
    for (const std::string side : {"a", "b"}) {
      s.parties.push_back(make_party(side + n, country, party_role::distributor));
      s.transfers.push_back({prev, side + n, {}});
      s.transfers.push_back({side + n, "j" + n, {}});
    }
    s.parties.push_back(make_party("j" + n, country, party_role::distributor));
    prev = "j" + n;
  }
  return prev;
}

// 12 diamonds (4096 paths) into a 900-party chain with 2,700 back edges (cycles).
exportctl::shipment cycles_shipment() {
  exportctl::shipment s = base("BENCH-CYCLES");
  std::string prev = add_diamonds(s, 12, "DE");
  const int length = 900;
  for (int k = 0; k < length; ++k) {
    const std::string id = "c" + std::to_string(k);
    s.parties.push_back(
        make_party(id, "DE", k == length - 1 ? party_role::end_user : party_role::distributor));
    s.transfers.push_back({prev, id, {}});
    prev = id;
  }
  for (const int back : {1, 100, 400})
    for (int k = back; k < length; ++k)
      s.transfers.push_back({"c" + std::to_string(k), "c" + std::to_string(k - back), {}});
  return s;
}

// 12 diamonds into a chain of `chain` parties: 4,096 paths of about chain + 25 parties.
exportctl::shipment diamond_chain(int chain) {
  exportctl::shipment s = base("BENCH-DIAMONDS");
  std::string prev = add_diamonds(s, 12, "SG");
  for (int k = 0; k < chain; ++k) {
    const std::string id = "c" + std::to_string(k);
    s.parties.push_back(
        make_party(id, "MY", k + 1 == chain ? party_role::end_user : party_role::reseller));
    s.transfers.push_back({prev, id, {}});
    prev = id;
  }
  return s;
}

void run(benchmark::State& state, const exportctl::shipment& s) {
  const auto eng = load_engine();
  for (auto _ : state) {
    auto r = eng.check(s);
    if (!r.value) throw std::runtime_error("the shipment did not decide");
    benchmark::DoNotOptimize(exportctl::to_json(*r.value));
  }
}

void bm_cycles_next_to_4096_paths(benchmark::State& state) { run(state, cycles_shipment()); }
BENCHMARK(bm_cycles_next_to_4096_paths)->Unit(benchmark::kMillisecond);

void bm_4096_paths_past_work_bound(benchmark::State& state) { run(state, diamond_chain(935)); }
BENCHMARK(bm_4096_paths_past_work_bound)->Unit(benchmark::kMillisecond);

void bm_4096_paths_decided(benchmark::State& state) { run(state, diamond_chain(15)); }
BENCHMARK(bm_4096_paths_decided)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
