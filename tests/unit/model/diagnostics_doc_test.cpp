// Every diagnostic code the sources can emit is documented in docs/diagnostics.md (a code that
// users see must have a section telling them what it means and how to fix it).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/diag_codes.hpp"
#include "unit/read_file.hpp"

namespace fs = std::filesystem;

namespace {

std::set<std::string> codes_in(const std::string& text) {
  static const std::regex code(R"(EXC-[EW][0-9]{4})");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), code); it != std::sregex_iterator();
       ++it)
    out.insert(it->str());
  return out;
}

}  // namespace

TEST_CASE("every diagnostic code in src/ has a section in docs/diagnostics.md", "[docs]") {
  const fs::path root(EXPORTCTL_SOURCE_DIR);
  std::set<std::string> used;
  for (const auto& e : fs::recursive_directory_iterator(root / "src")) {
    if (!e.is_regular_file()) continue;
    const auto ext = e.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    for (const auto& c : codes_in(exportctl::test::read_file(e.path()))) used.insert(c);
  }
  REQUIRE(used.size() >= 30);
  const std::string doc = exportctl::test::read_file(root / "docs/diagnostics.md");
  for (const auto& c : used) {
    INFO("code " << c << " is emitted but has no section in docs/diagnostics.md");
    CHECK(doc.find("## " + c) != std::string::npos);
  }
}

TEST_CASE("docs/diagnostics.md has a section for exactly the codes of diag_codes.hpp", "[docs]") {
  const std::string doc =
      exportctl::test::read_file(fs::path(EXPORTCTL_SOURCE_DIR) / "docs/diagnostics.md");
  std::set<std::string> documented;
  static const std::regex heading(R"(\n### (EXC-[EW][0-9]{4}))");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), heading);
       it != std::sregex_iterator(); ++it)
    documented.insert((*it)[1].str());
  std::set<std::string> table;
  for (auto c : exportctl::detail::diagnostic_codes) table.emplace(c);
  CHECK(documented == table);
}

TEST_CASE("every code in src/ is in diag_codes.hpp", "[docs]") {
  const fs::path root(EXPORTCTL_SOURCE_DIR);
  for (const auto& e : fs::recursive_directory_iterator(root / "src")) {
    if (!e.is_regular_file() || e.path().filename() == "diag_codes.hpp") continue;
    const auto ext = e.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    for (const auto& c : codes_in(exportctl::test::read_file(e.path()))) {
      INFO(e.path().string() << " uses " << c);
      CHECK(exportctl::detail::is_diagnostic_code(c));
    }
  }
}

namespace {

// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The golden `.expected` file of an example naming `source`: tests/golden/X/Y.yaml gives
// tests/golden/X/Y.expected, a file of a pack directory (packs/dir/b.yaml) gives dir.expected.
fs::path expected_for(const fs::path& root, fs::path source) {
  for (; !source.empty() && source.has_parent_path(); source = source.parent_path()) {
    auto candidate = root / source;
    candidate.replace_extension(".expected");
    if (fs::exists(candidate)) return candidate;
  }
  return {};
}

}  // namespace

TEST_CASE("each documented example from a golden file is in its .expected file", "[docs]") {
  const fs::path root(EXPORTCTL_SOURCE_DIR);
  const auto doc = lines_of(exportctl::test::read_file(root / "docs/diagnostics.md"));
  static const std::regex head(R"(^(tests/golden/[^:]+):)");
  int compared = 0;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    std::smatch m;
    if (!std::regex_search(doc[i], m, head)) continue;
    // The example: this line and its "  at" / "  help" lines.
    std::vector<std::string> example{doc[i]};
    while (i + 1 < doc.size() && doc[i + 1].rfind("  ", 0) == 0) example.push_back(doc[++i]);
    const fs::path expected = expected_for(root, m[1].str());
    INFO("docs/diagnostics.md example:\n" << example[0]);
    REQUIRE_FALSE(expected.empty());
    const auto golden = lines_of(exportctl::test::read_file(expected));
    bool found = false;
    for (std::size_t g = 0; !found && g + example.size() <= golden.size(); ++g)
      found = std::equal(example.begin(), example.end(), golden.begin() + static_cast<long>(g));
    INFO("not found (as consecutive lines) in " << expected.string());
    CHECK(found);
    ++compared;
  }
  CHECK(compared >= 20);
}
