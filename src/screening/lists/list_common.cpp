// list_common.cpp: what the list readers share (list_common.hpp).
#include "screening/lists/list_common.hpp"

#include <algorithm>
#include <unordered_set>

namespace exportctl::detail::lists {

void add_diag(std::vector<diagnostic>& diags, std::string code, std::string message,
              const std::string& file, int line, int column, std::string help) {
  diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.file = file;
  d.line = line;
  d.column = column;
  d.help = std::move(help);
  diags.push_back(std::move(d));
}

bool read_records(std::string_view text, char delim, const std::string& file,
                  const list_limits& limits, std::vector<record>& out,
                  std::vector<diagnostic>& diags) {
  // OFAC's files end with a DOS end-of-file mark (Ctrl-Z, 0x1A) after the last line.
  if (!text.empty() && text.back() == '\x1A') text.remove_suffix(1);
  delimited_reader reader(text, delim, limits.max_cell_bytes);
  record r;
  while (reader.next(r)) {
    if (r.cells.size() == 1 && trim(r.cells[0]).empty()) continue;
    if (out.size() >= limits.max_entries) {
      add_diag(diags, "EXC-E8006",
               "list has more than " + std::to_string(limits.max_entries) + " rows", file, r.line);
      return false;
    }
    out.push_back(std::move(r));
    r = record{};
  }
  if (!reader.error().empty()) {
    add_diag(diags, "EXC-E8002", reader.error(), file, reader.error_line(), 0,
             "quote cells that hold the delimiter, and double quotes inside them");
    return false;
  }
  return true;
}

std::optional<std::vector<record>> read_table(std::string_view text, char delim,
                                              const std::string& file, const list_limits& limits,
                                              std::span<const std::string_view> names,
                                              std::span<const std::size_t> required,
                                              std::span<int> at, std::vector<diagnostic>& diags,
                                              std::string_view unknown_help) {
  const std::size_t before = diags.size();
  std::vector<record> rows;
  if (!read_records(text, delim, file, limits, rows, diags)) return std::nullopt;
  if (rows.empty()) {
    add_diag(diags, "EXC-E8001", "empty list file", file, 0);
    return std::nullopt;
  }
  std::fill(at.begin(), at.end(), -1);
  const auto& header = rows[0];
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    const auto name = trim(header.cells[i]);
    const auto k =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    if (k == names.size())
      add_diag(diags, "EXC-E8003", "unknown column `" + std::string(name) + "`", file, header.line,
               static_cast<int>(i + 1), std::string(unknown_help));
    else if (at[k] >= 0)
      add_diag(diags, "EXC-E8003", "duplicate column `" + std::string(name) + "`", file,
               header.line, static_cast<int>(i + 1));
    else
      at[k] = static_cast<int>(i);
  }
  for (const std::size_t k : required)
    if (at[k] < 0)
      add_diag(diags, "EXC-E8004", "missing column `" + std::string(names[k]) + "`", file,
               header.line);
  if (diags.size() != before) return std::nullopt;
  return rows;
}

bool same_width(const record& r, const record& header, const std::string& file,
                std::vector<diagnostic>& diags, std::string_view help) {
  if (r.cells.size() == header.cells.size()) return true;
  add_diag(diags, "EXC-E8007",
           "row has " + std::to_string(r.cells.size()) + " cells; the header has " +
               std::to_string(header.cells.size()),
           file, r.line, 0, std::string(help));
  return false;
}

void add_name(list_entry& e, std::string_view name, const list_limits& limits,
              std::vector<diagnostic>& diags, int line) {
  name = trim(name);
  if (name.empty()) return;
  if (name.size() > limits.max_name_bytes) {
    add_diag(diags, "EXC-E8005",
             "listed name is " + std::to_string(name.size()) + " bytes; the limit is " +
                 std::to_string(limits.max_name_bytes),
             e.file, line);
    return;
  }
  if (e.names.size() >= limits.max_names_per_entry) {
    // One diagnostic per entry, not one per extra alias.
    if (e.names.size() == limits.max_names_per_entry) {
      add_diag(diags, "EXC-E8006",
               "entry `" + e.id + "` has more than " + std::to_string(limits.max_names_per_entry) +
                   " names and aliases",
               e.file, line);
      e.names.emplace_back();  // marks the diagnostic as given; the list is refused anyway
    }
    return;
  }
  e.names.emplace_back(name);
}

void finish_entry(list_entry& e) {
  // Duplicate aliases (OFAC and the CSL repeat some) removed, first occurrence kept, in linear
  // time: an entry may have tens of thousands.
  std::unordered_set<std::string_view> seen;
  std::vector<std::string> names;
  names.reserve(e.names.size());
  for (auto& n : e.names)
    if (seen.insert(n).second) names.push_back(n);
  e.names = std::move(names);
  std::sort(e.countries.begin(), e.countries.end());
  e.countries.erase(std::unique(e.countries.begin(), e.countries.end()), e.countries.end());
}

}  // namespace exportctl::detail::lists
