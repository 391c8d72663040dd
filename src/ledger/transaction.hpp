// transaction.hpp: one write transaction with retries. A busy database (another writer past the
// busy timeout) or a serialization failure rolls back and runs the whole body again, a bounded
// number of times; any other failure rolls back and is returned. The body never commits: it
// returns ok to commit, or a failure to roll back (`abandon` rolls back without an error, for a
// body that found nothing to write).
#pragma once

#include "ledger/sql.hpp"

namespace exportctl::detail {

struct tx_outcome {
  sql_status status;
  bool abandoned = false;
};

template <class Body>
tx_outcome run_write_transaction(sql_connection& db, Body&& body, int attempts = 8) {
  sql_status s;
  for (int i = 0; i < attempts; ++i) {
    s = db.begin_write();
    if (s.ok()) {
      bool abandon = false;
      s = body(abandon);
      if (s.ok() && abandon) {
        db.rollback();
        return {{}, true};
      }
      if (s.ok()) s = db.commit();
      if (s.ok()) return {};
    }
    db.rollback();
    if (!s.retryable()) return {s};
  }
  return {s};
}

}  // namespace exportctl::detail
