// schema.cpp: the ledger's tables, written once in the SQL both SQLite and PostgreSQL accept
// (TEXT, BIGINT, DOUBLE PRECISION; no autoincrement: journal sequence numbers are assigned
// under the head row's lock, so they have no gaps, which `ledger verify` relies on).
#include "ledger/schema.hpp"

#include "ledger/ledger_diag.hpp"

namespace exportctl::detail {
namespace {

// Migration N brings the tables from version N-1 to N. Never edit a released migration: add one.
const char* const migrations[] = {
    // 1: licences with their quantities, orders, reservations, the journal and its head.
    R"sql(
CREATE TABLE licenses (
  number TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  tpp DOUBLE PRECISION,
  reserved BIGINT NOT NULL DEFAULT 0,
  used BIGINT NOT NULL DEFAULT 0,
  reserved_tpp DOUBLE PRECISION NOT NULL DEFAULT 0,
  used_tpp DOUBLE PRECISION NOT NULL DEFAULT 0,
  -- the last line of defence against over-depletion: a bug that reserved past the quantity
  -- fails its transaction here instead of committing
  CHECK (reserved >= 0 AND used >= 0 AND reserved + used <= quantity)
);
CREATE TABLE orders (
  order_id TEXT PRIMARY KEY,
  shipment TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('released', 'blocked', 'held', 'committed', 'cancelled')),
  outcome TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  decision TEXT NOT NULL,
  release_block TEXT NOT NULL,
  journal_seq BIGINT NOT NULL
);
CREATE TABLE reservations (
  order_id TEXT NOT NULL REFERENCES orders (order_id),
  number TEXT NOT NULL REFERENCES licenses (number),
  item BIGINT NOT NULL,
  units BIGINT NOT NULL CHECK (units > 0),
  tpp DOUBLE PRECISION,
  PRIMARY KEY (order_id, number, item)
);
CREATE TABLE journal (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  order_id TEXT,
  principal TEXT NOT NULL,
  body TEXT NOT NULL,
  prev_sha256 TEXT NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE TABLE journal_head (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  sha256 TEXT NOT NULL
);
INSERT INTO journal_head (id, seq, sha256) VALUES (1, 0, '');
)sql",
    // 2: serial numbers of released orders, one row per serial and end user (docs/ledger.md,
    // "Serial numbers"), and their TPP per end user and year (a cancelled order's rows are
    // removed: it never shipped); reviews of holds.
    R"sql(
CREATE TABLE serials (
  serial TEXT NOT NULL,
  order_id TEXT NOT NULL REFERENCES orders (order_id),
  shipment TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  end_user TEXT NOT NULL,
  country TEXT NOT NULL,
  PRIMARY KEY (serial, order_id, end_user, country)
);
CREATE INDEX serials_by_order ON serials (order_id);
-- compute accounting: the TPP of a released order per end user and calendar year; committed
-- orders' rows count (docs/ledger.md, "Compute accounting"), a cancelled order's are removed
CREATE TABLE compute (
  order_id TEXT NOT NULL REFERENCES orders (order_id),
  end_user_key TEXT NOT NULL,
  country TEXT NOT NULL,
  year BIGINT NOT NULL,
  tpp DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (order_id, end_user_key, country)
);
-- the running sums per end user and year, kept with the rows in the same transactions, so a
-- release reads one row however many orders went before it
CREATE TABLE compute_totals (
  end_user_key TEXT NOT NULL,
  country TEXT NOT NULL,
  year BIGINT NOT NULL,
  tpp DOUBLE PRECISION NOT NULL,
  orders BIGINT NOT NULL CHECK (orders >= 0),
  PRIMARY KEY (end_user_key, country, year)
);
-- reviews of holds (`ledger resolve`): who, when, why, and the possible matches cleared (JSON)
CREATE TABLE reviews (
  order_id TEXT NOT NULL REFERENCES orders (order_id),
  journal_seq BIGINT NOT NULL,
  reviewer TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT NOT NULL,
  clears TEXT NOT NULL,
  PRIMARY KEY (order_id, journal_seq)
);
)sql",
    // 3: the missing facts a review supplied (JSON, `[]` for a review that only cleared
    // matches, as every review before this version did).
    R"sql(
ALTER TABLE reviews ADD COLUMN supplies TEXT NOT NULL DEFAULT '[]';
)sql",
    // 4: TPP released under a licence per order and country, and the running sums per country
    // and year (the AI Diffusion Tier 2 country allocation counts licensed exports; docs/
    // ledger.md, "Compute accounting"). Orders released before this version are not counted.
    R"sql(
CREATE TABLE licensed_compute (
  order_id TEXT NOT NULL REFERENCES orders (order_id),
  country TEXT NOT NULL,
  year BIGINT NOT NULL,
  tpp DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (order_id, country)
);
CREATE TABLE licensed_totals (
  country TEXT NOT NULL,
  year BIGINT NOT NULL,
  tpp DOUBLE PRECISION NOT NULL,
  orders BIGINT NOT NULL CHECK (orders >= 0),
  PRIMARY KEY (country, year)
);
)sql",
};

