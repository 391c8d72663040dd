// pack_set_test.cpp: the pack-set manifest (rules/pack-set.yaml). A
// copy of the default packs with a pack file missing, or with rules/entity-list.yaml cut short
// at an entry boundary, loaded silently before (the Entity List or its last entries gone, lint
// clean); it is refused now on load, by lint's loader and on reload (the old packs stay).
#include "rules/pack_set.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "exportctl/engine.hpp"
#include "exportctl/reloadable.hpp"
#include "rules/loader.hpp"

using namespace exportctl;
namespace fs = std::filesystem;

namespace {

// A fresh copy of the default packs (with their manifest) in a temporary directory.
struct packs_copy {
  fs::path dir;
  explicit packs_copy(const std::string& name) {
    dir = fs::temp_directory_path() / ("exportctl-pack-set-" + name);
    fs::remove_all(dir);
    fs::copy(EXPORTCTL_SOURCE_DIR "/rules", dir, fs::copy_options::recursive);
  }
  ~packs_copy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  packs_copy(const packs_copy&) = delete;
  packs_copy& operator=(const packs_copy&) = delete;
  [[nodiscard]] std::string path() const { return dir.generic_string(); }
};

std::vector<diagnostic> lint(const std::vector<std::string>& paths, bool* loaded = nullptr) {
  std::vector<diagnostic> diags;
  detail::load_options o;
  o.paths = paths;
  const auto packs = detail::load_packs(o, diags);
  if (loaded) *loaded = packs != nullptr;
  return diags;
}

bool has_code(const std::vector<diagnostic>& diags, const std::string& code,
              const std::string& in_message) {
  for (const auto& d : diags) {
    if (d.code == code && d.message.find(in_message) != std::string::npos) return true;
  }
  return false;
}

// Cuts `file` after its last `- id:` entries but `drop` (an entry boundary: the text
// left is valid YAML and a valid pack).
void drop_last_entries(const fs::path& file, int drop) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::size_t cut = std::string::npos;
  for (int i = 0; i < drop; ++i) {
    cut = text.rfind("\n  - id:", cut == std::string::npos ? cut : cut - 1);
    REQUIRE(cut != std::string::npos);
  }
  std::ofstream(file, std::ios::trunc) << text.substr(0, cut + 1);
}

}  // namespace

TEST_CASE("the default packs carry a manifest that holds", "[pack_set]") {
  bool loaded = false;
  const auto diags = lint({EXPORTCTL_SOURCE_DIR "/rules"}, &loaded);
  CHECK(loaded);
  for (const auto& d : diags) CHECK((d.code != "EXC-E3014" && d.code != "EXC-E3015"));
  CHECK(fs::exists(EXPORTCTL_SOURCE_DIR "/rules/pack-set.yaml"));
}

TEST_CASE("a pack set missing a whole pack is refused", "[pack_set]") {
  for (const char* file : {"entity-list.yaml", "red-flags.yaml", "advanced-computing.yaml"}) {
    packs_copy copy(std::string("missing-") + file);
    fs::remove(copy.dir / file);
    bool loaded = true;
    const auto diags = lint({copy.path()}, &loaded);
    CHECK_FALSE(loaded);
    CHECK(has_code(diags, "EXC-E3014", "requires pack"));
    engine_options o;
    o.rule_paths = {copy.path()};
    CHECK_FALSE(engine::load(o).value);
  }
}

TEST_CASE("a pack truncated at an entry boundary is refused", "[pack_set]") {
  packs_copy copy("truncated");
  drop_last_entries(copy.dir / "entity-list.yaml", 1);
  // The text left is still a valid pack: only the manifest tells it is cut short.
  bool alone = false;
  (void)lint({(copy.dir / "entity-list.yaml").generic_string()}, &alone);
  CHECK(alone);
  bool loaded = true;
  const auto diags = lint({copy.path()}, &loaded);
  CHECK_FALSE(loaded);
  REQUIRE(has_code(diags, "EXC-E3015", "ear-entity-list"));
  CHECK(has_code(diags, "EXC-E3015", "entity-list.yaml"));  // lint names the pack that differs
}

TEST_CASE("a reload of a set that lost a pack keeps the old packs", "[pack_set]") {
  packs_copy copy("reload");
  engine_options o;
  o.rule_paths = {copy.path()};
  auto first = engine::load(o);
  REQUIRE(first.value);
  engine_handle handle(std::move(*first.value));
  const std::string before = handle.current()->fingerprint();
  fs::remove(copy.dir / "entity-list.yaml");
  const auto r = handle.reload(o);
  CHECK_FALSE(r.reloaded);
  CHECK(has_code(r.diagnostics, "EXC-E3014", "ear-entity-list"));
  CHECK(handle.current()->fingerprint() == before);
}

TEST_CASE("packs added with further paths extend a set without weakening it", "[pack_set]") {
  packs_copy copy("extend");
  const std::string extra =
      (copy.dir.parent_path() / "exportctl-pack-set-extra.yaml").generic_string();
  fs::copy_file(copy.dir / "scenarios" / "ai-diffusion-2025.yaml", extra,
                fs::copy_options::overwrite_existing);
  // Moved out of the directory: the set lacks it although it is loaded from elsewhere.
  fs::remove(copy.dir / "scenarios" / "ai-diffusion-2025.yaml");
  bool loaded = true;
  auto diags = lint({copy.path(), extra}, &loaded);
  CHECK_FALSE(loaded);
  CHECK(has_code(diags, "EXC-E3014", "ai-diffusion-2025"));
  fs::remove(extra);
}

TEST_CASE("a pack in the directory that the manifest does not name is refused", "[pack_set]") {
  packs_copy copy("unlisted");
  std::ofstream(copy.dir / "extra.yaml")
      << "pack:\n  id: extra-pack\n  title: extra\n  version: \"1\"\n  status: informational\n  "
         "grade: S\n"
         "  effective_from: null\n  effective_to: null\n  citations: []\n";
  bool loaded = true;
  const auto diags = lint({copy.path()}, &loaded);
  CHECK_FALSE(loaded);
  CHECK(has_code(diags, "EXC-E3015", "not in the pack-set manifest"));
}

TEST_CASE("the manifest is read strictly", "[pack_set]") {
  packs_copy copy("strict");
  std::ofstream(copy.dir / "pack-set.yaml", std::ios::trunc)
      << "pack_set: {id: x, version: \"1\", extra: 1}\npacks:\n  - {id: a, sha256: nothex}\n";
  bool loaded = true;
  const auto diags = lint({copy.path()}, &loaded);
  CHECK_FALSE(loaded);
  CHECK(has_code(diags, "EXC-E2003", "extra"));
  CHECK(has_code(diags, "EXC-E2004", "SHA-256"));
}
