// section_reader.cpp: readers for the data sections with their own shapes: country groups and
// their dated members, red flags and the product catalog (the Entity List is in
// entity_list_reader.cpp).
#include <algorithm>
#include <map>

#include "model/names.hpp"
#include "rules/pack_ast.hpp"

namespace exportctl::detail {
namespace {

struct written_member {
  member_span span;
  site at;
};

// One `members` entry: a bare code (member throughout) or {code, from, to, grade, ...}.
std::optional<written_member> read_member(const pack_context& pc, const doc_node& n,
                                          const std::string& p, grade group_grade) {
  written_member w;
  w.at = pack_context::site_of(n, p);
  // A member's grade defaults to its group's: a U group has only unconfirmed members.
  grade g = group_grade;
  if (n.is_scalar()) {
    auto code = read_country(pc.c, n, p);
    if (!code) return std::nullopt;
    w.span.code = *code;
  } else {
    map_reader m(pc.c, n, p, {"code", "from", "to", "citation", "grade", "note"});
    if (!m.ok()) return std::nullopt;
    bool ok = true;
    if (const auto* code = m.required("code")) {
      auto c = read_country(pc.c, *code, m.path("code"));
      ok = c.has_value();
      w.span.code = c.value_or(0);
    } else {
      ok = false;
    }
    const doc_node* to = m.optional("to");
    if (const auto* from = m.optional("from")) {
      if (auto d = read_date(pc.c, *from, m.path("from"))) w.span.valid.from = *d;
    }
    if (to != nullptr) {
      if (auto d = read_date(pc.c, *to, m.path("to"))) w.span.valid.to = *d;
    }
    if (w.span.valid.from > w.span.valid.to) {
      pc.c.error(*to, "EXC-E3005",
                 "`to` " + w.span.valid.to.to_string() + " is before `from` " +
                     w.span.valid.from.to_string(),
                 m.path("to"));
      ok = false;
    }
    if (const auto* gn = m.optional("grade"))
      g = read_grade(pc.c, *gn, m.path("grade")).value_or(g);
    if (const auto* cit = m.optional("citation")) (void)read_string(pc.c, *cit, m.path("citation"));
    if (const auto* note = m.optional("note")) (void)read_string(pc.c, *note, m.path("note"));
    m.finish();
    if (!ok) return std::nullopt;
  }
  w.span.unconfirmed = g == grade::U;
  return w;
}

// "line 12", or "line 12, column 9" when both are on one line (flow lists).
std::string where(const site& first, const site& second) {
  std::string s = "line " + std::to_string(first.line);
  if (first.line == second.line) s += ", column " + std::to_string(first.column);
  return s;
}

}  // namespace

void read_country_groups(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "label", "members"});
    country_group g;
    const bool ok = read_rule_meta(pc, m, g.meta, "country group");
    if (const auto* label = m.optional("label")) {
      g.label = read_string(pc.c, *label, m.path("label")).value_or("");
    }
    if (g.label.empty()) g.label = g.meta.id;
    std::vector<member_span> spans;
    // Per code, the windows seen so far: the same country listed twice for overlapping dates
    // is ambiguous (which citation, which grade?).
    std::map<country_code, std::vector<written_member>> seen;
    if (const auto* members = m.required("members")) {
      for_each_item(
          pc.c, *members, m.path("members"), [&](const doc_node& mn, const std::string& mp) {
            auto w = read_member(pc, mn, mp, g.meta.source_grade);
            if (!w) return;
            auto& prior = seen[w->span.code];
            for (const auto& earlier : prior) {
              if (overlaps(earlier.span.valid, w->span.valid)) {
                pc.error_at(
                    w->at, "EXC-E3003",
                    "country `" + country_text(w->span.code) + "` is listed twice in group `" +
                        g.meta.id + "` for overlapping dates (first at " +
                        where(earlier.at, w->at) + ")",
                    "give the entries `from`/`to` dates that do not overlap, or merge them");
                return;
              }
            }
            prior.push_back(*w);
            spans.push_back(w->span);
          });
    }
    m.finish();
    if (!ok) return;
    g.members = build_member_set(spans, g.meta.valid);
    pc.pack.groups.push_back(std::move(g));
  });
}

