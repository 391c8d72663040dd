// json_writer.cpp: nlohmann's serializer, byte for byte, without building a tree. Numbers that
// are not integral go through nlohmann's own Grisu2 `to_chars` (std::to_chars can choose other
// digits: it finds the shortest round-trip form, Grisu2 sometimes does not).
#include "io/json_writer.hpp"

#include <charconv>
#include <cmath>

#include "io/json.hpp"

namespace exportctl::detail {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// True for bytes that cannot be copied as they are: control characters, `"`, `\` and anything
// outside ASCII (which has to be checked as UTF-8).
constexpr bool needs_care(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

void append_escaped_ascii(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default: {
      const char u[6] = {'\\', 'u', '0', '0', hex_digits[c >> 4], hex_digits[c & 0xF]};
      out.append(u, 6);
    }
  }
}

// Length of the UTF-8 sequence led by `c` and the allowed range of its second byte (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF); 0 for a byte that cannot lead.
struct utf8_lead {
  int continuation_bytes;
  unsigned char lo;
  unsigned char hi;
};

constexpr utf8_lead classify_lead(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return {1, 0x80, 0xBF};
  if (c == 0xE0) return {2, 0xA0, 0xBF};
  if (c == 0xED) return {2, 0x80, 0x9F};
  if (c >= 0xE1 && c <= 0xEF) return {2, 0x80, 0xBF};
  if (c == 0xF0) return {3, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3) return {3, 0x80, 0xBF};
  if (c == 0xF4) return {3, 0x80, 0x8F};
  return {0, 0, 0};
}

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t run = i;
    while (run < n && !needs_care(p[run])) ++run;
    out.append(s.data() + i, run - i);
    i = run;
    if (i == n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      append_escaped_ascii(out, c);
      ++i;
      continue;
    }
    // Like nlohmann's decoder: a byte that cannot lead is replaced and consumed; a sequence
    // broken by a bad continuation byte is replaced and the bad byte read again as a new start;
    // a sequence cut off by the end of the string is replaced.
    const utf8_lead lead = classify_lead(c);
    if (lead.continuation_bytes == 0) {
      out += replacement;
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    bool valid = true;
    for (int k = 0; k < lead.continuation_bytes; ++k, ++j) {
      const unsigned char lo = k == 0 ? lead.lo : 0x80;
      const unsigned char hi = k == 0 ? lead.hi : 0xBF;
      if (j == n || p[j] < lo || p[j] > hi) {
        valid = false;
        break;
      }
    }
    if (valid) {
      out.append(s.data() + i, j - i);
    } else {
      out += replacement;
    }
    i = j;
  }
  out += '"';
}

void append_json_number(std::string& out, double v) {
  char buf[64];
  char* end = buf;
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (v == std::floor(v) && std::fabs(v) < 9.0e15) {
    end = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v)).ptr;
  } else {
    end = ::nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  }
  out.append(buf, static_cast<std::size_t>(end - buf));
}

void json_writer::key(std::string_view k) {
  before_value();
  append_json_string(out_, k);
  out_ += pretty_ ? ": " : ":";
  after_key_ = true;
}

void json_writer::integer(long long v) {
  before_value();
  char buf[24];
  const char* end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out_.append(buf, static_cast<std::size_t>(end - buf));
}

void json_writer::newline_indent() {
  out_ += '\n';
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_ += ',';
  if (pretty_ && depth_ > 0) newline_indent();
  first_ = false;
}

void json_writer::open(char c) {
  before_value();
  out_ += c;
  ++depth_;
  first_ = true;
}

void json_writer::close(char c) {
  --depth_;
  // nlohmann writes an empty container as `[]` / `{}` even when pretty.
  if (pretty_ && !first_) newline_indent();
  out_ += c;
  first_ = false;
}

}  // namespace exportctl::detail
