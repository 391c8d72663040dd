// text_encoding.cpp: UTF-8 and control-character check of document text (EXC-E1008).
#include "doc/text_encoding.hpp"

#include <algorithm>
#include <cstdio>

namespace exportctl::detail {
namespace {

std::string byte_hex(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(b));
  return buf;
}

// Length of the UTF-8 sequence starting at text[i], or 0 if it is not a valid one (overlong
// forms, surrogates and code points above U+10FFFF are invalid, RFC 3629).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = at(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return n;
}

// The value of the four hex digits at text[i], or -1.
int hex4(std::string_view text, std::size_t i) {
  if (i + 4 > text.size()) return -1;
  int v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    const char c = text[k];
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// The code point of a surrogate-pair escape "\uD8xx\uDCxx" at text[i] (at the backslash), or 0.
char32_t surrogate_pair_at(std::string_view text, std::size_t i) {
  if (i + 12 > text.size() || text[i + 1] != 'u' || text[i + 6] != '\\' || text[i + 7] != 'u') {
    return 0;
  }
  const int hi = hex4(text, i + 2);
  const int lo = hex4(text, i + 8);
  if (hi < 0xD800 || hi > 0xDBFF || lo < 0xDC00 || lo > 0xDFFF) return 0;
  return 0x10000 + ((static_cast<char32_t>(hi) - 0xD800) << 10) +
         (static_cast<char32_t>(lo) - 0xDC00);
}

}  // namespace

int surrogate_rewrite::written_column(int line, int column) const {
  if (column < 0) return 0;  // yaml-cpp's null mark: unknown
  const auto first = std::lower_bound(shifts.begin(), shifts.end(), std::make_pair(line, -1));
  const auto last = std::upper_bound(shifts.begin(), shifts.end(), std::make_pair(line, column));
  return column + 2 * static_cast<int>(last - first) + 1;
}

std::optional<surrogate_rewrite> rewrite_surrogate_pairs(std::string_view text) {
  // Most texts have no surrogate escape at all: one scan, no copy.
  bool any = false;
  for (std::size_t i = text.find('\\'); i != std::string_view::npos && !any;
       i = text.find('\\', i + 1)) {
    any = surrogate_pair_at(text, i) != 0;
  }
  if (!any) return std::nullopt;

  surrogate_rewrite r;
  r.text.reserve(text.size());
  int line = 0;
  std::size_t line_start = 0;  // in r.text
  bool in_string = false;
  char last = '\0';  // the last character outside strings that is not a space
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) return std::nullopt;
    if (c == '\n') {
      ++line;
      line_start = r.text.size() + 1;
    }
    if (!in_string) {
      if (c == '\'' || c == '#' || c == '\\') return std::nullopt;
      if (c == '"') {
        // A JSON string opens a document, a value or a key; a quote anywhere else belongs to a
        // plain YAML scalar, where a backslash is just a backslash.
        if (last != '\0' && last != '{' && last != '[' && last != ',' && last != ':') {
          return std::nullopt;
        }
        in_string = true;
      } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        last = c;
      }
      r.text += c;
      continue;
    }
    if (c == '"') {
      in_string = false;
      last = '"';
      r.text += c;
      continue;
    }
    if (c != '\\') {
      r.text += c;
      continue;
    }
    if (const char32_t cp = surrogate_pair_at(text, i)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\U%08X", static_cast<unsigned>(cp));
      r.text += buf;
      r.shifts.emplace_back(line, static_cast<int>(r.text.size() - line_start));
      i += 11;
      continue;
    }
    // Any other escape: its second character (a quote or a backslash) closes nothing.
    r.text += c;
    if (i + 1 < text.size()) {
      if (text[i + 1] == '\n') return std::nullopt;  // an escaped line break: leave it to yaml-cpp
      r.text += text[++i];
    }
  }
  if (r.shifts.empty()) return std::nullopt;
  return r;
}

std::optional<encoding_problem> find_encoding_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
        return encoding_problem{i, "control character " + byte_hex(b) + " is not allowed"};
      }
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      return encoding_problem{i, "the text is not valid UTF-8 (byte " + byte_hex(b) + ")"};
    }
    i += n;
  }
  return std::nullopt;
}

}  // namespace exportctl::detail