void read_red_flags(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(
        pc.c, item, p,
        {EXPORTCTL_RULE_KEYS, "kind", "roles", "countries", "severity", "controlled_items_only"});
    red_flag_rule r;
    bool ok = read_rule_meta(pc, m, r.meta, "red flag");
    std::string kind;
    if (const auto* k = m.required("kind")) {
      kind = read_enum(pc.c, *k, m.path("kind"),
                       {"cycle", "path_not_to_end_user", "final_party_role", "no_end_user",
                        "intermediary_in", "party_hq_unconfirmed", "path_limit", "serial_repeated",
                        "serial_shipped_before", "review_supplied_fact"})
                 .value_or("");
      ok = ok && !kind.empty();
    }
    static const std::pair<std::string_view, red_flag_rule::kind> kinds[] = {
        {"cycle", red_flag_rule::kind::cycle},
        {"path_not_to_end_user", red_flag_rule::kind::path_not_to_end_user},
        {"final_party_role", red_flag_rule::kind::final_party_role},
        {"no_end_user", red_flag_rule::kind::no_end_user},
        {"intermediary_in", red_flag_rule::kind::intermediary_in},
        {"party_hq_unconfirmed", red_flag_rule::kind::party_hq_unconfirmed},
        {"path_limit", red_flag_rule::kind::path_limit},
        {"serial_repeated", red_flag_rule::kind::serial_repeated},
        {"serial_shipped_before", red_flag_rule::kind::serial_shipped_before},
        {"review_supplied_fact", red_flag_rule::kind::review_supplied_fact}};
    for (const auto& [name, k] : kinds) {
      if (name == kind) r.k = k;
    }
    // `roles` belongs to final_party_role, `countries` to the two country-based kinds; on any
    // other kind they would be silently ignored, so they are refused.
    const bool wants_roles = kind == "final_party_role";
    const bool wants_countries = kind == "intermediary_in" || kind == "party_hq_unconfirmed";
    const doc_node* roles = wants_roles ? m.required("roles") : m.optional("roles");
    const doc_node* countries = wants_countries ? m.required("countries") : m.optional("countries");
    if (roles != nullptr && !kind.empty() && !wants_roles) {
      pc.c.error(*roles, "EXC-E2003", "`roles` is not used by red flags of kind `" + kind + "`",
                 m.path("roles"), "only `final_party_role` takes `roles`");
    } else if (roles != nullptr) {
      for_each_item(pc.c, *roles, m.path("roles"), [&](const doc_node& rn, const std::string& rp) {
        auto s = read_enum(pc.c, rn, rp,
                           {"exporter", "distributor", "reseller", "integrator",
                            "freight_forwarder", "consignee", "end_user"});
        if (s) r.roles.push_back(*parse_party_role(*s));
      });
    }
    if (countries != nullptr && !kind.empty() && !wants_countries) {
      pc.c.error(*countries, "EXC-E2003",
                 "`countries` is not used by red flags of kind `" + kind + "`", m.path("countries"),
                 "only `intermediary_in` and `party_hq_unconfirmed` take `countries`");
    } else if (countries != nullptr) {
      r.selector = read_selector(pc, *countries, m.path("countries"));
      ok = ok && r.selector >= 0;
    }
    if (const auto* sev = m.optional("severity")) {
      auto s = read_enum(pc.c, *sev, m.path("severity"), {"hold", "warning"});
      // A warning is reported but does not change the decision.
      if (s) r.effect = *s == "hold" ? outcome::hold : outcome::no_license_required;
    }
    if (const auto* cio = m.optional("controlled_items_only")) {
      r.controlled_items_only =
          read_bool(pc.c, *cio, m.path("controlled_items_only")).value_or(false);
    }
    m.finish();
    if (ok) pc.pack.red_flags.push_back(std::move(r));
  });
}

