// pack_set.cpp: reading and checking the pack-set manifest (pack_set.hpp, rules/pack-set.yaml,
// docs/rule-pack-format.md "Pack sets"). Fail closed: a pack the manifest names that is not
// loaded, or loaded with other content, refuses the whole set, on load, on reload and in lint.
#include "rules/pack_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "doc/document.hpp"
#include "doc/reader.hpp"
#include "model/file_read.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {
namespace {

bool is_sha256(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char ch) {
           return std::isdigit(static_cast<unsigned char>(ch)) || (ch >= 'a' && ch <= 'f');
         });
}

// A pack file inside the manifest's directory (any depth).
bool in_directory(const std::string& file, const std::string& dir) {
  return file.size() > dir.size() && file.compare(0, dir.size(), dir) == 0 &&
         file[dir.size()] == '/';
}

diagnostic at(const pack_set_manifest& m, int line, int column, std::string code,
              std::string message, std::string path, std::string help) {
  diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.file = m.file;
  d.line = line;
  d.column = column;
  d.path = std::move(path);
  d.help = std::move(help);
  return d;
}

constexpr const char* update_help =
    "if the change is reviewed and intended, `exportctl lint --update-manifest DIR` records "
    "the packs as they are";

}  // namespace

std::optional<pack_set_manifest> read_pack_set(const std::string& file,
                                               const std::string& directory,
                                               const input_limits& limits,
                                               std::vector<diagnostic>& out) {
  const std::size_t before = out.size();
  const auto text = read_regular_file(file, limits.max_pack_bytes, "pack-set manifest", out);
  if (!text) return std::nullopt;
  auto doc = parse_document(*text, file, out, limits.max_document_depth);
  if (!doc) return std::nullopt;
  const read_context c{file, &out};
  pack_set_manifest m;
  m.file = file;
  m.directory = directory;
  map_reader root(c, *doc, "", {"pack_set", "packs"});
  if (const auto* h = root.required("pack_set")) {
    map_reader head(c, *h, "pack_set", {"id", "version"});
    if (const auto* n = head.required("id")) m.id = read_string(c, *n, "pack_set.id").value_or("");
    if (const auto* n = head.required("version"))
      m.version = read_string(c, *n, "pack_set.version").value_or("");
    head.finish();
  }
  if (const auto* list = root.required("packs"); list && expect_list(c, *list, "packs")) {
    m.line = list->line;
    m.column = list->column;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      const doc_node& e = list->items[i];
      const std::string path = fmt::format("packs[{}]", i);
      map_reader r(c, e, path, {"id", "sha256"});
      pack_set_manifest::entry en;
      en.line = e.line;
      en.column = e.column;
      if (const auto* n = r.required("id")) en.id = read_string(c, *n, r.path("id")).value_or("");
      if (const auto* n = r.required("sha256")) {
        en.sha256 = read_string(c, *n, r.path("sha256")).value_or("");
        if (!is_sha256(en.sha256)) {
          c.error(*n, "EXC-E2004",
                  "expected a SHA-256 (64 lowercase hex digits), found `" + n->text + "`",
                  r.path("sha256"), update_help);
        }
      }
      r.finish();
      for (const auto& other : m.packs) {
        if (!en.id.empty() && other.id == en.id) {
          c.error(e, "EXC-E3006", "pack `" + en.id + "` is listed twice", path,
                  fmt::format("first listed at line {}", other.line));
        }
      }
      m.packs.push_back(std::move(en));
    }
  }
  root.finish();
  if (has_errors({out.begin() + static_cast<std::ptrdiff_t>(before), out.end()}))
    return std::nullopt;
  return m;
}

void check_pack_set(const pack_set_manifest& m, const std::vector<pack_info>& packs,
                    std::vector<diagnostic>& out) {
  for (std::size_t i = 0; i < m.packs.size(); ++i) {
    const auto& want = m.packs[i];
    const auto found = std::find_if(packs.begin(), packs.end(), [&](const pack_info& p) {
      return p.id == want.id && in_directory(p.file, m.directory);
    });
    const std::string path = fmt::format("packs[{}]", i);
    if (found == packs.end()) {
      out.push_back(
          at(m, want.line, want.column, "EXC-E3014",
             fmt::format("pack set `{}` requires pack `{}`, which is not loaded from `{}`", m.id,
                         want.id, m.directory),
             path,
             "restore the pack file (its controls are missing otherwise), or remove it "
             "from the manifest if it was dropped on purpose"));
    } else if (found->sha256 != want.sha256) {
      out.push_back(at(m, want.line, want.column, "EXC-E3015",
                       fmt::format("pack `{}` (`{}`) differs from the pack-set manifest: its "
                                   "SHA-256 is {}, the manifest records {}",
                                   want.id, found->file, found->sha256, want.sha256),
                       path + ".sha256",
                       std::string("a pack cut short or changed outside review; ") + update_help));
    }
  }
  for (const auto& p : packs) {
    if (!in_directory(p.file, m.directory)) continue;
    const bool listed =
        std::any_of(m.packs.begin(), m.packs.end(), [&](const auto& e) { return e.id == p.id; });
    if (!listed) {
      out.push_back(
          at(m, m.line, m.column, "EXC-E3015",
             fmt::format("pack `{}` (`{}`) is not in the pack-set manifest", p.id, p.file), "packs",
             update_help));
    }
  }
}

std::string write_pack_set(const pack_set_manifest& m, const std::vector<pack_info>& packs) {
  std::string out =
      "# The pack set of this directory (docs/rule-pack-format.md, \"Pack sets\"): the packs it\n"
      "# must contain and the SHA-256 of each one's normalized content, as decisions print it.\n"
      "# A pack missing or different is refused on load, on reload and by `exportctl lint`.\n"
      "# Written by `exportctl lint --update-manifest`; review the diff like any pack change.\n";
  out += fmt::format("pack_set:\n  id: {}\n  version: \"{}\"\npacks:\n", m.id, m.version);
  std::vector<const pack_info*> mine;
  for (const auto& p : packs) {
    if (in_directory(p.file, m.directory)) mine.push_back(&p);
  }
  std::sort(mine.begin(), mine.end(),
            [](const pack_info* a, const pack_info* b) { return a->id < b->id; });
  for (const auto* p : mine) out += fmt::format("  - {{id: {}, sha256: {}}}\n", p->id, p->sha256);
  return out;
}

}  // namespace exportctl::detail
