// pack_reader.cpp: a pack document → pack_ast. Reads the `pack` header first (its window and
// grade are the defaults of every rule), then each section through its reader. Nothing here
// looks at other packs; cross-pack checks are the linker's.
#include <algorithm>
#include <array>
#include <functional>

#include "rules/pack_ast.hpp"

namespace exportctl::detail {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

void read_header(const pack_context& pc, const doc_node& n) {
  const auto& c = pc.c;
  pack_info& info = pc.pack.info;
  const std::size_t errors_before = c.out->size();
  map_reader m(c, n, "pack",
               {"id", "title", "version", "status", "scenario", "effective_from", "effective_to",
                "coverage_from", "coverage_to", "grade", "citations", "notes"});
  pc.pack.at = pack_context::site_of(n, "pack");
  if (!m.ok()) return;
  if (const auto* id = m.required("id")) {
    if (auto s = read_string(c, *id, m.path("id"))) {
      if (is_slug(*s)) {
        info.id = *s;
      } else {
        c.error(*id, "EXC-E2008", "pack id `" + *s + "` is not a lowercase slug", m.path("id"),
                "use lowercase letters, digits and `-`, e.g. `ear-advanced-computing`");
      }
    }
  }
  if (const auto* t = m.required("title"))
    info.title = read_string(c, *t, m.path("title")).value_or("");
  if (const auto* v = m.required("version")) {
    info.version = read_string(c, *v, m.path("version")).value_or("");
  }
  const doc_node* status = m.required("status");
  if (status != nullptr) {
    info.status = read_enum(c, *status, m.path("status"), {"in_force", "scenario", "informational"})
                      .value_or("");
  }
  const doc_node* scenario = m.optional("scenario");
  if (scenario != nullptr) {
    if (auto s = read_string(c, *scenario, m.path("scenario"))) info.scenario = *s;
    if (!info.status.empty() && info.status != "scenario") {
      c.error(*scenario, "EXC-E3008", "`scenario` is only allowed when `status` is `scenario`",
              m.path("scenario"), "remove `scenario`, or set `status: scenario`");
    } else if (!info.scenario.empty() && !is_slug(info.scenario)) {
      c.error(*scenario, "EXC-E3008",
              "scenario name `" + info.scenario + "` is not a lowercase slug", m.path("scenario"),
              "use lowercase letters, digits and `-`, e.g. `ai-diffusion-2025`");
    }
  } else if (info.status == "scenario") {
    c.error(*status, "EXC-E3008", "a pack with `status: scenario` must name its `scenario`",
            m.path("status"), "add e.g. `scenario: ai-diffusion-2025`");
  }
  const doc_node* from = m.optional("effective_from");
  const doc_node* to = m.optional("effective_to");
  if (from != nullptr) {
    if (auto d = read_date(c, *from, m.path("effective_from"))) info.valid.from = *d;
  }
  if (to != nullptr) {
    if (auto d = read_date(c, *to, m.path("effective_to"))) info.valid.to = *d;
  }
  if (info.valid.from > info.valid.to) {
    c.error(*to, "EXC-E3005",
            "`effective_to` " + info.valid.to.to_string() + " is before `effective_from` " +
                info.valid.from.to_string(),
            m.path("effective_to"));
    info.valid = interval{};
  }
  // The ship dates the pack set is complete for: outside them the engine holds.
  const doc_node* cover_from = m.optional("coverage_from");
  const doc_node* cover_to = m.optional("coverage_to");
  if (cover_from != nullptr || cover_to != nullptr) {
    interval cover;
    if (cover_from != nullptr) {
      if (auto d = read_date(c, *cover_from, m.path("coverage_from"))) cover.from = *d;
    }
    if (cover_to != nullptr) {
      if (auto d = read_date(c, *cover_to, m.path("coverage_to"))) cover.to = *d;
    }
    if (cover.from > cover.to) {
      c.error(cover_to != nullptr ? *cover_to : *cover_from, "EXC-E3005",
              "`coverage_to` " + cover.to.to_string() + " is before `coverage_from` " +
                  cover.from.to_string(),
              m.path("coverage_to"));
    } else {
      info.coverage = cover;
    }
  }
  if (const auto* g = m.optional("grade")) {
    if (auto gr = read_grade(c, *g, m.path("grade"))) pc.pack.default_grade = *gr;
  }
  if (const auto* cit = m.optional("citations")) {
    info.citations =
        read_string_list(c, *cit, m.path("citations")).value_or(std::vector<std::string>{});
  }
  if (const auto* notes = m.optional("notes")) (void)read_string(c, *notes, m.path("notes"));
  m.finish();
  pc.pack.header_ok = c.out->size() == errors_before;
}

using section_fn = std::function<void(const pack_context&, const doc_node&, const std::string&)>;

struct section {
  std::string_view name;
  section_fn read;
  bool decides;  // produces requirements: not allowed in informational packs
};

// The order in which sections are read is the order rules are compiled in.
const std::array<section, 16>& sections() {
  static const std::array<section, 16> table{{
      {"country_groups", read_country_groups, false},
      {"country_aliases", read_country_aliases, false},
      {"precisions", read_precisions, false},
      {"classifications", read_classifications, false},
      {"exclusions", read_exclusions, false},
      {"containment", read_containment, false},
      {"requirements",
       [](const pack_context& pc, const doc_node& n, const std::string& p) {
         read_requirements(pc, n, p, false);
       },
       true},
      {"notices",
       [](const pack_context& pc, const doc_node& n, const std::string& p) {
         read_requirements(pc, n, p, true);
       },
       true},
      {"review_policies", read_review_policies, true},
      {"license_exceptions", read_license_exceptions, true},
      {"information", read_information, false},
      {"entity_list", read_entity_list, true},
      {"affiliates_rule", read_affiliates_rule, true},
      {"red_flags", read_red_flags, true},
      {"list_sources", read_list_sources, true},
      {"products", read_products, false},
  }};
  return table;
}

}  // namespace