std::optional<chip_specs> read_chip_specs(const read_context& c, const doc_node& n,
                                          const std::string& path,
                                          std::vector<id_ref>* precision_names) {
  map_reader m(
      c, n, path,
      {"dense_tops", "tpp", "die_area_mm2", "datacenter", "io_bandwidth_gbs", "dram_bandwidth_gbs",
       "memory_bandwidth_density", "hbm", "commercially_available_us_2026_01_15"});
  if (!m.ok()) return std::nullopt;
  const std::size_t before = c.out->size();
  chip_specs s;
  if (const auto* dt = m.optional("dense_tops")) {
    map_reader tops(c, *dt, m.path("dense_tops"), {});
    if (tops.ok()) {
      for (const auto& [key, value] : dt->entries) {
        const std::string kp = tops.path(key.text);
        if (auto v = read_non_negative(c, value, kp)) s.dense_tops.emplace_back(key.text, *v);
        if (precision_names != nullptr) {
          precision_names->push_back(id_ref{key.text, site{key.line, key.column, kp}});
        }
      }
    }
  }
  const auto number = [&](std::string_view key, std::optional<double>& field) {
    if (const auto* v = m.optional(key)) field = read_non_negative(c, *v, m.path(key));
  };
  number("tpp", s.tpp);
  number("die_area_mm2", s.die_area_mm2);
  // Performance density divides by the die area: zero is not a die.
  if (s.die_area_mm2 && *s.die_area_mm2 == 0) {
    const doc_node& at = *m.optional("die_area_mm2");
    c.error(at, "EXC-E2006", "expected a positive number, found `" + at.text + "`",
            m.path("die_area_mm2"), "leave `die_area_mm2` out if it is not known");
    s.die_area_mm2.reset();
  }
  number("io_bandwidth_gbs", s.io_bandwidth_gbs);
  number("dram_bandwidth_gbs", s.dram_bandwidth_gbs);
  number("memory_bandwidth_density", s.memory_bandwidth_density);
  if (const auto* v = m.optional("datacenter"))
    s.datacenter = read_bool(c, *v, m.path("datacenter"));
  if (const auto* v = m.optional("hbm")) s.hbm = read_bool(c, *v, m.path("hbm")).value_or(false);
  if (const auto* v = m.optional("commercially_available_us_2026_01_15")) {
    s.us_available_2026_01_15 = read_bool(c, *v, m.path("commercially_available_us_2026_01_15"));
  }
  m.finish();
  if (c.out->size() != before) return std::nullopt;
  return s;
}

void read_products(const pack_context& pc, const doc_node& n, const std::string& path) {
  const auto& c = pc.c;
  for_each_item(c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(c, item, p, {"id", "vendor", "model", "specs", "grade", "sources", "note"});
    if (!m.ok()) return;
    product prod;
    prod.loc = source_loc{c.file, item.line, item.column};
    bool ok = false;
    site id_site = pack_context::site_of(item, p);
    if (const auto* id = m.required("id")) {
      id_site = pack_context::site_of(*id, m.path("id"));
      if (auto s = read_string(c, *id, m.path("id"))) {
        ok = is_slug(*s);
        if (ok) {
          prod.id = *s;
        } else {
          c.error(*id, "EXC-E2008", "product id `" + *s + "` is not a lowercase slug", m.path("id"),
                  "e.g. `nvidia-h100-sxm5-80gb`");
        }
      }
    }
    if (const auto* v = m.required("vendor"))
      prod.vendor = read_string(c, *v, m.path("vendor")).value_or("");
    if (const auto* v = m.required("model"))
      prod.model = read_string(c, *v, m.path("model")).value_or("");
    if (const auto* specs = m.optional("specs")) {
      std::vector<id_ref> names;
      auto s = read_chip_specs(c, *specs, m.path("specs"), &names);
      ok = ok && s.has_value();
      if (s) prod.specs = std::move(*s);
      for (auto& name : names) {
        pc.pack.refs.push_back(pending_ref{pending_ref::kind::precision, std::move(name)});
      }
    }
    if (const auto* g = m.optional("grade")) (void)read_grade(c, *g, m.path("grade"));
    if (const auto* src = m.optional("sources")) {
      prod.sources =
          read_string_list(c, *src, m.path("sources")).value_or(std::vector<std::string>{});
    }
    if (const auto* note = m.optional("note"))
      prod.notes = read_string(c, *note, m.path("note")).value_or("");
    m.finish();
    if (!ok) return;
    pc.pack.defs.push_back(rule_def{"product", prod.id, interval{}, id_site});
    pc.pack.products.push_back(std::move(prod));
  });
}

}  // namespace exportctl::detail
