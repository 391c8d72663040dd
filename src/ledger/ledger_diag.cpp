// ledger_diag.cpp: database failures as diagnostics (ledger_diag.hpp).
#include "ledger/ledger_diag.hpp"

namespace exportctl::detail {

diagnostic sql_diagnostic(const sql_status& s, const std::string& where) {
  switch (s.kind) {
    case sql_error_kind::busy:
      return ledger_error("EXC-E9105", "the ledger database is locked: " + s.message, where,
                          "another process holds it past the busy timeout; nothing was "
                          "recorded, retry");
    case sql_error_kind::not_a_database:
      return ledger_error("EXC-E9102", "not a ledger database: " + s.message, where);
    case sql_error_kind::connection:
      return ledger_error("EXC-E9101", "cannot open the ledger database: " + s.message, where);
    default:
      return ledger_error("EXC-E9106", "ledger database error: " + s.message, where,
                          "nothing was recorded");
  }
}

}  // namespace exportctl::detail
