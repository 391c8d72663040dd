// affiliates_reader.cpp: the `affiliates_rule` section of a pack: the dated states of the
// Affiliates (50%) rule (90 FR 47201, 15 CFR 744.11 as extended to affiliates), so that its
// effective date, its suspension and the unconfirmed snapback are data, and a confirmation or an
// extension is a pack edit (docs/rule-pack-format.md, "affiliates_rule").
#include "rules/pack_ast.hpp"

namespace exportctl::detail {

void read_affiliates_rule(const pack_context& pc, const doc_node& n, const std::string& path) {
  const auto& c = pc.c;
  std::vector<site> sites;
  for_each_item(c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(c, item, p, {EXPORTCTL_RULE_KEYS, "state"});
    if (!m.ok()) return;
    affiliates_window w;
    w.meta.pack = pc.pack.info.id;
    w.meta.source_grade = pc.pack.default_grade;
    w.meta.loc = source_loc{c.file, item.line, item.column};
    bool ok = read_rule_meta(pc, m, w.meta, "affiliates rule state");
    if (const auto* st = m.required("state")) {
      // in_force: affiliates of listed parties are restricted (held instead when the window's
      // grade is U); suspended: the rule does not apply (the "legally distinct" standard).
      const auto s = read_enum(c, *st, m.path("state"), {"in_force", "suspended"});
      ok = ok && s.has_value();
      w.applies = s && *s == "in_force";
    } else {
      ok = false;
    }
    m.finish();
    if (!ok) return;
    // One state per day: overlapping windows would leave the rule's state ambiguous.
    for (std::size_t i = 0; i < pc.pack.affiliates.size(); ++i) {
      const auto& other = pc.pack.affiliates[i];
      if (!overlaps(other.meta.valid, w.meta.valid)) continue;
      pc.error_at(pack_context::site_of(item, p), "EXC-E3003",
                  "affiliates rule state `" + w.meta.id + "` overlaps `" + other.meta.id +
                      "` (line " + std::to_string(sites[i].line) + ")",
                  "give the states `effective_from`/`effective_to` dates that do not overlap");
      return;
    }
    sites.push_back(pack_context::site_of(item, p));
    pc.pack.affiliates.push_back(std::move(w));
  });
}

}  // namespace exportctl::detail
