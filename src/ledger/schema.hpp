// schema.hpp: the ledger's tables and their migrations (docs/ledger.md, "Data model"). The
// version table `ledger_schema` holds the version the tables are at; `ledger init` applies the
// migrations after it, each in one transaction with its version bump.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "ledger/sql.hpp"

namespace exportctl::detail {

/// The schema version this build writes.
[[nodiscard]] std::int64_t ledger_schema_version();

/// Creates or upgrades the tables. Refuses a database with tables that are not a ledger's, or a
/// ledger newer than this build.
[[nodiscard]] std::vector<diagnostic> migrate_ledger(sql_connection& db);

/// Checks that `db` is a ledger at this build's version: not initialized (EXC-E9103), a foreign
/// database (EXC-E9102) and a newer or older schema (EXC-E9104) are errors.
[[nodiscard]] std::vector<diagnostic> check_ledger_schema(sql_connection& db);

}  // namespace exportctl::detail
