// compute.cpp: compute accounting (compute.hpp).
#include "ledger/compute.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "model/text.hpp"

namespace exportctl::detail {

double controlled_tpp(const decision& d) {
  double sum = 0;
  for (const auto& it : d.items)
    if (!it.eccn.empty() && it.tpp) sum += *it.tpp * static_cast<double>(it.quantity);
  return sum;
}

sql_status load_compute_facts(sql_connection& db, const shipment& s, int year,
                              const std::string& order_id, ledger_facts* out) {
  // The order's own rows are never in the sums here: it is being released, so it is not
  // released now, and a cancel or a block removed or never made them.
  (void)order_id;
  out->compute.clear();
  std::vector<sql_row> rows;
  for (const auto& p : s.parties) {
    if (p.role != party_role::end_user) continue;
    rows.clear();
    const sql_value q[] = {end_user_key(p.name), p.country, static_cast<std::int64_t>(year)};
    auto st = db.exec(
        "SELECT orders, tpp FROM compute_totals WHERE end_user_key = ? AND country = ? AND "
        "year = ?",
        q, &rows);
    if (!st.ok()) return st;
    if (rows.empty() || rows[0].integer(0) == 0) continue;
    out->compute.push_back(
        {p.name, p.country, year, rows[0].real(1), static_cast<std::size_t>(rows[0].integer(0))});
  }
  return {};
}

sql_status record_compute(sql_connection& db, const std::string& order_id, const shipment& s,
                          const decision& d) {
  const double tpp = controlled_tpp(d);
  if (tpp <= 0) return {};
  // Two end users with one key and country count once. Known here, so the statements need no
  // answer from the database (a release sends its writes together, deferred_writes.hpp).
  std::vector<std::pair<std::string, std::string>> counted;
  for (const auto& p : s.parties) {
    if (p.role != party_role::end_user) continue;
    std::pair<std::string, std::string> at{end_user_key(p.name), p.country};
    if (std::find(counted.begin(), counted.end(), at) != counted.end()) continue;
    const auto year = static_cast<std::int64_t>(d.as_of.year());
    const sql_value v[] = {order_id, at.first, at.second, year, tpp};
    auto st = db.exec(
        "INSERT INTO compute (order_id, end_user_key, country, year, tpp) VALUES (?, ?, ?, ?, ?)",
        v, nullptr);
    if (!st.ok()) return st;
    const sql_value t[] = {at.first, at.second, year, tpp};
    st = db.exec(
        "INSERT INTO compute_totals (end_user_key, country, year, tpp, orders) VALUES (?, ?, ?, ?, "
        "1) ON CONFLICT (end_user_key, country, year) DO UPDATE SET tpp = compute_totals.tpp + "
        "excluded.tpp, orders = compute_totals.orders + 1",
        t, nullptr);
    if (!st.ok()) return st;
    counted.push_back(std::move(at));
  }
  return {};
}

sql_status forget_compute(sql_connection& db, const std::string& order_id) {
  const sql_value key[] = {order_id};
  std::vector<sql_row> rows;
  auto st = db.exec("SELECT end_user_key, country, year, tpp FROM compute WHERE order_id = ?", key,
                    &rows);
  if (!st.ok()) return st;
  for (const auto& r : rows) {
    const sql_value t[] = {r.real(3), r.text(0), r.text(1), r.integer(2)};
    st = db.exec(
        "UPDATE compute_totals SET tpp = tpp - ?, orders = orders - 1 WHERE end_user_key = ? AND "
        "country = ? AND year = ?",
        t, nullptr);
    if (!st.ok()) return st;
  }
  return db.exec("DELETE FROM compute WHERE order_id = ?", key, nullptr);
}

}  // namespace exportctl::detail
