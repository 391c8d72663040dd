// reviewed.cpp: the file of reviewed matches (list.hpp, reviewed_file): the one way a possible
// match is cleared, by a named reviewer on a date, for one party name and country.
#include <array>

#include "model/file_read.hpp"
#include "model/sha256.hpp"
#include "screening/lists/list_common.hpp"

namespace exportctl::detail::lists {

namespace {
constexpr std::array<std::string_view, 7> reviewed_columns = {
    "source", "entry", "name", "country", "reviewer", "date", "reason"};
constexpr std::array<std::size_t, reviewed_columns.size()> reviewed_required = {0, 1, 2, 3,
                                                                                4, 5, 6};

bool is_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (d[i] < '0' || d[i] > '9') return false;
  return true;
}
}  // namespace

std::optional<reviewed_file> parse_reviewed(std::string_view text, const std::string& file,
                                            std::vector<diagnostic>& diags,
                                            const list_limits& limits) {
  const std::size_t before = diags.size();
  std::array<int, reviewed_columns.size()> col{};
  const auto rows =
      read_table(text, ',', file, limits, reviewed_columns, reviewed_required, col, diags,
                 "the columns are source,entry,name,country,reviewer,date,reason");
  if (!rows) return std::nullopt;
  const auto& header = (*rows)[0];
  reviewed_file out;
  out.file = file;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    if (!same_width(r, header, file, diags)) continue;
    ++out.rows;
    std::array<std::string, reviewed_columns.size()> v;
    bool ok = true;
    for (std::size_t k = 0; k < v.size(); ++k) {
      v[k] = std::string(trim(r.cells[static_cast<std::size_t>(col[k])]));
      // A clearance without its candidate, party, reviewer, date or reason proves nothing.
      if (v[k].empty() && ok) {
        add_diag(diags, "EXC-E8008", "empty `" + std::string(reviewed_columns[k]) + "`", file,
                 r.line, col[k] + 1, "every reviewed match names who cleared what, when and why");
        ok = false;
      }
    }
    if (ok && !is_date(v[5])) {
      add_diag(diags, "EXC-E8008", "`date` `" + v[5] + "` is not a date (YYYY-MM-DD)", file, r.line,
               col[5] + 1);
      ok = false;
    }
    if (!ok) continue;
    out.entries.push_back({v[0], v[1], v[2], v[3], v[4], v[5], v[6], file, r.line});
  }
  if (diags.size() != before) return std::nullopt;
  out.sha256 = sha256_hex(text);
  return out;
}

std::optional<reviewed_file> read_reviewed(const std::string& path, std::vector<diagnostic>& diags,
                                           const list_limits& limits) {
  const auto text = read_regular_file(path, limits.max_file_bytes, "reviewed matches", diags);
  if (!text) return std::nullopt;
  return parse_reviewed(*text, path, diags, limits);
}

}  // namespace exportctl::detail::lists
