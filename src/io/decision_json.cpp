// decision_json.cpp: decisions and classifications as canonical JSON. The key order here is the
// documented output format (README "Decision output"); changing it changes golden files.
#include "exportctl/io.hpp"
#include "io/json.hpp"

namespace exportctl {
namespace {

using detail::json_number;
using detail::json_string_or_null;
using detail::json_strings;
using detail::ojson;

// Party lists view the decision's text (decision.hpp).
ojson json_strings(std::span<const std::string_view> v) {
  ojson a = ojson::array();
  for (const auto s : v) a.push_back(std::string(s));
  return a;
}

ojson policy_json(review_policy p) {
  return p == review_policy::none ? ojson(nullptr) : ojson(std::string(to_string(p)));
}

ojson item_json(const item_result& it) {
  ojson j;
  j["line"] = it.line;
  j["product"] = json_string_or_null(it.product);
  j["quantity"] = it.quantity;
  j["eccn"] = json_string_or_null(it.eccn);
  j["paragraph"] = json_string_or_null(it.paragraph);
  j["tpp"] = json_number(it.tpp);
  j["performance_density"] = json_number(it.performance_density);
  j["decision"] = std::string(to_string(it.decision));
  j["missing_facts"] = json_strings(it.missing_facts);
  return j;
}

ojson finding_json(const finding& f) {
  ojson j;
  j["kind"] = std::string(to_string(f.kind));
  j["rule"] = std::string(f.rule);
  j["citation"] = std::string(f.citation);
  j["pack"] = std::string(f.pack);
  j["item"] = f.item ? ojson(*f.item) : ojson(nullptr);
  j["parties"] = json_strings(f.parties);
  j["effect"] = std::string(to_string(f.effect));
  j["message"] = std::string(f.message);
  return j;
}

ojson decision_json(const decision& d) {
  ojson j;
  j["shipment"] = d.shipment;
  j["as_of"] = d.as_of.to_string();
  j["decision"] = std::string(to_string(d.result));
  j["review_policy"] = policy_json(d.policy);
  j["license_exceptions"] = json_strings(d.license_exceptions);
  ojson items = ojson::array();
  for (const auto& it : d.items) items.push_back(item_json(it));
  j["items"] = std::move(items);
  ojson paths = ojson::array();
  for (const auto& p : d.paths) {
    ojson pj;
    pj["parties"] = json_strings(p.parties);
    pj["decision"] = std::string(to_string(p.decision));
    ojson hops = ojson::array();
    for (const auto& h : p.hops) {
      ojson hj;
      hj["from"] = h.from;
      hj["to"] = h.to;
      hj["kind"] = std::string(to_string(h.kind));
      hj["decision"] = std::string(to_string(h.decision));
      hj["review_policy"] = policy_json(h.policy);
      hj["license_exceptions"] = json_strings(h.license_exceptions);
      hops.push_back(std::move(hj));
    }
    pj["hops"] = std::move(hops);
    paths.push_back(std::move(pj));
  }
  j["paths"] = std::move(paths);
  ojson findings = ojson::array();
  for (const auto& f : d.findings) findings.push_back(finding_json(f));
  j["findings"] = std::move(findings);
  ojson flags = ojson::array();
  for (const auto& r : d.red_flags) {
    ojson rj;
    rj["rule"] = std::string(r.rule);
    rj["citation"] = std::string(r.citation);
    rj["severity"] = std::string(r.severity);
    rj["parties"] = json_strings(r.parties);
    rj["message"] = std::string(r.message);
    flags.push_back(std::move(rj));
  }
  j["red_flags"] = std::move(flags);
  j["missing_facts"] = json_strings(d.missing_facts);
  ojson packs = ojson::array();
  for (const auto& p : d.rulepacks) {
    packs.push_back({{"id", std::string(p.id)},
                     {"version", std::string(p.version)},
                     {"sha256", std::string(p.sha256)}});
  }
  j["rulepacks"] = std::move(packs);
  j["fingerprint"] = std::string(d.fingerprint);
  j["scenario"] = json_string_or_null(d.scenario);
  j["engine"] = std::string(d.engine);
  return j;
}

std::string dump(const ojson& j, bool pretty) {
  // error_handler::replace: a stray invalid UTF-8 byte in a party name must not throw.
  return j.dump(pretty ? 2 : -1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace

std::string to_json(const decision& d, bool pretty) { return dump(decision_json(d), pretty); }

std::string to_json(const classification& c, bool pretty) {
  ojson j;
  j["as_of"] = c.as_of.to_string();
  j["item"] = item_json(c.item);
  j["missing_facts"] = json_strings(c.missing_facts);
  ojson findings = ojson::array();
  for (const auto& f : c.findings) findings.push_back(finding_json(f));
  j["findings"] = std::move(findings);
  return dump(j, pretty);
}

}  // namespace exportctl
