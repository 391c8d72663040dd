// ownership.hpp: the Affiliates (50%) rule (90 FR 47201; 15 CFR 744.11 extended to affiliates)
// over the owners of a shipment's parties. Per check, walk_ownership() screens every owner,
// walks the ownership graph (src/graph/ownership_graph.hpp) and leaves per party what its owners
// make of it; apply_affiliates(), called where the Entity List is applied to an item on a hop
// (requirements.cpp), turns that into the hop's outcome and one finding per party.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/list_screening.hpp"
#include "exportctl/decision.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

struct check_context;
struct item_hop_outcome;

/// What the owners of one party make of it on the check's date.
struct affiliate_hit {
  /// The Affiliates-rule state of the date that decides (null: the rule is not in force, or the
  /// party's owners do not matter).
  const affiliates_window* window = nullptr;
  /// The entry whose restriction flows down (most restrictive review policy among the listed
  /// owners); -1 when the party is not restricted but held (unknown share, cycle, depth).
  int entry = -1;
  outcome effect = outcome::no_license_required;
  std::string message;    ///< the finding: the ownership paths with their percentages
  std::string conflict;   ///< majority owner vs stated ultimate_parent_headquarters, or empty
  bool reported = false;  ///< its finding exists
};

/// Screens the owners and walks the ownership graph; fills cx.affiliates (empty when no party
/// has owners).
void walk_ownership(check_context& cx);

/// Party `p` is downstream of a hop: applies what its owners make of it to `r`. Returns whether
/// a restriction (licence required, no licence exceptions) applies.
bool apply_affiliates(check_context& cx, int p, item_hop_outcome& r);

/// Whether an owner is listed, and by which entry (unified numbering, list_screening.hpp, in
/// force on the check's date, or -1), else why it cannot be shown clear. `party` is the owner's
/// party index when it is a party of the shipment (its screening is the party's), else -1. The
/// one place owners meet screening.
[[nodiscard]] owner_screening owner_listing(const check_context& cx, std::string_view name,
                                            std::string_view country, int party);

}  // namespace exportctl::detail
