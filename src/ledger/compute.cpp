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

namespace {

// Σ quantity × TPP over the items that needed a licence (what a licence authorized).
double licensed_tpp(const decision& d) {
  double sum = 0;
  for (const auto& it : d.items)
    if (it.decision == outcome::license_required && it.tpp)
      sum += *it.tpp * static_cast<double>(it.quantity);
  return sum;
}

}  // namespace

sql_status load_licensed_facts(sql_connection& db, const shipment& s, ledger_facts* out) {
  out->licensed.clear();
  std::vector<std::string> countries;
  for (const auto& p : s.parties)
    if (std::find(countries.begin(), countries.end(), p.country) == countries.end())
      countries.push_back(p.country);
  std::sort(countries.begin(), countries.end());
  std::vector<sql_row> rows;
  for (const auto& c : countries) {
    rows.clear();
    const sql_value q[] = {c};
    auto st = db.exec(
        "SELECT year, tpp, orders FROM licensed_totals WHERE country = ? AND orders > 0 ORDER BY "
        "year",
        q, &rows);
    if (!st.ok()) return st;
    for (const auto& r : rows)
      out->licensed.push_back(
          {c, static_cast<int>(r.integer(0)), r.real(1), static_cast<std::size_t>(r.integer(2))});
  }
  return {};
}

sql_status record_licensed(sql_connection& db, const std::string& order_id, const shipment& s,
                           const decision& d) {
  const double tpp = licensed_tpp(d);
  if (d.result != outcome::license_required || tpp <= 0) return {};
  std::vector<std::string> counted;
  const auto year = static_cast<std::int64_t>(d.as_of.year());
  for (const auto& p : s.parties) {
    if (p.role != party_role::end_user) continue;
    if (std::find(counted.begin(), counted.end(), p.country) != counted.end()) continue;
    const sql_value v[] = {order_id, p.country, year, tpp};
    auto st =
        db.exec("INSERT INTO licensed_compute (order_id, country, year, tpp) VALUES (?, ?, ?, ?)",
                v, nullptr);
    if (!st.ok()) return st;
    const sql_value t[] = {p.country, year, tpp};
    st = db.exec(
        "INSERT INTO licensed_totals (country, year, tpp, orders) VALUES (?, ?, ?, 1) ON CONFLICT "
        "(country, year) DO UPDATE SET tpp = licensed_totals.tpp + excluded.tpp, orders = "
        "licensed_totals.orders + 1",
        t, nullptr);
    if (!st.ok()) return st;
    counted.push_back(p.country);
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
  if (st = db.exec("DELETE FROM compute WHERE order_id = ?", key, nullptr); !st.ok()) return st;
  rows.clear();
  st = db.exec("SELECT country, year, tpp FROM licensed_compute WHERE order_id = ?", key, &rows);
  if (!st.ok()) return st;
  for (const auto& r : rows) {
    const sql_value t[] = {r.real(2), r.text(0), r.integer(1)};
    st = db.exec(
        "UPDATE licensed_totals SET tpp = tpp - ?, orders = orders - 1 WHERE country = ? AND "
        "year = ?",
        t, nullptr);
    if (!st.ok()) return st;
  }
  return db.exec("DELETE FROM licensed_compute WHERE order_id = ?", key, nullptr);
}

}  // namespace exportctl::detail
