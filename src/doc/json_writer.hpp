// json_writer.hpp: a small streaming JSON writer that appends to one std::string. Decisions are
// written for every shipment of a batch, so this replaces building an nlohmann::ordered_json tree
// (one allocation per node) and then dumping it. The bytes are exactly nlohmann's `dump` with
// error_handler_t::replace (tests/unit/doc/json_writer_test.cpp compares the two): the output
// format (README "Decision output") must not change with the writer.
#pragma once

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace exportctl::detail {

/// Bytes a number can take (nlohmann's own buffer size).
inline constexpr std::size_t max_number_bytes = 64;
/// Room needed to write a string of `n` bytes as JSON: quotes, 6 bytes per byte (`\u001f`), and
/// 16 bytes of slack for block copies.
constexpr std::size_t max_string_bytes(std::size_t n) { return 18 + 6 * n; }

/// Writes `s` as a JSON string literal at `out` (room for max_string_bytes(s.size()) bytes) and
/// returns the end. Escaped as nlohmann does: `\" \\ \b \f \n \r \t`, other control characters
/// as `\u00xx`, UTF-8 copied as is, each invalid UTF-8 sequence replaced by U+FFFD.
char* write_json_string(char* out, std::string_view s);
/// Writes a number as the decision format does (room for max_number_bytes): integral values
/// (|v| < 9e15) without a fraction ("15832", not "15832.0"), others in nlohmann's shortest
/// round-trip form, non-finite values as `null`.
char* write_json_number(char* out, double v);

/// The same, appended to a string.
void append_json_string(std::string& out, std::string_view s);
void append_json_number(std::string& out, double v);

/// Writes one JSON value, compact (`{"a":1}`) or pretty (nlohmann's indent 2, `"a": 1`), into
/// `out` from its current end. The caller keeps the structure well formed (a key before each
/// object member, matched ends) and calls finish() before using `out`.
///
///     std::string out;
///     json_writer w(out, false);
///     w.begin_object(); w.key("id"); w.string("SO-1"); w.end_object(); w.finish();
///     // out == R"({"id":"SO-1"})"
class json_writer {
 public:
  json_writer(std::string& out, bool pretty) : out_(out), pos_(out.size()), pretty_(pretty) {}
  ~json_writer() { finish(); }
  json_writer(const json_writer&) = delete;
  json_writer& operator=(const json_writer&) = delete;

  /// Trims `out` to what was written (the writer grows it ahead of the text).
  void finish() { out_.resize(pos_); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  /// An object member's key given as a literal (plain ASCII, nothing to escape: `w.key("id")`),
  /// copied without being looked at.
  template <std::size_t N>
  void key(const char (&k)[N]) {
    constexpr std::size_t n = N - 1;
    char* out = value_start(n + 4);
    *out++ = '"';
    std::memcpy(out, k, n);
    out += n;
    *out++ = '"';
    *out++ = ':';
    if (pretty_) *out++ = ' ';
    end_at(out);
    after_key_ = true;
  }
  /// An object member's key; the next call writes its value.
  void key(std::string_view k) {
    char* out = write_json_string(value_start(max_string_bytes(k.size()) + 2), k);
    *out++ = ':';
    if (pretty_) *out++ = ' ';
    end_at(out);
    after_key_ = true;
  }

  void string(std::string_view s) {
    end_at(write_json_string(value_start(max_string_bytes(s.size())), s));
  }
  /// An empty string is written as null (absent product, ECCN, scenario).
  void string_or_null(std::string_view s) {
    if (s.empty()) {
      null();
    } else {
      string(s);
    }
  }
  void number(double v) { end_at(write_json_number(value_start(max_number_bytes), v)); }
  void number(const std::optional<double>& v) {
    if (v) {
      number(*v);
    } else {
      null();
    }
  }
  void integer(long long v);
  void boolean(bool v) { literal(v ? std::string_view("true") : std::string_view("false")); }
  void null() { literal("null"); }
  /// An array of strings from any range of string-like elements.
  template <class Range>
  void strings(const Range& r) {
    begin_array();
    for (const auto& s : r) string(s);
    end_array();
  }

 private:
  // A pointer to at least `n` free bytes at the end of the text.
  char* room(std::size_t n) {
    if (pos_ + n > out_.size()) grow(n);
    return out_.data() + pos_;
  }
  void grow(std::size_t n);
  void end_at(const char* end) { pos_ = static_cast<std::size_t>(end - out_.data()); }

  // Writes what goes before a value (`,` and, when pretty, a new line and the indentation) and
  // returns where the value starts, with room for `n` more bytes.
  char* value_start(std::size_t n) {
    char* out = room(n + 2 + 2 * static_cast<std::size_t>(depth_));
    if (after_key_) {
      after_key_ = false;
      return out;
    }
    if (!first_) *out++ = ',';
    first_ = false;
    if (pretty_ && depth_ > 0) out = newline_indent(out);
    return out;
  }
  char* newline_indent(char* out) const {
    *out++ = '\n';
    std::memset(out, ' ', 2 * static_cast<std::size_t>(depth_));
    return out + 2 * depth_;
  }
  void literal(std::string_view text) {
    char* out = value_start(text.size());
    std::memcpy(out, text.data(), text.size());
    end_at(out + text.size());
  }
  void open(char c) {
    char* out = value_start(1);
    *out++ = c;
    end_at(out);
    ++depth_;
    first_ = true;
  }
  void close(char c) {
    --depth_;
    char* out = room(2 + 2 * static_cast<std::size_t>(depth_));
    // nlohmann writes an empty container as `[]` / `{}` even when pretty.
    if (pretty_ && !first_) out = newline_indent(out);
    *out++ = c;
    end_at(out);
    first_ = false;
  }

  std::string& out_;
  std::size_t pos_;  // end of the text written so far; out_ may be longer (room to write)
  bool pretty_;
  int depth_ = 0;
  bool first_ = true;       // nothing written yet in the innermost open container
  bool after_key_ = false;  // a key was written; its value follows without a separator
};

}  // namespace exportctl::detail
