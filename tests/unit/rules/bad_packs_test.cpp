// bad_packs_test.cpp: golden tests for rule-pack diagnostics. Each tests/golden/diagnostics/packs
// entry (a NAME.yaml file or a NAME/ directory of packs) is loaded and its diagnostics, formatted
// as `exportctl lint` prints them, are compared byte for byte with NAME.expected.
//
// Re-approve on purpose after a deliberate change (from the repository root):
//   EXPORTCTL_APPROVE=1 build/<dir>/tests/exportctl_tests "[bad_packs]"
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/loader.hpp"

namespace fs = std::filesystem;
using namespace exportctl;

namespace {

const fs::path source_dir{EXPORTCTL_SOURCE_DIR};
const std::string fixtures = "tests/golden/diagnostics/packs";

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Loads `rel` (relative to the repository root) and formats the diagnostics. Paths in the output
// must be relative to the root whatever the working directory, so an absolute prefix is cut.
std::string lint(const std::string& rel) {
  detail::load_options options;
  const bool at_root = fs::exists(rel);
  options.paths.push_back(at_root ? rel : (source_dir / rel).generic_string());
  std::vector<diagnostic> diags;
  auto packs = detail::load_packs(options, diags);
  CHECK(packs == nullptr);  // every fixture is a bad pack
  std::string out;
  for (const auto& d : diags) out += format(d) + "\n";
  const std::string prefix = source_dir.generic_string() + "/";
  for (auto at = out.find(prefix); at != std::string::npos; at = out.find(prefix, at)) {
    out.erase(at, prefix.size());
  }
  return out;
}

}  // namespace

TEST_CASE("bad packs produce their expected diagnostics", "[rules][golden][bad_packs]") {
  const fs::path dir = source_dir / fixtures;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto& p = entry.path();
    if (entry.is_directory() || p.extension() == ".yaml") names.push_back(p.filename().string());
  }
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 12);

  const char* approve = std::getenv("EXPORTCTL_APPROVE");
  const bool approving = approve != nullptr && std::string(approve) == "1";
  for (const auto& name : names) {
    const std::string stem = fs::path(name).stem().string();
    const fs::path expected_file = dir / (stem + ".expected");
    const std::string actual = lint(fixtures + "/" + name);
    if (approving) {
      std::ofstream(expected_file, std::ios::binary) << actual;
      continue;
    }
    INFO("fixture " << name << " (re-approve with EXPORTCTL_APPROVE=1)");
    REQUIRE(fs::exists(expected_file));
    CHECK(actual == read_all(expected_file));
  }
}
