// license_store.cpp: licences in the ledger's tables (license_store.hpp).
#include "ledger/license_store.hpp"

#include <algorithm>

#include "doc/json.hpp"

namespace exportctl::detail {
namespace {

void put_list(ojson& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) j[key] = v;
}

bool get_list(const ojson& j, const char* key, std::vector<std::string>* out) {
  const auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_array()) return false;
  for (const auto& e : *it) {
    if (!e.is_string()) return false;
    out->push_back(e.get<std::string>());
  }
  return true;
}

}  // namespace

std::string license_body(const license& l) {
  ojson j;
  j["number"] = l.number;
  j["holder"] = l.holder;
  j["valid_from"] = l.valid_from.to_string();
  j["valid_to"] = l.valid_to.to_string();
  put_list(j, "products", l.products);
  put_list(j, "eccns", l.eccns);
  put_list(j, "destinations", l.destinations);
  put_list(j, "consignees", l.consignees);
  put_list(j, "end_users", l.end_users);
  j["quantity"] = l.quantity;
  if (l.value) j["value"] = json_number(*l.value);
  if (l.tpp) j["tpp"] = json_number(*l.tpp);
  if (!l.conditions.empty()) j["conditions"] = l.conditions;
  if (!l.source_name.empty()) j["source"] = l.source_name;
  return j.dump();
}

bool parse_license_body(const std::string& body, license* out) {
  const auto j = ojson::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    license l;
    l.number = j.at("number").get<std::string>();
    l.holder = j.at("holder").get<std::string>();
    const auto from = date::parse(j.at("valid_from").get<std::string>());
    const auto to = date::parse(j.at("valid_to").get<std::string>());
    if (!from || !to) return false;
    l.valid_from = *from;
    l.valid_to = *to;
    if (!get_list(j, "products", &l.products) || !get_list(j, "eccns", &l.eccns) ||
        !get_list(j, "destinations", &l.destinations) ||
        !get_list(j, "consignees", &l.consignees) || !get_list(j, "end_users", &l.end_users))
      return false;
    l.quantity = j.at("quantity").get<std::int64_t>();
    if (j.contains("value")) l.value = j["value"].get<double>();
    if (j.contains("tpp")) l.tpp = j["tpp"].get<double>();
    if (j.contains("conditions")) l.conditions = j["conditions"].get<std::string>();
    if (j.contains("source")) l.source_name = j["source"].get<std::string>();
    *out = std::move(l);
    return true;
  } catch (const ojson::exception&) {
    return false;  // a stored body of the wrong shape: the caller reports the damaged row
  }
}

sql_status load_licenses(sql_connection& db, bool lock, std::vector<license_state>* out) {
  std::vector<sql_row> rows;
  const std::string sql =
      "SELECT number, body, reserved, used, reserved_tpp, used_tpp FROM licenses ORDER BY "
      "number" +
      std::string(lock ? db.lock_suffix() : "");
  auto s = db.exec(sql, {}, &rows);
  if (!s.ok()) return s;
  for (const auto& r : rows) {
    license_state st;
    if (!parse_license_body(r.text(1), &st.terms))
      return {sql_error_kind::other, "licence row `" + r.text(0) + "` has a damaged body"};
    st.reserved = r.integer(2);
    st.used = r.integer(3);
    st.reserved_tpp = r.real(4);
    st.used_tpp = r.real(5);
    st.remaining = st.terms.quantity - st.reserved - st.used;
    if (st.terms.tpp) st.remaining_tpp = *st.terms.tpp - st.reserved_tpp - st.used_tpp;
    out->push_back(std::move(st));
  }
  std::stable_sort(out->begin(), out->end(), [](const license_state& a, const license_state& b) {
    return a.terms.valid_to < b.terms.valid_to;
  });
  return {};
}

}  // namespace exportctl::detail
