// list_source_reader.cpp: the `list_sources` section: what a hit on an official screening list
// means (rules/list-sources.yaml). The lists themselves are data files loaded beside the packs
// (src/screening/lists/); what a hit does to a decision is regulation, so it lives in a pack.
#include <algorithm>
#include <cctype>

#include "model/text.hpp"
#include "rules/pack_ast.hpp"

namespace exportctl::detail {

void read_list_sources(const pack_context& pc, const doc_node& n, const std::string& path) {
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    map_reader m(pc.c, item, p, {EXPORTCTL_RULE_KEYS, "kind", "lists", "policies"});
    list_source_rule r;
    bool ok = read_rule_meta(pc, m, r.meta, "list source");
    std::string kind;
    if (const auto* k = m.required("kind")) {
      kind = read_enum(pc.c, *k, m.path("kind"), {"entity_list", "hold", "possible_match"})
                 .value_or("");
      ok = ok && !kind.empty();
    }
    r.k = kind == "entity_list"      ? list_source_rule::kind::entity_list
          : kind == "possible_match" ? list_source_rule::kind::possible_match
                                     : list_source_rule::kind::hold;
    // A possible match concerns every list; a listing rule names the sources it covers.
    const bool wants_sources = !kind.empty() && kind != "possible_match";
    const doc_node* sources = wants_sources ? m.required("lists") : m.optional("lists");
    if (sources != nullptr && !kind.empty() && !wants_sources) {
      pc.c.error(*sources, "EXC-E2003",
                 "`lists` is not used by list sources of kind `" + kind + "`", m.path("lists"),
                 "a possible match holds whatever list it is on");
    } else if (sources != nullptr) {
      auto v = read_string_list(pc.c, *sources, m.path("lists"));
      ok = ok && v.has_value();
      if (v) r.sources = std::move(*v);
    }
    const bool wants_policies = kind == "entity_list";
    const doc_node* policies = wants_policies ? m.required("policies") : m.optional("policies");
    if (policies != nullptr && !kind.empty() && !wants_policies) {
      pc.c.error(*policies, "EXC-E2003",
                 "`policies` is not used by list sources of kind `" + kind + "`",
                 m.path("policies"), "only `entity_list` reads the entry's review policy");
    } else if (policies != nullptr) {
      for_each_item(
          pc.c, *policies, m.path("policies"), [&](const doc_node& pn, const std::string& pp) {
            map_reader pm(pc.c, pn, pp, {"phrase", "policy"});
            std::optional<std::string> phrase;
            std::optional<std::string> policy;
            if (const auto* x = pm.required("phrase")) {
              phrase = read_string(pc.c, *x, pm.path("phrase"));
            }
            if (const auto* x = pm.required("policy")) {
              policy = read_enum(pc.c, *x, pm.path("policy"),
                                 {"presumption_of_approval", "case_by_case",
                                  "presumption_of_denial", "policy_of_denial"});
            }
            pm.finish();
            if (!phrase || !policy) {
              ok = false;
              return;
            }
            r.policy_phrases.emplace_back(ascii_lower(*phrase), *parse_review_policy(*policy));
          });
    }
    m.finish();
    if (ok) pc.pack.list_sources.push_back(std::move(r));
  });
}

}  // namespace exportctl::detail
