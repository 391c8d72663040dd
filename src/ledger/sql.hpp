// sql.hpp: the one interface the ledger talks to a database through. Two implementations:
// SQLite (sqlite_db.cpp, the only file that includes sqlite3.h) and PostgreSQL (pg_db.cpp, the
// only file that includes libpq-fe.h). The ledger's logic (ledger.cpp and its parts) is written
// once against this interface, so both backends run the same SQL and the same tests.
//
// Failures are data: every call returns an sql_status. Its kind tells the caller what to do:
// retry a whole transaction after `busy` or `serialization`, report `constraint` (a unique key,
// e.g. an order released twice), and stop on anything else.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace exportctl::detail {

/// A parameter or a column value. SQL NULL is std::monostate.
using sql_value = std::variant<std::monostate, std::int64_t, double, std::string>;

/// One result row, its columns in the order of the SELECT.
struct sql_row {
  std::vector<sql_value> columns;
  [[nodiscard]] bool is_null(std::size_t i) const {
    return std::holds_alternative<std::monostate>(columns.at(i));
  }
  /// The column as an integer (an integer column; a NULL or another type throws: a schema bug).
  [[nodiscard]] std::int64_t integer(std::size_t i) const {
    return std::get<std::int64_t>(columns.at(i));
  }
  [[nodiscard]] double real(std::size_t i) const {
    const auto& v = columns.at(i);
    if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
    return std::get<double>(v);
  }
  [[nodiscard]] const std::string& text(std::size_t i) const {
    return std::get<std::string>(columns.at(i));
  }
};

enum class sql_error_kind : std::uint8_t {
  none,
  busy,            ///< locked past the busy timeout (SQLite), lock timeout (PostgreSQL)
  serialization,   ///< a serialization failure or deadlock: retry the whole transaction
  constraint,      ///< a unique, check or foreign-key constraint
  connection,      ///< cannot connect, or the connection was lost
  not_a_database,  ///< the file is not a database, or is corrupt
  other,
};

struct sql_status {
  sql_error_kind kind = sql_error_kind::none;
  std::string message;  ///< the backend's message, without credentials
  [[nodiscard]] bool ok() const { return kind == sql_error_kind::none; }
  /// Whether retrying the whole transaction may succeed.
  [[nodiscard]] bool retryable() const {
    return kind == sql_error_kind::busy || kind == sql_error_kind::serialization;
  }
};

/// Which database is behind a connection; the SQL the ledger writes differs only where the two
/// dialects do (row locks), through the calls below.
enum class sql_dialect : std::uint8_t { sqlite, postgresql };

/// One connection. Not thread-safe: one per thread or process. Statements use `?` for
/// parameters in both dialects (the PostgreSQL implementation numbers them $1, $2, ...).
class sql_connection {
 public:
  virtual ~sql_connection() = default;
  sql_connection() = default;
  sql_connection(const sql_connection&) = delete;
  sql_connection& operator=(const sql_connection&) = delete;

  [[nodiscard]] virtual sql_dialect dialect() const = 0;

  /// Runs one statement. Rows of a SELECT (or RETURNING) are appended to *rows when rows is not
  /// null. Integers come back as int64, REAL/DOUBLE as double, TEXT as string, NULL as monostate.
  virtual sql_status exec(std::string_view sql, std::span<const sql_value> params,
                          std::vector<sql_row>* rows) = 0;
  sql_status exec(std::string_view sql) { return exec(sql, {}, nullptr); }

  /// One write of a batch: a statement whose rows, if any, are not wanted.
  struct write {
    std::string sql;
    std::vector<sql_value> params;
  };
  /// Runs the writes in order, as exec() would one after the other, and returns the first
  /// failure (the writes after it do not run; the transaction is then to be rolled back).
  /// PostgreSQL sends them in one round trip (libpq's pipeline mode); SQLite, in process, runs
  /// them in turn.
  virtual sql_status exec_writes(std::span<const write> writes) {
    for (const auto& w : writes)
      if (auto s = exec(w.sql, w.params, nullptr); !s.ok()) return s;
    return {};
  }

  /// exec_writes(writes), then commit(): on PostgreSQL the writes and the COMMIT go in one
  /// round trip. A failed write rolls the transaction back and is returned.
  virtual sql_status commit_after(std::span<const write> writes) {
    if (auto s = exec_writes(writes); !s.ok()) return s;
    return commit();
  }

  /// Runs several statements separated by `;`, without parameters (schema migrations).
  virtual sql_status exec_script(std::string_view sql) = 0;

  /// Starts a transaction that will write. SQLite: BEGIN IMMEDIATE (the write lock is taken now,
  /// so two writers never deadlock halfway; waits up to the busy timeout). PostgreSQL: BEGIN
  /// (READ COMMITTED); the ledger serializes writers with row locks (lock_suffix()).
  virtual sql_status begin_write() = 0;
  /// A read-only transaction: one consistent snapshot for several SELECTs.
  virtual sql_status begin_read() = 0;
  virtual sql_status commit() = 0;
  /// Never fails in a way the caller can act on; safe to call when no transaction is open.
  virtual void rollback() = 0;

  /// Appended to a SELECT that reads rows the transaction will update: " FOR UPDATE" on
  /// PostgreSQL, "" on SQLite (BEGIN IMMEDIATE already holds the database's write lock).
  [[nodiscard]] virtual std::string_view lock_suffix() const = 0;

  /// A description for messages: "sqlite:/path/file" or "postgresql://host/db" without the
  /// password.
  [[nodiscard]] virtual const std::string& name() const = 0;
};

struct sql_open_result {
  std::unique_ptr<sql_connection> connection;  ///< null on failure
  sql_status status;
};

/// Options common to both backends.
struct sql_open_options {
  int busy_timeout_ms = 5000;  ///< how long a writer waits for a lock before `busy`
};

/// Opens a SQLite database file. The file must exist (a ledger is created by `ledger init`, never
/// implicitly: an empty history would hide duplicate serials), unless `create` is true. Sets WAL,
/// synchronous=FULL (a committed release survives a power loss, not only a crash), foreign keys
/// and the busy timeout. A file that is not a SQLite database is `not_a_database`.
sql_open_result open_sqlite(const std::string& path, bool create, const sql_open_options& options);

/// Connects to PostgreSQL with a libpq connection URI (postgresql://...) or key=value string.
sql_open_result open_postgresql(const std::string& conninfo, const sql_open_options& options);

/// Opens `sqlite:PATH` (PATH may be relative) or `postgresql://...` / `postgres://...`.
/// Anything else is `other` with a message naming the two accepted forms.
sql_open_result open_database(const std::string& url, bool create, const sql_open_options& options);

}  // namespace exportctl::detail
