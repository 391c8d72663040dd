// sql_test.cpp: the ledger's database interface (ledger/sql.hpp), the same test bodies on both
// backends (sql_fixture.hpp): binding, column types, the kinds of failure, transactions, and the
// URLs of the two.
#include "ledger/sql.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <limits>

#include "unit/ledger/sql_fixture.hpp"

namespace exportctl::detail {
namespace {

using namespace exportctl::test;

SQL_TEST("values of every type are bound and come back exact", binds_every_type) {
  auto c = db.open();
  script_ok(*c, "CREATE TABLE v (k BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, t TEXT)");
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const std::int64_t small = std::numeric_limits<std::int64_t>::min();
  const double third = 1.0 / 3.0;  // needs all 17 digits to come back the same
  const std::string text = "it's \"quoted\", has ? and $1, and \xc3\xbcnicode";
  const std::array<sql_value, 4> a{std::int64_t{1}, big, third, text};
  REQUIRE(c->exec("INSERT INTO v (k, i, d, t) VALUES (?, ?, ?, ?)", a, nullptr).ok());
  const std::array<sql_value, 4> b{std::int64_t{2}, small, -2.5e-300, sql_value{}};
  REQUIRE(c->exec("INSERT INTO v (k, i, d, t) VALUES (?, ?, ?, ?)", b, nullptr).ok());
  const std::array<sql_value, 4> none{std::int64_t{3}, sql_value{}, sql_value{}, std::string()};
  REQUIRE(c->exec("INSERT INTO v (k, i, d, t) VALUES (?, ?, ?, ?)", none, nullptr).ok());

  const auto rows = select_rows(*c, "SELECT k, i, d, t FROM v ORDER BY k");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].integer(1) == big);
  CHECK(rows[0].real(2) == third);
  CHECK(rows[0].text(3) == text);
  CHECK(rows[1].integer(1) == small);
  CHECK(rows[1].real(2) == -2.5e-300);
  CHECK(rows[1].is_null(3));
  CHECK((rows[2].is_null(1) && rows[2].is_null(2)));
  CHECK(rows[2].text(3).empty());  // an empty string is not NULL

  // A parameter used where nothing gives it a type keeps its own.
  const std::array<sql_value, 4> p{big, third, text, sql_value{}};
  const auto echo = select_rows(*c, "SELECT ?, ?, ?, ?", p);
  REQUIRE(echo.size() == 1);
  CHECK(echo[0].integer(0) == big);
  CHECK(echo[0].real(1) == third);
  CHECK(echo[0].text(2) == text);
  CHECK(echo[0].is_null(3));
  const std::array<sql_value, 1> key{std::int64_t{1}};
  CHECK(select_rows(*c, "SELECT t FROM v WHERE k = ?", key)[0].text(0) == text);
}

SQL_TEST("a ? in a string literal is not a parameter", literal_question_mark) {
  auto c = db.open();
  const std::array<sql_value, 1> p{std::int64_t{7}};
  const auto rows =
      select_rows(*c, R"(SELECT 'a?b', ?, 'it''s ?', "?".x FROM (SELECT 1 AS x) AS "?")", p);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].text(0) == "a?b");
  CHECK(rows[0].integer(1) == 7);
  CHECK(rows[0].text(2) == "it's ?");
  CHECK(rows[0].integer(3) == 1);
  // The count of parameters is checked before anything runs.
  const auto s = c->exec("SELECT ?, ?", p, nullptr);
  CHECK(s.kind == sql_error_kind::other);
  CHECK(s.message == "statement has 2 parameters, 1 given");
}

SQL_TEST("columns come back as integer, double, text or NULL", column_types) {
  auto c = db.open();
  script_ok(*c, "CREATE TABLE t (i BIGINT, d DOUBLE PRECISION, s TEXT)");
  // An integer stored in a DOUBLE PRECISION column reads as a double in both.
  script_ok(*c, "INSERT INTO t (i, d, s) VALUES (3, 4, 'five'); INSERT INTO t (i) VALUES (NULL)");
  // coalesce: SQLite sorts NULL first, PostgreSQL last.
  const auto rows =
      select_rows(*c, "SELECT i, d, s, count(*) OVER (), 1.5 FROM t ORDER BY coalesce(i, 99)");
  REQUIRE(rows.size() == 2);
  CHECK(std::holds_alternative<std::int64_t>(rows[0].columns[0]));
  CHECK(std::holds_alternative<double>(rows[0].columns[1]));
  CHECK(rows[0].real(1) == 4.0);
  CHECK(std::holds_alternative<std::string>(rows[0].columns[2]));
  CHECK(rows[0].integer(3) == 2);  // count(*) is an integer
  CHECK(std::holds_alternative<double>(rows[0].columns[4]));
  CHECK((rows[1].is_null(0) && rows[1].is_null(1) && rows[1].is_null(2)));
}

