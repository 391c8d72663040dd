// The shipment schema tables drive every reader and writer. These tests go through the
// tables row by row, so a new row is tested without an edit here: each scalar field must survive
// the canonical writer, the JSON fast path and the located (YAML) reader, and each CSV column
// the shipment-lines reader. docs/shipment.schema.json is generated from the tables here
// (EXPORTCTL_APPROVE=1 rewrites it) and must match them.
#include "shipment/schema.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <string>
#include <type_traits>
#include <variant>

#include "exportctl/io.hpp"
#include "exportctl/limits.hpp"
#include "exportctl/shipment_schema.hpp"
#include "shipment/shipment_json_fast.hpp"
#include "unit/io/shipment_equal.hpp"
#include "unit/read_file.hpp"

namespace {

using namespace exportctl;
namespace sc = exportctl::schema;

shipment base() {
  shipment s;
  s.id = "S-1";
  item it;
  it.product = "nvidia-h100-sxm5-80gb";
  it.quantity = 2;
  it.specs.emplace();
  s.items.push_back(it);
  party a;
  a.id = "exporter";
  a.name = "A";
  a.country = "US";
  a.role = party_role::exporter;
  party b;
  b.id = "end_user";
  b.name = "B";
  b.country = "MY";
  b.role = party_role::end_user;
  s.parties = {a, b};
  s.transfers = {{"exporter", "end_user", {}}};
  // An owner and an entity with one owner, so that their rows are tested too (a row whose value
  // is the default, as an empty optional string, is omitted by the writer: each has a value).
  s.parties[1].owners.push_back({"", "C", "CN", 10.0, {}});
  s.entities.push_back({"parent", "D", "HK", {{"", "E", "CN", std::nullopt, {}}}, {}});
  return s;
}

// A value unlike the default for the member, and its text in a CSV cell.
template <class T>
std::string set_distinct(T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    v = "ZQ";
    return v;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    v = 7;
    return "7";
  } else if constexpr (std::is_same_v<T, std::optional<double>>) {
    v = 12.5;
    return "12.5";
  } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
    v = false;  // false, not absent
    return "false";
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    v = {"ZQ", "ZR", "ZQ"};  // in order, a repeat kept (the engine flags repeats, not readers)
    return "ZQ; ZR;ZQ";
  } else {
    v = true;
    return "true";
  }
}

std::string round_trip_difference(const shipment& s) {
  const std::string text = to_json(s);
  const test::shipment_compare same{false, false};
  auto fast = parse_shipment(text, "in.json");
  if (!fast.value) return "fast path: not read back: " + text;
  if (!detail::read_json_shipment_fast(text, "in.json", 64)) return "fast path declined: " + text;
  if (auto d = same(s, *fast.value); !d.empty()) return "fast path: " + d + " in " + text;
  const detail::json_fast_path_off off;
  auto located = parse_shipment(text, "in.json");
  if (!located.value) return "located reader: not read back: " + text;
  if (auto d = same(s, *located.value); !d.empty()) return "located reader: " + d;
  return {};
}

// Calls f(row name, shipment with that row's member set) for every scalar row of `table`, the
// member reached from a base shipment by `get`.
template <class S, std::size_t N, class Get, class F>
void each_scalar(const std::array<sc::field<S>, N>& table, Get get, F f) {
  for (const auto& row : table) {
    shipment s = base();
    const bool scalar = detail::visit_stored(row, [&](auto m) { set_distinct(get(s).*m); });
    if (scalar) f(row.name, s);
  }
}

}  // namespace

TEST_CASE("every scalar schema row goes through the writer, the fast path and the located reader",
          "[schema]") {
  int rows = 0;
  const auto check = [&](std::string_view name, const shipment& s) {
    INFO(name);
    CHECK(round_trip_difference(s).empty());
    ++rows;
  };
  each_scalar(
      sc::shipment_fields, [](shipment& s) -> shipment& { return s; }, check);
  each_scalar(
      sc::item_fields, [](shipment& s) -> item& { return s.items[0]; }, check);
  each_scalar(
      sc::specs_fields, [](shipment& s) -> chip_specs& { return *s.items[0].specs; }, check);
  each_scalar(
      sc::party_fields, [](shipment& s) -> party& { return s.parties[1]; }, check);
  each_scalar(
      sc::transfer_fields, [](shipment& s) -> transfer& { return s.transfers[0]; }, check);
  each_scalar(
      sc::owner_fields, [](shipment& s) -> owner& { return s.parties[1].owners[0]; }, check);
  each_scalar(
      sc::entity_fields, [](shipment& s) -> entity& { return s.entities[0]; }, check);
  each_scalar(
      sc::owner_fields, [](shipment& s) -> owner& { return s.entities[0].owners[0]; }, check);
  CHECK(rows >= 20);
}

