// reviews.cpp: reviews of holds (reviews.hpp).
#include "ledger/reviews.hpp"

#include "doc/json.hpp"

namespace exportctl::detail {
namespace {

ojson clears_array(const std::vector<reviewed_clearance>& clears) {
  ojson a = ojson::array();
  for (const auto& c : clears)
    a.push_back(
        ojson{{"source", c.source}, {"entry", c.entry}, {"name", c.name}, {"country", c.country}});
  return a;
}

bool parse_clears(const std::string& text, std::vector<reviewed_clearance>* out) {
  const auto j = ojson::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return false;
  for (const auto& e : j) {
    if (!e.is_object() || !e.contains("source") || !e.contains("entry") || !e.contains("name") ||
        !e.contains("country"))
      return false;
    out->push_back({e["source"].get<std::string>(), e["entry"].get<std::string>(),
                    e["name"].get<std::string>(), e["country"].get<std::string>()});
  }
  return true;
}

}  // namespace

std::string clears_json(const std::vector<reviewed_clearance>& clears) {
  return clears_array(clears).dump();
}

std::string review_body(const review_record& r) {
  ojson j;
  j["order_id"] = r.order_id;
  j["reviewer"] = r.reviewer;
  j["at"] = r.at;
  j["reason"] = r.reason;
  j["clears"] = clears_array(r.clears);
  return j.dump();
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
    if (!parse_clears(row.text(3), &r.clears))
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
