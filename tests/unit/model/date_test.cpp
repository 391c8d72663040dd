// date_test.cpp: strict ISO dates and the day arithmetic behind validity windows.
#include "exportctl/date.hpp"

#include <catch2/catch.hpp>

using exportctl::date;

TEST_CASE("date::parse accepts exactly YYYY-MM-DD of real days", "[model][date]") {
  CHECK(date::parse("2024-04-04"));
  CHECK(date::parse("2024-02-29"));        // leap year
  CHECK(date::parse("2000-02-29"));        // divisible by 400
  CHECK_FALSE(date::parse("1900-02-29"));  // divisible by 100 only
  CHECK_FALSE(date::parse("2023-02-29"));
  CHECK_FALSE(date::parse("2025-02-30"));
  CHECK_FALSE(date::parse("2024-04-31"));
  CHECK_FALSE(date::parse("2024-13-01"));
  CHECK_FALSE(date::parse("2024-00-10"));
  CHECK_FALSE(date::parse("2024-01-00"));
  CHECK_FALSE(date::parse("2024-1-05"));
  CHECK_FALSE(date::parse("20240105"));
  CHECK_FALSE(date::parse("2024-01-05T00:00:00"));
  CHECK_FALSE(date::parse(" 2024-01-05"));
  CHECK_FALSE(date::parse("2024/01/05"));
  CHECK_FALSE(date::parse("+024-01-05"));
  CHECK_FALSE(date::parse(""));
}

TEST_CASE("dates count days since 1970-01-01", "[model][date]") {
  CHECK(date::from_ymd(1970, 1, 1).days == 0);
  CHECK(date::from_ymd(1969, 12, 31).days == -1);
  CHECK(date::from_ymd(2000, 3, 1).days == 11017);
  CHECK(date::parse("2024-03-15")->days - date::parse("2024-03-14")->days == 1);
  CHECK(date::parse("2025-01-01")->days - date::parse("2024-01-01")->days == 366);
  CHECK(date::from_ymd(2026, 2, 3) > date::from_ymd(2026, 2, 2));
}

TEST_CASE("date round-trips through text", "[model][date]") {
  CHECK(date::parse("2023-11-17")->to_string() == "2023-11-17");
  CHECK(date::from_ymd(1, 1, 1).to_string() == "0001-01-01");
  // Every day of four centuries (covers every leap-year rule).
  const date start = date::from_ymd(1900, 1, 1);
  const date end = date::from_ymd(2300, 1, 1);
  for (date d = start; d < end; d.days += 1) {
    const auto back = date::parse(d.to_string());
    REQUIRE(back);
    REQUIRE(back->days == d.days);
  }
}

TEST_CASE("date::year and the open ends", "[model][date]") {
  CHECK(date::parse("2024-12-31")->year() == 2024);
  CHECK(date::parse("2025-01-01")->year() == 2025);
  CHECK(date::min() < date::from_ymd(1, 1, 1));
  CHECK(date::max() > date::from_ymd(9999, 12, 31));
  CHECK(!date::min().to_string().empty());
  CHECK(date::today() > date::from_ymd(2024, 1, 1));
}
