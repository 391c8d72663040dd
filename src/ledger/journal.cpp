// journal.cpp: the hash-chained journal (journal.hpp).
#include "ledger/journal.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "model/sha256.hpp"

namespace exportctl::detail {

sql_status lock_journal_head(sql_connection& db, journal_head* head) {
  std::vector<sql_row> rows;
  const std::string sql =
      "SELECT seq, sha256 FROM journal_head WHERE id = 1" + std::string(db.lock_suffix());
  auto s = db.exec(sql, {}, &rows);
  if (!s.ok()) return s;
  if (rows.size() != 1) return {sql_error_kind::other, "the journal head row is missing"};
  head->seq = static_cast<std::uint64_t>(rows[0].integer(0));
  head->sha256 = rows[0].text(1);
  return {};
}

std::string journal_hash(const journal_record& r) {
  std::string text;
  text.reserve(r.prev_sha256.size() + r.at.size() + r.kind.size() + r.order_id.size() +
               r.principal.size() + r.body.size() + 32);
  for (const std::string* f : {&r.prev_sha256, &r.at, &r.kind, &r.order_id, &r.principal}) {
    if (f == &r.at) text += std::to_string(r.seq) + '\n';
    text += *f;
    text += '\n';
  }
  text += r.body;
  return sha256_hex(text);
}

sql_status append_journal(sql_connection& db, journal_head& head, const std::string& kind,
                          const std::string& order_id, const std::string& principal,
                          const std::string& body) {
  const auto seq = static_cast<std::int64_t>(head.seq + 1);
  journal_record r;
  r.seq = head.seq + 1;
  r.at = utc_now();
  r.kind = kind;
  r.order_id = order_id;
  r.principal = principal;
  r.body = body;
  r.prev_sha256 = head.sha256;
  const std::string hash = journal_hash(r);
  const sql_value order = order_id.empty() ? sql_value{} : sql_value{order_id};
  const sql_value p[] = {seq, r.at, kind, order, principal, body, head.sha256, hash};
  auto s = db.exec(
      "INSERT INTO journal (seq, at, kind, order_id, principal, body, prev_sha256, sha256) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      p, nullptr);
  if (!s.ok()) return s;
  const sql_value h[] = {seq, hash};
  s = db.exec("UPDATE journal_head SET seq = ?, sha256 = ? WHERE id = 1", h, nullptr);
  if (!s.ok()) return s;
  head.seq = static_cast<std::uint64_t>(seq);
  head.sha256 = hash;
  return {};
}

sql_status read_journal(sql_connection& db, std::vector<journal_record>* out,
                        const std::string* order_id) {
  std::vector<sql_row> rows;
  constexpr const char* columns =
      "SELECT seq, at, kind, order_id, principal, body, prev_sha256, sha256 FROM journal ";
  sql_status s;
  if (order_id) {
    const sql_value key[] = {*order_id};
    s = db.exec(std::string(columns) + "WHERE order_id = ? ORDER BY seq", key, &rows);
  } else {
    s = db.exec(std::string(columns) + "ORDER BY seq", {}, &rows);
  }
  if (!s.ok()) return s;
  out->reserve(rows.size());
  for (const auto& r : rows) {
    journal_record j;
    j.seq = static_cast<std::uint64_t>(r.integer(0));
    j.at = r.text(1);
    j.kind = r.text(2);
    if (!r.is_null(3)) j.order_id = r.text(3);
    j.principal = r.text(4);
    j.body = r.text(5);
    j.prev_sha256 = r.text(6);
    j.sha256 = r.text(7);
    out->push_back(std::move(j));
  }
  return {};
}

journal_check check_journal(const std::vector<journal_record>& records, const journal_head& head) {
  journal_check c;
  c.records = records.size();
  std::string prev;
  std::uint64_t expected = 1;
  for (const auto& r : records) {
    std::string problem;
    if (r.seq != expected)
      problem = "record " + std::to_string(expected) + " is missing (the next one is " +
                std::to_string(r.seq) + ")";
    else if (r.prev_sha256 != prev)
      problem = "its prev_sha256 is not the sha256 of the record before it";
    else if (journal_hash(r) != r.sha256)
      problem = "its content does not hash to its sha256: it was altered";
    if (!problem.empty()) {
      c.first_bad = r.seq != expected ? expected : r.seq;
      c.problem = std::move(problem);
      return c;
    }
    prev = r.sha256;
    ++expected;
  }
  // Removing the last records leaves a chain that hashes: the head row still names the last
  // record written.
  if (head.seq != records.size() || head.sha256 != prev) {
    c.first_bad = records.size() + 1;
    c.problem = "the journal head names record " + std::to_string(head.seq) +
                " but the journal ends at " + std::to_string(records.size()) +
                ": records were removed or the head was altered";
    return c;
  }
  c.ok = true;
  return c;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
      1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return buf;
}

}  // namespace exportctl::detail