TEST_CASE("the comparator sees every scalar schema row", "[schema]") {
  const test::shipment_compare same{false, false};
  const auto check = [&](std::string_view name, const shipment& s) {
    INFO(name);
    CHECK_FALSE(same(base(), s).empty());
  };
  each_scalar(
      sc::specs_fields, [](shipment& s) -> chip_specs& { return *s.items[0].specs; }, check);
  each_scalar(
      sc::party_fields, [](shipment& s) -> party& { return s.parties[1]; }, check);
  each_scalar(
      sc::item_fields, [](shipment& s) -> item& { return s.items[0]; }, check);
}

TEST_CASE("every shipment-lines column of the schema is read into its field", "[schema]") {
  std::vector<std::string> header;
  for (const auto& c : sc::line_columns) header.emplace_back(c.name);
  const auto base_cell = [](const sc::line_column& c) -> std::string {
    if (c.required) return c.name == sc::line_columns[0].name ? "S-1" : "1";
    return "";
  };
  for (std::size_t k = 0; k < sc::line_columns.size(); ++k) {
    const auto& col = sc::line_columns[k];
    INFO(col.name);
    std::vector<std::string> cells;
    for (const auto& c : sc::line_columns) cells.push_back(base_cell(c));
    // Give the column a value and compute what the field must then hold.
    shipment expected = base();
    std::string cell;
    bool checked = true;
    switch (col.level) {
      case sc::line_level::shipment:
        // The id delimits shipments and has its own tests; the date has no member.
        checked = k != 0 && detail::visit_stored(sc::shipment_fields[col.field],
                                                 [&](auto m) { cell = set_distinct(expected.*m); });
        break;
      case sc::line_level::item:
        detail::visit_stored(sc::item_fields[col.field],
                             [&](auto m) { cell = set_distinct(expected.items[0].*m); });
        break;
      case sc::line_level::specs:
        checked = detail::visit_stored(sc::specs_fields[col.field], [&](auto m) {
          cell = set_distinct(*expected.items[0].specs.*m);
        });
        break;
      case sc::line_level::end_user:
        detail::visit_stored(sc::party_fields[col.field],
                             [&](auto m) { cell = set_distinct(expected.parties[1].*m); });
        break;
      default:
        checked = false;  // ids, dates and the party chain: tests/unit/io/shipment_lines_test
    }
    if (!checked || cell.empty()) continue;
    cells[k] = cell;
    shipment_lines lines(header, "in.csv");
    REQUIRE(lines.header_diagnostics().empty());
    std::vector<std::string_view> views(cells.begin(), cells.end());
    REQUIRE_FALSE(lines.add(views, 2));
    auto r = lines.finish();
    REQUIRE(r);
    REQUIRE(r->value);
    const shipment& got = *r->value;
    switch (col.level) {
      case sc::line_level::shipment:
        detail::visit_stored(sc::shipment_fields[col.field],
                             [&](auto m) { CHECK(got.*m == expected.*m); });
        break;
      case sc::line_level::item:
        detail::visit_stored(sc::item_fields[col.field],
                             [&](auto m) { CHECK(got.items[0].*m == expected.items[0].*m); });
        break;
      case sc::line_level::specs:
        REQUIRE(got.items[0].specs);
        detail::visit_stored(sc::specs_fields[col.field], [&](auto m) {
          CHECK(*got.items[0].specs.*m == *expected.items[0].specs.*m);
        });
        break;
      default:
        detail::visit_stored(sc::party_fields[col.field], [&](auto m) {
          CHECK(got.parties.back().*m == expected.parties[1].*m);
        });
    }
  }
}

TEST_CASE("required-key masks and key lists come from the tables", "[schema]") {
  // id, items, parties, transfers
  CHECK(detail::required_mask(sc::shipment_fields) == 0b1110001U);
  CHECK(detail::required_mask(sc::item_fields) == 0b100U);    // quantity
  CHECK(detail::required_mask(sc::party_fields) == 0b1111U);  // id, name, country, role
  CHECK(detail::required_mask(sc::transfer_fields) == 0b11U);
  CHECK(detail::required_mask(sc::owner_fields) == 0U);
  CHECK(detail::required_mask(sc::entity_fields) == 0b111U);  // id, name, country
  CHECK(detail::field_index(sc::specs_fields, "commercially_available_us_2026_01_15") ==
        static_cast<int>(sc::specs_key::us_available_2026_01_15));
  // Every spec field is a CSV column (the 2026-01-15 availability fact was missing from it).
  for (const auto& f : sc::specs_fields) CHECK_FALSE(f.csv_column.empty());
}

// ---- docs/shipment.schema.json, generated from the tables ----

