// columns.hpp: columns of a pandas frame filled in C++ without the GIL (text interned into
// categoricals, numbers, nullable integers), handed to Python in one piece. Used by
// exportctl.tables() (tables.cpp) and check_frame's per-line columns (lines.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <deque>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common.hpp"

namespace exportctl::python {

/// A text column: codes into a table of distinct values (-1 is missing). Views point into the
/// decisions (kept alive by the caller's list) or into `owned`, for text composed here.
struct text_column {
  std::vector<std::int32_t> codes;
  std::vector<std::string_view> values;
  // Categorical columns intern by content. Most of their text (rule ids, citations, outcome
  // names) is the same bytes of the packs in every decision, so a small direct-mapped cache of
  // addresses is tried first and the bytes are hashed only on a miss. (Bounded: party ids and
  // item fields live in each decision's own block, so their addresses never repeat.)
  struct slot {
    const char* data = nullptr;
    std::size_t size = 0;
    std::int32_t code = -1;
  };
  static constexpr std::size_t cache_slots = 4096;
  std::vector<slot> by_address = std::vector<slot>(cache_slots);
  std::unordered_map<std::string_view, std::int32_t> by_text;
  bool categorical = true;  ///< false: plain object strings (ids, messages), mostly distinct
  const char* last = nullptr;
  std::size_t last_size = 0;

  void push(std::string_view v) {
    if (!values.empty() && v.data() == last && v.size() == last_size) {
      codes.push_back(codes.back() >= 0 ? codes.back() : intern(v));
      return;
    }
    last = v.data();
    last_size = v.size();
    codes.push_back(intern(v));
  }
  void push_missing() { codes.push_back(-1); }
  void push_or_missing(std::string_view v) { v.empty() ? push_missing() : push(v); }

 private:
  std::int32_t intern(std::string_view v) {
    const auto next = static_cast<std::int32_t>(values.size());
    if (!categorical) {
      values.push_back(v);
      return next;
    }
    slot& c = by_address[(reinterpret_cast<std::uintptr_t>(v.data()) >> 3) % cache_slots];
    if (c.data == v.data() && c.size == v.size()) return c.code;
    auto [it, fresh] = by_text.try_emplace(v, next);
    if (fresh) values.push_back(v);
    c = {v.data(), v.size(), it->second};
    return it->second;
  }
};

/// A number column; NaN is missing (pandas' float convention).
struct number_column {
  std::vector<double> values;
  void push(std::optional<double> v) { values.push_back(v ? *v : std::nan("")); }
};

/// An integer column, with a mask for missing values (pandas' nullable Int64).
struct int_column {
  std::vector<std::int64_t> values;
  std::vector<std::uint8_t> missing;
  bool nullable = false;
  void push(std::int64_t v) {
    values.push_back(v);
    missing.push_back(0);
  }
  void push_missing() {
    values.push_back(0);
    missing.push_back(1);
    nullable = true;
  }
};

/// Text composed for the tables (joined lists); a deque-like store whose views stay valid.
struct text_store {
  std::vector<std::unique_ptr<std::string>> parts;
  std::unordered_map<std::string_view, std::string_view> seen;
  std::string_view keep(std::string s) {
    if (auto it = seen.find(s); it != seen.end()) return it->second;
    parts.push_back(std::make_unique<std::string>(std::move(s)));
    std::string_view v = *parts.back();
    seen.emplace(v, v);
    return v;
  }
};

template <typename Range>
inline std::string join_text(const Range& r, std::string_view sep) {
  std::string out;
  for (const auto& x : r) {
    if (!out.empty()) out += sep;
    out += x;
  }
  return out;
}

/// A list's text: its one element as is, else the elements joined into `store`.
template <typename Range>
inline std::string_view joined(text_store& store, const Range& r, std::string_view sep) {
  if (std::size(r) == 0) return {};
  if (std::size(r) == 1) return std::string_view(*std::begin(r));
  return store.keep(join_text(r, sep));
}

struct table {
  // Deques: the builders hold references to columns while later ones are added.
  std::deque<std::pair<std::string_view, text_column>> texts;
  std::deque<std::pair<std::string_view, number_column>> numbers;
  std::deque<std::pair<std::string_view, int_column>> ints;
  std::vector<std::string_view> order;  ///< column names in display order

  text_column& text(std::string_view name, bool categorical = true) {
    order.push_back(name);
    texts.emplace_back(name, text_column{});
    texts.back().second.categorical = categorical;
    return texts.back().second;
  }
  number_column& number(std::string_view name) {
    order.push_back(name);
    numbers.emplace_back(name, number_column{});
    return numbers.back().second;
  }
  int_column& integer(std::string_view name) {
    order.push_back(name);
    ints.emplace_back(name, int_column{});
    return ints.back().second;
  }
};

/// One table as {"columns": {name: (kind, data, extra)}, "order": [names]}: ("category",
/// codes, categories), ("object", codes, values) for pandas to take values[codes], ("float",
/// array, None), ("int", array, None) or ("Int64", values, mask). GIL held.
py::dict to_python(const table& t);

}  // namespace exportctl::python
