// conditions.cpp: three-valued evaluation of `when` trees (docs/rule-pack-format.md).
#include "conditions/evaluate.hpp"

#include "model/country.hpp"

namespace exportctl::detail {
namespace {

using kind = condition::kind;

tri tri_not(tri t) {
  if (t == tri::unknown) return tri::unknown;
  return t == tri::yes ? tri::no : tri::yes;
}

tri from_bool(bool b) { return b ? tri::yes : tri::no; }

bool compare(double a, cmp op, double b) {
  switch (op) {
    case cmp::ge:
      return a >= b;
    case cmp::gt:
      return a > b;
    case cmp::le:
      return a <= b;
    case cmp::lt:
      return a < b;
    case cmp::eq:
      return a == b;
    case cmp::ne:
      return a != b;
  }
  return false;
}

void note(const eval_context& ctx, const missing_ref& m) {
  if (ctx.missing) ctx.missing->push_back(m);
}

void note_item_fact(const eval_context& ctx, fact f) {
  note(ctx, {missing_ref::type::item_fact, f, missing_ref::aspect::located,
             ctx.item ? ctx.item->index : -1, -1, 0});
}

// The item fact that stands for a missing parameter.
fact fact_of(param p) {
  switch (p) {
    case param::tpp:
      return fact::dense_tops;
    case param::performance_density:
      return fact::dense_tops;  // refined in threshold()
    case param::io_bandwidth_gbs:
      return fact::io_bandwidth_gbs;
    case param::dram_bandwidth_gbs:
      return fact::dram_bandwidth_gbs;
    case param::memory_bandwidth_density:
      return fact::memory_bandwidth_density;
    case param::die_area_mm2:
      return fact::die_area_mm2;
    case param::shipment_tpp_with_ytd:
    case param::destination_licensed_tpp:
      return fact::dense_tops;
  }
  return fact::dense_tops;
}

tri threshold(const condition& c, const eval_context& ctx) {
  if (c.p == param::destination_licensed_tpp) {
    // This shipment plus the exporter's own licensed releases to the country as its ledger
    // records them (none without a ledger): a figure about the records, decided either way.
    // What other exporters shipped is not in it; the packs say what that leaves open.
    if (!ctx.hop) return tri::unknown;
    if (const auto v = destination_licensed_tpp(c, ctx))
      return from_bool(compare(*v, c.op, c.value));
    for (int i : ctx.hop->tpp_unknown_items)
      note(ctx, {missing_ref::type::item_fact, fact::dense_tops, missing_ref::aspect::located, i,
                 -1, 0});
    return tri::unknown;
  }
  if (c.p == param::shipment_tpp_with_ytd) {
    // Σ quantity × TPP over the shipment + the final party's consignee_ytd_tpp: a hop fact.
    if (!ctx.hop) return tri::unknown;
    if (ctx.hop->shipment_tpp_with_ytd) {
      return from_bool(compare(*ctx.hop->shipment_tpp_with_ytd, c.op, c.value));
    }
    for (int i : ctx.hop->tpp_unknown_items) {
      note(ctx, {missing_ref::type::item_fact, fact::dense_tops, missing_ref::aspect::located, i,
                 -1, 0});
    }
    return tri::unknown;
  }
  if (!ctx.item) return tri::unknown;
  const auto& v = ctx.item->value(c.p);
  if (v) return from_bool(compare(*v, c.op, c.value));
  if (c.p == param::performance_density) {
    // PD = TPP / die area: name whichever of the two is missing. A die area of 0 gives no
    // density either, so it is named as the missing fact.
    if (!ctx.item->value(param::tpp)) note_item_fact(ctx, fact::dense_tops);
    const auto& die = ctx.item->value(param::die_area_mm2);
    if (!die || *die <= 0) note_item_fact(ctx, fact::die_area_mm2);
    return tri::unknown;
  }
  note_item_fact(ctx, fact_of(c.p));
  return tri::unknown;
}

bool product_in(const exportctl::item& it, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    if (id == it.product) return true;
  }
  for (const auto& sub : it.contains) {
    if (product_in(sub, ids)) return true;
  }
  return false;
}

tri list_match(std::string_view value, const std::vector<std::string>& patterns) {
  if (value.empty()) return tri::no;
  for (const auto& p : patterns) {
    if (eccn_matches(p, value)) return tri::yes;
  }
  return tri::no;
}

bool any_matches(const std::vector<std::string>& patterns, std::string_view value) {
  for (const auto& p : patterns) {
    if (eccn_matches(p, value)) return true;
  }
  return false;
}

// An ECCN (or paragraph) test on an item whose classification is held: unknown, unless no
// ECCN its kind can have matches, then no. An HBM stack can only get the ECCNs of the
// classification rules that apply to HBM; anything else (an IC or a computer) those of the
// rules that apply to ICs or the containment targets (whatever the dates: the kind alone
// decides).
tri held_match(const compiled_packs* packs_in, bool hbm, const std::vector<std::string>& patterns,
               bool paragraphs) {
  if (!packs_in) return tri::unknown;
  const compiled_packs& packs = *packs_in;
  for (const auto& cr : packs.classifications) {
    if (cr.applies_to_hbm != hbm) continue;
    if (any_matches(patterns, paragraphs ? cr.paragraph : cr.eccn)) return tri::unknown;
  }
  if (!hbm) {
    for (const auto& rule : packs.containments) {
      // A computer's paragraph is its ECCN (classifier.cpp, classify_computer).
      for (const auto& mapping : rule.map) {
        if (any_matches(patterns, mapping.second)) return tri::unknown;
      }
    }
  }
  return tri::no;
}

// One country test against a selector; an unconfirmed membership records the fact.
tri country_test(const eval_context& ctx, int selector, int party, country_code code,
                 missing_ref::aspect a) {
  tri t;
  if (ctx.selector_bits) {
    // Same answer as country_selector::test, without searching the dated steps every time.
    const country_bits*& bits = ctx.selector_bits[selector];
    if (!bits) bits = &ctx.packs->selectors[static_cast<std::size_t>(selector)].sets.at(ctx.on);
    t = bits->confirmed.test(code)     ? tri::yes
        : bits->unconfirmed.test(code) ? tri::unknown
                                       : tri::no;
  } else {
    t = ctx.packs->selectors[static_cast<std::size_t>(selector)].test(code, ctx.on);
  }
  if (t == tri::unknown) {
    note(ctx, {missing_ref::type::party_country, fact::dense_tops, a, party, selector, code});
  }
  return t;
}

// Kleene OR over a party's headquarters and ultimate parent headquarters.
tri headquartered_in(const eval_context& ctx, int selector, int party) {
  const auto& pf = ctx.hop->parties[static_cast<std::size_t>(party)];
  const tri hq =
      country_test(ctx, selector, party, pf.headquarters, missing_ref::aspect::headquarters);
  if (hq == tri::yes) return tri::yes;
  if (pf.parent_headquarters == pf.headquarters) return hq;
  const tri parent = country_test(ctx, selector, party, pf.parent_headquarters,
                                  missing_ref::aspect::parent_headquarters);
  if (parent == tri::yes) return tri::yes;
  return hq == tri::unknown || parent == tri::unknown ? tri::unknown : tri::no;
}

std::size_t mark(const eval_context& ctx) { return ctx.missing ? ctx.missing->size() : 0; }

// A node whose outcome is decided drops the facts its subtrees recorded: only the facts an
// unknown outcome depends on are reported. Leaves record only when they are unknown.
tri decided(const eval_context& ctx, std::size_t at, tri t) {
  if (ctx.missing) ctx.missing->resize(at);
  return t;
}

tri evaluate_node(const condition& c, const eval_context& ctx) {
  switch (c.k) {
    case kind::always:
      return tri::yes;
    case kind::all_of: {
      const std::size_t at = mark(ctx);
      bool unknown = false;
      for (const auto& child : c.children) {
        const tri t = evaluate_node(child, ctx);
        if (t == tri::no) return decided(ctx, at, tri::no);
        if (t == tri::unknown) unknown = true;
      }
      return unknown ? tri::unknown : tri::yes;
    }
    case kind::any_of: {
      const std::size_t at = mark(ctx);
      bool unknown = false;
      for (const auto& child : c.children) {
        const tri t = evaluate_node(child, ctx);
        if (t == tri::yes) return decided(ctx, at, tri::yes);
        if (t == tri::unknown) unknown = true;
      }
      return unknown ? tri::unknown : tri::no;
    }
    case kind::not_:
      return c.children.empty() ? tri::no : tri_not(evaluate_node(c.children.front(), ctx));
    case kind::threshold:
      return threshold(c, ctx);
    case kind::datacenter:
      if (!ctx.item) return tri::unknown;
      if (!ctx.item->datacenter) {
        note_item_fact(ctx, fact::datacenter);
        return tri::unknown;
      }
      return from_bool(*ctx.item->datacenter == c.flag);
    case kind::hbm:
      if (!ctx.item) return tri::unknown;
      return from_bool(ctx.item->hbm == c.flag);
    case kind::us_available:
      if (!ctx.item) return tri::unknown;
      if (!ctx.item->us_available) {
        note_item_fact(ctx, fact::us_available);
        return tri::unknown;
      }
      return from_bool(*ctx.item->us_available == c.flag);
    case kind::eccn_in:
      if (!ctx.item) return tri::unknown;
      // A held item's ECCN is unknown (its classification already lists the missing facts),
      // unless its kind cannot have any of the listed ECCNs.
      if (!ctx.item->classified) return held_match(ctx.packs, ctx.item->hbm, c.strings, false);
      return list_match(ctx.item->eccn, c.strings);
    case kind::paragraph_in:
      if (!ctx.item) return tri::unknown;
      if (!ctx.item->classified) return held_match(ctx.packs, ctx.item->hbm, c.strings, true);
      return list_match(ctx.item->paragraph, c.strings);
    case kind::product_in:
      if (!ctx.item || !ctx.item->source) return tri::unknown;
      return from_bool(product_in(*ctx.item->source, c.strings));
    case kind::destination:
      if (!ctx.hop) return tri::unknown;
      return country_test(ctx, c.selector, ctx.hop->recipient,
                          ctx.hop->parties[static_cast<std::size_t>(ctx.hop->recipient)].located,
                          missing_ref::aspect::located);
    case kind::exporter_country:
      if (!ctx.hop) return tri::unknown;
      return country_test(ctx, c.selector, ctx.hop->sender,
                          ctx.hop->parties[static_cast<std::size_t>(ctx.hop->sender)].located,
                          missing_ref::aspect::located);
    case kind::any_party_hq: {
      // 15 CFR 742.6(a)(6)(iii)(A): any party downstream headquartered (or whose ultimate
      // parent is headquartered) in the set.
      if (!ctx.hop) return tri::unknown;
      const std::size_t at = mark(ctx);
      bool unknown = false;
      for (int p : ctx.hop->downstream) {
        const tri t = headquartered_in(ctx, c.selector, p);
        if (t == tri::yes) return decided(ctx, at, tri::yes);
        if (t == tri::unknown) unknown = true;
      }
      return unknown ? tri::unknown : tri::no;
    }
    case kind::any_party_located: {
      if (!ctx.hop) return tri::unknown;
      const std::size_t at = mark(ctx);
      bool unknown = false;
      for (int p : ctx.hop->downstream) {
        const tri t =
            country_test(ctx, c.selector, p, ctx.hop->parties[static_cast<std::size_t>(p)].located,
                         missing_ref::aspect::located);
        if (t == tri::yes) return decided(ctx, at, tri::yes);
        if (t == tri::unknown) unknown = true;
      }
      return unknown ? tri::unknown : tri::no;
    }
    case kind::all_parties_hq: {
      // Every downstream party located and headquartered (and its parent) in the set, e.g.
      // AIA's "located and headquartered in Tier 1" (15 CFR 740.27).
      if (!ctx.hop) return tri::unknown;
      const std::size_t at = mark(ctx);
      bool unknown = false;
      for (int p : ctx.hop->downstream) {
        const auto& pf = ctx.hop->parties[static_cast<std::size_t>(p)];
        const tri tests[] = {
            country_test(ctx, c.selector, p, pf.located, missing_ref::aspect::located),
            country_test(ctx, c.selector, p, pf.headquarters, missing_ref::aspect::headquarters),
            pf.parent_headquarters == pf.headquarters
                ? tri::yes
                : country_test(ctx, c.selector, p, pf.parent_headquarters,
                               missing_ref::aspect::parent_headquarters)};
        for (tri t : tests) {
          if (t == tri::no) return decided(ctx, at, tri::no);
          if (t == tri::unknown) unknown = true;
        }
      }
      return unknown ? tri::unknown : tri::yes;
    }
    case kind::hop_kind_in:
      if (!ctx.hop) return tri::unknown;
      return from_bool((c.hop_mask >> static_cast<unsigned>(ctx.hop->kind)) & 1U);
    case kind::path_party_role:
      if (!ctx.hop) return tri::unknown;
      for (int p : ctx.hop->path) {
        const auto role = ctx.hop->parties[static_cast<std::size_t>(p)].role;
        if ((c.role_mask >> static_cast<unsigned>(role)) & 1U) return tri::yes;
      }
      return tri::no;
  }
  return tri::unknown;
}

}  // namespace

