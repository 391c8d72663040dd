// compute.cpp: compute accounting (compute.hpp).
#include "ledger/compute.hpp"

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
  out->compute.clear();
  std::vector<sql_row> rows;
  for (const auto& p : s.parties) {
    if (p.role != party_role::end_user) continue;
    rows.clear();
    const sql_value q[] = {end_user_key(p.name), p.country, static_cast<std::int64_t>(year),
                           order_id};
    auto st = db.exec(
        "SELECT count(*), sum(c.tpp) FROM compute c JOIN orders o ON o.order_id = c.order_id "
        "WHERE o.state IN ('released', 'committed') AND c.end_user_key = ? AND c.country = ? "
        "AND c.year = ? "
        "AND c.order_id <> ?",
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
  if (auto st = forget_compute(db, order_id); !st.ok()) return st;
  const double tpp = controlled_tpp(d);
  if (tpp <= 0) return {};
  for (const auto& p : s.parties) {
    if (p.role != party_role::end_user) continue;
    const sql_value v[] = {order_id, end_user_key(p.name), p.country,
                           static_cast<std::int64_t>(d.as_of.year()), tpp};
    auto st = db.exec(
        "INSERT INTO compute (order_id, end_user_key, country, year, tpp) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        v, nullptr);
    if (!st.ok()) return st;
  }
  return {};
}

sql_status forget_compute(sql_connection& db, const std::string& order_id) {
  const sql_value key[] = {order_id};
  return db.exec("DELETE FROM compute WHERE order_id = ?", key, nullptr);
}

}  // namespace exportctl::detail
