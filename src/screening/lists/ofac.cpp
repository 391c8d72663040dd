// ofac.cpp: OFAC's legacy SDN.CSV, ALT.CSV and ADD.CSV (no header rows; `-0-` is null). Column
// sets as OFAC documents them for the legacy CSV files:
//   SDN.CSV ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
//           Vess_flag, Vess_owner, Remarks
//   ALT.CSV ent_num, alt_num, alt_type, alt_name, alt_remarks
//   ADD.CSV ent_num, add_num, address, city/state/postal, country, add_remarks
// An alias or address for an ent_num that SDN.CSV does not have is an error, not dropped.
#include <charconv>
#include <unordered_map>

#include "screening/lists/list_common.hpp"

namespace exportctl::detail::lists {

namespace {

bool is_number(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 18) return false;
  long long v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc{} && p == s.data() + s.size() && v >= 0;
}

bool check_shape(const record& r, std::size_t cells, const std::string& file,
                 std::vector<diagnostic>& diags) {
  if (r.cells.size() != cells) {
    add_diag(diags, "EXC-E8007",
             "row has " + std::to_string(r.cells.size()) + " cells; this file has " +
                 std::to_string(cells),
             file, r.line, 0, "quote cells that contain commas");
    return false;
  }
  if (!is_number(r.cells[0])) {
    add_diag(diags, "EXC-E8008", "ent_num `" + std::string(trim(r.cells[0])) + "` is not a number",
             file, r.line, 1);
    return false;
  }
  return true;
}

}  // namespace

std::optional<screening_list> parse_ofac(const ofac_files& files, std::vector<diagnostic>& diags,
                                         const list_limits& limits) {
  const std::size_t before = diags.size();
  screening_list list;
  list.format = list_format::ofac_sdn;
  list.source = "OFAC SDN";
  list.file = files.sdn_file;
  std::vector<record> sdn, alt, add;
  if (!read_records(files.sdn, ',', files.sdn_file, limits, sdn, diags) ||
      !read_records(files.alt, ',', files.alt_file, limits, alt, diags) ||
      !read_records(files.add, ',', files.add_file, limits, add, diags))
    return std::nullopt;
  list.rows = sdn.size() + alt.size() + add.size();
  std::unordered_map<std::string, std::size_t> by_id;
  for (const auto& r : sdn) {
    if (!check_shape(r, 12, files.sdn_file, diags)) continue;
    list_entry e;
    e.id = std::string(trim(r.cells[0]));
    e.source = list.source;
    e.file = files.sdn_file;
    e.line = r.line;
    e.type = std::string(ofac_value(r.cells[2]));
    e.programs = std::string(ofac_value(r.cells[3]));
    if (ofac_value(r.cells[1]).empty()) {
      add_diag(diags, "EXC-E8008", "empty SDN_Name", files.sdn_file, r.line, 2);
      continue;
    }
    add_name(e, ofac_value(r.cells[1]), limits, diags, r.line);
    if (!by_id.emplace(e.id, list.entries.size()).second) {
      add_diag(diags, "EXC-E8008", "duplicate ent_num `" + e.id + "`", files.sdn_file, r.line, 1);
      continue;
    }
    list.entries.push_back(std::move(e));
  }
  auto entry_of = [&](const record& r, const std::string& file) -> list_entry* {
    const auto it = by_id.find(std::string(trim(r.cells[0])));
    if (it == by_id.end()) {
      add_diag(diags, "EXC-E8008",
               "ent_num `" + std::string(trim(r.cells[0])) + "` is not in " + files.sdn_file, file,
               r.line, 1);
      return nullptr;
    }
    return &list.entries[it->second];
  };
  for (const auto& r : alt) {
    if (!check_shape(r, 5, files.alt_file, diags)) continue;
    if (auto* e = entry_of(r, files.alt_file)) {
      if (ofac_value(r.cells[3]).empty())
        add_diag(diags, "EXC-E8008", "empty alt_name", files.alt_file, r.line, 4);
      else
        add_name(*e, ofac_value(r.cells[3]), limits, diags, r.line);
    }
  }
  for (const auto& r : add) {
    if (!check_shape(r, 6, files.add_file, diags)) continue;
    if (auto* e = entry_of(r, files.add_file)) {
      std::string text;
      for (int c : {2, 3, 4}) {
        const auto v = ofac_value(r.cells[c]);
        if (v.empty()) continue;
        if (!text.empty()) text += ", ";
        text += v;
      }
      if (!text.empty()) e->addresses.push_back(std::move(text));
      const auto country = ofac_value(r.cells[4]);
      if (!country.empty()) {
        const auto code = country_code_of(country);
        if (!code.empty()) e->countries.push_back(code);
      }
    }
  }
  for (auto& e : list.entries) finish_entry(e);
  if (has_errors(std::vector<diagnostic>(diags.begin() + static_cast<long>(before), diags.end())))
    return std::nullopt;
  return list;
}

}  // namespace exportctl::detail::lists