std::string_view fact_name(fact f) {
  switch (f) {
    case fact::dense_tops:
      return "dense_tops";
    case fact::die_area_mm2:
      return "die_area_mm2";
    case fact::datacenter:
      return "datacenter";
    case fact::io_bandwidth_gbs:
      return "io_bandwidth_gbs";
    case fact::dram_bandwidth_gbs:
      return "dram_bandwidth_gbs";
    case fact::memory_bandwidth_density:
      return "memory_bandwidth_density";
    case fact::us_available:
      return "commercially_available_us_2026_01_15";
  }
  return "?";
}

std::optional<double> destination_licensed_tpp(const condition& c, const eval_context& ctx) {
  if (!ctx.hop || !ctx.hop->shipment_tpp) return std::nullopt;
  if (ctx.hop->licensed == nullptr) return *ctx.hop->shipment_tpp;  // no ledger: no records
  const auto recipient = static_cast<std::size_t>(ctx.hop->recipient);
  if (recipient >= ctx.hop->parties.size()) return std::nullopt;
  const country_code to = ctx.hop->parties[recipient].located_as_given;
  double sum = *ctx.hop->shipment_tpp;
  for (const licensed_tpp_record& r : *ctx.hop->licensed)
    if (r.year >= c.since_year && r.year <= ctx.on.year() && parse_country(r.country) == to)
      sum += r.tpp;
  return sum;
}