void pack_context::error_at(const site& at, diag_code code, std::string message,
                            std::string help) const {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.file = c.file;
  d.line = at.line;
  d.column = at.column;
  d.path = at.path;
  d.help = std::move(help);
  c.out->push_back(std::move(d));
}

bool is_rule_id(std::string_view s) {
  // Words of upper-case letters and digits joined by single underscores.
  if (s.empty() || !is_upper(s.front()) || s.back() == '_') return false;
  if (s.find("__") != std::string_view::npos) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char ch) { return is_upper(ch) || is_digit(ch) || ch == '_'; });
}

bool is_slug(std::string_view s) {
  if (s.empty() || !(is_lower(s[0]) || is_digit(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return is_lower(ch) || is_digit(ch) || ch == '-' || ch == '.' || ch == '_';
  });
}

bool is_eccn(std::string_view s) {
  if (s == "EAR99") return true;
  // digit (category), A-E (product group), three digits, then `.paragraph` parts.
  if (s.size() < 5 || !is_digit(s[0]) || s[1] < 'A' || s[1] > 'E' || !is_digit(s[2]) ||
      !is_digit(s[3]) || !is_digit(s[4])) {
    return false;
  }
  std::string_view rest = s.substr(5);
  while (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2) return false;
    std::size_t i = 1;
    while (i < rest.size() && (is_lower(rest[i]) || is_digit(rest[i]))) ++i;
    if (i == 1) return false;
    rest.remove_prefix(i);
  }
  return true;
}

std::optional<std::string> read_eccn(const read_context& c, const doc_node& n,
                                     const std::string& path) {
  auto s = read_string(c, n, path);
  if (s && !is_eccn(*s)) {
    c.error(n, "EXC-E2004", "`" + *s + "` is not an ECCN", path,
            "ECCNs and paragraphs look like `3A090`, `3A090.a` or `3A090.a.1`");
    return std::nullopt;
  }
  return s;
}

std::string describe_window(interval w) {
  return (w.from == date::min() ? std::string("open") : w.from.to_string()) + ".." +
         (w.to == date::max() ? std::string("open") : w.to.to_string());
}

std::optional<grade> read_grade(const read_context& c, const doc_node& n, const std::string& path) {
  auto s = read_enum(c, n, path, {"P", "S", "D", "U"});
  if (!s) return std::nullopt;
  switch ((*s)[0]) {
    case 'P':
      return grade::P;
    case 'S':
      return grade::S;
    case 'D':
      return grade::D;
    default:
      return grade::U;
  }
}

