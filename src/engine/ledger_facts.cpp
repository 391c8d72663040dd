// ledger_facts.cpp: what the engine takes from the ledger's facts (history.hpp) besides the
// serial red flags (red_flags.cpp): the ultimate consignee's year-to-date TPP.
#include "engine/evaluate.hpp"
#include "model/text.hpp"

namespace exportctl::detail {

ytd_tpp year_to_date_tpp(const check_context& cx, const party& last) {
  ytd_tpp y;
  y.given = last.consignee_ytd_tpp.has_value();
  y.tpp = last.consignee_ytd_tpp.value_or(0);
  if (cx.facts == nullptr) return y;
  y.from_ledger = true;
  // The LPP allowance counts the calendar year of the decision (90 FR 4544).
  const std::string key = end_user_key(last.name);
  for (const compute_record& r : cx.facts->compute) {
    if (r.year != cx.on.year() || r.country != last.country || end_user_key(r.end_user) != key)
      continue;
    y.record = &r;  // one record per end user, country and year
    if (r.tpp >= y.tpp) {
      y.tpp = r.tpp;
      y.used_ledger = true;
    }
    break;
  }
  return y;
}

}  // namespace exportctl::detail