tri evaluate(const condition& c, const eval_context& ctx) {
  const std::size_t at = mark(ctx);
  const tri t = evaluate_node(c, ctx);
  return t == tri::unknown ? t : decided(ctx, at, t);
}

bool is_item_leaf(const condition& c) {
  switch (c.k) {
    case kind::threshold:
      // The one threshold over the whole shipment (LPP) is a path fact, not an item fact.
      return info(c.p).scope == param_scope::item;
    case kind::datacenter:
    case kind::hbm:
    case kind::us_available:
    case kind::eccn_in:
    case kind::paragraph_in:
    case kind::product_in:
      return true;
    default:
      return false;
  }
}

bool tests_item(const condition& c) {
  if (is_item_leaf(c)) return true;
  for (const auto& child : c.children) {
    if (tests_item(child)) return true;
  }
  return false;
}

bool uses_param(const condition& c, param p) {
  if (c.k == kind::threshold && c.p == p) return true;
  for (const auto& child : c.children) {
    if (uses_param(child, p)) return true;
  }
  return false;
}

bool eccn_matches(std::string_view pattern, std::string_view value) {
  if (value.size() < pattern.size() || value.substr(0, pattern.size()) != pattern) return false;
  return value.size() == pattern.size() || value[pattern.size()] == '.';
}

}  // namespace exportctl::detail
