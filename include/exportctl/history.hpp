// exportctl — export-control rules engine for AI chips.
// history.hpp: facts from the shipment ledger (docs/ledger.md) that a decision is made with. The
// ledger never rewrites a decision: it hands the engine these facts as a named input
// (check_options::facts); the decision's findings name them and its receipt records them, so
// `exportctl verify` replays the decision without the database. Standard library only.
#pragma once

#include <string>
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

/// What the ledger knew when the decision was made. Only the facts about this shipment are
/// handed over (the earlier releases of its serial numbers), so a receipt stays small.
struct ledger_facts {
  std::string source;                  ///< the ledger, e.g. "sqlite:exportctl-ledger.sqlite"
  std::vector<serial_record> serials;  ///< ordered by serial, date, order id
  [[nodiscard]] bool empty() const { return serials.empty(); }
};

}  // namespace exportctl
