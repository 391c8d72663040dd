// shipment_reader.cpp: YAML/JSON shipment documents → exportctl::shipment. Only the structure is
// checked here (keys, types, required fields); meaning (known parties, countries, products) is
// checked by the engine, which has the catalog (src/engine/validate.cpp).
#include <string>
#include <utility>

#include "exportctl/io.hpp"
#include "shipment/shipment_json_fast.hpp"
#include "model/limits.hpp"
#include "rules/document.hpp"
#include "rules/reader.hpp"

namespace exportctl {
namespace {

using detail::doc_node;
using detail::map_reader;
using detail::read_context;

source_position position_of(const doc_node& n) { return {n.line, n.column}; }

std::string index_path(const std::string& base, std::size_t i) {
  return base + "[" + std::to_string(i) + "]";
}

void read_optional_number(const read_context& c, map_reader& m, std::string_view key,
                          std::optional<double>& out) {
  if (const doc_node* n = m.optional(key)) out = detail::read_non_negative(c, *n, m.path(key));
}

chip_specs read_specs(const read_context& c, const doc_node& node, const std::string& path) {
  chip_specs s;
  map_reader m(c, node, path,
               {"dense_tops", "tpp", "die_area_mm2", "datacenter", "io_bandwidth_gbs",
                "dram_bandwidth_gbs", "memory_bandwidth_density", "hbm",
                "commercially_available_us_2026_01_15"});
  if (const doc_node* n = m.optional("dense_tops")) {
    const std::string p = m.path("dense_tops");
    if (!n->is_mapping()) {
      c.error(*n, "EXC-E2002", "expected a mapping of precision to dense TOPS, e.g. `{fp8: 1979}`",
              p);
    } else {
      for (const auto& [key, value] : n->entries) {
        auto rate = detail::read_non_negative(c, value, p + "." + key.text);
        if (rate) s.dense_tops.emplace_back(key.text, *rate);
      }
    }
  }
  read_optional_number(c, m, "tpp", s.tpp);
  read_optional_number(c, m, "die_area_mm2", s.die_area_mm2);
  read_optional_number(c, m, "io_bandwidth_gbs", s.io_bandwidth_gbs);
  read_optional_number(c, m, "dram_bandwidth_gbs", s.dram_bandwidth_gbs);
  read_optional_number(c, m, "memory_bandwidth_density", s.memory_bandwidth_density);
  if (const doc_node* n = m.optional("datacenter")) s.datacenter = detail::read_bool(c, *n, m.path("datacenter"));
  if (const doc_node* n = m.optional("hbm")) s.hbm = detail::read_bool(c, *n, m.path("hbm")).value_or(false);
  if (const doc_node* n = m.optional("commercially_available_us_2026_01_15")) {
    s.us_available_2026_01_15 =
        detail::read_bool(c, *n, m.path("commercially_available_us_2026_01_15"));
  }
  m.finish();
  return s;
}

item read_item(const read_context& c, const doc_node& node, const std::string& path);

// Recursive through `contains`: the document's nesting bound (EXC-E1005) bounds the recursion;
// the engine checks the `contains` depth itself (EXC-E2007, input_limits::max_contains_depth).
std::vector<item> read_items(const read_context& c, const doc_node& node, const std::string& path) {
  std::vector<item> out;
  if (!node.is_sequence()) {
    c.error(node, "EXC-E2002", "expected a list of items", path);
    return out;
  }
  out.reserve(node.items.size());
  for (std::size_t i = 0; i < node.items.size(); ++i)
    out.push_back(read_item(c, node.items[i], index_path(path, i)));
  return out;
}

item read_item(const read_context& c, const doc_node& node, const std::string& path) {
  item it;
  it.position = position_of(node);
  map_reader m(c, node, path, {"product", "description", "quantity", "specs", "contains"});
  if (const doc_node* n = m.optional("product")) it.product = detail::read_string(c, *n, m.path("product")).value_or("");
  if (const doc_node* n = m.optional("description")) it.description = detail::read_string(c, *n, m.path("description")).value_or("");
  if (const doc_node* n = m.required("quantity")) {
    auto q = detail::read_integer(c, *n, m.path("quantity"));
    it.quantity = q.value_or(0);
  }
  if (const doc_node* n = m.optional("specs")) it.specs = read_specs(c, *n, m.path("specs"));
  if (const doc_node* n = m.optional("contains")) it.contains = read_items(c, *n, m.path("contains"));
  m.finish();
  return it;
}

party read_party(const read_context& c, const doc_node& node, const std::string& path) {
  party p;
  p.position = position_of(node);
  map_reader m(c, node, path,
               {"id", "name", "country", "role", "headquarters", "ultimate_parent_headquarters",
                "consignee_ytd_tpp", "address"});
  if (const doc_node* n = m.required("id")) p.id = detail::read_string(c, *n, m.path("id")).value_or("");
  if (const doc_node* n = m.required("name")) p.name = detail::read_string(c, *n, m.path("name")).value_or("");
  if (const doc_node* n = m.required("country")) p.country = detail::read_string(c, *n, m.path("country")).value_or("");
  if (const doc_node* n = m.required("role")) {
    auto r = detail::read_enum(c, *n, m.path("role"),
                               {"exporter", "distributor", "reseller", "integrator",
                                "freight_forwarder", "consignee", "end_user"});
    if (r) p.role = *parse_party_role(*r);
  }
  if (const doc_node* n = m.optional("headquarters")) p.headquarters = detail::read_string(c, *n, m.path("headquarters")).value_or("");
  if (const doc_node* n = m.optional("ultimate_parent_headquarters"))
    p.ultimate_parent_headquarters = detail::read_string(c, *n, m.path("ultimate_parent_headquarters")).value_or("");
  read_optional_number(c, m, "consignee_ytd_tpp", p.consignee_ytd_tpp);
  if (const doc_node* n = m.optional("address")) (void)detail::read_string(c, *n, m.path("address"));
  m.finish();
  return p;
}

transfer read_transfer(const read_context& c, const doc_node& node, const std::string& path) {
  transfer t;
  t.position = position_of(node);
  map_reader m(c, node, path, {"from", "to"});
  if (const doc_node* n = m.required("from")) t.from = detail::read_string(c, *n, m.path("from")).value_or("");
  if (const doc_node* n = m.required("to")) t.to = detail::read_string(c, *n, m.path("to")).value_or("");
  m.finish();
  return t;
}

template <class T, class F>
std::vector<T> read_list(const read_context& c, const doc_node* node, const std::string& path,
                         F read_one) {
  std::vector<T> out;
  if (node == nullptr) return out;
  if (!detail::expect_list(c, *node, path)) return out;  // "expected a list, found ..."
  out.reserve(node->items.size());
  for (std::size_t i = 0; i < node->items.size(); ++i)
    out.push_back(read_one(c, node->items[i], index_path(path, i)));
  return out;
}

}  // namespace

specs_result parse_specs(std::string_view text, std::string_view file_name) {
  specs_result result;
  const input_limits limits;
  if (auto big = detail::input_too_large(text.size(), limits.max_input_bytes, "spec sheet", file_name)) {
    result.diagnostics.push_back(std::move(*big));
    return result;
  }
  read_context c{std::string(file_name), &result.diagnostics};
  auto root = detail::parse_document(text, c.file, result.diagnostics);
  if (!root) return result;
  chip_specs s = read_specs(c, *root, "specs");
  if (!has_errors(result.diagnostics)) result.value = std::move(s);
  return result;
}

shipment_result parse_shipment(std::string_view text, std::string_view file_name) {
  return parse_shipment(text, file_name, input_limits{});
}

shipment_result parse_shipment(std::string_view text, std::string_view file_name,
                               const input_limits& limits) {
  shipment_result result;
  // Before any parser (YAML or a JSON fast path) sees the text.
  if (auto big = detail::input_too_large(text.size(), limits.max_input_bytes, "shipment", file_name)) {
    result.diagnostics.push_back(std::move(*big));
    return result;
  }
  // Well-formed JSON (a JSON Lines record) is read by simdjson; anything it declines, here.
  if (auto fast = detail::read_json_shipment_fast(text, file_name, limits.max_document_depth)) {
    result.value = std::move(*fast);
    return result;
  }
  read_context c{std::string(file_name), &result.diagnostics};
  auto root = detail::parse_document(text, c.file, result.diagnostics, limits.max_document_depth);
  if (!root) return result;

  shipment s;
  s.source_name = c.file;
  map_reader m(c, *root, "", {"id", "date", "description", "items", "parties", "transfers"});
  if (m.ok()) {
    if (const doc_node* n = m.required("id")) s.id = detail::read_string(c, *n, m.path("id")).value_or("");
    if (const doc_node* n = m.optional("date")) s.ship_date = detail::read_date(c, *n, m.path("date"));
    if (const doc_node* n = m.optional("description")) (void)detail::read_string(c, *n, m.path("description"));
    if (const doc_node* n = m.required("items")) s.items = read_items(c, *n, m.path("items"));
    s.parties = read_list<party>(c, m.required("parties"), m.path("parties"), read_party);
    s.transfers = read_list<transfer>(c, m.required("transfers"), m.path("transfers"), read_transfer);
    m.finish();
  }
  if (!has_errors(result.diagnostics)) result.value = std::move(s);
  return result;
}

}  // namespace exportctl
