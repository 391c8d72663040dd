// list_common.hpp (internal to the list readers): diagnostics and checks they share.
#pragma once

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
/// Adds `name` to the entry unless empty; EXC-E8005 / EXC-E8006 past the bounds.
void add_name(list_entry& e, std::string_view name, const list_limits& limits,
              std::vector<diagnostic>& diags, int line);
/// Removes duplicate names (first kept), sorts and deduplicates the entry's countries.
void finish_entry(list_entry& e);

}  // namespace exportctl::detail::lists
