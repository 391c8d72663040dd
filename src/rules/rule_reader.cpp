// rule_reader.cpp: readers for the rule sections that are lists of rules with a `when`
// condition (classifications, requirements, review policies, licence exceptions, ...) and the
// small tables (aliases, precisions, containment).
#include "rules/pack_ast.hpp"

namespace exportctl::detail {
namespace {

bool read_applies_to_hbm(const read_context& c, map_reader& m) {
  const auto* n = m.optional("applies_to");
  if (n == nullptr) return false;
  return read_enum(c, *n, m.path("applies_to"), {"ic", "hbm"}).value_or("ic") == "hbm";
}

void add_refs(const pack_context& pc, const doc_node& list, const std::string& path,
              pending_ref::kind k, std::vector<std::string>& ids) {
  for_each_item(pc.c, list, path, [&](const doc_node& item, const std::string& p) {
    auto s = read_string(pc.c, item, p);
    if (!s) return;
    ids.push_back(*s);
    pc.pack.refs.push_back(pending_ref{k, id_ref{*s, pack_context::site_of(item, p)}});
  });
}

}  // namespace

void read_country_aliases(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "code", "treat_as"});
    country_alias a;
    bool ok = read_rule_meta(pc, m, a.meta, "country alias");
    const auto* code = m.required("code");
    const auto* treat_as = m.required("treat_as");
    std::optional<country_code> from;
    std::optional<country_code> to;
    if (code != nullptr) from = read_country(pc.c, *code, m.path("code"));
    if (treat_as != nullptr) to = read_country(pc.c, *treat_as, m.path("treat_as"));
    if (from && to && *from == *to) {
      pc.c.error(*treat_as, "EXC-E2004", "a country cannot be an alias of itself",
                 m.path("treat_as"));
      ok = false;
    }
    m.finish();
    if (!ok || !from || !to) return;
    a.code = *from;
    a.treat_as = *to;
    pc.pack.aliases.push_back(std::move(a));
  });
}

void read_precisions(const pack_context& pc, const doc_node& n, const std::string& path) {
  map_reader m(pc.c, n, path, {EXPORTCTL_RULE_KEYS, "bits"});
  precision_table t;
  const bool ok = read_rule_meta(pc, m, t.meta, "precision table");
  if (const auto* bits = m.required("bits")) {
    const std::string bp = m.path("bits");
    if (!bits->is_mapping()) {
      map_reader wrong(pc.c, *bits, bp, {});  // reports "expected a mapping"
    } else {
      for (const auto& [key, value] : bits->entries) {
        const std::string vp = bp + "." + key.text;
        auto v = read_integer(pc.c, value, vp);
        if (v && (*v <= 0 || *v > 1024)) {
          pc.c.error(value, "EXC-E2004", "bit length `" + value.text + "` is out of range", vp,
                     "a bit length is a positive integer such as 8, 16 or 32");
        } else if (v) {
          t.bits.emplace(key.text, static_cast<int>(*v));
        }
      }
    }
  }
  m.finish();
  if (!ok) return;
  pc.pack.precisions = std::move(t);
  pc.pack.precisions_at = pack_context::site_of(n, path);
}

void read_classifications(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "eccn", "paragraph", "applies_to", "when"});
    classification_rule r;
    bool ok = read_rule_meta(pc, m, r.meta, "classification");
    if (const auto* e = m.required("eccn")) {
      auto s = read_eccn(pc.c, *e, m.path("eccn"));
      ok = ok && s.has_value();
      r.eccn = s.value_or("");
    }
    if (const auto* para = m.optional("paragraph")) {
      auto s = read_eccn(pc.c, *para, m.path("paragraph"));
      ok = ok && s.has_value();
      r.paragraph = s.value_or("");
      // A paragraph belongs to its ECCN (3A090.a.1 under 3A090.a); anything else is a typo.
      if (s && !r.eccn.empty() && r.paragraph.rfind(r.eccn, 0) != 0) {
        pc.c.error(*para, "EXC-E2004",
                   "paragraph `" + r.paragraph + "` is not part of ECCN `" + r.eccn + "`",
                   m.path("paragraph"));
        ok = false;
      }
    }
    r.applies_to_hbm = read_applies_to_hbm(pc.c, m);
    r.when = read_condition(pc, m.optional("when"), m.path("when"));
    m.finish();
    if (ok) pc.pack.classifications.push_back(std::move(r));
  });
}