constexpr std::int64_t migration_count =
    static_cast<std::int64_t>(sizeof(migrations) / sizeof(migrations[0]));

// Whether the version table exists, and its version; *status fails only when a query does. The
// catalog is asked first: a SELECT of a missing table would abort a PostgreSQL transaction, and
// rolling back to begin again would let a concurrent `ledger init` in between.
bool has_version_table(sql_connection& db, std::int64_t* version, sql_status* status) {
  std::vector<sql_row> rows;
  *status = db.dialect() == sql_dialect::sqlite
                ? db.exec(
                      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = "
                      "'ledger_schema'",
                      {}, &rows)
                : db.exec(
                      "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                      "current_schema() AND table_name = 'ledger_schema'",
                      {}, &rows);
  if (!status->ok() || rows.empty() || rows[0].integer(0) == 0) return false;
  rows.clear();
  *status = db.exec("SELECT version FROM ledger_schema", {}, &rows);
  if (!status->ok()) return false;
  *version = rows.size() == 1 ? rows[0].integer(0) : -1;
  return true;
}

// Names of tables already in the database (for telling a foreign database from an empty one).
std::int64_t table_count(sql_connection& db, sql_status* status) {
  std::vector<sql_row> rows;
  *status = db.dialect() == sql_dialect::sqlite
                ? db.exec("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", {}, &rows)
                : db.exec(
                      "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                      "current_schema()",
                      {}, &rows);
  return status->ok() && !rows.empty() ? rows[0].integer(0) : -1;
}

}  // namespace

std::int64_t ledger_schema_version() { return migration_count; }

std::vector<diagnostic> migrate_ledger(sql_connection& db) {
  const std::string& where = db.name();
  if (auto s = db.begin_write(); !s.ok()) return {sql_diagnostic(s, where)};
  sql_status s;
  // Two `ledger init` at once: with no row to lock yet, PostgreSQL's second waits here until the
  // first commits, then finds its tables (SQLite's BEGIN IMMEDIATE already waited).
  if (db.dialect() == sql_dialect::postgresql) {
    if (s = db.exec("SELECT pg_advisory_xact_lock(7460155227063191107)"); !s.ok()) {
      db.rollback();
      return {sql_diagnostic(s, where)};
    }
  }
  std::int64_t version = 0;
  if (!has_version_table(db, &version, &s)) {
    if (!s.ok()) {
      db.rollback();
      return {sql_diagnostic(s, where)};
    }
    // No version table: an empty database becomes a ledger; one with other tables is not ours.
    const auto tables = table_count(db, &s);
    if (!s.ok()) {
      db.rollback();
      return {sql_diagnostic(s, where)};
    }
    if (tables != 0) {
      db.rollback();
      return {ledger_error("EXC-E9102",
                           "the database has tables but no `ledger_schema`: it is not an "
                           "exportctl ledger",
                           where, "give `--db` a new file or an empty database")};
    }
    s = db.exec_script(
        "CREATE TABLE ledger_schema (version BIGINT NOT NULL); "
        "INSERT INTO ledger_schema (version) VALUES (0);");
    if (!s.ok()) {
      db.rollback();
      return {sql_diagnostic(s, where)};
    }
    version = 0;
  }
  if (version < 0 || version > migration_count) {
    db.rollback();
    return {ledger_error(
        "EXC-E9104",
        "the ledger's schema version " + std::to_string(version) +
            " is not one this exportctl knows (it writes " + std::to_string(migration_count) + ")",
        where, "use the exportctl release that created the ledger, or a later one")};
  }
  for (auto v = version; v < migration_count; ++v) {
    s = db.exec_script(migrations[v]);
    if (s.ok()) {
      const sql_value p[] = {v + 1};
      s = db.exec("UPDATE ledger_schema SET version = ?", p, nullptr);
    }
    if (!s.ok()) {
      db.rollback();
      return {sql_diagnostic(s, where)};
    }
  }
  if (s = db.commit(); !s.ok()) {
    db.rollback();
    return {sql_diagnostic(s, where)};
  }
  return {};
}

std::vector<diagnostic> check_ledger_schema(sql_connection& db) {
  const std::string& where = db.name();
  sql_status s;
  std::int64_t version = 0;
  if (!has_version_table(db, &version, &s)) {
    if (!s.ok()) return {sql_diagnostic(s, where)};
    const auto tables = table_count(db, &s);
    if (tables > 0)
      return {ledger_error("EXC-E9102",
                           "the database has tables but no `ledger_schema`: it is not an "
                           "exportctl ledger",
                           where)};
    return {ledger_error("EXC-E9103", "the ledger was never initialized", where,
                         "run `exportctl ledger init --db " + where +
                             "` first (a ledger is never created implicitly: an empty history "
                             "would hide serials already shipped)")};
  }
  if (version != migration_count)
    return {
        ledger_error("EXC-E9104",
                     "the ledger's schema is at version " + std::to_string(version) +
                         ", this exportctl uses version " + std::to_string(migration_count),
                     where,
                     version < migration_count
                         ? "run `exportctl ledger init --db " + where + "` to upgrade it"
                         : "use the exportctl release that created the ledger, or a later one")};
  return {};
}

}  // namespace exportctl::detail
