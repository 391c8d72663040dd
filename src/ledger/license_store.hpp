// license_store.hpp: licences in the ledger's tables. A licence's terms are stored as one
// canonical JSON body (what was added, byte for byte in the journal); its quantities are columns,
// updated under the release transaction's lock.
#pragma once

#include <string>
#include <vector>

#include "exportctl/ledger.hpp"
#include "ledger/sql.hpp"

namespace exportctl::detail {

/// The terms as canonical JSON (keys in declaration order of `license`; empty lists omitted).
[[nodiscard]] std::string license_body(const license& l);
/// Back from license_body(); false when the stored body is not one (a damaged row).
[[nodiscard]] bool parse_license_body(const std::string& body, license* out);

/// Every licence with its quantities, ordered by valid_to then number (releases draw on the
/// licence that expires first). With `lock`, the rows are locked for update (PostgreSQL).
[[nodiscard]] sql_status load_licenses(sql_connection& db, bool lock,
                                       std::vector<license_state>* out);

}  // namespace exportctl::detail
