// shipment_json.cpp: a shipment as one line of canonical JSON, the form audit receipts hash
// (issue 4). The key order is fixed and documented next to `to_json(const shipment&)` in io.hpp;
// absent optional values and empty optional strings and lists are omitted, so parse_shipment
// reads the line back into an equal shipment.
#include "exportctl/io.hpp"
#include "io/json_writer.hpp"

namespace exportctl {
namespace {

using detail::json_writer;

void write_specs(json_writer& w, const chip_specs& s) {
  w.begin_object();
  if (!s.dense_tops.empty()) {
    w.key("dense_tops");
    w.begin_object();
    for (const auto& [precision, rate] : s.dense_tops) {
      w.key(precision);
      w.number(rate);
    }
    w.end_object();
  }
  const auto optional_number = [&w](std::string_view key, const std::optional<double>& v) {
    if (!v) return;
    w.key(key);
    w.number(*v);
  };
  optional_number("tpp", s.tpp);
  optional_number("die_area_mm2", s.die_area_mm2);
  if (s.datacenter) {
    w.key("datacenter");
    w.boolean(*s.datacenter);
  }
  optional_number("io_bandwidth_gbs", s.io_bandwidth_gbs);
  optional_number("dram_bandwidth_gbs", s.dram_bandwidth_gbs);
  optional_number("memory_bandwidth_density", s.memory_bandwidth_density);
  if (s.hbm) {
    w.key("hbm");
    w.boolean(true);
  }
  if (s.us_available_2026_01_15) {
    w.key("commercially_available_us_2026_01_15");
    w.boolean(*s.us_available_2026_01_15);
  }
  w.end_object();
}

void write_item(json_writer& w, const item& it) {
  w.begin_object();
  if (!it.product.empty()) {
    w.key("product");
    w.string(it.product);
  }
  if (!it.description.empty()) {
    w.key("description");
    w.string(it.description);
  }
  w.key("quantity");
  w.integer(it.quantity);
  if (it.specs) {
    w.key("specs");
    write_specs(w, *it.specs);
  }
  if (!it.contains.empty()) {
    w.key("contains");
    w.begin_array();
    for (const auto& inner : it.contains) write_item(w, inner);
    w.end_array();
  }
  w.end_object();
}

void write_party(json_writer& w, const party& p) {
  w.begin_object();
  w.key("id");
  w.string(p.id);
  w.key("name");
  w.string(p.name);
  w.key("country");
  w.string(p.country);
  w.key("role");
  w.string(to_string(p.role));
  if (!p.headquarters.empty()) {
    w.key("headquarters");
    w.string(p.headquarters);
  }
  if (!p.ultimate_parent_headquarters.empty()) {
    w.key("ultimate_parent_headquarters");
    w.string(p.ultimate_parent_headquarters);
  }
  if (p.consignee_ytd_tpp) {
    w.key("consignee_ytd_tpp");
    w.number(*p.consignee_ytd_tpp);
  }
  w.end_object();
}

}  // namespace

std::string to_json(const shipment& s) {
  std::string out;
  out.reserve(256 + 128 * (s.items.size() + s.parties.size()) + 48 * s.transfers.size());
  json_writer w(out, false);
  w.begin_object();
  w.key("id");
  w.string(s.id);
  if (s.ship_date) {
    w.key("date");
    w.string(s.ship_date->to_string());
  }
  w.key("items");
  w.begin_array();
  for (const auto& it : s.items) write_item(w, it);
  w.end_array();
  w.key("parties");
  w.begin_array();
  for (const auto& p : s.parties) write_party(w, p);
  w.end_array();
  w.key("transfers");
  w.begin_array();
  for (const auto& t : s.transfers) {
    w.begin_object();
    w.key("from");
    w.string(t.from);
    w.key("to");
    w.string(t.to);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.finish();
  return out;
}

}  // namespace exportctl
