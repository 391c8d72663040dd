// reviews.cpp: reviews of holds (reviews.hpp).
#include "ledger/reviews.hpp"

#include <string_view>

#include "audit/receipt_facts.hpp"
#include "doc/json.hpp"
#include "ledger/ledger_diag.hpp"

namespace exportctl::detail {
std::string clears_json(const std::vector<reviewed_clearance>& clears) {
  std::string out;
  append_clearances(out, clears);
  return out;
}

std::string supplies_json(const std::vector<supplied_fact>& supplies) {
  std::string out;
  append_supplies(out, supplies);
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
      "SELECT reviewer, at, reason, clears, supplies FROM reviews WHERE order_id = ? ORDER BY "
      "journal_seq",
      key, &rows);
  if (!s.ok()) return s;
  for (const auto& row : rows) {
    review_record r;
    r.order_id = order_id;
    r.reviewer = row.text(0);
    r.at = row.text(1);
    r.reason = row.text(2);
    const auto clears = ojson::parse(row.text(3), nullptr, false);
    const auto supplies = ojson::parse(row.text(4), nullptr, false);
    if (clears.is_discarded() || !parse_clearances(clears, &r.clears) || supplies.is_discarded() ||
        !parse_supplies(supplies, &r.supplies))
      return {sql_error_kind::other, "a review of order `" + order_id + "` is damaged"};
    out->reviews.push_back(std::move(r));
  }
  return {};
}

namespace {

// Whether the held decision's missing fact `m` is the one `f` supplies: "item 2: die_area_mm2"
// (a TPP also answers "item 2: dense_tops", which is asked for to compute it), "party eu:
// headquarters (not stated)", "party eu: headquarters and ultimate parent headquarters (not
// stated)", "party eu: ultimate parent headquarters (not stated)".
bool asks_for(std::string_view m, const supplied_fact& f) {
  if (f.item > 0) {
    const std::string at = "item " + std::to_string(f.item) + ": ";
    return m == at + f.fact || (f.fact == "tpp" && m == at + "dense_tops");
  }
  const std::string at = "party " + f.party + ": ";
  if (!m.starts_with(at)) return false;
  const std::string_view rest = m.substr(at.size());
  if (f.fact == "headquarters") return rest.starts_with("headquarters");
  return rest.starts_with("ultimate parent headquarters") ||
         rest.starts_with("headquarters and ultimate parent headquarters");
}

std::string fact_text(const supplied_fact& f) {
  return f.item > 0 ? "item " + std::to_string(f.item) + ": " + f.fact
                    : "party " + f.party + ": " + f.fact;
}

}  // namespace

sql_status check_supplies(sql_connection& db, const std::string& order_id,
                          const std::vector<supplied_fact>& supplies,
                          std::vector<diagnostic>* out) {
  if (supplies.empty()) return {};
  std::vector<sql_row> rows;
  const sql_value key[] = {order_id};
  if (auto s = db.exec("SELECT decision FROM orders WHERE order_id = ?", key, &rows); !s.ok())
    return s;
  std::vector<std::string> missing;
  if (!rows.empty()) {
    const auto d = ojson::parse(rows[0].text(0), nullptr, false);
    if (d.is_discarded() || !d.is_object() || !d.contains("missing_facts") ||
        !d["missing_facts"].is_array())
      return {sql_error_kind::other, "order `" + order_id + "` has a damaged decision"};
    for (const auto& m : d["missing_facts"])
      if (m.is_string()) missing.push_back(m.get<std::string>());
  }
  std::string asked;
  for (const auto& m : missing) asked += (asked.empty() ? "" : "; ") + m;
  for (const auto& f : supplies) {
    bool found = false;
    for (const auto& m : missing) found = found || asks_for(m, f);
    if (found) continue;
    // Only what the hold asked for: a review that could add any fact could restate a shipment.
    out->push_back(ledger_error(
        "EXC-E9112",
        "order `" + order_id + "`'s hold does not ask for `" + fact_text(f) +
            "`: a review supplies only the facts the hold is missing",
        db.name(),
        asked.empty() ? "the hold asks for no fact; correct the shipment and release it again"
                      : "the hold asks for: " + asked));
  }
  return {};
}

sql_status insert_review(sql_connection& db, const review_record& r, std::uint64_t seq) {
  const sql_value v[] = {r.order_id,
                         static_cast<std::int64_t>(seq),
                         r.reviewer,
                         r.at,
                         r.reason,
                         clears_json(r.clears),
                         supplies_json(r.supplies)};
  return db.exec(
      "INSERT INTO reviews (order_id, journal_seq, reviewer, at, reason, clears, supplies) VALUES "
      "(?, ?, ?, ?, ?, ?, ?)",
      v, nullptr);
}

}  // namespace exportctl::detail
