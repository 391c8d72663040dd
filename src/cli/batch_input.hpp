// batch_input.hpp: JSON Lines input of `exportctl batch` cut into blocks of whole lines, read
// straight from the file descriptor in large blocks (no per-line stream calls).
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

namespace exportctl::cli {

/// A longer line is counted away, not held: memory stays flat even on a file without newlines.
/// Far above any shipment parse_shipment accepts, so it refuses nothing that could be decided.
inline constexpr std::size_t max_line_bytes = std::size_t{64} << 20;

/// One non-blank line of a block.
struct line_ref {
  std::size_t offset;
  std::size_t size;          ///< without the line break (and a CR before it)
  std::size_t number;        ///< 1-based line number in the input
  std::size_t too_long = 0;  ///< bytes of a line over max_line_bytes (not kept), else 0
};

/// Reads a descriptor as blocks of whole lines.
class line_reader {
 public:
  /// `bytes_read` counts the bytes consumed (for a progress bar); updated as blocks are read.
  line_reader(int fd, std::atomic<std::size_t>& bytes_read, std::size_t max_line = max_line_bytes)
      : fd_(fd), bytes_read_(bytes_read), max_line_(max_line) {}

  /// Replaces `data` with the next block of whole lines (about `block` bytes; more when a line is
  /// longer) and `lines` with its non-blank lines. A line over the limit is a `too_long` entry
  /// (alone in its block when it is longer than the block). False at the end of input.
  bool next(std::string& data, std::vector<line_ref>& lines, std::size_t block = 256 * 1024);
  /// True after a read error (the input then ends early).
  [[nodiscard]] bool failed() const { return failed_; }

 private:
  long read_some(char* out, std::size_t n);
  std::size_t skip_line(std::size_t seen, std::size_t block);

  int fd_;
  std::atomic<std::size_t>& bytes_read_;
  std::size_t max_line_;
  std::string carry_;  // the start of a line whose end has not been read yet
  std::size_t line_no_ = 1;
  bool eof_ = false;
  bool failed_ = false;
};

}  // namespace exportctl::cli
