// shipment_reader.cpp: YAML/JSON shipment documents → exportctl::shipment. Only the structure is
// checked here (keys, types, required fields); meaning (known parties, countries, products) is
// checked by the engine, which has the catalog (src/engine/validate.cpp).
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "doc/document.hpp"
#include "doc/reader.hpp"
#include "exportctl/io.hpp"
#include "model/limits.hpp"
#include "model/text.hpp"
#include "shipment/schema.hpp"
#include "shipment/shipment_json_fast.hpp"

namespace exportctl {
namespace {

using detail::doc_node;
using detail::index_path;
using detail::map_reader;
using detail::read_context;

source_position position_of(const doc_node& n) { return {n.line, n.column}; }

// A list of strings (`serials`): any scalar is text, as for string fields; an empty entry is an
// error at the entry, and every bad entry is reported. Repeated entries are kept: a serial twice
// is the engine's red flag, not a syntax error.
std::vector<std::string> read_strings(const read_context& c, const doc_node& n,
                                      const std::string& path, std::string_view label) {
  if (!n.is_sequence()) {
    (void)detail::read_string_list(c, n, path);  // "expected a list of strings", with help
    return {};
  }
  std::vector<std::string> out;
  out.reserve(n.items.size());
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    const std::string p = index_path(path, i);
    auto s = detail::read_string(c, n.items[i], p);
    if (s && s->empty())
      c.error(n.items[i], "EXC-E2004", "empty " + std::string(label), p,
              "leave out a unit without one; each entry is one unit's " + std::string(label));
    out.push_back(std::move(s).value_or(""));
  }
  return out;
}

// A scalar row into the member it is stored in; rows without a member (`description` of a
// shipment, `address` of a party) are checked as strings and dropped.
template <class S>
void read_scalar(const read_context& c, map_reader& m, const schema::field<S>& f, S& out) {
  const doc_node* n = f.required ? m.required(f.name) : m.optional(f.name);
  if (n == nullptr) return;
  const std::string p = m.path(f.name);
  const bool stored = detail::visit_stored(f, [&](auto member) {
    auto& v = out.*member;
    using T = std::remove_reference_t<decltype(v)>;
    if constexpr (std::is_same_v<T, std::string>) {
      v = detail::read_string(c, *n, p).value_or("");
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      v = detail::read_integer(c, *n, p).value_or(0);
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
      v = detail::read_non_negative(c, *n, p);
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
      v = detail::read_bool(c, *n, p);
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      v = read_strings(c, *n, p, f.label);
    } else {
      v = detail::read_bool(c, *n, p).value_or(false);
    }
  });
  if (!stored) (void)detail::read_string(c, *n, p);
}

template <class Table>
map_reader reader_for(const read_context& c, const doc_node& node, const std::string& path,
                      const Table& table) {
  return detail::with_key_list(table, [&](std::initializer_list<std::string_view> keys) {
    return map_reader(c, node, path, keys);
  });
}

chip_specs read_specs(const read_context& c, const doc_node& node, const std::string& path) {
  using schema::specs_fields;
  chip_specs s;
  map_reader m = reader_for(c, node, path, specs_fields);
  for (const auto& f : specs_fields) {
    if (f.type != schema::field_type::rate_map) {
      read_scalar(c, m, f, s);
      continue;
    }
    const doc_node* n = m.optional(f.name);
    if (n == nullptr) continue;
    const std::string p = m.path(f.name);
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
  using schema::item_fields;
  namespace k = schema::item_key;
  item it;
  it.position = position_of(node);
  map_reader m = reader_for(c, node, path, item_fields);
  for (std::size_t i = 0; i < item_fields.size(); ++i) {
    const auto& f = item_fields[i];
    if (i == k::specs) {
      if (const doc_node* n = m.optional(f.name)) it.specs = read_specs(c, *n, m.path(f.name));
    } else if (i == k::contains) {
      if (const doc_node* n = m.optional(f.name)) it.contains = read_items(c, *n, m.path(f.name));
    } else {
      read_scalar(c, m, f, it);
    }
  }
  m.finish();
  return it;
}

template <class T, class F>
std::vector<T> read_list(const read_context& c, const doc_node* node, const std::string& path,
                         F read_one);

owner read_owner(const read_context& c, const doc_node& node, const std::string& path) {
  owner o;
  o.position = position_of(node);
  map_reader m = reader_for(c, node, path, schema::owner_fields);
  for (const auto& f : schema::owner_fields) read_scalar(c, m, f, o);
  m.finish();
  return o;
}

entity read_entity(const read_context& c, const doc_node& node, const std::string& path) {
  using schema::entity_fields;
  entity e;
  e.position = position_of(node);
  map_reader m = reader_for(c, node, path, entity_fields);
  for (std::size_t i = 0; i < entity_fields.size(); ++i) {
    const auto& f = entity_fields[i];
    if (i == schema::entity_key::owners) {
      e.owners = read_list<owner>(c, m.optional(f.name), m.path(f.name), read_owner);
    } else {
      read_scalar(c, m, f, e);
    }
  }
  m.finish();
  return e;
}

party read_party(const read_context& c, const doc_node& node, const std::string& path) {
  using schema::party_fields;
  party p;
  p.position = position_of(node);
  map_reader m = reader_for(c, node, path, party_fields);
  for (std::size_t i = 0; i < party_fields.size(); ++i) {
    const auto& f = party_fields[i];
    if (i == schema::party_key::owners) {
      p.owners = read_list<owner>(c, m.optional(f.name), m.path(f.name), read_owner);
      continue;
    }
    if (i != schema::party_key::role) {
      read_scalar(c, m, f, p);
      continue;
    }
    if (const doc_node* n = m.required(f.name)) {
      auto r =
          detail::read_enum(c, *n, m.path(f.name),
                            {to_string(party_role::exporter), to_string(party_role::distributor),
                             to_string(party_role::reseller), to_string(party_role::integrator),
                             to_string(party_role::freight_forwarder),
                             to_string(party_role::consignee), to_string(party_role::end_user)});
      if (r) p.role = *parse_party_role(*r);
    }
  }
  m.finish();
  return p;
}

transfer read_transfer(const read_context& c, const doc_node& node, const std::string& path) {
  transfer t;
  t.position = position_of(node);
  map_reader m = reader_for(c, node, path, schema::transfer_fields);
  for (const auto& f : schema::transfer_fields) read_scalar(c, m, f, t);
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
  read_context c{std::string(file_name), &result.diagnostics};
  auto root = detail::parse_input_document(c, text, "spec sheet");
  if (!root) return result;
  chip_specs s =
      read_specs(c, *root, std::string(schema::item_fields[schema::item_key::specs].name));
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
  if (auto big = detail::input_too_large(text.size(), limits.max_input_bytes,
                                         "shipment",  // NOLINT(field-literal): prose
                                         file_name)) {
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
  using schema::shipment_fields;
  namespace k = schema::shipment_key;
  map_reader m = reader_for(c, *root, "", shipment_fields);
  if (m.ok()) {
    for (std::size_t i = 0; i < shipment_fields.size(); ++i) {
      const auto& f = shipment_fields[i];
      switch (i) {
        case k::date:
          if (const doc_node* n = m.optional(f.name))
            s.ship_date = detail::read_date(c, *n, m.path(f.name));
          break;
        case k::items:
          if (const doc_node* n = m.required(f.name)) s.items = read_items(c, *n, m.path(f.name));
          break;
        case k::parties:
          s.parties = read_list<party>(c, m.required(f.name), m.path(f.name), read_party);
          break;
        case k::transfers:
          s.transfers = read_list<transfer>(c, m.required(f.name), m.path(f.name), read_transfer);
          break;
        case k::entities:
          s.entities = read_list<entity>(c, m.optional(f.name), m.path(f.name), read_entity);
          break;
        default:
          read_scalar(c, m, f, s);
      }
    }
    m.finish();
  }
  if (!has_errors(result.diagnostics)) result.value = std::move(s);
  return result;
}

}  // namespace exportctl
