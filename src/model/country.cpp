// country.cpp: the set of assigned ISO 3166-1 alpha-2 codes. Only officially assigned codes are
// accepted, so that a typo in a pack or a shipment ("UK" for GB) is an error instead of a
// country that silently belongs to no group.
#include "model/country.hpp"

#include <algorithm>
#include <array>

namespace exportctl::detail {
namespace {

// ISO 3166-1 alpha-2, officially assigned codes (249), plus XK: a user-assigned code that the
// European Commission and US agencies (BIS, OFAC) use for Kosovo.
constexpr std::string_view assigned_codes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
    "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
    "DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET "
    "FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
    "HK HM HN HR HT HU "
    "ID IE IL IM IN IO IQ IR IS IT "
    "JE JM JO JP "
    "KE KG KH KI KM KN KP KR KW KY KZ "
    "LA LB LC LI LK LR LS LT LU LV LY "
    "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
    "NA NC NE NF NG NI NL NO NP NR NU NZ "
    "OM "
    "PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA "
    "RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
    "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ "
    "UA UG UM US UY UZ "
    "VA VC VE VG VI VN VU "
    "WF WS "
    "XK "
    "YE YT "
    "ZA ZM ZW";

constexpr country_code index_of(char a, char b) {
  return static_cast<country_code>((a - 'A') * 26 + (b - 'A'));
}

// A lookup table over all 676 slots, built once: parse_country is on the shipment-parsing path.
const std::array<bool, country_slots>& assigned_table() {
  static const auto table = [] {
    std::array<bool, country_slots> t{};
    for (std::size_t i = 0; i + 1 < assigned_codes.size(); i += 3) {
      t[index_of(assigned_codes[i], assigned_codes[i + 1])] = true;
    }
    return t;
  }();
  return table;
}

}  // namespace

std::optional<country_code> parse_country(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  const char a = code[0];
  const char b = code[1];
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return std::nullopt;
  const country_code c = index_of(a, b);
  if (!assigned_table()[c]) return std::nullopt;
  return c;
}

std::string country_text(country_code c) {
  return {static_cast<char>('A' + c / 26), static_cast<char>('A' + c % 26)};
}

const std::vector<std::string>& all_country_codes() {
  static const auto codes = [] {
    std::vector<std::string> v;
    for (std::size_t i = 0; i + 1 < assigned_codes.size(); i += 3) {
      v.emplace_back(assigned_codes.substr(i, 2));
    }
    std::sort(v.begin(), v.end());
    return v;
  }();
  return codes;
}

}  // namespace exportctl::detail
