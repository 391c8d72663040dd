// Every diagnostic code the sources can emit is documented in docs/diagnostics.md (a code that
// users see must have a section telling them what it means and how to fix it).
#include <catch2/catch.hpp>

#include "unit/read_file.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

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
