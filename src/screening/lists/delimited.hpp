// delimited.hpp: the record reader of the official list files. OFAC's SDN.CSV family and the
// trade.gov Consolidated Screening List are RFC 4180 CSV (quoted cells may hold commas, doubled
// quotes and line breaks); the BIS Denied Persons List is the same with tabs. Every record keeps
// the line it starts on, so a bad row is reported as file:line, and a cell or record past a
// bound stops the reader with an error instead of growing without limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace exportctl::detail::lists {

struct record {
  int line = 0;                    ///< 1-based line the record starts on
  std::vector<std::string> cells;  ///< unquoted cell texts
};

/// Reads one record at a time from `text` (CRLF or LF line ends, a UTF-8 byte-order mark at the
/// start skipped). next() returns false at the end or on a syntax error (error() then says
/// what: a quote inside an unquoted cell, an unterminated quoted cell, a cell longer than
/// `max_cell` bytes).
class delimited_reader {
 public:
  delimited_reader(std::string_view text, char delimiter, std::size_t max_cell);
  [[nodiscard]] bool next(record& out);
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] int error_line() const { return error_line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  char delim_;
  std::size_t max_cell_;
  std::string error_;
  int error_line_ = 0;
};

/// OFAC's null marker `-0-` (written `-0- ` with a trailing space) and blank cells as empty.
[[nodiscard]] std::string_view ofac_value(std::string_view cell);
/// The text with leading and trailing ASCII spaces and tabs removed.
[[nodiscard]] std::string_view trim(std::string_view s);

}  // namespace exportctl::detail::lists
