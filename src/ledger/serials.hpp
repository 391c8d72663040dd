// serials.hpp: serial numbers in the ledger (docs/ledger.md, "Serial numbers"). A released
// order's serials are recorded per end user; before a release, the earlier releases of its
// serials become the engine's facts (history.hpp), read under the release's write lock so two
// releases of one serial cannot both miss each other.
#pragma once

#include <string>
#include <vector>

#include "exportctl/ledger.hpp"
#include "ledger/sql.hpp"

namespace exportctl::detail {

/// The shipment's serial numbers (contained items' too), sorted, each once.
[[nodiscard]] std::vector<std::string> shipment_serials(const shipment& s);

/// The earlier releases of `serials` by other orders than `order_id`, as facts.
[[nodiscard]] sql_status load_serial_facts(sql_connection& db,
                                           const std::vector<std::string>& serials,
                                           const std::string& order_id, ledger_facts* out);

/// Records a released order's serials, once per end user of the shipment. The order has no
/// rows: forget_serials() removed those of an earlier release first.
[[nodiscard]] sql_status record_serials(sql_connection& db, const std::string& order_id,
                                        const shipment& s, const decision& d,
                                        const std::vector<std::string>& serials);

/// Removes an order's serials (a cancelled order never shipped).
[[nodiscard]] sql_status forget_serials(sql_connection& db, const std::string& order_id);

/// Every release of one serial, oldest first, with its order's state.
[[nodiscard]] sql_status serial_history(sql_connection& db, const std::string& serial,
                                        std::vector<serial_use>* out);

}  // namespace exportctl::detail
