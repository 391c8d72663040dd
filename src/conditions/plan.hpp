// plan.hpp: the `when` trees of the per-hop rules (requirements, exceptions, review
// policies, information) compiled once at load into conjunctive normal form over numbered
// leaves. A leaf tests either the item (ECCN, thresholds, datacenter, ...) or the hop
// (destination, headquarters, hop kind, ...), never both, so a check answers each leaf once per
// item (for catalog products: once at load) or once per hop, and a rule is then a few mask
// operations instead of a tree walk.
//
// Strong Kleene logic obeys De Morgan's laws and distributivity, so the normal form has the
// tree's three-valued answer. When that answer is unknown, the caller evaluates the tree itself
// (evaluate()), which records the missing facts exactly as before; a decided tree records none.
#pragma once

#include <cstdint>
#include <vector>

#include "conditions/evaluate.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

/// Answers of leaves as bit masks (bit i: leaf i); a leaf in neither mask is unknown.
struct leaf_answers {
  std::uint64_t yes = 0;
  std::uint64_t no = 0;
};

/// A disjunction of literals: leaves that must be yes (`pos`) or no (`neg`).
struct plan_clause {
  std::uint64_t item_pos = 0, item_neg = 0;
  std::uint64_t hop_pos = 0, hop_neg = 0;
};

/// One rule's condition: the conjunction of clauses[first .. first + count).
struct rule_plan {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint64_t hop_leaves = 0;  ///< the hop leaves the clauses test
  /// false when the tree has more distinct leaves than a mask holds or its normal form would be
  /// too large: the tree is then evaluated directly.
  bool compiled = false;
};

/// Every per-hop rule's condition in normal form.
struct condition_plan {
  std::vector<plan_clause> clauses;
  /// Distinct leaves (structurally equal leaves of different rules share one index), at most
  /// 64 of each kind.
  std::vector<const condition*> item_leaves;
  std::vector<const condition*> hop_leaves;
  /// By the rule's index in its compiled_packs table.
  std::vector<rule_plan> requirements, exceptions, review_policies, information;
};

/// The rules that may hold for one item on a date: those in force whose condition is not `no`
/// with every hop fact unknown. Strong Kleene logic is monotone, so a rule that is `no` then is
/// `no` on every hop and is never evaluated there. Indices into the compiled_packs tables, in
/// table order.
struct rule_candidates {
  std::vector<std::uint32_t> requirements;
  std::vector<std::uint8_t> exceptions;  ///< per licence exception: 1 if it may hold
  std::vector<std::uint32_t> review_policies;
  std::uint64_t hop_leaves = 0;  ///< the hop leaves these rules test (answered once per hop)
};

/// Compiles the conditions of `packs` (which must outlive the plan).
[[nodiscard]] condition_plan make_condition_plan(const compiled_packs& packs);

/// Answers every item leaf for ctx.item (nothing when it is null). Records no missing facts.
[[nodiscard]] leaf_answers answer_item_leaves(const condition_plan& plan, const eval_context& ctx);

/// Answers the hop leaves in `need` that are not in `known` yet for ctx.hop, adding them to
/// `answers` and `known`. Records no missing facts.
void answer_hop_leaves(const condition_plan& plan, const eval_context& ctx, std::uint64_t need,
                       leaf_answers& answers, std::uint64_t& known);

/// The candidates for the item ctx.item (whose leaves answer `item`) on ctx.on.
void find_candidates(const condition_plan& plan, const compiled_packs& packs,
                     const eval_context& ctx, const leaf_answers& item, rule_candidates& out);

/// The three-valued answer of a compiled rule given its leaves' answers.
[[nodiscard]] inline tri plan_value(const condition_plan& plan, const rule_plan& rule,
                                    const leaf_answers& item, const leaf_answers& hop) {
  bool unknown = false;
  for (std::uint32_t i = rule.first; i < rule.first + rule.count; ++i) {
    const plan_clause& c = plan.clauses[i];
    // A clause holds when one literal holds; it fails when every literal fails.
    if ((c.item_pos & item.yes) | (c.item_neg & item.no) | (c.hop_pos & hop.yes) |
        (c.hop_neg & hop.no)) {
      continue;
    }
    if ((c.item_pos & ~item.no) | (c.item_neg & ~item.yes) | (c.hop_pos & ~hop.no) |
        (c.hop_neg & ~hop.yes)) {
      unknown = true;
    } else {
      return tri::no;
    }
  }
  return unknown ? tri::unknown : tri::yes;
}

}  // namespace exportctl::detail
