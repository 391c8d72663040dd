// shipment_equal.hpp: field-by-field comparison of two shipments for the I/O tests, driven by the
// schema tables (exportctl/shipment_schema.hpp), so a new field is compared without an edit here.
// Returns the first difference as text ("items[1].specs.tpp: 4 vs 5") so a failing check says
// where, or an empty string when the shipments are equal.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "exportctl/shipment.hpp"
#include "exportctl/shipment_schema.hpp"

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
  static std::string show(const std::vector<T>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + show(v[i]);
    return out + "]";
  }

  template <class T>
  std::string field(const std::string& path, const T& a, const T& b) const {
    if (a == b) return {};
    return path + ": " + show(a) + " vs " + show(b);
  }

  static std::string at(const std::string& base, std::string_view key) {
    return base.empty() ? std::string(key) : base + "." + std::string(key);
  }
  static std::string at(const std::string& base, std::string_view key, std::size_t i) {
    return at(base, key) + "[" + show(i) + "]";
  }

  std::string position(const std::string& path, const source_position& a,
                       const source_position& b) const {
    if (!positions || (a.line == b.line && a.column == b.column)) return {};
    return path + ".position: " + show(a.line) + ":" + show(a.column) + " vs " + show(b.line) +
           ":" + show(b.column);
  }

  /// Every scalar row of `table` (those stored in a member); rows read by hand are compared by
  /// the caller.
  template <class S, std::size_t N>
  std::string scalars(const std::string& p, const std::array<schema::field<S>, N>& table,
                      const S& a, const S& b) const {
    for (const auto& row : table) {
      std::string d = std::visit(
          [&](auto m) -> std::string {
            if constexpr (std::is_same_v<decltype(m), std::monostate>) {
              return {};
            } else {
              return field(at(p, row.name), a.*m, b.*m);
            }
          },
          row.stored);
      if (!d.empty()) return d;
    }
    return {};
  }

  std::string specs(const std::string& p, const chip_specs& a, const chip_specs& b) const {
    const std::string dt = at(p, schema::specs_fields[schema::specs_key::dense_tops].name);
    if (a.dense_tops.size() != b.dense_tops.size()) return dt + ": size differs";
    for (std::size_t i = 0; i < a.dense_tops.size(); ++i) {
      const std::string q = dt + "[" + show(i) + "]";
      if (auto d = field(q + ".precision", a.dense_tops[i].first, b.dense_tops[i].first);
          !d.empty())
        return d;
      if (auto d = field(q + ".rate", a.dense_tops[i].second, b.dense_tops[i].second); !d.empty())
        return d;
    }
    return scalars(p, schema::specs_fields, a, b);
  }

  std::string items(const std::string& p, const std::vector<item>& a,
                    const std::vector<item>& b) const {
    if (a.size() != b.size()) return p + ": " + show(a.size()) + " vs " + show(b.size()) + " items";
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string q = p + "[" + show(i) + "]";
      if (auto d = scalars(q, schema::item_fields, a[i], b[i]); !d.empty()) return d;
      if (auto d = position(q, a[i].position, b[i].position); !d.empty()) return d;
      const std::string sp = at(q, schema::item_fields[schema::item_key::specs].name);
      if (a[i].specs.has_value() != b[i].specs.has_value()) return sp + ": presence differs";
      if (a[i].specs) {
        if (auto d = specs(sp, *a[i].specs, *b[i].specs); !d.empty()) return d;
      }
      if (auto d = items(at(q, schema::item_fields[schema::item_key::contains].name), a[i].contains,
                         b[i].contains);
          !d.empty())
        return d;
    }
    return {};
  }

  std::string owners(const std::string& p, const std::vector<owner>& a,
                     const std::vector<owner>& b) const {
    if (a.size() != b.size())
      return p + ": " + show(a.size()) + " vs " + show(b.size()) + " owners";
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string q = p + "[" + show(i) + "]";
      if (auto d = scalars(q, schema::owner_fields, a[i], b[i]); !d.empty()) return d;
      if (auto d = position(q, a[i].position, b[i].position); !d.empty()) return d;
    }
    return {};
  }

  /// The first difference between `a` and `b`, or an empty string.
  std::string operator()(const shipment& a, const shipment& b) const {
    namespace k = schema::shipment_key;
    const auto& keys = schema::shipment_fields;
    if (auto d = scalars("", keys, a, b); !d.empty()) return d;
    const auto day = [](const shipment& s) {
      return s.ship_date ? s.ship_date->to_string() : std::string("(absent)");
    };
    if (auto d = field(std::string(keys[k::date].name), day(a), day(b)); !d.empty()) return d;
    if (source_name) {
      if (auto d = field("source_name", a.source_name, b.source_name); !d.empty()) return d;
    }
    if (auto d = items(std::string(keys[k::items].name), a.items, b.items); !d.empty()) return d;
    const std::string parties(keys[k::parties].name);
    if (a.parties.size() != b.parties.size()) return parties + ": size differs";
    for (std::size_t i = 0; i < a.parties.size(); ++i) {
      const auto& x = a.parties[i];
      const auto& y = b.parties[i];
      const std::string q = at("", parties, i);
      if (auto d = scalars(q, schema::party_fields, x, y); !d.empty()) return d;
      if (auto d = field(at(q, schema::party_fields[schema::party_key::role].name),
                         static_cast<int>(x.role), static_cast<int>(y.role));
          !d.empty())
        return d;
      if (auto d = position(q, x.position, y.position); !d.empty()) return d;
      if (auto d = owners(at(q, schema::party_fields[schema::party_key::owners].name), x.owners,
                          y.owners);
          !d.empty())
        return d;
    }
    const std::string entities(keys[k::entities].name);
    if (a.entities.size() != b.entities.size()) return entities + ": size differs";
    for (std::size_t i = 0; i < a.entities.size(); ++i) {
      const std::string q = at("", entities, i);
      if (auto d = scalars(q, schema::entity_fields, a.entities[i], b.entities[i]); !d.empty())
        return d;
      if (auto d = position(q, a.entities[i].position, b.entities[i].position); !d.empty())
        return d;
      if (auto d = owners(at(q, schema::entity_fields[schema::entity_key::owners].name),
                          a.entities[i].owners, b.entities[i].owners);
          !d.empty())
        return d;
    }
    const std::string transfers(keys[k::transfers].name);
    if (a.transfers.size() != b.transfers.size()) return transfers + ": size differs";
    for (std::size_t i = 0; i < a.transfers.size(); ++i) {
      const std::string q = at("", transfers, i);
      if (auto d = scalars(q, schema::transfer_fields, a.transfers[i], b.transfers[i]); !d.empty())
        return d;
      if (auto d = position(q, a.transfers[i].position, b.transfers[i].position); !d.empty())
        return d;
    }
    return {};
  }
};

}  // namespace exportctl::test
