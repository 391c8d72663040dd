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
