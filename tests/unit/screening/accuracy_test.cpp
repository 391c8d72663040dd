// accuracy_test.cpp: the accuracy of fuzzy screening (screening/list_index.hpp) on the frozen
// labelled set tests/data/accuracy/pairs.tsv (2,740 pairs; its README says why it is never
// regenerated). The listed names of the pairs are indexed as one list beside the full OFAC SDN
// sample, which gives the words their real weights; each query is screened as a party would be,
// and its score is that of the pair's listed name (0 when screening does not find it). Floors sit
// a little below the measured figures (docs/screening.md, "Accuracy"), so a change that loses
// accuracy fails here. Set EXPORTCTL_ACCURACY_REPORT=1 to print the figures per class,
// EXPORTCTL_ACCURACY_DUMP=FILE to write every pair with its score, EXPORTCTL_ACCURACY_PAIRS=FILE
// to measure another set of the same format.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "screening/list_index.hpp"
#include "unit/read_file.hpp"

using namespace exportctl;
using namespace exportctl::detail;

namespace {

struct accuracy_pair {
  std::string query, listed, cls;
  bool match = false;
  std::uint32_t entry = 0;
  double score = 0;
  screen_band band = screen_band::none;
};

struct accuracy_run {
  std::vector<accuracy_pair> pairs;
  double auc = 0, threshold = 0, recall_at_10 = 0, band_recall = 0, band_false = 0;
};

/// Area under the ROC curve: the chance that a random match outscores a random non-match
/// (ties count half).
double accuracy_auc(const std::vector<accuracy_pair>& pairs) {
  std::vector<double> m, n;
  for (const auto& p : pairs) (p.match ? m : n).push_back(p.score);
  std::sort(m.begin(), m.end());
  std::sort(n.begin(), n.end());
  double wins = 0;
  std::size_t lo = 0, hi = 0;
  for (const double s : m) {
    while (lo < n.size() && n[lo] < s) ++lo;
    hi = std::max(hi, lo);
    while (hi < n.size() && n[hi] <= s) ++hi;
    wins += static_cast<double>(lo) + 0.5 * static_cast<double>(hi - lo);
  }
  return wins / (static_cast<double>(m.size()) * static_cast<double>(n.size()));
}

accuracy_run run_accuracy() {
  accuracy_run run;
  // EXPORTCTL_ACCURACY_PAIRS=FILE measures another set of the same format instead (a fresh set
  // from make_pairs.py with another seed: the honest check of what was tuned on the frozen one).
  const char* other = std::getenv("EXPORTCTL_ACCURACY_PAIRS");
  const auto tsv =
      test::read_file(other ? other : EXPORTCTL_SOURCE_DIR "/tests/data/accuracy/pairs.tsv");
  std::istringstream in(tsv);
  std::string line;
  std::getline(in, line);  // header
  lists::screening_list pl;
  pl.source = "accuracy pairs";
  pl.file = "pairs.tsv";
  std::unordered_map<std::string, std::uint32_t> entry_of;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t at = 0;
    for (std::size_t tab; (tab = line.find('\t', at)) != std::string::npos; at = tab + 1)
      f.push_back(line.substr(at, tab - at));
    f.push_back(line.substr(at));
    REQUIRE(f.size() == 4);
    accuracy_pair p{f[0], f[1], f[3], f[2] == "match"};
    auto [it, fresh] =
        entry_of.try_emplace(p.listed, static_cast<std::uint32_t>(pl.entries.size()));
    if (fresh) {
      lists::list_entry e;
      e.id = std::to_string(pl.entries.size() + 1);
      e.source = pl.source;
      e.names.push_back(p.listed);
      pl.entries.push_back(std::move(e));
    }
    p.entry = it->second;
    run.pairs.push_back(std::move(p));
  }
  std::vector<diagnostic> d;
  auto sdn = lists::read_list(EXPORTCTL_SOURCE_DIR "/tests/data/lists/ofac-sdn-2021/sdn.csv", d);
  REQUIRE(sdn);
  std::vector<lists::screening_list> v;
  v.push_back(std::move(*sdn));
  v.push_back(std::move(pl));
  const list_index ix(std::move(v));
  screen_options o;
  o.min_score = 0;
  o.limit = 1000;
  o.explain = false;
  screen_scratch s;
  for (auto& p : run.pairs) {
    for (const auto& c : ix.screen(p.query, o, s))
      if (c.list == 1 && c.entry == p.entry) {
        p.score = c.score;
        p.band = c.band;
        break;
      }
  }
  run.auc = accuracy_auc(run.pairs);
  // The score above which at most 10% of the non-matches lie: flag when score > threshold.
  std::vector<double> n;
  std::size_t matches = 0, in_band = 0, false_band = 0;
  for (const auto& p : run.pairs) {
    if (!p.match) n.push_back(p.score);
    if (p.match) ++matches;
    if (p.match && p.band != screen_band::none) ++in_band;
    if (!p.match && p.band != screen_band::none) ++false_band;
  }
  std::sort(n.rbegin(), n.rend());
  run.threshold = n[n.size() / 10];
  std::size_t found = 0;
  for (const auto& p : run.pairs) found += p.match && p.score > run.threshold ? 1 : 0;
  run.recall_at_10 = static_cast<double>(found) / static_cast<double>(matches);
  run.band_recall = static_cast<double>(in_band) / static_cast<double>(matches);
  run.band_false = static_cast<double>(false_band) / static_cast<double>(n.size());
  return run;
}

