// Golden diagnostics for bad shipments: tests/golden/diagnostics/shipments/NAME.{yaml,json} is
// parsed and checked against the default packs, and every diagnostic (formatted, one per line)
// must match NAME.expected byte for byte. Nothing may be decided for a bad shipment.
// EXPORTCTL_APPROVE=1 rewrites the .expected files (scripts/approve).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"
#include "unit/read_file.hpp"

namespace fs = std::filesystem;

TEST_CASE("bad shipments give all diagnostics with positions and no decision", "[diagnostics]") {
  const fs::path dir = fs::path(EXPORTCTL_SOURCE_DIR) / "tests/golden/diagnostics/shipments";
  const char* approve_env = std::getenv("EXPORTCTL_APPROVE");
  const bool approve = approve_env != nullptr && std::string(approve_env) == "1";
  auto built = exportctl::engine::load({{EXPORTCTL_SOURCE_DIR "/rules"}, {}});
  REQUIRE(built.value);

  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml" || e.path().extension() == ".json")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 12);

  for (const auto& file : files) {
    SECTION(file.filename().string()) {
      const std::string name = "tests/golden/diagnostics/shipments/" + file.filename().string();
      auto parsed = exportctl::parse_shipment(exportctl::test::read_file(file), name);
      std::vector<exportctl::diagnostic> diags = parsed.diagnostics;
      if (parsed.value) {
        auto result = built.value->check(*parsed.value);
        CHECK_FALSE(result.value);  // nothing is decided for bad input
        diags.insert(diags.end(), result.diagnostics.begin(), result.diagnostics.end());
      }
      REQUIRE_FALSE(diags.empty());
      std::string text;
      for (const auto& d : diags) text += exportctl::format(d) + "\n";
      const fs::path expected = fs::path(file).replace_extension(".expected");
      if (approve) {
        std::ofstream(expected, std::ios::binary) << text;
      } else {
        REQUIRE(fs::exists(expected));
        CHECK(text == exportctl::test::read_file(expected));
      }
    }
  }
}
