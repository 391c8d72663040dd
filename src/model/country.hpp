// country.hpp: ISO 3166-1 alpha-2 country codes as small integers, and country sets as bitsets
// (one bit per possible two-letter code), so that group tests on the hot path are a bit lookup.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exportctl::detail {

/// Index of a two-letter code: (c0 - 'A') * 26 + (c1 - 'A').
using country_code = std::uint16_t;
inline constexpr std::size_t country_slots = 26 * 26;
using country_set = std::bitset<country_slots>;

/// Parses an upper-case ISO 3166-1 alpha-2 code that is officially assigned (plus "XK", which
/// US rules use for Kosovo). std::nullopt for anything else.
[[nodiscard]] std::optional<country_code> parse_country(std::string_view code);
/// The two-letter text of a code.
[[nodiscard]] std::string country_text(country_code c);
/// Every assigned code, sorted (for "did you mean" hints).
[[nodiscard]] const std::vector<std::string>& all_country_codes();

}  // namespace exportctl::detail
