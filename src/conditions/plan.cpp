// plan.cpp: `when` trees to conjunctive normal form; leaf answers as masks.
#include "conditions/plan.hpp"

#include <bit>
#include <optional>

#include "conditions/evaluate.hpp"

namespace exportctl::detail {
namespace {

using kind = condition::kind;
using cnf = std::vector<plan_clause>;  // a conjunction; empty = yes, one empty clause = no

constexpr std::size_t max_leaves = 64;   // one mask word
constexpr std::size_t max_clauses = 64;  // beyond this the tree is evaluated directly

// Leaves that evaluate() answers alike in every context.
bool same_leaf(const condition& a, const condition& b) {
  return a.k == b.k && a.p == b.p && a.op == b.op && a.value == b.value && a.flag == b.flag &&
         a.strings == b.strings && a.hop_mask == b.hop_mask && a.role_mask == b.role_mask &&
         a.selector == b.selector;
}

std::optional<std::size_t> leaf_index(std::vector<const condition*>& leaves, const condition& c) {
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    if (same_leaf(*leaves[i], c)) return i;
  }
  if (leaves.size() == max_leaves) return std::nullopt;
  leaves.push_back(&c);
  return leaves.size() - 1;
}

// Disjunction of two normal forms: every clause of one joined with every clause of the other
// (distributivity).
std::optional<cnf> either(const cnf& a, const cnf& b) {
  if (a.size() * b.size() > max_clauses) return std::nullopt;
  cnf out;
  out.reserve(a.size() * b.size());
  for (const auto& x : a) {
    for (const auto& y : b) {
      out.push_back({x.item_pos | y.item_pos, x.item_neg | y.item_neg, x.hop_pos | y.hop_pos,
                     x.hop_neg | y.hop_neg});
    }
  }
  return out;
}

// The normal form of `c` (negated: of `not c`), with negations pushed to the leaves (De Morgan).
std::optional<cnf> normal_form(condition_plan& plan, const condition& c, bool negated) {
  const cnf yes;
  const cnf no(1);
  switch (c.k) {
    case kind::always:
      return negated ? no : yes;
    case kind::all_of:
    case kind::any_of: {
      // all_of is a conjunction, any_of a disjunction; negation swaps them.
      const bool conjunction = (c.k == kind::all_of) != negated;
      cnf out = conjunction ? yes : no;
      for (const auto& child : c.children) {
        auto f = normal_form(plan, child, negated);
        if (!f) return std::nullopt;
        if (conjunction) {
          out.insert(out.end(), f->begin(), f->end());
          if (out.size() > max_clauses) return std::nullopt;
        } else {
          auto joined = either(out, *f);
          if (!joined) return std::nullopt;
          out = std::move(*joined);
        }
      }
      return out;
    }
    case kind::not_:
      // evaluate() negates the first operand only, and a `not` without one is no.
      if (c.children.empty()) return negated ? yes : no;
      return normal_form(plan, c.children.front(), !negated);
    default: {
      const bool item = is_item_leaf(c);
      const auto index = leaf_index(item ? plan.item_leaves : plan.hop_leaves, c);
      if (!index) return std::nullopt;
      const std::uint64_t bit = std::uint64_t{1} << *index;
      plan_clause literal;
      (item ? (negated ? literal.item_neg : literal.item_pos)
            : (negated ? literal.hop_neg : literal.hop_pos)) = bit;
      return cnf{literal};
    }
  }
}

template <class Rule>
std::vector<rule_plan> compile_all(condition_plan& plan, const std::vector<Rule>& rules) {
  std::vector<rule_plan> out;
  out.reserve(rules.size());
  for (const auto& r : rules) {
    rule_plan rp;
    if (auto f = normal_form(plan, r.when, false)) {
      rp.compiled = true;
      rp.first = static_cast<std::uint32_t>(plan.clauses.size());
      rp.count = static_cast<std::uint32_t>(f->size());
      for (const auto& c : *f) rp.hop_leaves |= c.hop_pos | c.hop_neg;
      plan.clauses.insert(plan.clauses.end(), f->begin(), f->end());
    }
    out.push_back(rp);
  }
  return out;
}

// Membership of `code` in a selector's set on the evaluation date, as conditions.cpp tests it
// (a code outside the sets' range is in neither).
inline tri member(const eval_context& ctx, int selector, country_code code) {
  const country_bits*& bits = ctx.selector_bits[selector];
  if (!bits) bits = &ctx.packs->selectors[static_cast<std::size_t>(selector)].sets.at(ctx.on);
  if (code >= country_slots) return tri::no;
  if (bits->confirmed[code]) return tri::yes;
  return bits->unconfirmed[code] ? tri::unknown : tri::no;
}

// Kleene OR over a party's headquarters and its ultimate parent's headquarters.
tri headquartered_in(const eval_context& ctx, int selector, const party_facts& pf) {
  const tri hq = member(ctx, selector, pf.headquarters);
  if (hq == tri::yes || pf.parent_headquarters == pf.headquarters) return hq;
  const tri parent = member(ctx, selector, pf.parent_headquarters);
  if (parent == tri::yes) return tri::yes;
  return hq == tri::unknown || parent == tri::unknown ? tri::unknown : tri::no;
}

// The answer of evaluate() for a hop leaf, without recording missing facts. The leaves every
// rule tests (countries of the hop's parties, hop kinds) are answered here directly, from the
// selectors' member sets; the others through evaluate().
tri hop_answer(const condition& c, const eval_context& ctx) {
  if (!ctx.selector_bits) return evaluate(c, ctx);
  const hop_facts& hop = *ctx.hop;
  const auto party = [&hop](int p) -> const party_facts& {
    return hop.parties[static_cast<std::size_t>(p)];
  };
  switch (c.k) {
    case kind::destination:
      return member(ctx, c.selector, party(hop.recipient).located);
    case kind::exporter_country:
      return member(ctx, c.selector, party(hop.sender).located);
    case kind::hop_kind_in:
      return ((c.hop_mask >> static_cast<unsigned>(hop.kind)) & 1U) ? tri::yes : tri::no;
    case kind::any_party_hq:
    case kind::any_party_located: {
      bool unknown = false;
      for (int p : hop.downstream) {
        const tri t = c.k == kind::any_party_hq ? headquartered_in(ctx, c.selector, party(p))
                                                : member(ctx, c.selector, party(p).located);
        if (t == tri::yes) return t;
        if (t == tri::unknown) unknown = true;
      }
      return unknown ? tri::unknown : tri::no;
    }
    case kind::all_parties_hq: {
      bool unknown = false;
      for (int p : hop.downstream) {
        const party_facts& pf = party(p);
        const tri tests[] = {member(ctx, c.selector, pf.located),
                             member(ctx, c.selector, pf.headquarters),
                             pf.parent_headquarters == pf.headquarters
                                 ? tri::yes
                                 : member(ctx, c.selector, pf.parent_headquarters)};
        for (tri t : tests) {
          if (t == tri::no) return t;
          if (t == tri::unknown) unknown = true;
        }
      }
      return unknown ? tri::unknown : tri::yes;
    }
    default:
      return evaluate(c, ctx);
  }
}

// Whether rule `r` may hold for the item with every hop fact unknown.
template <class Rule>
bool may_hold(const condition_plan& plan, const rule_plan& rp, const Rule& r,
              const eval_context& ctx, const leaf_answers& item) {
  if (!r.meta.valid.contains(ctx.on)) return false;
  if (rp.compiled) return plan_value(plan, rp, item, {}) != tri::no;
  return evaluate(r.when, ctx) != tri::no;
}

void set_answer(leaf_answers& a, std::uint64_t bit, tri t) {
  if (t == tri::yes) a.yes |= bit;
  if (t == tri::no) a.no |= bit;
}

}  // namespace

