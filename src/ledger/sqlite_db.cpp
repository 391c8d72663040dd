// sqlite_db.cpp: the SQLite implementation of sql_connection, the ledger's embedded default
// (one file, `--db sqlite:PATH`). The only file that includes sqlite3.h (src/layers.txt).
//
// Durability: WAL with synchronous=FULL. In WAL mode NORMAL already survives a crash of the
// process (kill -9), but may lose the last transactions on a power loss; FULL syncs the WAL on
// every commit, so a release reported as committed survives both (docs/ledger.md, issue 13).
// Writers take the write lock at BEGIN IMMEDIATE, so two releasing processes never deadlock
// halfway through a transaction; a writer waits up to the busy timeout, then reports `busy`.
#include <sqlite3.h>

#include <charconv>
#include <cstring>
#include <filesystem>
#include <string>
#include <unordered_map>

#include "ledger/sql.hpp"

namespace exportctl::detail {
namespace {

sql_error_kind sqlite_kind(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return sql_error_kind::busy;
    case SQLITE_CONSTRAINT:
      return sql_error_kind::constraint;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return sql_error_kind::not_a_database;
    case SQLITE_CANTOPEN:
      return sql_error_kind::connection;
    default:
      return sql_error_kind::other;
  }
}

class sqlite_connection final : public sql_connection {
 public:
  sqlite_connection(sqlite3* db, std::string name) : db_(db), name_(std::move(name)) {}
  ~sqlite_connection() override {
    if (in_tx_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    for (auto& [sql, st] : statements_) sqlite3_finalize(st);
    sqlite3_close_v2(db_);
  }

  using sql_connection::exec;  // the one-argument form, hidden by the override below

  [[nodiscard]] sql_dialect dialect() const override { return sql_dialect::sqlite; }
  [[nodiscard]] std::string_view lock_suffix() const override { return ""; }
  [[nodiscard]] const std::string& name() const override { return name_; }

  sql_status exec(std::string_view sql, std::span<const sql_value> params,
                  std::vector<sql_row>* rows) override {
    // Each statement is compiled once per connection and kept: compiling it again for every
    // call was a fifth of a release's time (perf, `ledger_driver bench`). The ledger's
    // statements are fixed texts, so the cache stays small; past its bound a statement is
    // compiled, run and finalized as before. SQLite recompiles a kept statement by itself when
    // the schema changed (a migration).
    bool kept = true;
    sqlite3_stmt* st = nullptr;
    int rc = SQLITE_OK;
    if (auto it = statements_.find(std::string(sql)); it != statements_.end()) {
      st = it->second;
    } else {
      kept = statements_.size() < max_kept_statements;
      rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              kept ? SQLITE_PREPARE_PERSISTENT : 0, &st, nullptr);
      if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return error(rc);
      }
      if (kept) statements_.emplace(std::string(sql), st);
    }
    // Reset and unbound after every use (the bound texts are the caller's), or finalized when
    // not kept.
    struct release_statement {
      sqlite3_stmt* s;
      bool kept;
      ~release_statement() {
        if (kept) {
          sqlite3_reset(s);
          sqlite3_clear_bindings(s);
        } else {
          sqlite3_finalize(s);
        }
      }
    } done{st, kept};
    if (static_cast<std::size_t>(sqlite3_bind_parameter_count(st)) != params.size())
      return {sql_error_kind::other,
              "statement has " + std::to_string(sqlite3_bind_parameter_count(st)) +
                  " parameters, " + std::to_string(params.size()) + " given"};
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      const auto& p = params[i];
      if (const auto* n = std::get_if<std::int64_t>(&p)) {
        rc = sqlite3_bind_int64(st, at, *n);
      } else if (const auto* d = std::get_if<double>(&p)) {
        rc = sqlite3_bind_double(st, at, *d);
      } else if (const auto* s = std::get_if<std::string>(&p)) {
        rc = sqlite3_bind_text(st, at, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(st, at);
      }
      if (rc != SQLITE_OK) return error(rc);
    }
    for (;;) {
      rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) return {};
      if (rc != SQLITE_ROW) return error(rc);
      if (rows == nullptr) continue;
      const int n = sqlite3_column_count(st);
      sql_row row;
      row.columns.reserve(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) row.columns.push_back(column(st, c));
      rows->push_back(std::move(row));
    }
  }

  sql_status exec_script(std::string_view sql) override {
    const std::string text(sql);
    char* msg = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg);
    if (rc == SQLITE_OK) return {};
    sql_status s{sqlite_kind(rc), msg != nullptr ? msg : sqlite3_errstr(rc)};
    sqlite3_free(msg);
    return s;
  }

  sql_status begin_write() override { return begin("BEGIN IMMEDIATE"); }
  sql_status begin_read() override { return begin("BEGIN DEFERRED"); }
  sql_status commit() override {
    auto s = exec("COMMIT");
    if (s.ok()) in_tx_ = false;
    return s;
  }
  void rollback() override {
    if (!in_tx_) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    in_tx_ = false;
  }

  sql_status configure(int busy_timeout_ms) {
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
    // Reading the schema first: a file that is not SQLite fails here, not later.
    std::vector<sql_row> rows;
    if (auto s = exec("SELECT count(*) FROM sqlite_schema", {}, &rows); !s.ok()) return s;
    rows.clear();
    if (auto s = exec("PRAGMA journal_mode=WAL", {}, &rows); !s.ok()) return s;
    return exec_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  }

 private:
  sql_status begin(const char* sql) {
    auto s = exec(sql);
    if (s.ok()) in_tx_ = true;
    return s;
  }
  sql_status error(int rc) const {
    return {sqlite_kind(rc), std::string(sqlite3_errmsg(db_)) + " (" + name_ + ")"};
  }
  static sql_value column(sqlite3_stmt* st, int c) {
    switch (sqlite3_column_type(st, c)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(st, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(st, c);
      case SQLITE_NULL:
        return std::monostate{};
      default: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        return std::string(p != nullptr ? p : "",
                           static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
      }
    }
  }

  static constexpr std::size_t max_kept_statements = 128;

  sqlite3* db_;
  std::string name_;
  bool in_tx_ = false;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;  ///< by SQL text
};

}  // namespace

sql_open_result open_sqlite(const std::string& path, bool create, const sql_open_options& options) {
  const std::string name = "sqlite:" + path;
  std::error_code ec;
  if (!create && !std::filesystem::exists(path, ec))
    return {nullptr, {sql_error_kind::connection, "no ledger database at " + path}};
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return {nullptr, {sqlite_kind(rc), msg + " (" + name + ")"}};
  }
  auto conn = std::make_unique<sqlite_connection>(db, name);
  if (auto s = conn->configure(options.busy_timeout_ms); !s.ok()) return {nullptr, s};
  return {std::move(conn), {}};
}

sql_open_result open_database(const std::string& url, bool create,
                              const sql_open_options& options) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    // sqlite:///abs/path and sqlite://rel are accepted as the URL spelling of a path.
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty())
      return {nullptr, {sql_error_kind::other, "`sqlite:` needs a file path (sqlite:PATH)"}};
    return open_sqlite(path, create, options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgresql(url, options);
  return {nullptr,
          {sql_error_kind::other,
           "unsupported database URL; use sqlite:PATH or postgresql://[user@]host/dbname"}};
}

}  // namespace exportctl::detail
