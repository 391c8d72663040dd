// csl.cpp: the trade.gov Consolidated Screening List CSV (one header row). Required columns are
// the ones a screening decision rests on; the others of the published column sets (2019 and
// current, which adds `_id`) are known and kept where the model has a place for them. Any other
// column is an error: a renamed column would otherwise lose its data without a word.
//   alt_names  semicolon-separated aliases
//   addresses  semicolon-separated addresses, each ending ", CC" (ISO alpha-2) when known
#include <array>
#include <cctype>

#include "screening/lists/list_common.hpp"

namespace exportctl::detail::lists {

namespace {

enum col : std::size_t {
  c_id,
  c_source,
  c_entity_number,
  c_type,
  c_programs,
  c_name,
  c_title,
  c_addresses,
  c_frn,
  c_start_date,
  c_end_date,
  c_standard_order,
  c_license_requirement,
  c_license_policy,
  c_call_sign,
  c_vessel_type,
  c_gross_tonnage,
  c_grt,
  c_vessel_flag,
  c_vessel_owner,
  c_remarks,
  c_source_list_url,
  c_alt_names,
  c_citizenships,
  c_dates_of_birth,
  c_nationalities,
  c_places_of_birth,
  c_source_information_url,
  c_ids,
  c_count
};
constexpr std::array<std::string_view, c_count> names = {"_id",
                                                         "source",
                                                         "entity_number",
                                                         "type",
                                                         "programs",
                                                         "name",
                                                         "title",
                                                         "addresses",
                                                         "federal_register_notice",
                                                         "start_date",
                                                         "end_date",
                                                         "standard_order",
                                                         "license_requirement",
                                                         "license_policy",
                                                         "call_sign",
                                                         "vessel_type",
                                                         "gross_tonnage",
                                                         "gross_registered_tonnage",
                                                         "vessel_flag",
                                                         "vessel_owner",
                                                         "remarks",
                                                         "source_list_url",
                                                         "alt_names",
                                                         "citizenships",
                                                         "dates_of_birth",
                                                         "nationalities",
                                                         "places_of_birth",
                                                         "source_information_url",
                                                         "ids"};
constexpr std::array<std::size_t, 8> required = {
    c_source,         c_name, c_alt_names, c_addresses, c_start_date, c_license_requirement,
    c_license_policy, c_frn};

template <typename F>
void for_each_part(std::string_view s, char sep, F f) {
  while (!s.empty()) {
    const auto k = s.find(sep);
    const auto part = trim(s.substr(0, k));
    if (!part.empty()) f(part);
    if (k == std::string_view::npos) break;
    s.remove_prefix(k + 1);
  }
}

/// State's nonproliferation rows name "X; and any successor, sub-unit, or subsidiary thereof":
/// the clause widens the listing (the party is X) and is not part of the name to match.
std::string_view listed_name(std::string_view name) {
  const auto semi = name.find(';');
  if (semi == std::string_view::npos) return name;
  std::string rest(trim(name.substr(semi + 1)));
  for (auto& ch : rest) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return rest.rfind("and any successor", 0) == 0 ? trim(name.substr(0, semi)) : name;
}

}  // namespace

std::optional<screening_list> parse_csl(std::string_view text, const std::string& file,
                                        std::vector<diagnostic>& diags, const list_limits& limits) {
  const std::size_t before = diags.size();
  std::array<int, c_count> at{};
  const auto rows = read_table(text, ',', file, limits, names, required, at, diags,
                               "the Consolidated Screening List columns are listed in "
                               "docs/screening.md");
  if (!rows) return std::nullopt;
  const auto& header = (*rows)[0];

  screening_list list;
  list.format = list_format::csl;
  list.source = "Consolidated Screening List";
  list.file = file;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    if (!same_width(r, header, file, diags, "quote cells that contain commas")) continue;
    ++list.rows;
    auto get = [&](col k) {
      return at[k] < 0 ? std::string_view{} : trim(r.cells[static_cast<std::size_t>(at[k])]);
    };
    list_entry e;
    e.id = std::string(!get(c_id).empty()              ? get(c_id)
                       : !get(c_entity_number).empty() ? get(c_entity_number)
                                                       : std::string_view{});
    if (e.id.empty()) e.id = std::to_string(r.line);
    e.source = std::string(get(c_source));
    e.file = file;
    e.line = r.line;
    if (e.source.empty() || get(c_name).empty()) {
      add_diag(diags, "EXC-E8008", e.source.empty() ? "empty `source`" : "empty `name`", file,
               r.line, at[e.source.empty() ? c_source : c_name] + 1);
      continue;
    }
    e.type = std::string(get(c_type));
    e.programs = std::string(get(c_programs));
    add_name(e, listed_name(get(c_name)), limits, diags, r.line);
    for_each_part(get(c_alt_names), ';',
                  [&](std::string_view a) { add_name(e, a, limits, diags, r.line); });
    for_each_part(get(c_addresses), ';', [&](std::string_view a) {
      e.addresses.emplace_back(a);
      const auto comma = a.rfind(',');
      const auto last = trim(comma == std::string_view::npos ? a : a.substr(comma + 1));
      if (last.size() == 2)
        if (const auto code = country_code_of(last); !code.empty()) e.countries.push_back(code);
    });
    finish_entry(e);
    e.start_date = std::string(get(c_start_date));
    e.end_date = std::string(get(c_end_date));
    e.license_requirement = std::string(get(c_license_requirement));
    e.license_policy = std::string(get(c_license_policy));
    e.federal_register_notice = std::string(get(c_frn));
    list.entries.push_back(std::move(e));
  }
  if (diags.size() != before) return std::nullopt;
  return list;
}

}  // namespace exportctl::detail::lists
