// Golden decisions: tests/golden/decisions/NAME.yaml is decided and compared byte for byte with
// NAME.json. Each shipment's header says what it exercises:
//   # exercises: EAR_742_6_A6_DEST_2023, EAR_740_8_ACA_2024
//   # scenario: ai-diffusion-2025          (optional)
// and every rule of every pack must be exercised by some golden file and show up in its decision.
// NAME.facts.json beside a shipment holds ledger facts (history.hpp; the `ledger_facts` member
// of a receipt) the shipment is decided with, as a release would.
// EXPORTCTL_APPROVE=1 rewrites the .json files (scripts/approve).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "audit/receipt_facts.hpp"
#include "engine/engine_state.hpp"
#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"
#include "unit/read_file.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path golden_dir = fs::path(EXPORTCTL_SOURCE_DIR) / "tests/golden/decisions";
using exportctl::test::rules_dir;

std::vector<std::string> header_list(const std::string& text, const std::string& key) {
  std::vector<std::string> out;
  std::istringstream lines(text);
  std::string line;
  const std::string prefix = "# " + key + ":";
  while (std::getline(lines, line)) {
    if (line.rfind(prefix, 0) != 0) continue;
    std::string rest = line.substr(prefix.size());
    std::replace(rest.begin(), rest.end(), ',', ' ');
    std::istringstream words(rest);
    std::string w;
    while (words >> w) out.push_back(w);
  }
  return out;
}

std::vector<fs::path> golden_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(golden_dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

const exportctl::engine& engine_for(const std::string& scenario) {
  static std::map<std::string, exportctl::engine> engines;
  auto it = engines.find(scenario);
  if (it == engines.end()) {
    std::vector<std::string> scenarios;
    if (!scenario.empty()) scenarios.push_back(scenario);
    auto built = exportctl::engine::load({{rules_dir}, scenarios});
    REQUIRE(built.value);
    it = engines.emplace(scenario, *built.value).first;
  }
  return it->second;
}

/// Every rule id a decision mentions (findings, red flags).
std::set<std::string> rules_in(const exportctl::decision& d) {
  std::set<std::string> ids;
  for (const auto& f : d.findings) ids.emplace(f.rule);
  for (const auto& r : d.red_flags) ids.emplace(r.rule);
  return ids;
}

/// Every rule id the packs define (with the scenarios applied).
std::set<std::string> rules_of(const exportctl::engine& e) {
  const auto& p = *e.state().packs;
  std::set<std::string> ids;
  for (const auto& r : p.classifications) ids.insert(r.meta.id);
  for (const auto& r : p.exclusions) ids.insert(r.meta.id);
  for (const auto& r : p.containments) ids.insert(r.meta.id);
  for (const auto& r : p.requirements) ids.insert(r.meta.id);
  for (const auto& r : p.review_policies) ids.insert(r.meta.id);
  for (const auto& r : p.exceptions) ids.insert(r.meta.id);
  for (const auto& r : p.information) ids.insert(r.meta.id);
  for (const auto& r : p.red_flags) ids.insert(r.meta.id);
  if (!p.entities.empty()) ids.insert(p.entity_rule.id);
  for (const auto& w : p.affiliates) ids.insert(w.meta.id);
  return ids;
}

/// The check of a golden shipment, with the ledger facts of NAME.facts.json if there is one.
exportctl::check_result decide_golden(const exportctl::engine& eng, const exportctl::shipment& s,
                                      const fs::path& file) {
  const fs::path facts_file = fs::path(file).replace_extension(".facts.json");
  if (!fs::exists(facts_file)) return eng.check(s);
  static std::map<std::string, exportctl::ledger_facts> cache;
  auto& facts = cache[facts_file.string()];
  std::string why;
  const auto j = exportctl::detail::ojson::parse(exportctl::test::read_file(facts_file));
  INFO(facts_file.string() << ": " << why);
  REQUIRE(exportctl::detail::parse_ledger_facts(j, &facts, &why));
  exportctl::check_options o;
  o.facts = &facts;
  return eng.check(s, o);
}

}  // namespace

TEST_CASE("golden decisions match byte for byte", "[golden]") {
  const bool approve = std::getenv("EXPORTCTL_APPROVE") != nullptr &&
                       std::string(std::getenv("EXPORTCTL_APPROVE")) == "1";
  const auto files = golden_files();
  REQUIRE(files.size() >= 40);
  for (const auto& file : files) {
    SECTION(file.filename().string()) {
      const std::string text = exportctl::test::read_file(file);
      const auto scenarios = header_list(text, "scenario");
      const auto exercises = header_list(text, "exercises");
      INFO(file.string());
      REQUIRE_FALSE(exercises.empty());
      const auto& eng = engine_for(scenarios.empty() ? "" : scenarios.front());
      auto parsed = exportctl::parse_shipment(text, file.filename().string());
      REQUIRE(parsed.value);
      auto result = decide_golden(eng, *parsed.value, file);
      REQUIRE(result.value);
      const std::string json = exportctl::to_json(*result.value, true) + "\n";
      const fs::path expected_file = fs::path(file).replace_extension(".json");
      if (approve) {
        std::ofstream(expected_file, std::ios::binary) << json;
      } else {
        REQUIRE(fs::exists(expected_file));
        CHECK(json == exportctl::test::read_file(expected_file));
      }
      const auto fired = rules_in(*result.value);
      for (const auto& id : exercises) {
        INFO("rule " << id << " is listed under `exercises` but not in the decision");
        CHECK(fired.count(id) == 1);
      }
    }
  }
}

TEST_CASE("golden decisions together exercise every rule of every pack", "[golden]") {
  std::map<std::string, std::set<std::string>> exercised;  // scenario → rule ids
  for (const auto& file : golden_files()) {
    const std::string text = exportctl::test::read_file(file);
    const auto scenarios = header_list(text, "scenario");
    for (const auto& id : header_list(text, "exercises"))
      exercised[scenarios.empty() ? "" : scenarios.front()].insert(id);
  }
  std::set<std::string> all_exercised;
  for (const auto& [_, ids] : exercised) all_exercised.insert(ids.begin(), ids.end());
  for (const std::string scenario : {"", "ai-diffusion-2025"}) {
    for (const auto& id : rules_of(engine_for(scenario))) {
      INFO("no golden shipment exercises rule " << id);
      CHECK(all_exercised.count(id) == 1);
    }
  }
}

TEST_CASE("decisions are the same bytes across runs", "[golden]") {
  const auto files = golden_files();
  REQUIRE_FALSE(files.empty());
  const std::string text = exportctl::test::read_file(files.front());
  auto parsed = exportctl::parse_shipment(text, files.front().filename().string());
  REQUIRE(parsed.value);
  const auto& eng = engine_for("");
  const std::string first = exportctl::to_json(*eng.check(*parsed.value).value);
  for (int i = 0; i < 20; ++i) CHECK(exportctl::to_json(*eng.check(*parsed.value).value) == first);
}
