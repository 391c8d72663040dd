// supplied_facts.cpp: the missing facts a reviewer supplied (history.hpp, supplied_fact) put into
// a copy of the shipment before it is decided. A supplied fact fills only what the shipment
// does not state, and only when a pack reports its use (red flag kind review_supplied_fact):
// a fact nobody sees being used would be a silent rewrite of the shipment. The engine does this,
// not the ledger, so `exportctl verify` replays a release from its receipt alone.
#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "engine/evaluate.hpp"
#include "exportctl/shipment_schema.hpp"

namespace exportctl::detail {
namespace {

bool reported(const engine_state& st, date on) {
  const auto& flags = st.packs->red_flags;
  return std::any_of(flags.begin(), flags.end(), [&](const red_flag_rule& r) {
    return r.k == red_flag_rule::kind::review_supplied_fact && r.meta.valid.contains(on);
  });
}

// Puts `f` into the item's specs; the reason it cannot otherwise.
std::string supply_item(shipment& s, const supplied_fact& f) {
  if (f.item < 1 || static_cast<std::size_t>(f.item) > s.items.size())
    return fmt::format("the shipment has no item {}", f.item);
  item& it = s.items[static_cast<std::size_t>(f.item - 1)];
  if (!it.contains.empty())
    return "the item is a computer or assembly: its facts are its parts', in the shipment";
  if (!it.specs) it.specs.emplace();
  for (const auto& field : schema::specs_fields) {
    if (field.name != f.fact) continue;
    if (const auto* m = std::get_if<std::optional<double> chip_specs::*>(&field.stored)) {
      const auto* x = std::get_if<double>(&f.value);
      if (x == nullptr) return "the value is not a number";
      if (((*it.specs).*(*m)).has_value()) return "the shipment states it";
      (*it.specs).*(*m) = *x;
      return {};
    }
    if (const auto* m = std::get_if<std::optional<bool> chip_specs::*>(&field.stored)) {
      const auto* b = std::get_if<bool>(&f.value);
      if (b == nullptr) return "the value is not true or false";
      if (((*it.specs).*(*m)).has_value()) return "the shipment states it";
      (*it.specs).*(*m) = *b;
      return {};
    }
  }
  return fmt::format("`{}` is not a fact a review supplies", f.fact);
}

std::string supply_party(shipment& s, const supplied_fact& f) {
  const auto p = std::find_if(s.parties.begin(), s.parties.end(),
                              [&](const party& x) { return x.id == f.party; });
  if (p == s.parties.end()) return fmt::format("the shipment has no party `{}`", f.party);
  const auto* code = std::get_if<std::string>(&f.value);
  if (code == nullptr) return "the value is not a country code";
  using schema::party_key::headquarters;
  using schema::party_key::ultimate_parent_headquarters;
  std::string* to = nullptr;
  if (f.fact == schema::party_fields[headquarters].name) to = &p->headquarters;
  if (f.fact == schema::party_fields[ultimate_parent_headquarters].name)
    to = &p->ultimate_parent_headquarters;
  if (to == nullptr) return fmt::format("`{}` is not a fact a review supplies", f.fact);
  if (!to->empty()) return "the shipment states it";
  *to = *code;
  return {};
}

}  // namespace

bool has_supplies(const ledger_facts& facts) {
  return std::any_of(facts.reviews.begin(), facts.reviews.end(),
                     [](const review_record& r) { return !r.supplies.empty(); });
}

std::vector<supply_note> apply_supplies(const engine_state& st, shipment& s, date on,
                                        const ledger_facts& facts) {
  std::vector<supply_note> out;
  const bool shown = reported(st, on);
  for (const review_record& r : facts.reviews) {
    for (const supplied_fact& f : r.supplies) {
      supply_note n{&r, &f, false, {}};
      const auto earlier = std::find_if(out.begin(), out.end(), [&](const supply_note& x) {
        return x.applied && x.fact->item == f.item && x.fact->party == f.party &&
               x.fact->fact == f.fact;
      });
      if (!shown) {
        n.why_not = "no rule pack in force reports a supplied fact";
      } else if (earlier != out.end()) {
        n.why_not = "an earlier review supplied it";
      } else {
        n.why_not = f.item > 0 ? supply_item(s, f) : supply_party(s, f);
        n.applied = n.why_not.empty();
      }
      out.push_back(std::move(n));
    }
  }
  return out;
}

std::string describe_supply(const supply_note& n) {
  const supplied_fact& f = *n.fact;
  std::string value;
  if (const auto* x = std::get_if<double>(&f.value)) {
    value = fmt::format("{}", *x);
  } else if (const auto* b = std::get_if<bool>(&f.value)) {
    value = *b ? "true" : "false";
  } else {
    value = std::get<std::string>(f.value);
  }
  const std::string what = f.item > 0 ? fmt::format("item {}: {} = {}", f.item, f.fact, value)
                                      : fmt::format("party {}: {} = {}", f.party, f.fact, value);
  const review_record& r = *n.review;
  if (n.applied)
    return fmt::format("{} supplied by {} on {} (ledger review of order `{}`): {}", what,
                       r.reviewer, r.at, r.order_id, r.reason);
  return fmt::format("{} from {}'s review of {} not used: {}", what, r.reviewer, r.at, n.why_not);
}

}  // namespace exportctl::detail
