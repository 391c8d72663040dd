// json_writer.cpp: nlohmann's serializer, byte for byte, without building a tree. Numbers that
// are not integral go through nlohmann's own Grisu2 `to_chars` (std::to_chars can choose other
// digits: it finds the shortest round-trip form, Grisu2 sometimes does not).
#include "doc/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "doc/json.hpp"

namespace exportctl::detail {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// True for bytes that cannot be copied as they are: control characters, `"`, `\` and anything
// outside ASCII (which has to be checked as UTF-8).
constexpr std::array<bool, 256> needs_care = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();

// Whether any of the 8 bytes in `x` needs care (exact, no false positives): a control character,
// '"', '\\' or a byte with the high bit set. Decisions are mostly plain ASCII text, so the
// writer skips it 8 bytes at a time.
constexpr bool any_needs_care(std::uint64_t x) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  const std::uint64_t below_space = (x - ones * 0x20) & ~x & highs;
  return ((below_space | has_zero(x ^ (ones * '"')) | has_zero(x ^ (ones * '\\')) | x) & highs) !=
         0;
}

// Copies the bytes from `i` up to the first one that needs care (or `n`) to `out`, and returns
// that byte's index. Copies in blocks and may write up to 15 bytes past what it copied (room for
// them is part of max_string_bytes).
std::size_t copy_plain(const unsigned char* p, std::size_t i, std::size_t n, char*& out) {
#if defined(__SSE2__)
  const std::size_t start = i;
  // 16 bytes at a time (SSE2 is part of x86-64). As signed bytes, control characters and every
  // byte >= 0x80 are less than 0x20.
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
    const __m128i care =
        _mm_or_si128(_mm_cmplt_epi8(v, space),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const int mask = _mm_movemask_epi8(care);
    if (mask != 0) {
      const auto plain = static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      out += plain;
      return i + plain;
    }
    i += 16;
    out += 16;
  }
  // The last 1..15 bytes: look at the final 16 bytes of the string instead, when the ones before
  // the rest were copied by this call (so rewriting them writes the same bytes again).
  const std::size_t rest = n - i;
  if (rest != 0 && i - start >= 16 - rest) {
    const std::size_t back = 16 - rest;
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out - back), v);
    const __m128i care =
        _mm_or_si128(_mm_cmplt_epi8(v, space),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(care)) >> back;
    const std::size_t plain = mask != 0 ? static_cast<std::size_t>(__builtin_ctz(mask)) : rest;
    out += plain;
    return i + plain;
  }
#endif
  for (; i + 8 <= n; i += 8, out += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, p + i, 8);
    if (any_needs_care(x)) break;
    std::memcpy(out, &x, 8);
  }
  for (; i < n && !needs_care[p[i]]; ++i) *out++ = static_cast<char>(p[i]);
  return i;
}

char* write_escaped_ascii(char* out, unsigned char c) {
  const auto two = [out](char e) {
    out[0] = '\\';
    out[1] = e;
    return out + 2;
  };
  switch (c) {
    case '"':
      return two('"');
    case '\\':
      return two('\\');
    case '\b':
      return two('b');
    case '\f':
      return two('f');
    case '\n':
      return two('n');
    case '\r':
      return two('r');
    case '\t':
      return two('t');
    default: {
      const char u[6] = {'\\', 'u', '0', '0', hex_digits[c >> 4], hex_digits[c & 0xF]};
      std::memcpy(out, u, 6);
      return out + 6;
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

char* write_json_string(char* out, std::string_view s) {
  *out++ = '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    i = copy_plain(p, i, n, out);
    if (i == n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      out = write_escaped_ascii(out, c);
      ++i;
      continue;
    }
    // Like nlohmann's decoder: a byte that cannot lead is replaced and consumed; a sequence
    // broken by a bad continuation byte is replaced and the bad byte read again as a new start;
    // a sequence cut off by the end of the string is replaced.
    const utf8_lead lead = classify_lead(c);
    std::size_t j = i + 1;
    bool valid = lead.continuation_bytes != 0;
    for (int k = 0; valid && k < lead.continuation_bytes; ++k, ++j) {
      const unsigned char lo = k == 0 ? lead.lo : 0x80;
      const unsigned char hi = k == 0 ? lead.hi : 0xBF;
      valid = j < n && p[j] >= lo && p[j] <= hi;
      if (!valid) break;
    }
    if (valid) {
      std::memcpy(out, s.data() + i, j - i);
      out += j - i;
    } else {
      std::memcpy(out, replacement.data(), replacement.size());
      out += replacement.size();
    }
    i = j;
  }
  *out++ = '"';
  return out;
}

char* write_json_number(char* out, double v) {
  if (!std::isfinite(v)) {
    std::memcpy(out, "null", 4);
    return out + 4;
  }
  if (v == std::floor(v) && std::fabs(v) < 9.0e15)
    return std::to_chars(out, out + max_number_bytes, static_cast<long long>(v)).ptr;
  return ::nlohmann::detail::to_chars(out, out + max_number_bytes, v);
}

void append_json_string(std::string& out, std::string_view s) {
  const std::size_t old = out.size();
  out.resize(old + max_string_bytes(s.size()));
  char* end = write_json_string(out.data() + old, s);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void append_json_number(std::string& out, double v) {
  const std::size_t old = out.size();
  out.resize(old + max_number_bytes);
  char* end = write_json_number(out.data() + old, v);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void json_writer::grow(std::size_t n) {
  // The first growth takes whatever the caller reserved; then the text doubles.
  std::size_t size = out_.size() * 2;
  if (size < out_.capacity()) size = out_.capacity();
  if (size < pos_ + n) size = pos_ + n;
  if (size < 256) size = 256;
  out_.resize(size);
}

void json_writer::integer(long long v) {
  char* out = value_start(max_number_bytes);
  end_at(std::to_chars(out, out + max_number_bytes, v).ptr);
}

}  // namespace exportctl::detail
