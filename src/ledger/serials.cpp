// serials.cpp: serial numbers in the ledger (serials.hpp).
#include "ledger/serials.hpp"

#include <algorithm>

namespace exportctl::detail {
namespace {

void collect(const std::vector<item>& items, std::vector<std::string>& out) {
  for (const auto& it : items) {
    out.insert(out.end(), it.serials.begin(), it.serials.end());
    collect(it.contains, out);
  }
}

serial_record row_record(const sql_row& r) {
  serial_record x;
  x.serial = r.text(0);
  x.order_id = r.text(1);
  x.shipment = r.text(2);
  x.on = date::parse(r.text(3)).value_or(date{});
  x.end_user = r.text(4);
  x.country = r.text(5);
  return x;
}

}  // namespace

std::vector<std::string> shipment_serials(const shipment& s) {
  std::vector<std::string> out;
  collect(s.items, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

sql_status load_serial_facts(sql_connection& db, const std::vector<std::string>& serials,
                             const std::string& order_id, ledger_facts* out) {
  out->source = db.name();
  out->serials.clear();
  std::vector<sql_row> rows;
  for (const auto& sn : serials) {
    rows.clear();
    const sql_value p[] = {sn, order_id};
    auto s = db.exec(
        "SELECT serial, order_id, shipment, decided_on, end_user, country FROM serials WHERE "
        "serial = ? AND order_id <> ? ORDER BY decided_on, order_id, end_user, country",
        p, &rows);
    if (!s.ok()) return s;
    for (const auto& r : rows) out->serials.push_back(row_record(r));
  }
  return {};
}

sql_status record_serials(sql_connection& db, const std::string& order_id, const shipment& s,
                          const decision& d, const std::vector<std::string>& serials) {
  for (const auto& p : s.parties) {
    if (p.role != party_role::end_user) continue;
    for (const auto& sn : serials) {
      const sql_value v[] = {sn, order_id, s.id, d.as_of.to_string(), p.name, p.country};
      auto st = db.exec(
          "INSERT INTO serials (serial, order_id, shipment, decided_on, end_user, country) "
          "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
          v, nullptr);
      if (!st.ok()) return st;
    }
  }
  return {};
}

sql_status forget_serials(sql_connection& db, const std::string& order_id) {
  const sql_value key[] = {order_id};
  return db.exec("DELETE FROM serials WHERE order_id = ?", key, nullptr);
}

sql_status serial_history(sql_connection& db, const std::string& serial,
                          std::vector<serial_use>* out) {
  std::vector<sql_row> rows;
  const sql_value key[] = {serial};
  auto s = db.exec(
      "SELECT s.serial, s.order_id, s.shipment, s.decided_on, s.end_user, s.country, o.state "
      "FROM serials s JOIN orders o ON o.order_id = s.order_id WHERE s.serial = ? ORDER BY "
      "s.decided_on, s.order_id, s.end_user, s.country",
      key, &rows);
  if (!s.ok()) return s;
  for (const auto& r : rows) out->push_back({row_record(r), r.text(6)});
  return {};
}

}  // namespace exportctl::detail
