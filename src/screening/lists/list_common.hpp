// list_common.hpp (internal to the list readers): diagnostics and checks they share.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "screening/lists/delimited.hpp"
#include "screening/lists/list.hpp"

namespace exportctl::detail::lists {

void add_diag(std::vector<diagnostic>& diags, std::string code, std::string message,
              const std::string& file, int line, int column = 0, std::string help = {});
/// Reads every record; a syntax error is EXC-E8002 at its line. Blank lines are not rows.
[[nodiscard]] bool read_records(std::string_view text, char delim, const std::string& file,
                                const list_limits& limits, std::vector<record>& out,
                                std::vector<diagnostic>& diags);
/// Reads a list file with one header row: its records, header first, and in `at[k]` the cell
/// index of column `names[k]` (-1: absent). An empty file (EXC-E8001), an unknown or duplicate
/// column (EXC-E8003, `unknown_help` as the help of the first) or a missing `required` one
/// (EXC-E8004) is an error and gives std::nullopt: a renamed column would otherwise drop the
/// data it holds without a word.
[[nodiscard]] std::optional<std::vector<record>> read_table(
    std::string_view text, char delim, const std::string& file, const list_limits& limits,
    std::span<const std::string_view> names, std::span<const std::size_t> required,
    std::span<int> at, std::vector<diagnostic>& diags, std::string_view unknown_help = {});

/// False, with EXC-E8007 at the row, when `r` has another number of cells than `header`.
[[nodiscard]] bool same_width(const record& r, const record& header, const std::string& file,
                              std::vector<diagnostic>& diags, std::string_view help = {});

/// Adds `name` to the entry unless empty; EXC-E8005 / EXC-E8006 past the bounds.
void add_name(list_entry& e, std::string_view name, const list_limits& limits,
              std::vector<diagnostic>& diags, int line);
/// Removes duplicate names (first kept), sorts and deduplicates the entry's countries.
void finish_entry(list_entry& e);

}  // namespace exportctl::detail::lists
