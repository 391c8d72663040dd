// shipment_equal.hpp: field-by-field comparison of two shipments for the I/O tests. Returns the
// first difference as text ("items[1].specs.tpp: 4 vs 5") so a failing check says where, or an
// empty string when the shipments are equal.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "exportctl/shipment.hpp"

namespace exportctl::test {

struct shipment_compare {
  bool positions = true;  ///< also compare source positions
  bool source_name = true;

  template <class T>
  static std::string show(const T& v) {
    std::ostringstream ss;
    ss.precision(17);
    ss << v;
    return ss.str();
  }
  template <class T>
  static std::string show(const std::optional<T>& v) {
    return v ? show(*v) : std::string("(absent)");
  }

  template <class T>
  std::string field(const std::string& path, const T& a, const T& b) const {
    if (a == b) return {};
    return path + ": " + show(a) + " vs " + show(b);
  }

  std::string position(const std::string& path, const source_position& a,
                       const source_position& b) const {
    if (!positions || (a.line == b.line && a.column == b.column)) return {};
    return path + ".position: " + show(a.line) + ":" + show(a.column) + " vs " + show(b.line) +
           ":" + show(b.column);
  }

  std::string specs(const std::string& p, const chip_specs& a, const chip_specs& b) const {
    if (a.dense_tops.size() != b.dense_tops.size()) return p + ".dense_tops: size differs";
    for (std::size_t i = 0; i < a.dense_tops.size(); ++i) {
      if (auto d = field(p + ".dense_tops[" + show(i) + "].precision", a.dense_tops[i].first,
                         b.dense_tops[i].first);
          !d.empty())
        return d;
      if (auto d = field(p + ".dense_tops[" + show(i) + "].rate", a.dense_tops[i].second,
                         b.dense_tops[i].second);
          !d.empty())
        return d;
    }
    for (auto d : {field(p + ".tpp", a.tpp, b.tpp),
                   field(p + ".die_area_mm2", a.die_area_mm2, b.die_area_mm2),
                   field(p + ".datacenter", a.datacenter, b.datacenter),
                   field(p + ".io_bandwidth_gbs", a.io_bandwidth_gbs, b.io_bandwidth_gbs),
                   field(p + ".dram_bandwidth_gbs", a.dram_bandwidth_gbs, b.dram_bandwidth_gbs),
                   field(p + ".memory_bandwidth_density", a.memory_bandwidth_density,
                         b.memory_bandwidth_density),
                   field(p + ".hbm", a.hbm, b.hbm),
                   field(p + ".commercially_available_us_2026_01_15", a.us_available_2026_01_15,
                         b.us_available_2026_01_15)}) {
      if (!d.empty()) return d;
    }
    return {};
  }

  std::string items(const std::string& p, const std::vector<item>& a,
                    const std::vector<item>& b) const {
    if (a.size() != b.size()) return p + ": " + show(a.size()) + " vs " + show(b.size()) + " items";
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string q = p + "[" + show(i) + "]";
      for (auto d : {field(q + ".product", a[i].product, b[i].product),
                     field(q + ".description", a[i].description, b[i].description),
                     field(q + ".quantity", a[i].quantity, b[i].quantity),
                     position(q, a[i].position, b[i].position)}) {
        if (!d.empty()) return d;
      }
      if (a[i].specs.has_value() != b[i].specs.has_value()) return q + ".specs: presence differs";
      if (a[i].specs) {
        if (auto d = specs(q + ".specs", *a[i].specs, *b[i].specs); !d.empty()) return d;
      }
      if (auto d = items(q + ".contains", a[i].contains, b[i].contains); !d.empty()) return d;
    }
    return {};
  }

  /// The first difference between `a` and `b`, or an empty string.
  std::string operator()(const shipment& a, const shipment& b) const {
    for (auto d :
         {field("id", a.id, b.id),
          field("date", a.ship_date ? a.ship_date->to_string() : std::string("(absent)"),
                b.ship_date ? b.ship_date->to_string() : std::string("(absent)")),
          source_name ? field("source_name", a.source_name, b.source_name) : std::string()}) {
      if (!d.empty()) return d;
    }
    if (auto d = items("items", a.items, b.items); !d.empty()) return d;
    if (a.parties.size() != b.parties.size()) return "parties: size differs";
    for (std::size_t i = 0; i < a.parties.size(); ++i) {
      const auto& x = a.parties[i];
      const auto& y = b.parties[i];
      const std::string q = "parties[" + show(i) + "]";
      for (auto d : {field(q + ".id", x.id, y.id), field(q + ".name", x.name, y.name),
                     field(q + ".country", x.country, y.country),
                     field(q + ".role", static_cast<int>(x.role), static_cast<int>(y.role)),
                     field(q + ".headquarters", x.headquarters, y.headquarters),
                     field(q + ".ultimate_parent_headquarters", x.ultimate_parent_headquarters,
                           y.ultimate_parent_headquarters),
                     field(q + ".consignee_ytd_tpp", x.consignee_ytd_tpp, y.consignee_ytd_tpp),
                     position(q, x.position, y.position)}) {
        if (!d.empty()) return d;
      }
    }
    if (a.transfers.size() != b.transfers.size()) return "transfers: size differs";
    for (std::size_t i = 0; i < a.transfers.size(); ++i) {
      const std::string q = "transfers[" + show(i) + "]";
      for (auto d : {field(q + ".from", a.transfers[i].from, b.transfers[i].from),
                     field(q + ".to", a.transfers[i].to, b.transfers[i].to),
                     position(q, a.transfers[i].position, b.transfers[i].position)}) {
        if (!d.empty()) return d;
      }
    }
    return {};
  }
};

}  // namespace exportctl::test
