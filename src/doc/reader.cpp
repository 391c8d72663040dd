// reader.cpp: typed, checked reads from a doc_node tree. Every failure becomes a diagnostic
// with position, logical path and, where we can guess, a hint; the caller gets std::nullopt and
// carries on, so one pass reports every problem in a file.
#include "doc/reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "exportctl/limits.hpp"
#include "model/limits.hpp"
#include "model/text.hpp"

namespace exportctl::detail {
namespace {

// YAML 1.2 core-schema decimal numbers, minus the special values: [-+]? digits [. digits]
// [e [-+] digits]. Hex, octal, `1_000` and `.inf` are not numbers here.
bool is_number_text(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

bool is_integer_text(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size()) return false;
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

bool is_special_float(std::string_view s) {
  std::string lower;
  for (char c : s) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (!lower.empty() && (lower[0] == '+' || lower[0] == '-')) lower.erase(0, 1);
  return lower == "nan" || lower == ".nan" || lower == "inf" || lower == ".inf" ||
         lower == "infinity";
}

// User input is echoed in backticks; very long scalars are shortened so a message stays one
// readable line.
std::string shown(std::string_view text) {
  std::string s(text.substr(0, 60));
  if (text.size() > 60) s += "...";
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

// How a node looks to someone who expected something else ("found a string `abc`").
std::string describe(const doc_node& n) {
  switch (n.k) {
    case doc_node::kind::null:
      return "null";
    case doc_node::kind::sequence:
      return "a list";
    case doc_node::kind::mapping:
      return "a mapping";
    case doc_node::kind::scalar:
      break;
  }
  if (!n.quoted) {
    if (n.text == "true" || n.text == "false") return "a boolean `" + n.text + "`";
    if (is_number_text(n.text)) return "a number `" + n.text + "`";
  }
  return "a string `" + shown(n.text) + "`";
}

void wrong_type(const read_context& c, const doc_node& n, std::string_view expected,
                const std::string& path, std::string help = {}) {
  c.error(n, "EXC-E2002", "expected " + std::string(expected) + ", found " + describe(n), path,
          std::move(help));
}

std::string quote_help(const doc_node& n) {
  return n.quoted ? "remove the quotes: quoted values are always strings" : std::string();
}

diagnostic make(severity level, const read_context& c, const doc_node& node, std::string_view code,
                std::string message, std::string path, std::string help) {
  diagnostic d;
  d.level = level;
  d.code = code;
  d.message = std::move(message);
  d.file = c.file;
  d.line = node.line;
  d.column = node.column;
  d.path = std::move(path);
  d.help = std::move(help);
  return d;
}

}  // namespace

void read_context::error(const doc_node& node, diag_code code, std::string message,
                         std::string path, std::string help) const {
  out->push_back(make(severity::error, *this, node, code, std::move(message), std::move(path),
                      std::move(help)));
}

void read_context::warning(const doc_node& node, diag_code code, std::string message,
                           std::string path, std::string help) const {
  out->push_back(make(severity::warning, *this, node, code, std::move(message), std::move(path),
                      std::move(help)));
}

std::optional<std::string> read_string(const read_context& c, const doc_node& n,
                                       const std::string& path) {
  // Any scalar is text: `version: 2026.11.0` or `label: 12` need no quotes.
  if (!n.is_scalar()) {
    wrong_type(c, n, "a string", path);
    return std::nullopt;
  }
  return n.text;
}

std::optional<double> read_number(const read_context& c, const doc_node& n,
                                  const std::string& path) {
  if (!n.is_scalar() || n.quoted || !is_number_text(n.text)) {
    if (n.is_scalar() && !n.quoted && is_special_float(n.text)) {
      c.error(n, "EXC-E2004", "`" + n.text + "` is not a finite number", path);
    } else {
      wrong_type(c, n, "a number", path, quote_help(n));
    }
    return std::nullopt;
  }
  std::string_view text = n.text;
  if (text.front() == '+') text.remove_prefix(1);  // from_chars refuses a leading '+'
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) {
    c.error(n, "EXC-E2004", "number `" + shown(n.text) + "` is out of range", path);
    return std::nullopt;
  }
  return v;
}

std::optional<double> read_non_negative(const read_context& c, const doc_node& n,
                                        const std::string& path) {
  auto v = read_number(c, n, path);
  if (v && *v < 0) {
    c.error(n, "EXC-E2006", "expected a non-negative number, found `" + n.text + "`", path);
    return std::nullopt;
  }
  return v;
}

std::optional<long long> read_integer(const read_context& c, const doc_node& n,
                                      const std::string& path) {
  if (!n.is_scalar() || n.quoted || !is_integer_text(n.text)) {
    wrong_type(c, n, "an integer", path, quote_help(n));
    return std::nullopt;
  }
  std::string_view text = n.text;
  if (text.front() == '+') text.remove_prefix(1);
  long long v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    c.error(n, "EXC-E2004", "integer `" + shown(n.text) + "` is out of range", path);
    return std::nullopt;
  }
  return v;
}

std::optional<bool> read_bool(const read_context& c, const doc_node& n, const std::string& path) {
  // Only true/false: YAML 1.1's yes/no/on/off turn country codes like NO into booleans.
  if (n.is_scalar() && !n.quoted && (n.text == "true" || n.text == "false")) {
    return n.text == "true";
  }
  wrong_type(c, n, "a boolean (`true` or `false`)", path, quote_help(n));
  return std::nullopt;
}

std::optional<date> read_date(const read_context& c, const doc_node& n, const std::string& path) {
  if (!n.is_scalar()) {
    wrong_type(c, n, "a date (YYYY-MM-DD)", path);
    return std::nullopt;
  }
  auto d = date::parse(n.text);
  if (!d) {
    c.error(n, "EXC-E2005", "invalid date `" + shown(n.text) + "`", path,
            "dates are written YYYY-MM-DD and must exist in the calendar");
  }
  return d;
}

std::optional<std::vector<std::string>> read_string_list(const read_context& c, const doc_node& n,
                                                         const std::string& path) {
  if (!n.is_sequence()) {
    wrong_type(c, n, "a list of strings", path,
               n.is_scalar() ? "write a one-element list as `[" + shown(n.text) + "]`" : "");
    return std::nullopt;
  }
  std::vector<std::string> result;
  result.reserve(n.items.size());
  bool ok = true;
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    auto s = read_string(c, n.items[i], path + "[" + std::to_string(i) + "]");
    if (s) {
      result.push_back(std::move(*s));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return result;
}

bool expect_list(const read_context& c, const doc_node& n, const std::string& path) {
  if (n.is_sequence()) return true;
  wrong_type(c, n, "a list", path);
  return false;
}

std::optional<std::string> read_enum(const read_context& c, const doc_node& n,
                                     const std::string& path,
                                     std::initializer_list<std::string_view> allowed) {
  return read_enum(c, n, path, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

std::optional<std::string> read_enum(const read_context& c, const doc_node& n,
                                     const std::string& path,
                                     std::span<const std::string_view> allowed) {
  auto s = read_string(c, n, path);
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return s;
  std::string list;
  std::vector<std::string> candidates;
  for (auto a : allowed) {
    if (!list.empty()) list += ", ";
    // Appended piecewise: GCC 12 -O3 reports a false -Wrestrict on "`" + std::string(a).
    list += '`';
    list += a;
    list += '`';
    candidates.emplace_back(a);
  }
  auto guess = closest_match(*s, candidates);
  c.error(n, "EXC-E2004", "unknown value `" + shown(*s) + "`; expected one of " + list, path,
          guess ? "did you mean `" + *guess + "`?" : "");
  return std::nullopt;
}

map_reader::map_reader(const read_context& c, const doc_node& node, std::string path,
                       std::initializer_list<std::string_view> allowed_keys)
    : ctx_(c), node_(node), path_(std::move(path)), allowed_(allowed_keys) {
  ok_ = node.is_mapping();
  if (!ok_) wrong_type(c, node, "a mapping", path_);
}

const doc_node* map_reader::required(std::string_view key) {
  if (!ok_) return nullptr;
  const doc_node* n = node_.find(key);
  if (n == nullptr) {
    ctx_.error(node_, "EXC-E2001", "missing required key `" + std::string(key) + "`", path_);
  }
  // An explicit null is returned: the typed read then says "expected ..., found null".
  return n;
}

const doc_node* map_reader::optional(std::string_view key) {
  if (!ok_) return nullptr;
  const doc_node* n = node_.find(key);
  return n != nullptr && !n->is_null() ? n : nullptr;
}

std::string map_reader::path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void map_reader::finish() {
  if (!ok_) return;
  std::vector<std::string> candidates(allowed_.begin(), allowed_.end());
  for (const auto& [key, value] : node_.entries) {
    if (std::find(allowed_.begin(), allowed_.end(), key.text) != allowed_.end()) continue;
    auto guess = closest_match(key.text, candidates);
    std::string help;
    if (guess) {
      help = "did you mean `" + *guess + "`?";
    } else {
      help = "allowed keys:";
      for (auto a : allowed_) help += " `" + std::string(a) + "`";
    }
    ctx_.error(key, "EXC-E2003", "unknown key `" + shown(key.text) + "`", path_, help);
  }
}

std::optional<doc_node> parse_input_document(const read_context& c, std::string_view text,
                                             std::string_view what) {
  const input_limits limits;
  if (auto big = input_too_large(text.size(), limits.max_input_bytes, what, c.file)) {
    c.out->push_back(std::move(*big));
    return std::nullopt;
  }
  return parse_document(text, c.file, *c.out, limits.max_document_depth);
}

}  // namespace exportctl::detail
