// deferred_writes_test.cpp: writes held back and sent together (ledger/deferred_writes.hpp;
// PostgreSQL sends them, and the COMMIT, in one round trip with libpq's pipeline mode) behave
// exactly as the same statements one by one, on both backends: a read sees the writes before
// it, a failing write fails the commit and nothing of the transaction stays, and the connection
// is usable afterwards.
#include "ledger/deferred_writes.hpp"

#include <catch2/catch.hpp>

#include "ledger/transaction.hpp"
#include "unit/ledger/sql_fixture.hpp"

namespace exportctl::detail {
namespace {

using namespace exportctl::test;

std::int64_t count(sql_connection& c) {
  std::vector<sql_row> rows;
  REQUIRE(c.exec("SELECT count(*) FROM w", {}, &rows).ok());
  return rows.at(0).integer(0);
}

SQL_TEST("held writes go out together, in order, all or none", deferred_writes_test) {
  auto c = db.open();
  script_ok(*c, "CREATE TABLE w (k BIGINT PRIMARY KEY, t TEXT NOT NULL)");

  // Committed together; a read in between sees the writes before it.
  {
    deferred_writes d(*c);
    auto t = run_write_transaction(d, [&](bool&) -> sql_status {
      for (std::int64_t k = 1; k <= 3; ++k) {
        const sql_value v[] = {k, std::string("row ") + std::to_string(k)};
        if (auto s = d.exec("INSERT INTO w (k, t) VALUES (?, ?)", v, nullptr); !s.ok()) return s;
      }
      std::vector<sql_row> rows;
      if (auto s = d.exec("SELECT count(*) FROM w", {}, &rows); !s.ok()) return s;
      CHECK(rows.at(0).integer(0) == 3);
      const sql_value v[] = {std::int64_t{4}, std::string("row 4")};
      return d.exec("INSERT INTO w (k, t) VALUES (?, ?)", v, nullptr);
    });
    REQUIRE(t.status.ok());
  }
  CHECK(count(*c) == 4);

  // A held write that fails (a duplicate key) fails the commit, with its kind; nothing of the
  // transaction stays, the writes after it included, and the connection works afterwards.
  {
    deferred_writes d(*c);
    auto t = run_write_transaction(
        d,
        [&](bool&) -> sql_status {
          const sql_value a[] = {std::int64_t{5}, std::string("new")};
          const sql_value dup[] = {std::int64_t{1}, std::string("again")};
          const sql_value b[] = {std::int64_t{6}, std::string("after")};
          for (auto* v : {a, dup, b})
            if (auto s = d.exec("INSERT INTO w (k, t) VALUES (?, ?)", {v, 2}, nullptr); !s.ok())
              return s;
          return {};
        },
        1);
    CHECK_FALSE(t.status.ok());
    CHECK(t.status.kind == sql_error_kind::constraint);
  }
  CHECK(count(*c) == 4);
  // The same with the failure sent by a read rather than by the commit.
  {
    deferred_writes d(*c);
    REQUIRE(d.begin_write().ok());
    const sql_value dup[] = {std::int64_t{2}, std::string("again")};
    REQUIRE(d.exec("INSERT INTO w (k, t) VALUES (?, ?)", dup, nullptr).ok());
    REQUIRE(d.exec("INSERT INTO w (k, t) VALUES (?, ?)", dup, nullptr).ok());
    std::vector<sql_row> rows;
    CHECK_FALSE(d.exec("SELECT count(*) FROM w", {}, &rows).ok());
    d.rollback();
  }
  CHECK(count(*c) == 4);
  const sql_value v[] = {std::int64_t{7}, std::string("later")};
  CHECK(c->exec("INSERT INTO w (k, t) VALUES (?, ?)", v, nullptr).ok());
  CHECK(count(*c) == 5);
}

}  // namespace
}  // namespace exportctl::detail
