// ledger_json.cpp: the ledger's answers as JSON for the command line and the APIs (ledger.hpp).
// Keys in a fixed order (ordered_json), so the same ledger state prints the same bytes.
#include "doc/json.hpp"
#include "exportctl/ledger.hpp"
#include "ledger/license_store.hpp"
#include "ledger/release_json.hpp"

namespace exportctl {

using detail::json_number;
using detail::ojson;

namespace {

std::string dump(const ojson& j, bool pretty) { return pretty ? j.dump(2) : j.dump(); }

ojson license_object(const license_state& s) {
  // The terms as stored, then the quantities (the keys `license list` promises).
  auto j = ojson::parse(detail::license_body(s.terms));
  j.erase("source");
  j["reserved"] = s.reserved;
  j["used"] = s.used;
  j["remaining"] = s.remaining;
  if (s.remaining_tpp) {
    j["reserved_tpp"] = json_number(s.reserved_tpp);
    j["used_tpp"] = json_number(s.used_tpp);
    j["remaining_tpp"] = json_number(*s.remaining_tpp);
  }
  if (!s.terms.source_name.empty()) j["source"] = s.terms.source_name;
  return j;
}

}  // namespace

std::string to_json(const std::vector<license_state>& licenses, bool pretty) {
  ojson a = ojson::array();
  for (const auto& l : licenses) a.push_back(license_object(l));
  return dump(a, pretty);
}

std::string to_json(const order_record& o, bool pretty) {
  ojson j;
  j["order_id"] = o.order_id;
  j["shipment"] = o.shipment;
  j["state"] = o.state;
  j["outcome"] = o.outcome;
  j["decided_on"] = o.decided_on;
  j["licenses"] = detail::license_uses_json(o.licenses);
  j["decision"] = ojson::parse(o.decision_json);
  return dump(j, pretty);
}

std::string to_json(const journal_record& r, bool pretty) {
  ojson j;
  j["seq"] = r.seq;
  j["at"] = r.at;
  j["kind"] = r.kind;
  j["order_id"] = detail::json_string_or_null(r.order_id);
  j["principal"] = r.principal;
  j["prev_sha256"] = r.prev_sha256;
  j["sha256"] = r.sha256;
  // The body as stored: its bytes are what the chain hashes, so it is kept as a string.
  j["body"] = r.body;
  return dump(j, pretty);
}

std::string to_json(const std::vector<serial_use>& uses, bool pretty) {
  ojson a = ojson::array();
  for (const auto& u : uses) {
    ojson j;
    j["serial"] = u.release.serial;
    j["order_id"] = u.release.order_id;
    j["shipment"] = u.release.shipment;
    j["on"] = u.release.on.to_string();
    j["end_user"] = u.release.end_user;
    j["country"] = u.release.country;
    j["state"] = u.state;
    a.push_back(std::move(j));
  }
  return dump(a, pretty);
}

std::string to_json(const journal_check& c, bool pretty) {
  ojson j;
  j["ok"] = c.ok;
  j["records"] = c.records;
  j["first_bad"] = c.first_bad == 0 ? ojson(nullptr) : ojson(c.first_bad);
  j["problem"] = detail::json_string_or_null(c.problem);
  return dump(j, pretty);
}

}  // namespace exportctl
