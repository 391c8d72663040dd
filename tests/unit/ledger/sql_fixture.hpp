// sql_fixture.hpp: a fresh database for each test of the ledger's database layer, on SQLite (a
// file in a fresh temporary directory) or PostgreSQL (a fresh schema in the tests' throwaway
// cluster, scripts/pg-cluster, whose URL is in the file EXPORTCTL_TEST_PG_URL_FILE names), and
// SQL_TEST, which runs one test body on both: the SQLite case in the default run, the PostgreSQL
// case tagged [.pg] (hidden; CTest's ledger.sql_pg runs "[pg]" against the cluster). Without a
// reachable server the PostgreSQL cases fail; they never skip.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/sql.hpp"

namespace exportctl::test {

inline void require_ok(const detail::sql_status& s) {
  INFO(s.message);
  REQUIRE(s.ok());
}

inline void script_ok(detail::sql_connection& c, std::string_view sql) {
  INFO(sql);
  require_ok(c.exec_script(sql));
}

inline std::vector<detail::sql_row> select_rows(detail::sql_connection& c, std::string_view sql,
                                                std::span<const detail::sql_value> params = {}) {
  std::vector<detail::sql_row> rows;
  INFO(sql);
  require_ok(c.exec(sql, params, &rows));
  return rows;
}

inline std::int64_t row_count(detail::sql_connection& c, const std::string& table) {
  return select_rows(c, "SELECT count(*) FROM " + table).at(0).integer(0);
}

// A fresh, empty database for one test, and connections to it.
class sql_test_db {
 public:
  explicit sql_test_db(detail::sql_dialect d) : dialect(d) {
    if (d == detail::sql_dialect::sqlite) {
      std::string dir = (std::filesystem::temp_directory_path() / "exportctl-sql-XXXXXX").string();
      REQUIRE(::mkdtemp(dir.data()) != nullptr);
      dir_ = dir;
      url = "sqlite:" + (dir_ / "ledger.db").string();
      return;
    }
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing sets the environment
    const char* file = std::getenv("EXPORTCTL_TEST_PG_URL_FILE");
    if (file == nullptr)
      FAIL("EXPORTCTL_TEST_PG_URL_FILE is not set: run the [pg] cases as CTest's ledger.sql_pg");
    std::ifstream in(file);
    std::getline(in, url);
    if (url.empty()) FAIL("no PostgreSQL URL in " << file << " (did scripts/pg-cluster start?)");
    // Each test in its own empty schema, so tests do not see each other's tables.
    script_ok(*connect(), "DROP SCHEMA IF EXISTS sql_test CASCADE; CREATE SCHEMA sql_test;");
  }
  ~sql_test_db() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  sql_test_db(const sql_test_db&) = delete;
  sql_test_db& operator=(const sql_test_db&) = delete;

  // A connection (failing the test if there is none) with the test's schema first in the path.
  std::unique_ptr<detail::sql_connection> open(int busy_timeout_ms = 5000) {
    auto c = connect(busy_timeout_ms);
    if (dialect == detail::sql_dialect::postgresql)
      require_ok(c->exec("SET search_path = sql_test"));
    return c;
  }

  detail::sql_dialect dialect;
  std::string url;

 private:
  [[nodiscard]] std::unique_ptr<detail::sql_connection> connect(int busy_timeout_ms = 5000) const {
    detail::sql_open_options o;
    o.busy_timeout_ms = busy_timeout_ms;
    auto r = detail::open_database(url, true, o);
    INFO(url);
    require_ok(r.status);
    REQUIRE(r.connection->dialect() == dialect);
    return std::move(r.connection);
  }
  std::filesystem::path dir_;
};

}  // namespace exportctl::test

// Defines `body` and two test cases that run it, one per backend (in the namespace it is used in).
#define SQL_TEST(title, body)                                                        \
  void body(::exportctl::test::sql_test_db& db);                                     \
  TEST_CASE("sql: " title " - SQLite", "[ledger][sql]") {                            \
    ::exportctl::test::sql_test_db db(::exportctl::detail::sql_dialect::sqlite);     \
    body(db);                                                                        \
  }                                                                                  \
  TEST_CASE("sql: " title " - PostgreSQL", "[.pg]") {                                \
    ::exportctl::test::sql_test_db db(::exportctl::detail::sql_dialect::postgresql); \
    body(db);                                                                        \
  }                                                                                  \
  void body(::exportctl::test::sql_test_db& db)
