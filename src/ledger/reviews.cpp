// reviews.cpp: reviews of holds (reviews.hpp).
#include "ledger/reviews.hpp"

#include "audit/receipt_facts.hpp"
#include "doc/json.hpp"

namespace exportctl::detail {
std::string clears_json(const std::vector<reviewed_clearance>& clears) {
  std::string out;
  append_clearances(out, clears);
  return out;
}

std::string review_body(const review_record& r) {
  std::string out;
  append_review(out, r);
  return out;
}

sql_status load_reviews(sql_connection& db, const std::string& order_id, ledger_facts* out) {
  out->reviews.clear();
  std::vector<sql_row> rows;
  const sql_value key[] = {order_id};
  auto s = db.exec(
      "SELECT reviewer, at, reason, clears FROM reviews WHERE order_id = ? ORDER BY journal_seq",
      key, &rows);
  if (!s.ok()) return s;
  for (const auto& row : rows) {
    review_record r;
    r.order_id = order_id;
    r.reviewer = row.text(0);
    r.at = row.text(1);
    r.reason = row.text(2);
    const auto clears = ojson::parse(row.text(3), nullptr, false);
    if (clears.is_discarded() || !parse_clearances(clears, &r.clears))
      return {sql_error_kind::other, "a review of order `" + order_id + "` is damaged"};
    out->reviews.push_back(std::move(r));
  }
  return {};
}

sql_status insert_review(sql_connection& db, const review_record& r, std::uint64_t seq) {
  const sql_value v[] = {r.order_id, static_cast<std::int64_t>(seq), r.reviewer, r.at,
                         r.reason,   clears_json(r.clears)};
  return db.exec(
      "INSERT INTO reviews (order_id, journal_seq, reviewer, at, reason, clears) VALUES (?, ?, ?, "
      "?, ?, ?)",
      v, nullptr);
}

}  // namespace exportctl::detail
