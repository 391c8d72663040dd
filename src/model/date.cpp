// date.cpp: calendar arithmetic for exportctl::date. Dates are days since 1970-01-01 in the
// proleptic Gregorian calendar, converted with Howard Hinnant's days-from-civil algorithm
// (http://howardhinnant.github.io/date_algorithms.html), which is exact for every year and
// needs no tables or time-zone library.
#include "exportctl/date.hpp"

#include <cstdio>
#include <ctime>

namespace exportctl {
namespace {

struct ymd {
  int year;
  unsigned month;
  unsigned day;
};

constexpr bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(int y, unsigned m) {
  constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : lengths[m - 1];
}

// Eras of 400 years make the calendar periodic, so the computation needs only integer division
// that rounds toward negative infinity (done by hand for negative years).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr ymd civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  return {static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(11017).day == 1);

bool digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

unsigned to_uint(std::string_view s) {
  unsigned v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

}  // namespace

std::optional<date> date::parse(std::string_view text) {
  // Exactly YYYY-MM-DD: no time part, no week dates, no two-digit years, so that a pack never
  // means something other than what it appears to say.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto ys = text.substr(0, 4);
  const auto ms = text.substr(5, 2);
  const auto ds = text.substr(8, 2);
  if (!digits(ys) || !digits(ms) || !digits(ds)) return std::nullopt;
  const int y = static_cast<int>(to_uint(ys));
  const unsigned m = to_uint(ms);
  const unsigned d = to_uint(ds);
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return from_ymd(y, m, d);
}

date date::from_ymd(int year, unsigned month, unsigned day) {
  return date{static_cast<std::int32_t>(days_from_civil(year, month, day))};
}

date date::today() {
  // time_t counts seconds since the epoch in UTC; floor division keeps pre-1970 clocks correct.
  const auto secs = static_cast<std::int64_t>(std::time(nullptr));
  const std::int64_t day = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  return date{static_cast<std::int32_t>(day)};
}

std::string date::to_string() const {
  const ymd c = civil_from_days(days);
  char buf[32];
  if (c.year >= 0 && c.year <= 9999) {
    // Every decision prints its date; digits by hand, since snprintf showed in batch profiles.
    const auto digit = [](unsigned v) { return static_cast<char>('0' + v); };
    const auto y = static_cast<unsigned>(c.year);
    return std::string{digit(y / 1000),
                       digit(y / 100 % 10),
                       digit(y / 10 % 10),
                       digit(y % 10),
                       '-',
                       digit(c.month / 10),
                       digit(c.month % 10),
                       '-',
                       digit(c.day / 10),
                       digit(c.day % 10)};
  } else {
    // Only date::min()/max() get here; printed in expanded ISO form rather than truncated.
    std::snprintf(buf, sizeof buf, "%+d-%02u-%02u", c.year, c.month, c.day);
  }
  return buf;
}

int date::year() const { return civil_from_days(days).year; }

}  // namespace exportctl
