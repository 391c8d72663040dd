// review.cpp: licence review policies (15 CFR 742.6(b)). When a licence is required, the rules
// that apply are collected, those superseded by an applying rule are dropped (the 2026
// case-by-case path for exports from the United States replaces the denial policy, 91 FR 1684),
// and the strictest remaining policy is reported.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "engine/evaluate.hpp"

namespace exportctl::detail {

review_policy review(check_context& cx, int k, const hop_facts& hop) {
  const auto& rules = cx.packs.review_policies;
  const std::size_t n = rules.size();
  if (n == 0) return review_policy::none;
  auto& state = cx.review_state;
  auto& superseded = cx.superseded;
  state.assign(n, 0);
  superseded.assign(n, 0);

  for (const std::uint32_t i : cx.candidates(k).review_policies) {
    // Review policies report no missing facts: an undecidable one only stays in the running.
    const tri t = cx.test(cx.st.plan.review_policies[i], rules[i].when, k, &hop, false);
    state[i] = t == tri::yes ? 1 : t == tri::unknown ? 2 : 0;
  }
  // Only a rule that definitely applies supersedes others. A rule that may apply keeps its
  // policy in the running (so an undecidable stricter policy is not silently dropped).
  for (std::size_t i = 0; i < n; ++i) {
    if (state[i] != 1) continue;
    for (int j : cx.st.supersedes[i]) superseded[static_cast<std::size_t>(j)] = 1;
  }
  review_policy best = review_policy::none;
  for (std::size_t i = 0; i < n; ++i) {
    if (state[i] && !superseded[i]) best = std::max(best, rules[i].policy);
  }
  if (best == review_policy::none) return best;

  const std::optional<int> line = k + 1;
  const std::string& recipient = cx.party_at(hop.recipient).id;
  for (std::size_t i = 0; i < n; ++i) {
    if (!state[i] || superseded[i] || rules[i].policy != best) continue;
    const review_rule& rule = rules[i];
    cx.findings.add(finding_kind::review_policy, rule.meta, line, outcome::license_required,
                    recipient, [&](finding_set::record& f) {
                      f.composed = true;
                      std::string& msg = f.text;
                      msg += rule.meta.message;
                      msg += " (";
                      msg += to_string(rule.policy);
                      msg += ')';
                      const char* sep = "; supersedes ";
                      for (int j : cx.st.supersedes[i]) {
                        if (!state[static_cast<std::size_t>(j)]) continue;
                        msg += sep;
                        msg += rules[static_cast<std::size_t>(j)].meta.id;
                        sep = ", ";
                      }
                      if (state[i] == 2) msg += "; may apply: the facts to rule it out are missing";
                    });
  }
  // A rule that would replace stricter policies (the 91 FR 1684 path) but cannot be decided is
  // not applied: the stricter policy stands, and the decision names the facts it lacks.
  for (std::size_t i = 0; i < n; ++i) {
    if (state[i] != 2 || cx.st.supersedes[i].empty()) continue;
    if (!superseded[i] && rules[i].policy == best) continue;  // reported above as "may apply"
    const review_rule& rule = rules[i];
    const std::size_t mark = cx.missing.size();
    (void)cx.test(cx.st.plan.review_policies[i], rule.when, k, &hop, true);
    const std::string needs = take_missing(cx, mark);
    // Nothing recorded: the item's classification is what is unknown, and it already lists the
    // facts it needs.
    if (needs.empty()) continue;
    cx.findings.add(finding_kind::missing_fact, rule.meta, line, outcome::license_required,
                    recipient, [&](finding_set::record& f) {
                      f.composed = true;
                      fmt::format_to(std::back_inserter(f.text),
                                     "{}: not applied, the stricter policy stands: cannot decide "
                                     "without {}",
                                     rule.meta.message, needs);
                    });
  }
  return best;
}

}  // namespace exportctl::detail
