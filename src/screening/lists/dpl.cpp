// dpl.cpp: the BIS Denied Persons List file (15 CFR 764.3(a)(2) orders), tab-separated with a
// header row: Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
// Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation. Every column must be there
// and no other: a renamed column would otherwise drop the data it holds.
#include <array>

#include "screening/lists/list_common.hpp"

namespace exportctl::detail::lists {

namespace {
constexpr std::array<std::string_view, 12> dpl_columns = {
    "Name",           "Street_Address",  "City",           "State",       "Country", "Postal_Code",
    "Effective_Date", "Expiration_Date", "Standard_Order", "Last_Update", "Action",  "FR_Citation"};
// Every column is required.
constexpr std::array<std::size_t, dpl_columns.size()> dpl_required = {0, 1, 2, 3, 4,  5,
                                                                      6, 7, 8, 9, 10, 11};
}  // namespace

std::optional<screening_list> parse_dpl(std::string_view text, const std::string& file,
                                        std::vector<diagnostic>& diags, const list_limits& limits) {
  const std::size_t before = diags.size();
  std::array<int, dpl_columns.size()> col{};
  const auto rows = read_table(text, '\t', file, limits, dpl_columns, dpl_required, col, diags);
  if (!rows) return std::nullopt;
  const auto& header = (*rows)[0];

  screening_list list;
  list.format = list_format::bis_dpl;
  list.source = "BIS Denied Persons List";
  list.file = file;
  auto cell = [&](const record& r, std::size_t k) {
    return trim(r.cells[static_cast<std::size_t>(col[k])]);
  };
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    if (!same_width(r, header, file, diags)) continue;
    ++list.rows;
    list_entry e;
    e.id = std::to_string(r.line);
    e.source = list.source;
    e.file = file;
    e.line = r.line;
    if (cell(r, 0).empty()) {
      add_diag(diags, "EXC-E8008", "empty `Name`", file, r.line, col[0] + 1);
      continue;
    }
    add_name(e, cell(r, 0), limits, diags, r.line);
    std::string address;
    for (std::size_t k : {1u, 2u, 3u, 5u, 4u}) {
      const auto v = cell(r, k);
      if (v.empty()) continue;
      if (!address.empty()) address += ", ";
      address += v;
    }
    if (!address.empty()) e.addresses.push_back(std::move(address));
    if (const auto code = country_code_of(cell(r, 4)); !code.empty()) e.countries.push_back(code);
    e.start_date = std::string(cell(r, 6));
    e.end_date = std::string(cell(r, 7));
    e.federal_register_notice = std::string(cell(r, 11));
    finish_entry(e);
    list.entries.push_back(std::move(e));
  }
  if (diags.size() != before) return std::nullopt;
  return list;
}

}  // namespace exportctl::detail::lists
