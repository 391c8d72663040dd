// schema_test.cpp: the ledger's tables (ledger/schema.hpp) and journal (ledger/journal.hpp) on
// both backends (sql_fixture.hpp): the migration, the schema check, and the hash chain written by
// concurrent writers.
#include "ledger/schema.hpp"

#include <catch2/catch.hpp>
#include <numeric>
#include <thread>

#include "ledger/journal.hpp"
#include "ledger/reviews.hpp"
#include "ledger/transaction.hpp"
#include "unit/ledger/sql_fixture.hpp"

namespace exportctl::detail {
namespace {

using namespace exportctl::test;

SQL_TEST("the ledger's tables are created and checked", ledger_schema) {
  auto c = db.open();
  const auto codes = [](const std::vector<diagnostic>& diags) {
    return std::accumulate(
        diags.begin(), diags.end(), std::string(),
        [](const std::string& s, const diagnostic& d) { return s + d.code + ' '; });
  };
  CHECK(codes(check_ledger_schema(*c)) == "EXC-E9103 ");
  script_ok(*c, "CREATE TABLE foreign_table (x BIGINT)");
  CHECK(codes(check_ledger_schema(*c)) == "EXC-E9102 ");
  CHECK(codes(migrate_ledger(*c)) == "EXC-E9102 ");
  script_ok(*c, "DROP TABLE foreign_table");
  CHECK(codes(migrate_ledger(*c)).empty());
  CHECK(codes(check_ledger_schema(*c)).empty());
  CHECK(codes(migrate_ledger(*c)).empty());  // already at this version: nothing to do

  // Two records chained under the head row's lock, read back and verified.
  REQUIRE(c->begin_write().ok());
  journal_head head;
  REQUIRE(lock_journal_head(*c, &head).ok());
  CHECK(head.seq == 0);
  REQUIRE(append_journal(*c, head, "release", "SO-1", "alice", "{}").ok());
  REQUIRE(append_journal(*c, head, "licence", "", "bob", "{\"n\":1}").ok());
  REQUIRE(c->commit().ok());
  std::vector<journal_record> records;
  REQUIRE(read_journal(*c, &records).ok());
  REQUIRE(records.size() == 2);
  CHECK(records[1].order_id.empty());
  journal_head now;
  REQUIRE(lock_journal_head(*c, &now).ok());
  CHECK(now.seq == 2);
  CHECK(check_journal(records, now).ok);
}

// Writers on their own connections, each appending under the head row's lock: the chain has no
// gaps and no forks (on PostgreSQL the lock re-reads the head another writer just committed).
SQL_TEST("concurrent writers chain the journal without gaps", concurrent_writers) {
  REQUIRE(migrate_ledger(*db.open()).empty());
  constexpr int writers = 4, appends = 10;
  std::vector<std::unique_ptr<sql_connection>> conns(writers);
  for (auto& c : conns) c = db.open();
  std::vector<std::string> failures(writers);
  std::vector<std::thread> threads;
  threads.reserve(writers);
  for (int i = 0; i < writers; ++i)
    threads.emplace_back([&, i] {
      for (int n = 0; n < appends && failures[i].empty(); ++n) {
        auto tx = run_write_transaction(*conns[i], [&](bool&) {
          journal_head head;
          auto s = lock_journal_head(*conns[i], &head);
          return s.ok() ? append_journal(*conns[i], head, "test", "", "w", std::to_string(i)) : s;
        });
        failures[i] = tx.status.message;
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& f : failures) {
    INFO(f);
    CHECK(f.empty());
  }
  std::vector<journal_record> records;
  REQUIRE(read_journal(*conns[0], &records).ok());
  journal_head head;
  REQUIRE(lock_journal_head(*conns[0], &head).ok());
  CHECK(records.size() == std::size_t{writers} * appends);
  const auto check = check_journal(records, head);
  INFO(check.problem);
  CHECK(check.ok);
}

// `ledger init` run several times at once on an empty database: one creates the tables, the
// others wait and find them (instead of failing to create them again, or of taking them for a
// foreign database's).
SQL_TEST("concurrent migrations of an empty database all succeed", concurrent_migrations) {
  constexpr int runs = 4;
  std::vector<std::unique_ptr<sql_connection>> conns(runs);
  for (auto& c : conns) c = db.open();
  std::vector<std::string> failures(runs);
  std::vector<std::thread> threads;
  threads.reserve(runs);
  for (int i = 0; i < runs; ++i)
    threads.emplace_back([&, i] {
      for (const auto& d : migrate_ledger(*conns[i])) failures[i] += d.code + ": " + d.message;
    });
  for (auto& t : threads) t.join();
  for (const auto& f : failures) {
    INFO(f);
    CHECK(f.empty());
  }
  CHECK(check_ledger_schema(*conns[0]).empty());
}

// A ledger of version 2 (reviews without supplied facts) is refused until `ledger init` upgrades
// it; its reviews then read as having supplied nothing.
SQL_TEST("a version 2 ledger upgrades, its reviews kept", upgrade_from_2) {
  auto c = db.open();
  REQUIRE(migrate_ledger(*c).empty());
  // Back to version 2, as that release left it.
  script_ok(*c,
            "DROP TABLE licensed_totals; DROP TABLE licensed_compute; "
            "ALTER TABLE reviews DROP COLUMN supplies; UPDATE ledger_schema SET version = 2; "
            "INSERT INTO orders (order_id, shipment, state, outcome, decided_on, decision, "
            "release_block, journal_seq) VALUES ('SO-1', 'SO-1', 'held', 'hold', '2026-01-02', "
            "'{}', '{}', 1); INSERT INTO reviews (order_id, journal_seq, reviewer, at, reason, "
            "clears) VALUES ('SO-1', 2, 'J. Doe', '2026-01-03T00:00:00Z', 'why', '[]')");
  REQUIRE(check_ledger_schema(*c).size() == 1);
  CHECK(check_ledger_schema(*c)[0].code == "EXC-E9104");
  REQUIRE(migrate_ledger(*c).empty());
  CHECK(check_ledger_schema(*c).empty());
  ledger_facts facts;
  REQUIRE(load_reviews(*c, "SO-1", &facts).ok());
  REQUIRE(facts.reviews.size() == 1);
  CHECK(facts.reviews[0].reviewer == "J. Doe");
  CHECK(facts.reviews[0].supplies.empty());
}

}  // namespace
}  // namespace exportctl::detail