void read_exclusions(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "applies_to", "when"});
    exclusion_rule r;
    const bool ok = read_rule_meta(pc, m, r.meta, "exclusion");
    r.applies_to_hbm = read_applies_to_hbm(pc.c, m);
    r.when = read_condition(pc, m.optional("when"), m.path("when"));
    m.finish();
    if (ok) pc.pack.exclusions.push_back(std::move(r));
  });
}

void read_containment(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "map"});
    containment_rule r;
    bool ok = read_rule_meta(pc, m, r.meta, "containment rule");
    if (const auto* map = m.required("map")) {
      const std::string mp = m.path("map");
      map_reader entries(pc.c, *map, mp, {});
      if (entries.ok()) {
        for (const auto& [key, value] : map->entries) {
          auto from = read_eccn(pc.c, key, mp);
          auto to = read_eccn(pc.c, value, mp + "." + key.text);
          if (from && to) {
            r.map.emplace_back(*from, *to);
          } else {
            ok = false;
          }
        }
      }
    }
    m.finish();
    if (ok) pc.pack.containments.push_back(std::move(r));
  });
}

void read_requirements(const pack_context& pc, const doc_node& n, const std::string& path,
                       bool notice) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p,
                 {EXPORTCTL_RULE_KEYS, "when", "effect", "review_policy", "license_exceptions"});
    requirement_rule r;
    r.from = notice ? requirement_rule::source::notice : requirement_rule::source::ccl;
    // Requirements and notices share one id space: `covers` may name either.
    const bool ok = read_rule_meta(pc, m, r.meta, "requirement");
    r.when = read_condition(pc, m.optional("when"), m.path("when"));
    if (const auto* e = m.optional("effect")) {
      auto s = read_enum(pc.c, *e, m.path("effect"), {"license_required", "hold"});
      if (s) r.effect = *s == "hold" ? outcome::hold : outcome::license_required;
    }
    if (const auto* rp = m.optional("review_policy")) {
      auto s = read_enum(
          pc.c, *rp, m.path("review_policy"),
          {"presumption_of_approval", "case_by_case", "presumption_of_denial", "policy_of_denial"});
      if (s) r.policy = parse_review_policy(*s).value_or(review_policy::none);
    }
    if (const auto* le = m.optional("license_exceptions")) {
      r.exceptions_allowed = read_bool(pc.c, *le, m.path("license_exceptions")).value_or(true);
    }
    m.finish();
    if (!ok) return;
    (notice ? pc.pack.notices : pc.pack.requirements).push_back(std::move(r));
  });
}

void read_review_policies(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "policy", "when", "supersedes"});
    review_rule r;
    bool ok = read_rule_meta(pc, m, r.meta, "review policy");
    if (const auto* pol = m.required("policy")) {
      auto s = read_enum(
          pc.c, *pol, m.path("policy"),
          {"presumption_of_approval", "case_by_case", "presumption_of_denial", "policy_of_denial"});
      ok = ok && s.has_value();
      if (s) r.policy = parse_review_policy(*s).value_or(review_policy::none);
    }
    r.when = read_condition(pc, m.optional("when"), m.path("when"));
    if (const auto* sup = m.optional("supersedes")) {
      add_refs(pc, *sup, m.path("supersedes"), pending_ref::kind::review_rule, r.supersedes);
    }
    m.finish();
    if (ok) pc.pack.review_policies.push_back(std::move(r));
  });
}

void read_license_exceptions(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "name", "covers", "when", "conditions"});
    exception_rule r;
    bool ok = read_rule_meta(pc, m, r.meta, "license exception");
    if (const auto* name = m.required("name")) {
      auto s = read_string(pc.c, *name, m.path("name"));
      ok = ok && s.has_value();
      r.name = s.value_or("");
    }
    if (const auto* covers = m.required("covers")) {
      add_refs(pc, *covers, m.path("covers"), pending_ref::kind::requirement, r.covers);
    }
    r.when = read_condition(pc, m.optional("when"), m.path("when"));
    if (const auto* conds = m.optional("conditions")) {
      r.conditions =
          read_string_list(pc.c, *conds, m.path("conditions")).value_or(std::vector<std::string>{});
    }
    // A U-grade exception is listed but never clears a shipment (reference README).
    r.unconfirmed = r.meta.source_grade == grade::U;
    m.finish();
    if (ok) pc.pack.exceptions.push_back(std::move(r));
  });
}

void read_information(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "when"});
    information_rule r;
    const bool ok = read_rule_meta(pc, m, r.meta, "information rule");
    r.when = read_condition(pc, m.optional("when"), m.path("when"));
    m.finish();
    if (ok) pc.pack.information.push_back(std::move(r));
  });
}

}  // namespace exportctl::detail
