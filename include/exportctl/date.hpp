// exportctl — export-control rules engine for AI chips.
// date.hpp: calendar dates (proleptic Gregorian, no time zone), as used by rule validity windows
// and ship dates.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exportctl {

/// A calendar date stored as days since 1970-01-01.
///
///     auto d = exportctl::date::parse("2025-06-01");   // std::optional<date>
///     d->to_string() == "2025-06-01";
struct date {
  std::int32_t days = 0;

  /// Parses strict ISO 8601 `YYYY-MM-DD`; std::nullopt for anything else (including 2025-02-30).
  [[nodiscard]] static std::optional<date> parse(std::string_view text);
  /// Builds a date from its parts; the caller guarantees they form a valid date.
  [[nodiscard]] static date from_ymd(int year, unsigned month, unsigned day);
  /// Today's date in UTC.
  [[nodiscard]] static date today();
  /// Smallest and largest representable dates (open-ended validity windows).
  [[nodiscard]] static constexpr date min() { return date{INT32_MIN / 2}; }
  [[nodiscard]] static constexpr date max() { return date{INT32_MAX / 2}; }

  /// Formats as `YYYY-MM-DD`.
  [[nodiscard]] std::string to_string() const;
  /// Calendar year of the date.
  [[nodiscard]] int year() const;

  friend constexpr auto operator<=>(date, date) = default;
};

}  // namespace exportctl