condition_plan make_condition_plan(const compiled_packs& packs) {
  condition_plan plan;
  plan.requirements = compile_all(plan, packs.requirements);
  plan.exceptions = compile_all(plan, packs.exceptions);
  plan.review_policies = compile_all(plan, packs.review_policies);
  plan.information = compile_all(plan, packs.information);
  return plan;
}

void find_candidates(const condition_plan& plan, const compiled_packs& packs,
                     const eval_context& ctx, const leaf_answers& item, rule_candidates& out) {
  eval_context quiet = ctx;
  quiet.hop = nullptr;
  quiet.missing = nullptr;
  out.hop_leaves = 0;
  out.requirements.clear();
  for (std::size_t r = 0; r < packs.requirements.size(); ++r) {
    if (may_hold(plan, plan.requirements[r], packs.requirements[r], quiet, item)) {
      out.requirements.push_back(static_cast<std::uint32_t>(r));
      out.hop_leaves |= plan.requirements[r].hop_leaves;
    }
  }
  out.exceptions.assign(packs.exceptions.size(), 0);
  for (std::size_t e = 0; e < packs.exceptions.size(); ++e) {
    out.exceptions[e] = may_hold(plan, plan.exceptions[e], packs.exceptions[e], quiet, item);
    if (out.exceptions[e]) out.hop_leaves |= plan.exceptions[e].hop_leaves;
  }
  out.review_policies.clear();
  for (std::size_t r = 0; r < packs.review_policies.size(); ++r) {
    if (may_hold(plan, plan.review_policies[r], packs.review_policies[r], quiet, item)) {
      out.review_policies.push_back(static_cast<std::uint32_t>(r));
      out.hop_leaves |= plan.review_policies[r].hop_leaves;
    }
  }
}

leaf_answers answer_item_leaves(const condition_plan& plan, const eval_context& ctx) {
  leaf_answers out;
  if (!ctx.item) return out;
  eval_context quiet = ctx;
  quiet.missing = nullptr;
  for (std::size_t i = 0; i < plan.item_leaves.size(); ++i) {
    set_answer(out, std::uint64_t{1} << i, evaluate(*plan.item_leaves[i], quiet));
  }
  return out;
}

void answer_hop_leaves(const condition_plan& plan, const eval_context& ctx, std::uint64_t need,
                       leaf_answers& answers, std::uint64_t& known) {
  const std::size_t n = plan.hop_leaves.size();
  need &= ~known & (n >= max_leaves ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1);
  if (!need || !ctx.hop) return;
  eval_context quiet = ctx;
  quiet.missing = nullptr;
  known |= need;
  while (need) {
    const int i = std::countr_zero(need);
    const std::uint64_t bit = std::uint64_t{1} << i;
    need &= ~bit;
    set_answer(answers, bit, hop_answer(*plan.hop_leaves[static_cast<std::size_t>(i)], quiet));
  }
}

}  // namespace exportctl::detail
