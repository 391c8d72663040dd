// schema.hpp: what the readers and writers of src/shipment/ derive from the public schema tables
// (include/exportctl/shipment_schema.hpp): key lists, required-key bit masks, lookups by key,
// and access to the member a scalar field is stored in.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

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

/// The same for a table known at compile time, unrolled so that each comparison is with a
/// constant (what the hand-written key lists compiled to): the hot path of the JSON fast path.
template <const auto& table, std::size_t... I>
int field_index_unrolled(std::string_view key, std::index_sequence<I...>) {
  int found = -1;
  (void)((table[I].name == key ? (found = static_cast<int>(I), true) : false) || ...);
  return found;
}
template <const auto& table>
int field_index(std::string_view key) {
  return field_index_unrolled<table>(
      key, std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(table)>>>{});
}

/// Calls f(std::integral_constant<std::size_t, I>{}) for I == i, so that the row's type and
/// member are known at compile time in f; returns what f returns (false for no such row).
template <const auto& table, class F, std::size_t... I>
bool with_row_unrolled(std::size_t i, F& f, std::index_sequence<I...>) {
  bool result = false;
  (void)(((i == I) && (result = f(std::integral_constant<std::size_t, I>{}), true)) || ...);
  return result;
}
template <const auto& table, class F>
bool with_row(std::size_t i, F&& f) {
  return with_row_unrolled<table>(
      i, f, std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(table)>>>{});
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

/// A string row with a length limit, resolved at compile time.
template <class S>
struct limited_string {
  std::string S::*member;
  schema::length_limit limit;
  std::string_view label;
  std::string_view name;
};

template <const auto& table>
constexpr auto limited_strings() {
  using S = typename std::remove_cvref_t<decltype(table[0])>::struct_type;
  constexpr std::size_t n = [] {
    std::size_t k = 0;
    for (const auto& row : table)
      k += row.limit != schema::length_limit::none &&
           std::holds_alternative<std::string S::*>(row.stored);
    return k;
  }();
  std::array<limited_string<S>, n> out{};
  std::size_t k = 0;
  for (const auto& row : table) {
    if (row.limit == schema::length_limit::none) continue;
    // holds_alternative + get, not get_if: GCC's -fsanitize=null (the asan preset) makes the
    // null test inside get_if non-constant, and this runs at compile time.
    if (std::holds_alternative<std::string S::*>(row.stored))
      out[k++] = {std::get<std::string S::*>(row.stored), row.limit, row.label, row.name};
  }
  return out;
}

/// Calls f(row, value) for each string row of `table` that has a length limit: a loop over
/// member pointers known at compile time (this runs before every check).
template <const auto& table, class S, class F>
void for_each_limited(const S& s, F&& f) {
  static constexpr auto rows = limited_strings<table>();
  for (const auto& row : rows) f(row, s.*row.member);
}

/// A list-of-strings row with a length limit on each element (`serials`).
template <class S>
struct limited_list {
  std::vector<std::string> S::*member;
  schema::length_limit limit;
  std::string_view label;
  std::string_view name;
};

template <const auto& table>
constexpr auto limited_lists() {
  using S = typename std::remove_cvref_t<decltype(table[0])>::struct_type;
  using list = std::vector<std::string> S::*;
  constexpr std::size_t n = [] {
    std::size_t k = 0;
    for (const auto& row : table)
      k += row.limit != schema::length_limit::none && std::holds_alternative<list>(row.stored);
    return k;
  }();
  std::array<limited_list<S>, n> out{};
  std::size_t k = 0;
  for (const auto& row : table) {
    if (row.limit != schema::length_limit::none && std::holds_alternative<list>(row.stored))
      out[k++] = {std::get<list>(row.stored), row.limit, row.label, row.name};
  }
  return out;
}

/// Calls f(row, i, value) for element i of each list-of-strings row of `table` that has a
/// length limit.
template <const auto& table, class S, class F>
void for_each_limited_element(const S& s, F&& f) {
  static constexpr auto rows = limited_lists<table>();
  for (const auto& row : rows) {
    const auto& values = s.*row.member;
    for (std::size_t i = 0; i < values.size(); ++i) f(row, i, values[i]);
  }
}

}  // namespace exportctl::detail
