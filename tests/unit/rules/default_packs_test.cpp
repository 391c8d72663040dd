// default_packs_test.cpp: the packs shipped in rules/ must load cleanly, with no errors and no
// warnings, and with and without their scenarios.
#include <catch2/catch.hpp>
#include <filesystem>

#include "rules/loader.hpp"

namespace fs = std::filesystem;
using namespace exportctl;

namespace {

const fs::path source_rules = fs::path(EXPORTCTL_SOURCE_DIR) / "rules";

bool have_packs() {
  if (!fs::is_directory(source_rules)) return false;
  for (const auto& e : fs::recursive_directory_iterator(source_rules)) {
    if (e.path().extension() == ".yaml") return true;
  }
  return false;
}

std::string formatted(const std::vector<diagnostic>& diags) {
  std::string s;
  for (const auto& d : diags) s += format(d) + "\n";
  return s;
}

}  // namespace

TEST_CASE("the default packs load without diagnostics", "[rules][packs]") {
  if (!have_packs()) {
    WARN("no packs in " << source_rules << " yet");
    return;
  }
  detail::load_options options;
  options.paths.push_back(source_rules.string());
  std::vector<diagnostic> diags;
  auto packs = detail::load_packs(options, diags);
  INFO(formatted(diags));
  CHECK(diags.empty());
  REQUIRE(packs != nullptr);
  CHECK(!packs->packs.empty());
  CHECK(packs->fingerprint.size() == 64);
  for (const auto& p : packs->packs) CHECK(p.sha256.size() == 64);

  SECTION("with every scenario they define") {
    detail::load_options with = options;
    for (const auto& p : packs->packs) {
      if (p.status == "scenario") with.scenarios.push_back(p.scenario);
    }
    std::vector<diagnostic> more;
    auto applied = detail::load_packs(with, more);
    INFO(formatted(more));
    CHECK(more.empty());
    REQUIRE(applied != nullptr);
    if (!with.scenarios.empty()) CHECK(applied->fingerprint != packs->fingerprint);
  }
}
