// receipt_facts.cpp: the ledger's facts in a receipt (receipt_facts.hpp).
#include "audit/receipt_facts.hpp"

#include <cstdint>
#include <variant>

#include "doc/json_writer.hpp"

namespace exportctl::detail {
namespace {

void field(std::string& out, std::string_view key, std::string_view value, bool first = false) {
  if (!first) out += ',';
  append_json_string(out, key);
  out += ':';
  append_json_string(out, value);
}

bool text_member(const ojson& o, const char* key, std::string* v) {
  const auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return false;
  *v = it->get<std::string>();
  return true;
}

}  // namespace

void append_clearances(std::string& out, const std::vector<reviewed_clearance>& clears) {
  out += '[';
  for (std::size_t k = 0; k < clears.size(); ++k) {
    out += k ? ",{" : "{";
    field(out, "source", clears[k].source, true);
    field(out, "entry", clears[k].entry);
    field(out, "name", clears[k].name);
    field(out, "country", clears[k].country);
    out += '}';
  }
  out += ']';
}

bool parse_clearances(const ojson& a, std::vector<reviewed_clearance>* out) {
  if (!a.is_array()) return false;
  for (const auto& k : a) {
    reviewed_clearance c;
    if (!k.is_object() || !text_member(k, "source", &c.source) ||
        !text_member(k, "entry", &c.entry) || !text_member(k, "name", &c.name) ||
        !text_member(k, "country", &c.country))
      return false;
    out->push_back(std::move(c));
  }
  return true;
}

void append_supplies(std::string& out, const std::vector<supplied_fact>& supplies) {
  out += '[';
  for (std::size_t k = 0; k < supplies.size(); ++k) {
    const supplied_fact& f = supplies[k];
    out += k ? ",{" : "{";
    if (f.item > 0) {
      out += "\"item\":" + std::to_string(f.item);
    } else {
      field(out, "party", f.party, true);
    }
    field(out, "fact", f.fact);
    out += ",\"value\":";
    if (const auto* x = std::get_if<double>(&f.value)) {
      append_json_number(out, *x);
    } else if (const auto* b = std::get_if<bool>(&f.value)) {
      out += *b ? "true" : "false";
    } else {
      append_json_string(out, std::get<std::string>(f.value));
    }
    out += '}';
  }
  out += ']';
}

bool parse_supplies(const ojson& a, std::vector<supplied_fact>* out) {
  if (!a.is_array()) return false;
  for (const auto& k : a) {
    supplied_fact f;
    if (!k.is_object() || !text_member(k, "fact", &f.fact) || !k.contains("value")) return false;
    if (const auto it = k.find("item"); it != k.end()) {
      if (!it->is_number_unsigned() || it->get<std::uint64_t>() < 1 ||
          it->get<std::uint64_t>() > 1'000'000 || k.contains("party"))
        return false;
      f.item = it->get<int>();
    } else if (!text_member(k, "party", &f.party) || f.party.empty()) {
      return false;
    }
    const ojson& v = k["value"];
    if (v.is_boolean()) {
      f.value = v.get<bool>();
    } else if (v.is_number()) {
      f.value = v.get<double>();
    } else if (v.is_string()) {
      f.value = v.get<std::string>();
    } else {
      return false;
    }
    out->push_back(std::move(f));
  }
  return true;
}

void append_review(std::string& out, const review_record& r) {
  out += '{';
  field(out, "order_id", r.order_id, true);
  field(out, "reviewer", r.reviewer);
  field(out, "at", r.at);
  field(out, "reason", r.reason);
  out += ",\"clears\":";
  append_clearances(out, r.clears);
  // Only when there are some: a review of clearances only is written as it always was, so the
  // journal records and receipts made before supplied facts read back byte for byte.
  if (!r.supplies.empty()) {
    out += ",\"supplies\":";
    append_supplies(out, r.supplies);
  }
  out += '}';
}

bool parse_review(const ojson& e, review_record* r) {
  return e.is_object() && text_member(e, "order_id", &r->order_id) &&
         text_member(e, "reviewer", &r->reviewer) && text_member(e, "at", &r->at) &&
         text_member(e, "reason", &r->reason) && e.contains("clears") &&
         parse_clearances(e["clears"], &r->clears) &&
         (!e.contains("supplies") || parse_supplies(e["supplies"], &r->supplies));
}

void append_ledger_facts(std::string& out, const ledger_facts& facts) {
  out += ",\"ledger_facts\":{";
  field(out, "source", facts.source, true);
  out += ",\"serials\":[";
  for (std::size_t i = 0; i < facts.serials.size(); ++i) {
    const auto& s = facts.serials[i];
    out += i ? ",{" : "{";
    field(out, "serial", s.serial, true);
    field(out, "order_id", s.order_id);
    field(out, "shipment", s.shipment);
    field(out, "on", s.on.to_string());
    field(out, "end_user", s.end_user);
    field(out, "country", s.country);
    out += '}';
  }
  out += "],\"compute\":[";
  for (std::size_t i = 0; i < facts.compute.size(); ++i) {
    const auto& c = facts.compute[i];
    out += i ? ",{" : "{";
    field(out, "end_user", c.end_user, true);
    field(out, "country", c.country);
    out += ",\"year\":" + std::to_string(c.year) + ",\"tpp\":";
    append_json_number(out, c.tpp);
    out += ",\"orders\":" + std::to_string(c.orders) + '}';
  }
  out += "],\"reviews\":[";
  for (std::size_t i = 0; i < facts.reviews.size(); ++i) {
    if (i) out += ',';
    append_review(out, facts.reviews[i]);
  }
  out += ']';
  // Only when there are some, so a receipt without licensed history reads as it always did.
  if (!facts.licensed.empty()) {
    out += ",\"licensed\":[";
    for (std::size_t i = 0; i < facts.licensed.size(); ++i) {
      const auto& c = facts.licensed[i];
      out += i ? ",{" : "{";
      field(out, "country", c.country, true);
      out += ",\"year\":" + std::to_string(c.year) + ",\"tpp\":";
      append_json_number(out, c.tpp);
      out += ",\"orders\":" + std::to_string(c.orders) + '}';
    }
    out += ']';
  }
  out += '}';
}

bool parse_ledger_facts(const ojson& j, ledger_facts* out, std::string* why) {
  const auto text = text_member;
  ledger_facts f;
  if (!j.is_object() || !text(j, "source", &f.source) || !j.contains("serials") ||
      !j["serials"].is_array()) {
    *why = "`ledger_facts` needs a `source` string and a `serials` list";
    return false;
  }
  for (const auto& e : j["serials"]) {
    serial_record r;
    std::string on;
    if (!e.is_object() || !text(e, "serial", &r.serial) || !text(e, "order_id", &r.order_id) ||
        !text(e, "shipment", &r.shipment) || !text(e, "on", &on) ||
        !text(e, "end_user", &r.end_user) || !text(e, "country", &r.country)) {
      *why =
          "a `ledger_facts` serial needs `serial`, `order_id`, `shipment`, `on`, `end_user` "
          "and `country` strings";
      return false;
    }
    const auto d = date::parse(on);
    if (!d) {
      *why = "a `ledger_facts` serial has `on` `" + on + "`, not a date";
      return false;
    }
    r.on = *d;
    f.serials.push_back(std::move(r));
  }
  // `compute` may be absent (a receipt written before compute accounting): no record.
  if (const auto it = j.find("compute"); it != j.end()) {
    if (!it->is_array()) {
      *why = "`ledger_facts` `compute` is not a list";
      return false;
    }
    for (const auto& e : *it) {
      compute_record c;
      if (!e.is_object() || !text(e, "end_user", &c.end_user) || !text(e, "country", &c.country) ||
          !e.contains("year") || !e["year"].is_number_integer() || !e.contains("tpp") ||
          !e["tpp"].is_number() || !e.contains("orders") || !e["orders"].is_number_unsigned()) {
        *why =
            "a `ledger_facts` compute record needs `end_user`, `country`, `year`, `tpp` and "
            "`orders`";
        return false;
      }
      c.year = e["year"].get<int>();
      c.tpp = e["tpp"].get<double>();
      c.orders = e["orders"].get<std::size_t>();
      f.compute.push_back(std::move(c));
    }
  }
  if (const auto it = j.find("reviews"); it != j.end()) {
    const char* bad =
        "a `ledger_facts` review needs `order_id`, `reviewer`, `at`, `reason` and "
        "`clears` (each with `source`, `entry`, `name`, `country`), and its `supplies` each "
        "`item` or `party`, `fact` and `value`";
    if (!it->is_array()) {
      *why = bad;
      return false;
    }
    for (const auto& e : *it) {
      review_record r;
      if (!parse_review(e, &r)) {
        *why = bad;
        return false;
      }
      f.reviews.push_back(std::move(r));
    }
  }
  if (const auto it = j.find("licensed"); it != j.end()) {
    if (!it->is_array()) {
      *why = "`ledger_facts` `licensed` is not a list";
      return false;
    }
    for (const auto& e : *it) {
      licensed_tpp_record c;
      if (!e.is_object() || !text(e, "country", &c.country) || !e.contains("year") ||
          !e["year"].is_number_integer() || !e.contains("tpp") || !e["tpp"].is_number() ||
          !e.contains("orders") || !e["orders"].is_number_unsigned()) {
        *why = "a `ledger_facts` licensed record needs `country`, `year`, `tpp` and `orders`";
        return false;
      }
      c.year = e["year"].get<int>();
      c.tpp = e["tpp"].get<double>();
      c.orders = e["orders"].get<std::size_t>();
      f.licensed.push_back(std::move(c));
    }
  }
  *out = std::move(f);
  return true;
}

}  // namespace exportctl::detail
