// pack_texts_test.cpp: engine_options::rule_texts, packs given as text (the Python package's
// edited rule sets) load exactly like the same packs read from files, and write nothing.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"
#include "unit/read_file.hpp"

namespace fs = std::filesystem;
using namespace exportctl;

namespace {

using exportctl::test::rules_dir;

std::vector<pack_text> default_pack_texts() {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(rules_dir))
    // pack-set.yaml is the directory's manifest, not a pack.
    if (e.path().extension() == ".yaml" && e.path().filename() != "pack-set.yaml")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<pack_text> texts;
  for (const auto& f : files) texts.push_back({f.filename().string(), test::read_file(f)});
  return texts;
}

}  // namespace

TEST_CASE("packs given as text load like the same files", "[rules][loader]") {
  auto from_files = engine::load({{rules_dir}, {"ai-diffusion-2025"}, {}});
  REQUIRE(from_files.value);
  engine_options o;
  o.scenarios = {"ai-diffusion-2025"};
  o.rule_texts = default_pack_texts();
  auto from_texts = engine::load(o);
  REQUIRE(from_texts.diagnostics.empty());
  REQUIRE(from_texts.value);
  CHECK(from_texts.value->fingerprint() == from_files.value->fingerprint());

  const auto text = test::read_file(fs::path(EXPORTCTL_SOURCE_DIR) /
                                    "examples/so-1042-singapore-to-malaysia.yaml");
  auto parsed = parse_shipment(text, "so-1042.yaml");
  REQUIRE(parsed.value);
  auto d_texts = *from_texts.value->check(*parsed.value).value;
  auto d_files = *from_files.value->check(*parsed.value).value;
  // Texts carry no pack-set manifest: the decision says the set was not checked for a missing
  // pack; the directory's manifest names its set. Everything else is the same.
  CHECK(d_texts.pack_set.empty());
  CHECK(to_json(d_texts).find("\"pack_set\":null") != std::string::npos);
  CHECK(d_files.pack_set == "exportctl-default@2026.12.0");
  d_files.pack_set = {};
  CHECK(to_json(d_texts) == to_json(d_files));
}

TEST_CASE("a bad pack given as text is reported under its name", "[rules][loader]") {
  engine_options o;
  o.rule_texts = {{"<edited eccn-3a090>", "pack: [unclosed\n"}};
  auto r = engine::load(o);
  CHECK_FALSE(r.value);
  REQUIRE_FALSE(r.diagnostics.empty());
  CHECK(r.diagnostics.front().file == "<edited eccn-3a090>");
  CHECK(r.diagnostics.front().line > 0);
}

TEST_CASE("files and texts combine, texts alone skip the default packs", "[rules][loader]") {
  auto texts = default_pack_texts();
  // The catalog as text, everything else from files: still one complete set.
  const auto catalog = std::find_if(texts.begin(), texts.end(),
                                    [](const pack_text& t) { return t.name == "chips.yaml"; });
  REQUIRE(catalog != texts.end());
  engine_options o;
  for (const auto& e : fs::directory_iterator(rules_dir))
    // pack-set.yaml is the directory's manifest, not a pack: it is read with a directory only.
    if (e.path().extension() == ".yaml" && e.path().filename() != "pack-set.yaml")
      o.rule_paths.push_back(e.path().string());
  std::sort(o.rule_paths.begin(), o.rule_paths.end());
  o.rule_texts = {*catalog};
  auto r = engine::load(o);
  INFO((r.diagnostics.empty() ? std::string() : format(r.diagnostics.front())));
  REQUIRE(r.value);
  CHECK_FALSE(r.value->product_ids().empty());
}

TEST_CASE("a syntax error comes before what follows from it", "[rules][loader]") {
  // One unclosed flow sequence in the pack that defines the precisions: every other pack's
  // reference to a precision dangles (dozens of EXC-E3009), and the syntax error that causes
  // them must lead, in the CLI, lint and the bindings alike (they all print in this order).
  engine_options o;
  o.rule_texts = default_pack_texts();
  auto broken = std::find_if(o.rule_texts.begin(), o.rule_texts.end(),
                             [](const pack_text& t) { return t.name == "eccn-3a090.yaml"; });
  REQUIRE(broken != o.rule_texts.end());
  const auto at = broken->text.find("\n  - id: ");
  REQUIRE(at != std::string::npos);
  broken->text.insert(at + 9, "[");
  auto r = engine::load(o);
  REQUIRE_FALSE(r.value);
  REQUIRE(r.diagnostics.size() > 10);
  CHECK(r.diagnostics.front().code == "EXC-E1001");
  CHECK(r.diagnostics.front().file == "eccn-3a090.yaml");
  const auto consequences =
      std::count_if(r.diagnostics.begin(), r.diagnostics.end(),
                    [](const diagnostic& d) { return d.code == "EXC-E3009"; });
  CHECK(consequences > 10);
}