namespace {

std::string json_str(std::string_view s) { return "\"" + std::string(s) + "\""; }

template <class S>
std::string property(const sc::field<S>& f, const input_limits& lim) {
  using T = sc::field_type;
  const std::string nullable = f.required ? "" : ", \"null\"";
  const auto typed = [&](std::string_view t) {
    return f.required ? "\"type\": " + json_str(t) : "\"type\": [" + json_str(t) + nullable + "]";
  };
  std::string out;
  switch (f.type) {
    case T::string:
      out = typed("string");
      if (const std::size_t n = detail::max_length(lim, f.limit); n > 0)
        out += ", \"maxLength\": " + std::to_string(n);
      break;
    case T::integer:
      out =
          typed("integer") + ", \"minimum\": " + std::to_string(static_cast<long long>(f.minimum));
      break;
    case T::number:
      out = typed("number") + ", \"minimum\": " + std::to_string(static_cast<long long>(f.minimum));
      break;
    case T::boolean:
      out = typed("boolean");
      break;
    case T::date:
      out = typed("string") + ", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"";
      break;
    case T::role: {
      out = "\"enum\": [";
      for (int r = 0; r <= static_cast<int>(party_role::end_user); ++r)
        out += (r ? ", " : "") + json_str(to_string(static_cast<party_role>(r)));
      out += "]";
      break;
    }
    case T::rate_map:
      out = typed("object") + ", \"additionalProperties\": {\"type\": \"number\", \"minimum\": 0}";
      break;
    case T::specs:
      out = "\"$ref\": \"#/$defs/specs\"";
      break;
    case T::item_list:
      out = typed("array") + ", \"items\": {\"$ref\": \"#/$defs/item\"}";
      break;
    case T::party_list:
      out = typed("array") + ", \"items\": {\"$ref\": \"#/$defs/party\"}";
      break;
    case T::transfer_list:
      out = typed("array") + ", \"items\": {\"$ref\": \"#/$defs/transfer\"}";
      break;
    case T::owner_list:
      out = typed("array") + ", \"items\": {\"$ref\": \"#/$defs/owner\"}";
      break;
    case T::entity_list:
      out = typed("array") + ", \"items\": {\"$ref\": \"#/$defs/entity\"}";
      break;
    case T::string_list: {
      out = typed("array") + ", \"items\": {\"type\": \"string\", \"minLength\": 1";
      if (const std::size_t n = detail::max_length(lim, f.limit); n > 0)
        out += ", \"maxLength\": " + std::to_string(n);
      out += "}";
      break;
    }
  }
  if (!f.defaults.empty())
    out += ", \"description\": " + json_str("absent: " + std::string(f.defaults));
  return "{" + out + "}";
}

template <class Table>
std::string definition(std::string_view name, const Table& table, const input_limits& lim,
                       bool last) {
  std::string out = "    " + json_str(name) + ": {\n      \"type\": \"object\",\n";
  out += "      \"additionalProperties\": false,\n      \"required\": [";
  bool first = true;
  for (const auto& f : table) {
    if (!f.required) continue;
    out += (first ? "" : ", ") + json_str(f.name);
    first = false;
  }
  out += "],\n      \"properties\": {\n";
  for (std::size_t i = 0; i < table.size(); ++i) {
    out += "        " + json_str(table[i].name) + ": " + property(table[i], lim) +
           (i + 1 < table.size() ? ",\n" : "\n");
  }
  out += std::string("      }\n    }") + (last ? "\n" : ",\n");
  return out;
}

std::string generated_json_schema() {
  const input_limits lim;
  std::string out = "{\n";
  out += "  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n";
  out += "  \"title\": \"exportctl shipment\",\n";
  out +=
      "  \"description\": \"A shipment document (YAML or JSON) for exportctl check and batch. "
      "Generated from include/exportctl/shipment_schema.hpp by "
      "tests/unit/shipment/schema_test.cpp (EXPORTCTL_APPROVE=1 rewrites it): do not edit. "
      "maxLength counts bytes in exportctl (UTF-8).\",\n";
  out += "  \"$ref\": \"#/$defs/shipment\",\n  \"$defs\": {\n";
  out += definition("shipment", sc::shipment_fields, lim, false);
  out += definition("item", sc::item_fields, lim, false);
  out += definition("specs", sc::specs_fields, lim, false);
  out += definition("party", sc::party_fields, lim, false);
  out += definition("transfer", sc::transfer_fields, lim, false);
  out += definition("owner", sc::owner_fields, lim, false);
  out += definition("entity", sc::entity_fields, lim, true);
  out += "  }\n}\n";
  return out;
}

}  // namespace

TEST_CASE("docs/shipment.schema.json is generated from the schema tables", "[schema][docs]") {
  const std::string path = EXPORTCTL_SOURCE_DIR "/docs/shipment.schema.json";
  const std::string want = generated_json_schema();
  const char* approve = std::getenv("EXPORTCTL_APPROVE");
  if (approve != nullptr && std::string(approve) == "1") {
    std::ofstream(path, std::ios::binary) << want;
  }
  INFO("regenerate with EXPORTCTL_APPROVE=1 ctest --preset ci -R schema");
  CHECK(test::read_file(path) == want);
}
