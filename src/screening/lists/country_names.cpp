// country_names.cpp: English country names → ISO 3166-1 alpha-2, for OFAC's ADD.CSV, which
// writes the country as a name. The names are ICU's English display names (normalize.hpp) of every
// code the project knows, plus the forms OFAC uses that differ from ICU's.
#include <map>

#include "model/country.hpp"
#include "screening/lists/list.hpp"
#include "screening/normalize.hpp"

namespace exportctl::detail::lists {

namespace {

const std::map<std::string, std::string, std::less<>>& name_table() {
  static const auto table = [] {
    std::map<std::string, std::string, std::less<>> t;
    for (const auto& code : all_country_codes()) {
      t[fold_name(english_country_name(code))] = code;
      t[fold_name(code)] = code;
    }
    // OFAC's spellings (ADD.CSV) where ICU's English names differ.
    const std::pair<const char*, const char*> ofac[] = {{"Korea, North", "KP"},
                                                        {"Korea, South", "KR"},
                                                        {"Burma", "MM"},
                                                        {"Russia", "RU"},
                                                        {"Iran", "IR"},
                                                        {"Syria", "SY"},
                                                        {"Venezuela", "VE"},
                                                        {"Bolivia", "BO"},
                                                        {"Tanzania", "TZ"},
                                                        {"Moldova", "MD"},
                                                        {"Laos", "LA"},
                                                        {"Vietnam", "VN"},
                                                        {"Congo, Democratic Republic of the", "CD"},
                                                        {"Congo, Republic of the", "CG"},
                                                        {"Cote d Ivoire", "CI"},
                                                        {"Macau", "MO"},
                                                        {"West Bank", "PS"},
                                                        {"Gaza", "PS"},
                                                        {"Palestinian", "PS"},
                                                        {"Czech Republic", "CZ"},
                                                        {"Brunei", "BN"},
                                                        {"Turkey", "TR"},
                                                        {"Kosovo", "XK"},
                                                        {"Region: Crimea", "UA"},
                                                        {"The Bahamas", "BS"},
                                                        {"The Gambia", "GM"},
                                                        {"Taiwan", "TW"},
                                                        {"Hong Kong", "HK"},
                                                        {"United States", "US"},
                                                        {"United Kingdom", "GB"},
                                                        {"China", "CN"},
                                                        {"Netherlands", "NL"},
                                                        {"Micronesia, Federated States of", "FM"}};
    for (const auto& [name, code] : ofac) t[fold_name(name)] = code;
    return t;
  }();
  return table;
}

}  // namespace

std::string country_code_of(std::string_view name) {
  const auto& t = name_table();
  const auto it = t.find(fold_name(name));
  return it == t.end() ? std::string{} : it->second;
}

}  // namespace exportctl::detail::lists
