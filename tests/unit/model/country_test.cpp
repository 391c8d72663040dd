// country_test.cpp: ISO 3166-1 alpha-2 codes.
#include "model/country.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace exportctl::detail;

TEST_CASE("parse_country accepts assigned codes only", "[model][country]") {
  CHECK(parse_country("DE"));
  CHECK(parse_country("CN"));
  CHECK(parse_country("MO"));
  CHECK(parse_country("XK"));        // Kosovo, as US agencies code it
  CHECK_FALSE(parse_country("UK"));  // ISO spells the United Kingdom GB
  CHECK_FALSE(parse_country("EU"));
  CHECK_FALSE(parse_country("ZZ"));
  CHECK_FALSE(parse_country("de"));
  CHECK_FALSE(parse_country("D"));
  CHECK_FALSE(parse_country("DEU"));
  CHECK_FALSE(parse_country(""));
  CHECK_FALSE(parse_country("D1"));
}

TEST_CASE("country codes round-trip and are listed", "[model][country]") {
  const auto& all = all_country_codes();
  CHECK(all.size() == 250);  // 249 assigned + XK
  CHECK(std::is_sorted(all.begin(), all.end()));
  CHECK(std::find(all.begin(), all.end(), "XK") != all.end());
  for (const auto& code : all) {
    const auto c = parse_country(code);
    REQUIRE(c);
    CHECK(country_text(*c) == code);
    CHECK(*c < country_slots);
  }
}
