// bad_inputs_test.cpp: the bad-input catalogue (docs/bad-inputs.md). Every file under
// tests/golden/bad_inputs/{shipments,packs}/ is read as a shipment (parsed, then checked on the
// default packs) or loaded as a pack on its own; what comes out (the diagnostics, or the
// decision's outcome for input that is accepted) must match FILE.expected byte for byte, and
// the table in docs/bad-inputs.md must name every file with exactly the codes it produces.
// EXPORTCTL_APPROVE=1 rewrites the .expected files (scripts/approve).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"
#include "rules/loader.hpp"
#include "unit/read_file.hpp"

namespace fs = std::filesystem;
using namespace exportctl;

namespace {

const fs::path root{EXPORTCTL_SOURCE_DIR};
const std::string catalogue = "tests/golden/bad_inputs";

std::vector<std::string> inputs(const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(root / catalogue / kind)) {
    if (e.path().extension() != ".expected")
      out.push_back(kind + "/" + e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string formatted(const std::vector<diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += format(d) + "\n";
  return out;
}

std::string run_shipment(const engine& eng, const std::string& rel) {
  const std::string name = catalogue + "/" + rel;
  auto parsed = parse_shipment(test::read_file(root / name), name);
  if (!parsed.value) return formatted(parsed.diagnostics);
  auto result = eng.check(*parsed.value);
  if (!result.value) return formatted(parsed.diagnostics) + formatted(result.diagnostics);
  return formatted(parsed.diagnostics) +
         "decided: " + std::string(to_string(result.value->result)) + "\n";
}

std::string run_pack(const std::string& rel) {
  const std::string name = catalogue + "/" + rel;
  detail::load_options options;
  options.paths.push_back(name);
  std::vector<diagnostic> diags;
  const fs::path cwd = fs::current_path();
  fs::current_path(root);  // file names in diagnostics relative to the repository
  auto packs = detail::load_packs(options, diags);
  fs::current_path(cwd);
  return formatted(diags) + (packs ? "loaded\n" : "");
}

std::set<std::string> codes_in(const std::string& text) {
  static const std::regex code(R"(EXC-[EW][0-9]{4})");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), code); it != std::sregex_iterator();
       ++it)
    out.insert(it->str());
  return out;
}

// The produced output of every catalogue file, approved or compared.
const std::map<std::string, std::string>& outputs() {
  static const std::map<std::string, std::string> out = [] {
    std::map<std::string, std::string> m;
    engine_options options;
    options.rule_paths = {EXPORTCTL_SOURCE_DIR "/rules"};
    auto built = engine::load(options);
    if (!built.value) throw std::runtime_error("the default packs must load");
    for (const auto& rel : inputs("shipments")) m[rel] = run_shipment(*built.value, rel);
    for (const auto& rel : inputs("packs")) m[rel] = run_pack(rel);
    return m;
  }();
  return out;
}

}  // namespace

TEST_CASE("every bad input gives its expected diagnostics", "[diagnostics][bad_inputs]") {
  const char* approve_env = std::getenv("EXPORTCTL_APPROVE");
  const bool approve = approve_env != nullptr && std::string(approve_env) == "1";
  REQUIRE(outputs().size() >= 50);
  for (const auto& [rel, text] : outputs()) {
    const fs::path expected = root / catalogue / (rel + ".expected");
    if (approve) {
      std::ofstream(expected, std::ios::binary) << text;
      continue;
    }
    INFO(rel << " (re-approve with EXPORTCTL_APPROVE=1)");
    REQUIRE(fs::exists(expected));
    CHECK(text == test::read_file(expected));
  }
}

TEST_CASE("docs/bad-inputs.md lists every bad input with its codes", "[docs][bad_inputs]") {
  // Table rows: | class | `shipments/NAME` | codes or "decided: ..." / "loaded" | ... |
  static const std::regex row(R"(^\|[^|]*\|\s*`((?:shipments|packs)/[^`]+)`\s*\|([^|]*)\|)");
  std::map<std::string, std::string> documented;
  std::istringstream doc(test::read_file(root / "docs/bad-inputs.md"));
  for (std::string line; std::getline(doc, line);) {
    std::smatch m;
    if (std::regex_search(line, m, row)) documented[m[1]] = m[2];
  }
  for (const auto& [rel, text] : outputs()) {
    INFO(rel);
    REQUIRE(documented.count(rel) == 1);
    CHECK(codes_in(documented[rel]) == codes_in(text));
    // Accepted input says so in the table, with the same outcome.
    const bool accepted =
        text.find("decided: ") != std::string::npos || text.find("loaded") != std::string::npos;
    CHECK(accepted == (documented[rel].find("accepted") != std::string::npos));
  }
  for (const auto& [rel, codes] : documented) {
    INFO(rel << " is in the table but not in " << catalogue);
    CHECK(outputs().count(rel) == 1);
  }
}
