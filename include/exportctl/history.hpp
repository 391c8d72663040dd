// exportctl — export-control rules engine for AI chips.
// history.hpp: facts from the shipment ledger (docs/ledger.md) that a decision is made with. The
// ledger never rewrites a decision: it hands the engine these facts as a named input
// (check_options::facts); the decision's findings name them and its receipt records them, so
// `exportctl verify` replays the decision without the database. Standard library only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "exportctl/date.hpp"

namespace exportctl {

/// One earlier release of a serial number, to one end user.
struct serial_record {
  std::string serial;
  std::string order_id;
  std::string shipment;  ///< the shipment id of that order
  date on;               ///< the date that release was decided for
  std::string end_user;  ///< the end user's name in that shipment
  std::string country;   ///< the end user's country (ISO 3166-1 alpha-2, as given)
};

/// TPP the ledger's released and committed orders send to one end user in one calendar year
/// (AI Diffusion's low-processing-performance allowance counts it, 90 FR 4544). A released
/// order counts before it is committed: it may ship at any moment, and two releases must not
/// both fit under one cap (docs/ledger.md).
struct compute_record {
  std::string end_user;  ///< the end user's name, as in the shipments
  std::string country;   ///< its country (ISO 3166-1 alpha-2, as given)
  int year = 0;
  double tpp = 0;          ///< Σ quantity × TPP over the orders' items with an ECCN
  std::size_t orders = 0;  ///< how many orders that is
};

/// TPP the ledger's released and committed orders sent under a licence to one country in one
/// calendar year (the AI Diffusion scenario's Tier 2 country allocation counts licensed
/// exports, 90 FR 4544; LPP shipments, which need no licence, do not count). The end users'
/// countries of each order count its licensed items' TPP once each.
struct licensed_tpp_record {
  std::string country;  ///< ISO 3166-1 alpha-2, as the shipments give it
  int year = 0;
  double tpp = 0;          ///< Σ quantity × TPP over the orders' items that needed a licence
  std::size_t orders = 0;  ///< how many orders that is
};

/// A possible screening match a reviewer cleared: the list source and entry (as the hold's
/// missing fact names them) for a party of that name and country (docs/screening.md, reviewed
/// matches). It clears only a possible match: never a listing, never a licence requirement.
struct reviewed_clearance {
  std::string source;   ///< e.g. "Entity List", "OFAC SDN"
  std::string entry;    ///< the entry's id in that list
  std::string name;     ///< the party's name, as in the shipment
  std::string country;  ///< the party's country, as in the shipment
};

/// A fact the hold asked for, supplied by a reviewer (`supply:` in the review file): a spec of
/// an item line (`die_area_mm2`, `tpp`, `datacenter`, ...) or a party's `headquarters` /
/// `ultimate_parent_headquarters`, under its key in the shipment format. It fills only what
/// the shipment does not state: a stated fact is never overridden (docs/ledger.md).
struct supplied_fact {
  int item = 0;       ///< the item line, 1-based (as "item N: ..." names it); 0 for a party
  std::string party;  ///< the party's id, for a party's fact
  std::string fact;   ///< the key, as in the shipment format
  /// A number (numeric specs), true/false (boolean specs) or a country code (headquarters).
  std::variant<double, bool, std::string> value;
  friend bool operator==(const supplied_fact&, const supplied_fact&) = default;
};

/// A reviewer's resolution of an order's hold (`exportctl ledger resolve`).
struct review_record {
  std::string order_id;
  std::string reviewer;
  std::string at;  ///< UTC, ISO 8601
  std::string reason;
  std::vector<reviewed_clearance> clears;
  std::vector<supplied_fact> supplies;  ///< missing facts supplied (none: only clearances)
};

/// What the ledger knew when the decision was made. Only the facts about this shipment are
/// handed over (the earlier releases of its serial numbers), so a receipt stays small.
struct ledger_facts {
  std::string source;                  ///< the ledger, e.g. "sqlite:exportctl-ledger.sqlite"
  std::vector<serial_record> serials;  ///< ordered by serial, date, order id
  /// This year's released and committed TPP per end user of the shipment (none: nothing).
  /// With facts, the ledger's figure replaces a shipment's `consignee_ytd_tpp` when larger.
  std::vector<compute_record> compute;
  /// Resolutions of this order's holds, oldest first.
  std::vector<review_record> reviews;
  /// TPP released under a licence, per country of the shipment's parties and year (all years
  /// the ledger has; a condition counts the years it names).
  std::vector<licensed_tpp_record> licensed;
  [[nodiscard]] bool empty() const {
    return serials.empty() && compute.empty() && reviews.empty() && licensed.empty();
  }
};

/// One licence a release drew on, for one item.
struct license_use {
  std::string number;
  int item = 0;  ///< 1-based item line
  std::int64_t units = 0;
  std::optional<double> tpp;   ///< TPP drawn, when the licence depletes in TPP
  std::int64_t remaining = 0;  ///< units left on the licence after this release
  std::optional<double> remaining_tpp;
  friend bool operator==(const license_use&, const license_use&) = default;
};

/// An item no licence covers (or none with quantity left), and why.
struct blocked_item {
  int item = 0;
  std::string reason;
  friend bool operator==(const blocked_item&, const blocked_item&) = default;
};

/// What a release did with its decision: the receipt of a release records it after
/// `ledger_facts` (member `release`), and `exportctl verify` checks it against the decision made
/// again: a held release for a held decision, a licence for each item that needs one and for no
/// other, covering the item's whole quantity, and a blocked release only where a licence is
/// needed and none was drawn on.
struct release_record {
  std::string state;                  ///< released, blocked, held
  std::vector<license_use> licenses;  ///< each licence drawn on, item by item
  std::vector<blocked_item> blocked;  ///< each item no licence covered, and why
};

}  // namespace exportctl
