// json_text.hpp: small helpers over raw JSON text for the JSON fast path
// (shipment_json_fast.cpp): token syntax, key lookup, and positions reported the way yaml-cpp
// reports them for the same text.
#pragma once

#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "exportctl/shipment.hpp"

namespace exportctl::detail {

constexpr bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Strict JSON number syntax without a sign: 0 | [1-9][0-9]*, then optional .[0-9]+ and
// [eE][+-]?[0-9]+. A leading '-' is declined: the YAML reader reports negative values.
inline bool is_non_negative_json_number(std::string_view s, bool& integral) {
  std::size_t i = 0;
  if (i == s.size() || s[i] < '0' || s[i] > '9') return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  integral = true;
  if (i < s.size() && s[i] == '.') {
    integral = false;
    ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    integral = false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

// The position of the first key among `keys` equal to `key`, or -1.
inline int key_index(std::string_view key, std::initializer_list<std::string_view> keys) {
  int i = 0;
  for (const auto k : keys) {
    if (k == key) return i;
    ++i;
  }
  return -1;
}

/// 1-based line and byte column of places in one text, as yaml-cpp reports them: a line break is
/// '\n' or "\r\n", columns count bytes. Places must be asked for in text order (it scans on).
class text_locator {
 public:
  text_locator(const char* begin, std::size_t size)
      : begin_(begin), end_(begin + size), line_start_(begin), scanned_(begin) {}

  /// False if the text has a lone '\r', which yaml-cpp counts as a line break of its own.
  [[nodiscard]] bool only_crlf_breaks() const {
    for (const char* p = begin_;
         (p = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end_ - p))));
         ++p) {
      if (p + 1 == end_ || p[1] != '\n') return false;
    }
    return true;
  }

  /// The position of `p`; false if `p` is outside the text or before a place already asked for.
  bool locate(const char* p, source_position& pos) {
    if (p < scanned_ || p >= end_) return false;
    for (const char* nl = scanned_;
         (nl = static_cast<const char*>(std::memchr(nl, '\n', static_cast<std::size_t>(p - nl))));
         ++nl) {
      ++line_;
      line_start_ = nl + 1;
    }
    scanned_ = p;
    pos.line = line_;
    pos.column = static_cast<int>(p - line_start_) + 1;
    return true;
  }

 private:
  const char* begin_;
  const char* end_;
  const char* line_start_;
  const char* scanned_;
  int line_ = 1;
};

}  // namespace exportctl::detail
