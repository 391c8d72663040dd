// journal.hpp: the append-only journal (docs/ledger.md, "The journal"). Every release, commit,
// cancel, licence added and review is one record whose sha256 covers the previous record's
// sha256 and its own body, so altering, inserting or removing a record breaks the chain from
// there on, and `ledger verify` names the first record that does not hash.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exportctl/ledger.hpp"
#include "ledger/sql.hpp"

namespace exportctl::detail {

/// The head of the chain, read with a row lock inside a write transaction: every writer takes
/// this lock first, so writers are serialized and sequence numbers have no gaps (PostgreSQL;
/// on SQLite BEGIN IMMEDIATE already serializes them).
struct journal_head {
  std::uint64_t seq = 0;
  std::string sha256;
};
[[nodiscard]] sql_status lock_journal_head(sql_connection& db, journal_head* head);

/// SHA-256 (hex) of one record: of its prev_sha256, seq, at, kind, order_id, principal and body,
/// each followed by a newline (the body last, without one), so every field is covered.
[[nodiscard]] std::string journal_hash(const journal_record& r);

/// Appends one record after `head` (which it advances) inside the caller's write transaction.
[[nodiscard]] sql_status append_journal(sql_connection& db, journal_head& head,
                                        const std::string& kind, const std::string& order_id,
                                        const std::string& principal, const std::string& body);

/// Every record, in sequence order.
[[nodiscard]] sql_status read_journal(sql_connection& db, std::vector<journal_record>* out,
                                      const std::string* order_id = nullptr);

/// Checks the chain: sequence numbers 1..n without gaps, each record's prev_sha256 the previous
/// record's sha256, each sha256 the hash of its record, and the head row naming the last one.
[[nodiscard]] journal_check check_journal(const std::vector<journal_record>& records,
                                          const journal_head& head);

/// Now, UTC, as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
[[nodiscard]] std::string utc_now();

}  // namespace exportctl::detail