void print_accuracy(const accuracy_run& run) {
  struct tally {
    std::size_t n = 0, match = 0, possible = 0, above = 0;
    double sum = 0;
  };
  std::map<std::string, tally> by;
  for (const auto& p : run.pairs) {
    auto& t = by[(p.match ? "match    " : "nonmatch ") + p.cls];
    ++t.n;
    t.sum += p.score;
    t.match += p.band == screen_band::match ? 1 : 0;
    t.possible += p.band == screen_band::possible ? 1 : 0;
    t.above += p.score > run.threshold ? 1 : 0;
  }
  std::printf("AUC %.4f; threshold %.4f (10%% of non-matches above); recall there %.4f\n", run.auc,
              run.threshold, run.recall_at_10);
  std::printf("bands: matches in possible or match %.4f; non-matches in possible or match %.4f\n",
              run.band_recall, run.band_false);
  std::printf("%-24s %5s %6s %6s %6s %6s\n", "label class", "pairs", "mean", "match", "poss.",
              ">thr");
  for (const auto& [k, t] : by)
    std::printf("%-24s %5zu %6.3f %6zu %6zu %6zu\n", k.c_str(), t.n,
                t.sum / static_cast<double>(t.n), t.match, t.possible, t.above);
  for (const auto& p : run.pairs)
    if (!p.match && p.band == screen_band::match)
      std::printf("non-match in match band (%s): %s | %s %.3f\n", p.cls.c_str(), p.query.c_str(),
                  p.listed.c_str(), p.score);
}

}  // namespace

TEST_CASE("accuracy on the frozen labelled pairs", "[screening][accuracy]") {
  const auto run = run_accuracy();
  REQUIRE(run.pairs.size() >= 2000);
  if (std::getenv("EXPORTCTL_ACCURACY_REPORT")) print_accuracy(run);
  if (const char* dump = std::getenv("EXPORTCTL_ACCURACY_DUMP")) {
    // Every pair with its score and band, for looking at what is missed (not for tuning the set).
    if (std::FILE* f = std::fopen(dump, "w")) {
      for (const auto& p : run.pairs)
        std::fprintf(f, "%.4f\t%s\t%s\t%s\t%s\t%s\n", p.score,
                     std::string(band_name(p.band)).c_str(), p.match ? "match" : "nonmatch",
                     p.cls.c_str(), p.query.c_str(), p.listed.c_str());
      std::fclose(f);
    }
  }
  INFO("AUC " << run.auc << ", recall at 10% false flags " << run.recall_at_10);
  // Measured before any tuning (the scorer of 2026-12-02): AUC 0.6385, recall 0.4396; now
  // (docs/screening.md) AUC 0.8627, recall 0.8088 (the aim for recall is 0.80).
  CHECK(run.auc >= 0.86);
  CHECK(run.recall_at_10 >= 0.80);
  // Different companies (sister companies, numbered vehicles, surnames, homophones) must never
  // be `match`: a near string of a listed name is for a person to review, not a listing.
  std::size_t different_in_match = 0;
  for (const auto& p : run.pairs)
    if (!p.match && p.band == screen_band::match &&
        (p.cls == "business_word" || p.cls == "numbered" || p.cls == "surname" ||
         p.cls == "homophone")) {
      UNSCOPED_INFO(p.cls << ": " << p.query << " | " << p.listed << " " << p.score);
      ++different_in_match;
    }
  CHECK(different_in_match == 0);  // before tuning: 36 (35 homophones, 1 surname)
}
