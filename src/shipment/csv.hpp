// csv.hpp: an RFC 4180 record reader for shipment-line tables (docs/shipment-lines.md). Quoted
// fields may hold commas, doubled quotes and line breaks; records end with LF or CRLF. Internal:
// the public API takes rows already split into cells (exportctl::shipment_lines).
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"

namespace exportctl::detail {

/// One CSV record: its cells and the 1-based line on which it starts.
struct csv_record {
  std::vector<std::string> cells;
  std::size_t line = 0;
};

/// Reads records one at a time from a stream, through its own buffer (no per-character virtual
/// calls), so a file of any size streams in constant memory.
class csv_reader {
 public:
  csv_reader(std::istream& in, std::string source_name);

  /// Reads the next record into `out`. Returns false at the end of input. A malformed record
  /// (a quote inside an unquoted cell, text after a closing quote, end of input inside quotes)
  /// is still returned, with `error` set to an EXC-E6007 diagnostic; reading resumes at the next
  /// line. Blank lines are skipped; a UTF-8 byte-order mark at the start is ignored.
  bool next(csv_record& out, std::optional<diagnostic>& error);

 private:
  int get();  ///< next byte, or -1 at the end
  int peek();
  void fail(std::optional<diagnostic>& error, std::size_t line, std::size_t column,
            std::string message);

  std::istream& in_;
  std::string source_name_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::size_t line_ = 1;
  std::size_t column_ = 0;  ///< of the last byte returned by get()
  bool started_ = false;
};

}  // namespace exportctl::detail