SQL_TEST("a violated key or check is a constraint failure", constraint_kind) {
  auto c = db.open();
  script_ok(*c, "CREATE TABLE k (id TEXT PRIMARY KEY, n BIGINT NOT NULL CHECK (n > 0))");
  const std::array<sql_value, 2> a{std::string("SO-1"), std::int64_t{1}};
  REQUIRE(c->exec("INSERT INTO k (id, n) VALUES (?, ?)", a, nullptr).ok());
  auto s = c->exec("INSERT INTO k (id, n) VALUES (?, ?)", a, nullptr);
  CHECK(s.kind == sql_error_kind::constraint);
  CHECK_FALSE(s.retryable());
  CHECK(s.message.ends_with(" (" + c->name() + ")"));
  const std::array<sql_value, 2> b{std::string("SO-2"), std::int64_t{0}};
  CHECK(c->exec("INSERT INTO k (id, n) VALUES (?, ?)", b, nullptr).kind ==
        sql_error_kind::constraint);
  // Outside a transaction a failure leaves the connection usable.
  CHECK(row_count(*c, "k") == 1);

  // Inside one, PostgreSQL aborts the transaction: its COMMIT must not pass for a commit.
  REQUIRE(c->begin_write().ok());
  const std::array<sql_value, 2> d{std::string("SO-3"), std::int64_t{3}};
  REQUIRE(c->exec("INSERT INTO k (id, n) VALUES (?, ?)", d, nullptr).ok());
  CHECK(c->exec("INSERT INTO k (id, n) VALUES (?, ?)", a, nullptr).kind ==
        sql_error_kind::constraint);
  if (db.dialect == sql_dialect::postgresql) {
    CHECK_FALSE(c->commit().ok());
    CHECK(row_count(*c, "k") == 1);
  } else {
    CHECK(c->commit().ok());  // SQLite undid the failed statement only
    CHECK(row_count(*c, "k") == 2);
  }
}

SQL_TEST("a write transaction commits or rolls back as a whole", write_transactions) {
  auto c = db.open();
  auto other = db.open();
  script_ok(*c, "CREATE TABLE w (n BIGINT)");
  c->rollback();  // no transaction: nothing happens
  REQUIRE(c->begin_write().ok());
  script_ok(*c, "INSERT INTO w (n) VALUES (1); INSERT INTO w (n) VALUES (2)");
  c->rollback();
  CHECK(row_count(*c, "w") == 0);
  REQUIRE(c->begin_write().ok());
  script_ok(*c, "INSERT INTO w (n) VALUES (1)");
  const std::array<sql_value, 1> p{std::int64_t{2}};
  REQUIRE(c->exec("INSERT INTO w (n) VALUES (?)", p, nullptr).ok());
  REQUIRE(c->commit().ok());
  c->rollback();  // after a commit: nothing happens
  CHECK(row_count(*other, "w") == 2);
}

SQL_TEST("a read transaction reads one snapshot", read_snapshot) {
  auto reader = db.open();
  auto writer = db.open();
  script_ok(*writer, "CREATE TABLE r (n BIGINT); INSERT INTO r (n) VALUES (1)");
  REQUIRE(reader->begin_read().ok());
  CHECK(row_count(*reader, "r") == 1);
  REQUIRE(writer->begin_write().ok());
  script_ok(*writer, "INSERT INTO r (n) VALUES (2)");
  REQUIRE(writer->commit().ok());
  CHECK(row_count(*reader, "r") == 1);  // still the snapshot it started with
  REQUIRE(reader->commit().ok());
  CHECK(row_count(*reader, "r") == 2);
}

SQL_TEST("a writer waiting past the busy timeout is busy", busy_writer) {
  auto holder = db.open();
  auto waiter = db.open(50);
  script_ok(*holder, "CREATE TABLE head (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL)");
  script_ok(*holder, "INSERT INTO head (id, seq) VALUES (1, 0)");
  const std::string lock = "SELECT seq FROM head WHERE id = 1" + std::string(holder->lock_suffix());
  REQUIRE(holder->begin_write().ok());
  REQUIRE(select_rows(*holder, lock).size() == 1);
  // SQLite: BEGIN IMMEDIATE waits for the write lock; PostgreSQL: the row lock.
  auto s = waiter->begin_write();
  if (s.ok()) s = waiter->exec(lock, {}, nullptr);
  CHECK(s.kind == sql_error_kind::busy);
  CHECK(s.retryable());
  waiter->rollback();
  holder->rollback();
  // With the lock released the same transaction goes through.
  REQUIRE(waiter->begin_write().ok());
  CHECK(select_rows(*waiter, lock).size() == 1);
  CHECK(waiter->commit().ok());
}

