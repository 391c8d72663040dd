// exportctl — export-control rules engine for AI chips.
// shipment_schema.hpp: the shipment format as data. One row per field of each shipment struct
// (shipment, item, chip_specs, party, transfer): its key in YAML/JSON, its type, whether it is
// required, its length limit, the shipment-lines (CSV) column it maps to, and the struct member
// it is stored in. Every reader, writer and converter of shipments is driven by these tables, so
// adding an optional field is one struct member plus one row here (plus validation, a test and
// a line of docs). Integrators mapping ERP fields can read it too. Standard library only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "exportctl/shipment.hpp"

namespace exportctl::schema {

/// The value a key holds in YAML/JSON.
enum class field_type {
  string,      ///< text
  integer,     ///< whole number >= 0 (quantity)
  number,      ///< non-negative number
  boolean,     ///< true / false
  date,        ///< YYYY-MM-DD
  role,        ///< one of the party roles (to_string(party_role))
  rate_map,    ///< mapping precision → non-negative number (dense_tops)
  specs,       ///< a chip_specs mapping
  item_list,   ///< a list of items
  party_list,  ///< a list of parties
  transfer_list,
  owner_list,   ///< a list of owners (`{entity, percent}` or `{name, country, percent}`)
  entity_list,  ///< a list of entities (owners that are not parties)
  string_list   ///< a list of strings, each non-empty (serials)
};

[[nodiscard]] constexpr std::string_view to_string(field_type t) {
  constexpr std::array<std::string_view, 14> names = {
      "string",        "integer",    "number",      "boolean",    "date",
      "role",          "rate_map",   "specs",       "item_list",  "party_list",
      "transfer_list", "owner_list", "entity_list", "string_list"};
  return names[static_cast<std::size_t>(t)];
}

/// Which input_limits bound a string field's length (docs/limits.md).
enum class length_limit { none, id, name, text };

/// The struct member a scalar field or a list of strings is stored in; std::monostate for fields
/// read by hand (lists of mappings, nested mappings, dates, roles) or accepted and dropped
/// (`description` of a shipment, `address` of a party: allowed so that ERP exports need no
/// editing, not used by any rule).
template <class S>
using member =
    std::variant<std::monostate, std::string S::*, std::int64_t S::*, std::optional<double> S::*,
                 std::optional<bool> S::*, bool S::*, std::vector<std::string> S::*>;

template <class S>
struct field {
  using struct_type = S;
  std::string_view name;  ///< key in YAML/JSON
  field_type type;
  bool required = false;
  member<S> stored{};
  length_limit limit = length_limit::none;
  /// What a length diagnostic calls it ("party id"); for a string_list, each entry ("serial").
  std::string_view label = {};
  std::string_view csv_column = {};  ///< shipment-lines column (end-user party for parties)
  std::string_view defaults = {};    ///< what absence means, for the docs and the JSON Schema
  double minimum = 0;  ///< numbers and integers: the least valid value (the engine checks it)
};

// Rows are in the order of the canonical JSON (to_json in io.hpp: receipts hash it, so the
// order is part of the format) and of the readers' key lists ("did you mean" ties).

// clang-format off
/// Field numbers, in table order: `shipment_fields[shipment_key::items]`.
namespace shipment_key { enum : std::size_t { id, order_id, date, description, items, parties, transfers, entities, count }; }
inline constexpr std::array<field<shipment>, shipment_key::count> shipment_fields = {{
    {"id", field_type::string, true, &shipment::id, length_limit::id, "shipment id", "shipment"},
    {"order_id", field_type::string, false, &shipment::order_id, length_limit::id, "order id", "order_id", "the shipment id"},
    {"date", field_type::date, false, {}, length_limit::none, {}, "date", "today"},
    {"description", field_type::string, false, {}, length_limit::none, {}, {}, "none (not kept)"},
    {"items", field_type::item_list, true},
    {"parties", field_type::party_list, true},
    {"transfers", field_type::transfer_list, true},
    {"entities", field_type::entity_list, false, {}, length_limit::none, {}, {}, "none"},
}};

namespace item_key { enum : std::size_t { product, description, quantity, specs, contains, serials, count }; }
inline constexpr std::array<field<item>, item_key::count> item_fields = {{
    {"product", field_type::string, false, &item::product, length_limit::id, "product id", "product", "not a catalog product"},
    {"description", field_type::string, false, &item::description, length_limit::text, "description", "description", "empty"},
    {"quantity", field_type::integer, true, &item::quantity, length_limit::none, {}, "quantity", {}, 1},
    {"specs", field_type::specs, false, {}, length_limit::none, {}, {}, "the catalog's specs"},
    {"contains", field_type::item_list, false, {}, length_limit::none, {}, {}, "nothing"},
    // Duplicates are read as given: a serial twice in a shipment is the engine's red flag.
    {"serials", field_type::string_list, false, &item::serials, length_limit::id, "serial", "serials", "none recorded"},
}};

namespace specs_key { enum : std::size_t { dense_tops, tpp, die_area_mm2, datacenter, io_bandwidth_gbs, dram_bandwidth_gbs, memory_bandwidth_density, hbm, us_available_2026_01_15, count }; }
inline constexpr std::array<field<chip_specs>, specs_key::count> specs_fields = {{
    {"dense_tops", field_type::rate_map, false, {}, length_limit::none, {}, "dense_tops", "unknown"},
    {"tpp", field_type::number, false, &chip_specs::tpp, length_limit::none, {}, "tpp", "computed from dense_tops"},
    {"die_area_mm2", field_type::number, false, &chip_specs::die_area_mm2, length_limit::none, {}, "die_area_mm2", "unknown"},
    {"datacenter", field_type::boolean, false, &chip_specs::datacenter, length_limit::none, {}, "datacenter", "unknown"},
    {"io_bandwidth_gbs", field_type::number, false, &chip_specs::io_bandwidth_gbs, length_limit::none, {}, "io_bandwidth_gbs", "unknown"},
    {"dram_bandwidth_gbs", field_type::number, false, &chip_specs::dram_bandwidth_gbs, length_limit::none, {}, "dram_bandwidth_gbs", "unknown"},
    {"memory_bandwidth_density", field_type::number, false, &chip_specs::memory_bandwidth_density, length_limit::none, {}, "memory_bandwidth_density", "unknown"},
    {"hbm", field_type::boolean, false, &chip_specs::hbm, length_limit::none, {}, "hbm", "false"},
    {"commercially_available_us_2026_01_15", field_type::boolean, false, &chip_specs::us_available_2026_01_15, length_limit::none, {}, "commercially_available_us_2026_01_15", "unknown"},
}};

namespace party_key { enum : std::size_t { id, name, country, role, headquarters, ultimate_parent_headquarters, consignee_ytd_tpp, address, owners, count }; }
inline constexpr std::array<field<party>, party_key::count> party_fields = {{
    {"id", field_type::string, true, &party::id, length_limit::id, "party id"},
    {"name", field_type::string, true, &party::name, length_limit::name, "party name", "end_user"},
    {"country", field_type::string, true, &party::country, length_limit::id, "country code", "end_user_country"},
    {"role", field_type::role, true},
    {"headquarters", field_type::string, false, &party::headquarters, length_limit::id, "country code", "end_user_headquarters", "the country"},
    {"ultimate_parent_headquarters", field_type::string, false, &party::ultimate_parent_headquarters, length_limit::id, "country code", "end_user_parent_headquarters", "the country"},
    {"consignee_ytd_tpp", field_type::number, false, &party::consignee_ytd_tpp, length_limit::none, {}, "consignee_ytd_tpp", "unknown"},
    {"address", field_type::string, false, {}, length_limit::none, {}, {}, "none (not kept)"},
    // No CSV column: shipment lines cannot express owners (they refuse owner columns and point
    // to JSON Lines, docs/shipment-lines.md).
    {"owners", field_type::owner_list, false, {}, length_limit::none, {}, {}, "not stated"},
}};

namespace transfer_key { enum : std::size_t { from, to, count }; }
inline constexpr std::array<field<transfer>, transfer_key::count> transfer_fields = {{
    {"from", field_type::string, true, &transfer::from, length_limit::id, "party id"},
    {"to", field_type::string, true, &transfer::to, length_limit::id, "party id"},
}};
namespace owner_key { enum : std::size_t { entity, name, country, percent, count }; }
inline constexpr std::array<field<owner>, owner_key::count> owner_fields = {{
    {"entity", field_type::string, false, &owner::entity, length_limit::id, "entity id", {}, "a named owner"},
    {"name", field_type::string, false, &owner::name, length_limit::name, "owner name", {}, "an entity of the shipment"},
    {"country", field_type::string, false, &owner::country, length_limit::id, "country code", {}, "the entity's"},
    {"percent", field_type::number, false, &owner::percent, length_limit::none, {}, {}, "unknown (Red Flag 29: holds when the owner is listed)"},
}};

namespace entity_key { enum : std::size_t { id, name, country, owners, count }; }
inline constexpr std::array<field<entity>, entity_key::count> entity_fields = {{
    {"id", field_type::string, true, &entity::id, length_limit::id, "entity id"},
    {"name", field_type::string, true, &entity::name, length_limit::name, "entity name"},
    {"country", field_type::string, true, &entity::country, length_limit::id, "country code"},
    {"owners", field_type::owner_list, false, {}, length_limit::none, {}, {}, "not stated"},
}};
// clang-format on

/// Shipment lines (docs/shipment-lines.md): which struct a column fills. A line builds an
/// exporter, the intermediaries of its `intermediaries` cell, and an end user (the party
/// fields' columns); transfers follow that chain.
enum class line_level { shipment, item, specs, exporter, intermediaries, end_user };

[[nodiscard]] constexpr std::string_view to_string(line_level l) {
  constexpr std::array<std::string_view, 6> names = {"shipment", "item",           "specs",
                                                     "exporter", "intermediaries", "end_user"};
  return names[static_cast<std::size_t>(l)];
}

struct line_column {
  std::string_view name;
  line_level level;
  std::size_t field;  ///< row in that level's table (exporter and intermediaries: party row)
  field_type type;
  bool required;
};

namespace detail {
template <class Table>
constexpr std::size_t csv_count(const Table& t) {
  std::size_t n = 0;
  for (const auto& f : t) n += f.csv_column.empty() ? 0 : 1;
  return n;
}
}  // namespace detail

// The exporter's columns (its name and country; the other party facts are the end user's).
inline constexpr std::string_view exporter_column = "exporter";
inline constexpr std::string_view exporter_country_column = "exporter_country";
inline constexpr std::string_view intermediaries_column = "intermediaries";
// The ids shipment lines give the parties they build: the exporter, `intermediary1`, ... in the
// order of the `intermediaries` cell, and the end user (docs/shipment-lines.md).
inline constexpr std::string_view exporter_party_id = "exporter";
inline constexpr std::string_view intermediary_party_id_prefix = "intermediary";
inline constexpr std::string_view end_user_party_id = "end_user";

inline constexpr std::size_t line_column_count =
    detail::csv_count(shipment_fields) + detail::csv_count(item_fields) +
    detail::csv_count(specs_fields) + 3 + detail::csv_count(party_fields);

/// Every shipment-lines column, in the documented order.
inline constexpr std::array<line_column, line_column_count> line_columns = [] {
  std::array<line_column, line_column_count> out{};
  std::size_t n = 0;
  const auto add = [&](const auto& table, line_level level) {
    for (std::size_t i = 0; i < table.size(); ++i) {
      if (table[i].csv_column.empty()) continue;
      out[n++] = {table[i].csv_column, level, i, table[i].type, table[i].required};
    }
  };
  add(shipment_fields, line_level::shipment);
  add(item_fields, line_level::item);
  add(specs_fields, line_level::specs);
  out[n++] = {exporter_column, line_level::exporter, party_key::name, field_type::string, true};
  out[n++] = {exporter_country_column, line_level::exporter, party_key::country, field_type::string,
              true};
  out[n++] = {intermediaries_column, line_level::intermediaries, 0, field_type::string, false};
  add(party_fields, line_level::end_user);
  return out;
}();

}  // namespace exportctl::schema
