// ledger_diag.hpp: the ledger's diagnostics (EXC-E91xx, docs/diagnostics.md). A database failure
// is data for the front ends, named after the database (its URL without a password), never an
// exception.
#pragma once

#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "ledger/sql.hpp"
#include "model/diag_codes.hpp"

namespace exportctl::detail {

[[nodiscard]] inline diagnostic ledger_error(diag_code code, std::string message,
                                             const std::string& where, std::string help = {}) {
  diagnostic d;
  d.code = std::string(code.text());
  d.message = std::move(message);
  d.file = where;
  d.help = std::move(help);
  return d;
}

/// A failed statement as a diagnostic: busy (EXC-E9105), not a database (EXC-E9102), can't
/// connect (EXC-E9101), anything else (EXC-E9106).
[[nodiscard]] diagnostic sql_diagnostic(const sql_status& s, const std::string& where);

}  // namespace exportctl::detail