// Without a server: connecting fails, and neither the name nor the message has the password.
TEST_CASE("sql: an unreachable PostgreSQL is a connection failure without its password",
          "[ledger][sql]") {
  const sql_open_options o;
  for (const char* url :
       {"postgresql://ledger:s3cr3t-pw@/exportctl?host=/nonexistent-exportctl-dir",
        "postgresql:///exportctl?host=/nonexistent-exportctl-dir&password=s3cr3t-pw&user=ledger",
        "host=/nonexistent-exportctl-dir dbname=exportctl user=ledger password=s3cr3t-pw"}) {
    INFO(url);
    auto r = open_postgresql(url, o);
    CHECK(r.connection == nullptr);
    CHECK(r.status.kind == sql_error_kind::connection);
    CHECK(r.status.message.find("s3cr3t-pw") == std::string::npos);
    CHECK(r.status.message.find("nonexistent-exportctl-dir") != std::string::npos);
  }
  auto r = open_postgresql("postgresql://ledger:s3cr3t-pw@/exportctl?host=/nonexistent-x", o);
  CHECK(r.status.message.ends_with(" (postgresql://ledger@/exportctl?host=/nonexistent-x)"));
  r = open_postgresql("host=/nonexistent-x dbname='a b' password=s3cr3t-pw", o);
  CHECK(r.status.message.ends_with(" (dbname='a b' host=/nonexistent-x)"));
}

TEST_CASE("sql: open_database routes sqlite: and postgresql:// URLs", "[ledger][sql]") {
  const sql_open_options o;
  sql_test_db sqlite(sql_dialect::sqlite);
  auto r = open_database(sqlite.url, false, o);
  CHECK(r.status.kind == sql_error_kind::connection);  // never created implicitly
  r = open_database(sqlite.url, true, o);
  REQUIRE(r.connection != nullptr);
  CHECK(r.connection->dialect() == sql_dialect::sqlite);
  CHECK(r.connection->name() == sqlite.url);
  CHECK(r.connection->lock_suffix().empty());
  for (const char* url : {"postgresql:///x?host=/nonexistent-exportctl-dir",
                          "postgres:///x?host=/nonexistent-exportctl-dir"}) {
    r = open_database(url, false, o);
    CHECK(r.status.kind == sql_error_kind::connection);
    CHECK(r.status.message.find("/nonexistent-exportctl-dir/.s.PGSQL") != std::string::npos);
  }
  for (const char* url : {"mysql://host/db", "ledger.db", "sqlite:"}) {
    r = open_database(url, true, o);
    CHECK(r.connection == nullptr);
    CHECK(r.status.kind == sql_error_kind::other);
    CHECK(r.status.message.find("sqlite:PATH") != std::string::npos);
  }
}

TEST_CASE("sql: a PostgreSQL connection is configured, named, and fails when ended", "[.pg]") {
  sql_test_db db(sql_dialect::postgresql);
  auto victim = db.open();
  CHECK(victim->name() == db.url);
  CHECK(victim->lock_suffix() == " FOR UPDATE");
  const auto settings = select_rows(*victim,
                                    "SELECT current_setting('lock_timeout'), "
                                    "current_setting('synchronous_commit'), "
                                    "current_setting('application_name')");
  CHECK(settings[0].text(0) == "5s");
  CHECK(settings[0].text(1) == "on");
  CHECK(settings[0].text(2) == "exportctl");
  auto admin = db.open();
  const std::array<sql_value, 1> pid{select_rows(*victim, "SELECT pg_backend_pid()")[0].integer(0)};
  // The timeout makes it wait until the backend is gone, so the next statement cannot win.
  REQUIRE(select_rows(*admin, "SELECT pg_terminate_backend(?::integer, 60000)", pid)[0].integer(0));
  const auto s = victim->exec("SELECT 1");
  CHECK(s.kind == sql_error_kind::connection);
  CHECK(s.message.ends_with(" (" + db.url + ")"));
}

}  // namespace
}  // namespace exportctl::detail