bool read_rule_meta(const pack_context& pc, map_reader& m, rule_meta& meta, std::string_view kind) {
  const auto& c = pc.c;
  const pack_ast& pack = pc.pack;
  meta.pack = pack.info.id;
  meta.source_grade = pack.default_grade;
  meta.loc = source_loc{c.file, m.node().line, m.node().column};
  if (!m.ok()) return false;
  bool ok = false;
  site id_site = pack_context::site_of(m.node(), m.path());
  if (const auto* id = m.required("id")) {
    id_site = pack_context::site_of(*id, m.path("id"));
    if (auto s = read_string(c, *id, m.path("id"))) {
      if (is_rule_id(*s)) {
        meta.id = *s;
        ok = true;
      } else {
        c.error(*id, "EXC-E2008", "rule id `" + *s + "` is not UPPER_SNAKE", m.path("id"),
                "ids are stable and anchored in the regulation, e.g. `EAR_742_6_A6_DEST_2023`");
      }
    }
  }
  if (const auto* n = m.required("citation")) {
    meta.citation = read_string(c, *n, m.path("citation")).value_or("");
  }
  if (const auto* n = m.required("message")) {
    meta.message = read_string(c, *n, m.path("message")).value_or("");
  }
  if (const auto* n = m.optional("grade")) {
    if (auto g = read_grade(c, *n, m.path("grade"))) meta.source_grade = *g;
  }
  interval own;
  const doc_node* from = m.optional("effective_from");
  const doc_node* to = m.optional("effective_to");
  if (from != nullptr) {
    if (auto d = read_date(c, *from, m.path("effective_from"))) own.from = *d;
  }
  if (to != nullptr) {
    if (auto d = read_date(c, *to, m.path("effective_to"))) own.to = *d;
  }
  if (const auto* n = m.optional("sources")) (void)read_string_list(c, *n, m.path("sources"));
  if (const auto* n = m.optional("note")) (void)read_string(c, *n, m.path("note"));

  meta.valid =
      interval{std::max(own.from, pack.info.valid.from), std::min(own.to, pack.info.valid.to)};
  if (own.from > own.to) {
    c.error(*to, "EXC-E3005",
            "`effective_to` " + own.to.to_string() + " is before `effective_from` " +
                own.from.to_string(),
            m.path("effective_to"));
    meta.valid = pack.info.valid;
  } else if (meta.valid.from > meta.valid.to) {
    const doc_node& at = from != nullptr ? *from : *to;  // one of them narrows the window
    c.error(at, "EXC-E3005",
            std::string(kind) + " `" + meta.id + "` is never in force: its window " +
                describe_window(own) + " lies outside the pack's window " +
                describe_window(pack.info.valid),
            m.path(from != nullptr ? "effective_from" : "effective_to"));
    meta.valid = pack.info.valid;
  }
  if (ok) pc.pack.defs.push_back(rule_def{std::string(kind), meta.id, meta.valid, id_site});
  return ok;
}

void read_pack(const read_context& c, const doc_node& root, pack_ast& pack) {
  pack.info.file = c.file;
  pack.at = pack_context::site_of(root, "");
  const pack_context pc{c, pack};
  map_reader top(
      c, root, "",
      {"pack", "country_groups", "country_aliases", "precisions", "classifications", "exclusions",
       "containment", "requirements", "notices", "review_policies", "license_exceptions",
       "information", "entity_list", "red_flags", "list_sources", "affiliates_rule", "products"});
  if (!top.ok()) return;
  if (const auto* header = top.required("pack")) read_header(pc, *header);
  for (const auto& s : sections()) {
    const doc_node* n = top.optional(s.name);
    if (n == nullptr) continue;
    const std::string path(s.name);
    if (s.decides && pack.info.status == "informational") {
      // 'informational' packs contribute data, never requirements (rule-pack-format.md).
      c.error(*n, "EXC-E3012", "`" + path + "` is not allowed in an informational pack", path,
              "move it to a pack with `status: in_force` or `status: scenario`");
      continue;
    }
    s.read(pc, *n, path);
  }
  top.finish();
}

}  // namespace exportctl::detail
