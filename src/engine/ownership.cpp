// ownership.cpp: the Affiliates (50%) rule. 90 FR 47201 (effective 2025-09-29) extends the
// Entity List's restrictions (15 CFR 744.11) to entities 50% or more owned, "directly or
// indirectly, individually or in the aggregate", by one or more listed parties; the restriction
// that flows down is the listed owner's (licence requirement and review policy of its entry, no
// licence exceptions). Ownership aggregates over every listed owner and through chains: A owns
// 60% of B, B 60% of C, so B is restricted and C is owned 60% by a restricted party
// (updates-2026-12.md §5). Red Flag 29: a listed owner of unknown share holds until the share is
// known. The rule's dates are pack data (rules/affiliates-rule.yaml); a grade U state holds.
// Cycles of ownership (cross-holdings) and chains deeper than the bound hold: never a clearance.
#include "engine/ownership.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <unordered_map>

#include "engine/evaluate.hpp"
#include "engine/list_screening.hpp"
#include "graph/ownership_graph.hpp"

namespace exportctl::detail {
namespace {

// Owner levels above a party that the walk follows; a deeper chain with a listed party above
// holds (real group structures have a handful of levels; the bound keeps the finding readable).
constexpr int max_ownership_depth = 16;
// Ownership paths written into one finding; past them the finding says there are more (the
// number of paths grows exponentially with diamonds of owners, so they are not counted).
constexpr std::size_t max_paths_shown = 8;

enum class owned_state : unsigned char { clear, restricted, unknown };

struct owner_edge {
  int from = -1;  ///< owner vertex
  std::optional<double> percent;
};

struct vertex {
  std::string_view name;
  std::string_view label;  ///< "party eu", "entity parent", "owner in CN"
  std::string_view country;
  int entry = -1;  ///< listed under this entry (confirmed)
  bool unconfirmed = false;
  owned_state state = owned_state::clear;
  int flows = -1;                       ///< entry that flows down to it
  std::vector<owner_edge> owners;       ///< who owns it
  std::vector<owner_edge> restricting;  ///< the owners that make it restricted
  std::string why;                      ///< why it is unknown
  std::string doubt;                    ///< why a non-party owner is not clear of the lists
  bool tainted = false;                 ///< some listed or unconfirmed vertex is at or above it
};

/// A reviewer's clearance of an owner's possible match, said on every party that owner is
/// above (edges run from owner to owned), so the decision shows why the owner counted as clear.
void report_cleared_owners(check_context& cx, std::size_t parties, std::size_t vertices,
                           const std::vector<std::pair<int, int>>& edges,
                           std::vector<std::pair<int, std::string>>& cleared) {
  if (cleared.empty()) return;
  std::vector<std::vector<int>> owns(vertices);
  for (const auto& [owner, owned] : edges) owns[static_cast<std::size_t>(owner)].push_back(owned);
  // One walk per distinct clearance, from every owner it cleared: the same reviewed name may
  // own many vertices, and a walk each would be quadratic in a large graph.
  std::sort(cleared.begin(), cleared.end(),
            [](const auto& x, const auto& y) { return x.second < y.second; });
  std::vector<char> seen;
  std::vector<int> todo;
  for (std::size_t i = 0; i < cleared.size();) {
    seen.assign(vertices, 0);
    todo.clear();
    std::size_t end = i;
    for (; end < cleared.size() && cleared[end].second == cleared[i].second; ++end)
      todo.push_back(cleared[end].first);
    while (!todo.empty()) {
      const int v = todo.back();
      todo.pop_back();
      for (const int owned : owns[static_cast<std::size_t>(v)]) {
        const auto o = static_cast<std::size_t>(owned);
        if (seen[o]) continue;
        seen[o] = 1;
        todo.push_back(owned);
        if (o < parties) report_owner_clearance(cx, cx.s.parties[o], cleared[i].second);
      }
    }
    i = end;
  }
}

const affiliates_window* window_on(const compiled_packs& packs, date on) {
  for (const auto& w : packs.affiliates) {
    if (w.meta.valid.contains(on)) return &w;
  }
  return nullptr;
}

std::string pct(double p) { return fmt::format("{}%", p); }

// The ownership paths from listed vertices down to `v`, each "`A` [entry E] -60%-> `B` -60%-> ".
void paths_to(const std::vector<vertex>& g, int v, std::string suffix,
              std::vector<std::string>& out, bool& more, int depth) {
  if (more) return;
  const vertex& x = g[static_cast<std::size_t>(v)];
  if (x.entry >= 0 || depth > max_ownership_depth) {
    if (out.size() < max_paths_shown) {
      out.push_back(fmt::format("`{}` ({}{}) {}", x.name, x.label,
                                x.entry >= 0 ? ", listed" : ", restricted by owners further up",
                                suffix));
    } else {
      more = true;
    }
    return;
  }
  for (const auto& o : x.restricting) {
    paths_to(g, o.from,
             fmt::format("-{}-> `{}` ({}){}{}", pct(*o.percent), x.name, x.label,
                         suffix.empty() ? "" : " ", suffix),
             out, more, depth + 1);
  }
}

}  // namespace

owner_screening owner_listing(const check_context& cx, std::string_view name,
                              std::string_view country, int party) {
  // A party's own screening: curated or official (list_screening.hpp numbering). Its doubts hold
  // the shipment already (list_hits.cpp).
  if (party >= 0)
    return {unified_entity(cx.st, cx.entity_hit[static_cast<std::size_t>(party)]), {}, {}};
  // The curated Entity List by screening key (name_index.hpp), else the lists by score.
  thread_local screening_scratch scratch;
  if (const std::vector<int>* entries = cx.st.entity_names.find(name, scratch)) {
    for (const int e : *entries) {
      if (entity_at(cx.st, e).meta.valid.contains(cx.on)) return {e, {}, {}};
    }
  }
  return screen_owner(cx, name, country);
}

void walk_ownership(check_context& cx) {
  const shipment& s = cx.s;
  bool any = false;
  for (const auto& p : s.parties) any = any || !p.owners.empty();
  if (!any) return;  // cx.affiliates stays empty: nothing to apply
  cx.affiliates.assign(s.parties.size(), affiliate_hit{});
  const affiliates_window* window = window_on(cx.packs, cx.on);

  // Vertices: parties, entities, then every named owner (each its own vertex).
  const std::size_t parties = s.parties.size();
  std::vector<vertex> g(parties + s.entities.size());
  std::vector<std::string> labels;
  labels.reserve(g.size());
  std::unordered_map<std::string_view, int> by_id;
  for (std::size_t i = 0; i < parties; ++i) {
    labels.push_back("party " + s.parties[i].id);
    by_id.emplace(s.parties[i].id, static_cast<int>(i));
  }
  for (std::size_t i = 0; i < s.entities.size(); ++i) {
    labels.push_back("entity " + s.entities[i].id);
    by_id.emplace(s.entities[i].id, static_cast<int>(parties + i));
  }
  std::vector<std::pair<int, int>> edges;
  const auto add_owners = [&](const std::vector<owner>& owners, int owned) {
    for (const auto& o : owners) {
      int from = -1;
      if (!o.entity.empty()) {
        const auto it = by_id.find(o.entity);
        if (it == by_id.end()) continue;  // refused by validation (EXC-E4012)
        from = it->second;
      } else {
        from = static_cast<int>(g.size());
        vertex& named = g.emplace_back();
        named.name = o.name;
        named.country = o.country;
        labels.push_back("owner in " + o.country);
      }
      g[static_cast<std::size_t>(owned)].owners.push_back({from, o.percent});
      edges.emplace_back(from, owned);
    }
  };
  for (std::size_t i = 0; i < parties; ++i) add_owners(s.parties[i].owners, static_cast<int>(i));
  for (std::size_t i = 0; i < s.entities.size(); ++i)
    add_owners(s.entities[i].owners, static_cast<int>(parties + i));

  // Screening: parties as they were screened, entities and named owners now.
  std::vector<std::pair<int, std::string>> cleared;  ///< (vertex, a reviewer's clearance)
  for (std::size_t v = 0; v < g.size(); ++v) {
    vertex& x = g[v];
    x.label = labels[v];
    if (v < parties) {
      x.name = s.parties[v].name;
      x.country = s.parties[v].country;
    } else if (v < parties + s.entities.size()) {
      x.name = s.entities[v - parties].name;
      x.country = s.entities[v - parties].country;
    }
    owner_screening screened =
        owner_listing(cx, x.name, x.country, v < parties ? static_cast<int>(v) : -1);
    for (auto& text : screened.cleared) cleared.emplace_back(static_cast<int>(v), std::move(text));
    const int e = screened.entry;
    if (e < 0) {
      // An owner that is not a party has no screening finding of its own: a doubt about it
      // makes it unclear here.
      x.doubt = std::move(screened.doubt);
      x.unconfirmed = !x.doubt.empty();
      continue;
    }
    // An unconfirmed listing (grade U) can neither clear nor convict: its affiliates hold.
    if (entity_at(cx.st, e).meta.source_grade == grade::U) {
      x.unconfirmed = true;
    } else {
      x.entry = e;
    }
  }

  report_cleared_owners(cx, parties, g.size(), edges, cleared);

  thread_local ownership_order order;
  order_ownership(static_cast<int>(g.size()), edges, order);
  const auto policy_of = [&](int e) { return entity_at(cx.st, e).policy; };
  // Tainted: a listed or unconfirmed vertex at or above. The order lists each strong component's
  // vertices together, owners' components first; every vertex of a component reaches every
  // other, so a component is tainted as a whole. Linear in vertices and edges.
  for (std::size_t i = 0; i < order.order.size();) {
    std::size_t end = i;
    const int comp = order.component[static_cast<std::size_t>(order.order[i])];
    bool t = false;
    for (; end < order.order.size() &&
           order.component[static_cast<std::size_t>(order.order[end])] == comp;
         ++end) {
      const vertex& x = g[static_cast<std::size_t>(order.order[end])];
      t = t || x.entry >= 0 || x.unconfirmed;
      for (const auto& o : x.owners) t = t || g[static_cast<std::size_t>(o.from)].tainted;
    }
    for (; i < end; ++i) g[static_cast<std::size_t>(order.order[i])].tainted = t;
  }
  for (const int v : order.order) {
    vertex& x = g[static_cast<std::size_t>(v)];
    if (x.entry >= 0) {
      x.state = owned_state::restricted;
      x.flows = x.entry;
      continue;
    }
    if (!x.tainted) continue;  // nothing listed above: nothing can flow down
    double yes = 0;
    double maybe = 0;
    const vertex* unclear = nullptr;  ///< the first owner whose own state is unknown
    std::vector<std::string> unknown_share;
    for (const auto& o : x.owners) {
      const vertex& y = g[static_cast<std::size_t>(o.from)];
      // An owner on the same cycle is not known yet when a cycle is walked: unknown.
      const bool same_cycle = order.cyclic[static_cast<std::size_t>(v)] &&
                              order.component[static_cast<std::size_t>(v)] ==
                                  order.component[static_cast<std::size_t>(o.from)] &&
                              y.state == owned_state::clear;
      const owned_state st = same_cycle ? owned_state::unknown : y.state;
      if (st == owned_state::clear) continue;
      if (!o.percent) {
        unknown_share.push_back(fmt::format("`{}` ({})", y.name, y.label));
        continue;
      }
      if (st == owned_state::restricted) {
        yes += *o.percent;
        x.restricting.push_back(o);
        if (x.flows < 0 || policy_of(y.flows) > policy_of(x.flows)) x.flows = y.flows;
      } else {
        maybe += *o.percent;
        if (!unclear) unclear = &y;
      }
    }
    if (x.unconfirmed) {
      x.state = owned_state::unknown;
      x.why = x.doubt.empty() ? std::string("its own listing is unconfirmed (grade U)") : x.doubt;
    }
    // 50% or more; shares such as 33.3 + 16.7 must not miss 50 by a rounding error.
    if (yes >= 50 - 1e-9) {
      x.state = owned_state::restricted;
    } else if (!unknown_share.empty()) {
      // Red Flag 29 (90 FR 47201): a listed owner's stake of undetermined size.
      x.state = owned_state::unknown;
      std::string names;
      for (const auto& n : unknown_share) names += (names.empty() ? "" : ", ") + n;
      x.why = fmt::format(
          "Red Flag 29: listed or restricted owner {} holds a share of `{}` that is not stated; "
          "hold until the share is known",
          names, x.name);
    } else if (yes + maybe >= 50 - 1e-9) {
      x.state = owned_state::unknown;
      x.why = order.cyclic[static_cast<std::size_t>(v)]
                  ? fmt::format(
                        "`{}` is on a cycle of ownership with listed owners above it; "
                        "its indirect share cannot be determined",
                        x.name)
                  : fmt::format(
                        "owners whose own restriction is unclear hold {} of `{}` "
                        "(`{}`: {})",
                        pct(yes + maybe), x.name, unclear ? unclear->name : "",
                        unclear && !unclear->why.empty() ? unclear->why : "unclear");
    }
    if (order.depth[static_cast<std::size_t>(v)] > max_ownership_depth &&
        x.state == owned_state::clear) {
      x.state = owned_state::unknown;
      x.why =
          fmt::format("more than {} levels of owners above `{}`, with a listed owner among them",
                      max_ownership_depth, x.name);
    }
    if (x.state != owned_state::restricted) x.flows = -1;
  }

  for (std::size_t p = 0; p < parties; ++p) {
    affiliate_hit& hit = cx.affiliates[p];
    const vertex& x = g[p];
    const party& pt = s.parties[p];
    // A majority owner (more than 50%, followed upwards) whose country contradicts a stated
    // ultimate parent headquarters: 744.23(a)(3) depends on the parent's headquarters, and the
    // two facts cannot both hold.
    if (!pt.ultimate_parent_headquarters.empty() && !pt.owners.empty()) {
      int top = static_cast<int>(p);
      std::string chain;
      for (int level = 0; level <= max_ownership_depth; ++level) {
        const vertex& t = g[static_cast<std::size_t>(top)];
        int next = -1;
        double share = 0;
        for (const auto& o : t.owners) {
          if (o.percent && *o.percent > 50) {
            next = o.from;
            share = *o.percent;
          }
        }
        if (next < 0 || order.cyclic[static_cast<std::size_t>(next)]) break;
        chain += fmt::format(" -{}-> `{}`", pct(share), g[static_cast<std::size_t>(next)].name);
        top = next;
      }
      if (top != static_cast<int>(p)) {
        const auto t = static_cast<std::size_t>(top);
        const std::string_view country = g[t].country;
        if (country != pt.ultimate_parent_headquarters) {
          // Once as a missing fact of the decision; every hop to the party then holds.
          hit.conflict = fmt::format(
              "party {}: ultimate parent headquarters stated {}, but its majority owner `{}` "
              "(`{}`{}) is in {}",
              pt.id, pt.ultimate_parent_headquarters, g[t].name, pt.name, chain, country);
          cx.missing_facts.push_back(hit.conflict);
        }
      }
    }
    if (window == nullptr || x.entry >= 0 || x.state == owned_state::clear) continue;
    hit.window = window;
    hit.entry = x.flows;
    const bool unconfirmed = window->meta.source_grade == grade::U;
    if (x.state == owned_state::restricted) {
      std::vector<std::string> paths;
      bool more = false;
      paths_to(g, static_cast<int>(p), {}, paths, more, 0);
      double total = 0;
      for (const auto& o : x.restricting) total += *o.percent;
      const entity_entry& entry = entity_at(cx.st, x.flows);
      std::string joined;
      for (const auto& path : paths) joined += (joined.empty() ? "" : "; ") + path;
      if (more) joined += "; and more paths";
      hit.message = fmt::format(
          "`{}` (party {}) is {} owned by listed or restricted owners: {}; the restriction of "
          "entry "
          "{} `{}` ({}) {}; review policy: {}",
          pt.name, pt.id, pct(total), joined, entry.meta.id, entry.name,
          entry.federal_register_notice,
          window->applies && !unconfirmed ? "flows down" : "would flow down were the rule in force",
          entry.license_policy_text.empty() ? std::string(to_string(entry.policy))
                                            : entry.license_policy_text);
      hit.effect = !window->applies ? outcome::no_license_required
                   : unconfirmed    ? outcome::hold
                                    : outcome::license_required;
    } else {
      hit.message = fmt::format("`{}` (party {}): {}", pt.name, pt.id, x.why);
      hit.effect = window->applies ? outcome::hold : outcome::no_license_required;
      // The fact that would decide it, named in the decision (fail closed).
      if (window->applies) cx.missing_facts.push_back(fmt::format("party {}: {}", pt.id, x.why));
    }
  }
}

bool apply_affiliates(check_context& cx, int p, item_hop_outcome& r) {
  affiliate_hit& hit = cx.affiliates[static_cast<std::size_t>(p)];
  if (!hit.conflict.empty() && outcome::hold > r.result) r.result = outcome::hold;
  if (hit.window == nullptr) {
    hit.reported = true;
    return false;
  }
  if (hit.effect > r.result) r.result = hit.effect;
  const bool restricted = hit.effect == outcome::license_required && hit.entry >= 0;
  if (restricted) {
    r.licence_required = true;
    r.policy = std::max(r.policy, entity_at(cx.st, hit.entry).policy);
  }
  if (hit.reported) return restricted;
  hit.reported = true;
  const rule_meta& rule = hit.window->meta;
  const finding_kind kind =
      hit.window->applies ? finding_kind::entity_list : finding_kind::information;
  bool created = false;
  auto& f = cx.findings.add(
      kind, rule, std::nullopt, hit.effect, cx.party_at(p).id, [&](finding_set::record& rec) {
        created = true;
        rec.composed = true;
        fmt::format_to(std::back_inserter(rec.text), "{}: {}", rule.message, hit.message);
      });
  if (!created) f.append_message(hit.message);
  if (hit.entry >= 0) {
    const std::string& frn = entity_at(cx.st, hit.entry).federal_register_notice;
    if (created) f.citation = rule.citation;
    if (!frn.empty() && f.citation.find(frn) == std::string::npos) f.citation += "; " + frn;
  }
  return restricted;
}

}  // namespace exportctl::detail
