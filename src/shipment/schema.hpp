// schema.hpp: what the readers and writers of src/shipment/ derive from the public schema tables
// (include/exportctl/shipment_schema.hpp): key lists, required-key bit masks, lookups by key,
// and access to the member a scalar field is stored in.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "exportctl/limits.hpp"
#include "exportctl/shipment_schema.hpp"

namespace exportctl::detail {

/// The row of `table` whose name is `key`, or -1.
template <class Table>
constexpr int field_index(const Table& table, std::string_view key) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].name == key) return static_cast<int>(i);
  }
  return -1;
}

/// One bit per required row (bit i for row i): the keys a complete object must have had.
template <class Table>
constexpr unsigned required_mask(const Table& table) {
  static_assert(std::tuple_size_v<Table> <= 32, "one bit per field");
  unsigned m = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].required) m |= 1U << i;
  }
  return m;
}

/// The table's keys as the std::initializer_list a map_reader takes.
template <class Table, class F, std::size_t... I>
decltype(auto) with_key_list(const Table& table, F&& f, std::index_sequence<I...>) {
  return f({table[I].name...});
}
template <class Table, class F>
decltype(auto) with_key_list(const Table& table, F&& f) {
  return with_key_list(table, std::forward<F>(f),
                       std::make_index_sequence<std::tuple_size_v<Table>>{});
}

/// Calls f(member pointer) for a scalar row; returns false (without calling) for a row read by
/// hand.
template <class S, class F>
bool visit_stored(const schema::field<S>& row, F&& f) {
  return std::visit(
      [&](auto m) {
        if constexpr (std::is_same_v<decltype(m), std::monostate>) {
          return false;
        } else {
          f(m);
          return true;
        }
      },
      row.stored);
}

/// The byte limit of a string row (docs/limits.md); 0 for length_limit::none.
inline std::size_t max_length(const input_limits& lim, schema::length_limit l) {
  switch (l) {
    case schema::length_limit::id:
      return lim.max_id_length;
    case schema::length_limit::name:
      return lim.max_name_length;
    case schema::length_limit::text:
      return lim.max_text_length;
    case schema::length_limit::none:
      break;
  }
  return 0;
}

/// Calls f(row, value) for each string row of `table` that has a length limit.
template <class S, std::size_t N, class F>
void for_each_limited(const std::array<schema::field<S>, N>& table, const S& s, F&& f) {
  for (const auto& row : table) {
    if (row.limit == schema::length_limit::none) continue;
    if (const auto* m = std::get_if<std::string S::*>(&row.stored)) f(row, s.**m);
  }
}

}  // namespace exportctl::detail
