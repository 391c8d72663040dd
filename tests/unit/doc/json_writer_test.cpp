// json_writer must write exactly what nlohmann's dump wrote before it (error_handler::replace):
// strings (control characters, invalid UTF-8), numbers, and compact and pretty structure, checked
// against nlohmann itself on random input.
#include "doc/json_writer.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include "doc/json.hpp"

namespace {

using exportctl::detail::ojson;

std::string nlohmann_dump(const ojson& j, int indent = -1) {
  return j.dump(indent, ' ', false, ojson::error_handler_t::replace);
}

std::string writer_string(const std::string& s) {
  std::string out;
  exportctl::detail::append_json_string(out, s);
  return out;
}

std::string writer_number(double v) {
  std::string out;
  exportctl::detail::append_json_number(out, v);
  return out;
}

// Bytes chosen to hit every branch of UTF-8 checking: ASCII, escapes, control characters, valid
// lead bytes of every length with good and bad continuations, bytes that can never lead.
std::string random_bytes(std::mt19937_64& rng) {
  static const unsigned char pool[] = {'a',  'Z',  ' ',  '0',  '"',  '\\', '/',  '\b', '\f', '\n',
                                       '\r', '\t', 0x00, 0x01, 0x1F, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                       0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
                                       0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::uniform_int_distribution<std::size_t> len(0, 40);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof pool - 1);
  std::uniform_int_distribution<int> any(0, 255);
  std::uniform_int_distribution<int> coin(0, 9);
  std::string s(len(rng), '\0');
  for (auto& c : s) c = static_cast<char>(coin(rng) == 0 ? any(rng) : pool[pick(rng)]);
  return s;
}

std::string random_utf8(std::mt19937_64& rng) {
  static const char* pieces[] = {"é", "€", "𝄞", "中文", "ü", "ß", "\xEF\xBF\xBD", "abc", " ", "-"};
  std::uniform_int_distribution<std::size_t> len(0, 8);
  std::uniform_int_distribution<std::size_t> pick(0, 9);
  std::string s;
  for (std::size_t i = len(rng); i > 0; --i) s += pieces[pick(rng)];
  return s;
}

double random_double(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 5);
  switch (kind(rng)) {
    case 0: {  // any bit pattern (includes subnormals, huge and tiny values, NaN and infinities)
      const std::uint64_t bits = rng();
      double v = 0;
      std::memcpy(&v, &bits, sizeof v);
      return v;
    }
    case 1:  // integers around the 9e15 switch between integer and floating-point output
      return static_cast<double>(static_cast<std::int64_t>(rng() % 20'000'000'000'000'000ULL) -
                                 10'000'000'000'000'000LL);
    case 2:  // decimals as people write them in spec sheets (989.5, 0.25, 1979.0)
      return static_cast<double>(rng() % 10'000'000) / std::pow(10.0, static_cast<int>(rng() % 8));
    case 3:
      return std::ldexp(static_cast<double>(rng() % 1'000'000),
                        static_cast<int>(rng() % 200) - 100);
    case 4:
      return -static_cast<double>(rng() % 100'000) / 7.0;
    default:
      return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
  }
}

// A random JSON value, written both by json_writer and as an ordered_json tree.
void random_value(std::mt19937_64& rng, int depth, exportctl::detail::json_writer& w, ojson& j) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 4 : 6);
  switch (kind(rng)) {
    case 0: {
      const std::string s = random_bytes(rng);
      w.string(s);
      j = s;
      return;
    }
    case 1: {
      const double v = random_double(rng);
      w.number(v);
      j = exportctl::detail::json_number(v);
      return;
    }
    case 2:
      w.null();
      j = nullptr;
      return;
    case 3: {
      const bool b = rng() % 2 == 0;
      w.boolean(b);
      j = b;
      return;
    }
    case 4: {
      const auto v = static_cast<long long>(rng() % 2000) - 1000;
      w.integer(v);
      j = v;
      return;
    }
    case 5: {
      j = ojson::array();
      w.begin_array();
      for (int n = static_cast<int>(rng() % 4); n > 0; --n) {
        ojson e;
        random_value(rng, depth + 1, w, e);
        j.push_back(std::move(e));
      }
      w.end_array();
      return;
    }
    default: {
      j = ojson::object();
      w.begin_object();
      for (int n = static_cast<int>(rng() % 4); n > 0; --n) {
        const std::string k = "k" + std::to_string(n) + random_utf8(rng);
        w.key(k);
        ojson e;
        random_value(rng, depth + 1, w, e);
        j[k] = std::move(e);
      }
      w.end_object();
      return;
    }
  }
}

}  // namespace

TEST_CASE("json_writer escapes strings as nlohmann does", "[io][json_writer]") {
  std::mt19937_64 rng(20261122);
  for (int i = 0; i < 200000; ++i) {
    const std::string s = i % 4 == 0 ? random_utf8(rng) : random_bytes(rng);
    const std::string expected = nlohmann_dump(ojson(s));
    const std::string got = writer_string(s);
    if (got != expected) {
      std::string hex;
      for (const unsigned char c : s)
        hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
      INFO("input bytes: " << hex);
      REQUIRE(got == expected);
    }
  }
  for (int c = 0; c < 256; ++c) {
    const std::string s(1, static_cast<char>(c));
    CHECK(writer_string(s) == nlohmann_dump(ojson(s)));
  }
}

TEST_CASE("json_writer formats numbers as nlohmann does", "[io][json_writer]") {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 300000; ++i) {
    const double v = random_double(rng);
    const std::string expected = nlohmann_dump(exportctl::detail::json_number(v));
    const std::string got = writer_number(v);
    if (got != expected) {
      INFO("value: " << v);
      REQUIRE(got == expected);
    }
  }
  for (double v : {0.0,
                   -0.0,
                   1.0,
                   -1.0,
                   0.1,
                   1e-5,
                   1e15,
                   9e15,
                   -9e15,
                   8999999999999999.0,
                   1e16,
                   1e21,
                   1e22,
                   1e-7,
                   123456789012345678.0,
                   2.5e-300,
                   5e-324,
                   1.7976931348623157e308,
                   std::nan(""),
                   HUGE_VAL,
                   -HUGE_VAL}) {
    INFO("value: " << v);
    CHECK(writer_number(v) == nlohmann_dump(exportctl::detail::json_number(v)));
  }
}

TEST_CASE("json_writer writes compact and pretty structure as nlohmann does", "[io][json_writer]") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    for (const bool pretty : {false, true}) {
      std::mt19937_64 copy = rng;  // the same value for both layouts
      // Also after text already in the string, and into reserved capacity.
      const std::string prefix = i % 3 == 0 ? "[1," : "";
      std::string out = prefix;
      if (i % 5 == 0) out.reserve(4096);
      exportctl::detail::json_writer w(out, pretty);
      ojson j;
      random_value(copy, 0, w, j);
      w.finish();
      const std::string expected = prefix + nlohmann_dump(j, pretty ? 2 : -1);
      if (out != expected) {
        INFO("pretty: " << pretty);
        REQUIRE(out == expected);
      }
    }
    rng.discard(1);
  }
}
