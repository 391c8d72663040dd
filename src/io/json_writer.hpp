// json_writer.hpp: a small streaming JSON writer that appends to one std::string. Decisions are
// written for every shipment of a batch, so this replaces building an nlohmann::ordered_json tree
// (one allocation per node) and then dumping it. The bytes are exactly nlohmann's `dump` with
// error_handler_t::replace (tests/unit/io/json_writer_test.cpp compares the two): the output
// format (README "Decision output") must not change with the writer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace exportctl::detail {

/// Appends `s` as a JSON string literal, escaped as nlohmann does: `\" \\ \b \f \n \r \t`,
/// other control characters as `\u00xx`, UTF-8 copied as is, and each invalid UTF-8 sequence
/// replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view s);

/// Appends a number as the decision format writes it: integral values (|v| < 9e15) without a
/// fraction ("15832", not "15832.0"), others in nlohmann's shortest round-trip form, non-finite
/// values as `null`.
void append_json_number(std::string& out, double v);

/// Writes one JSON value, compact (`{"a":1}`) or pretty (nlohmann's indent 2, `"a": 1`). The
/// caller keeps the structure well formed: a key before each object member, matched ends.
///
///     std::string out;
///     json_writer w(out, false);
///     w.begin_object(); w.key("id"); w.string("SO-1"); w.end_object();   // {"id":"SO-1"}
class json_writer {
 public:
  json_writer(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  /// An object member's key; the next call writes its value.
  void key(std::string_view k);

  void string(std::string_view s) {
    before_value();
    append_json_string(out_, s);
  }
  /// An empty string is written as null (absent product, ECCN, scenario).
  void string_or_null(std::string_view s) {
    if (s.empty()) {
      null();
    } else {
      string(s);
    }
  }
  void number(double v) {
    before_value();
    append_json_number(out_, v);
  }
  void number(const std::optional<double>& v) {
    if (v) {
      number(*v);
    } else {
      null();
    }
  }
  void integer(long long v);
  void boolean(bool v) {
    before_value();
    out_ += v ? "true" : "false";
  }
  void null() {
    before_value();
    out_ += "null";
  }
  /// An array of strings from any range of string-like elements.
  template <class Range>
  void strings(const Range& r) {
    begin_array();
    for (const auto& s : r) string(s);
    end_array();
  }

 private:
  void before_value();
  void newline_indent();
  void open(char c);
  void close(char c);

  std::string& out_;
  bool pretty_;
  int depth_ = 0;
  bool first_ = true;       // nothing written yet in the innermost open container
  bool after_key_ = false;  // a key was written; its value follows without a separator
};

}  // namespace exportctl::detail
