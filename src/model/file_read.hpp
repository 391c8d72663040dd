// file_read.hpp (internal): reading a user's file with its size bounded before any byte is read,
// shared by the pack loader and the command line. Only regular files are read: a device
// (/dev/zero), a FIFO or a directory would grow without bound or block, and a file that
// changes while it is read (a pack being rewritten) or fails mid-read (EIO) is refused, never
// parsed from what was read so far.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/diagnostic.hpp"

namespace exportctl::detail {

/// The whole of the regular file `path`, or std::nullopt with one diagnostic in `diags`:
/// EXC-E9001 (cannot open, read error, changed while read), EXC-E9003 (not a regular file) or
/// EXC-E5001 (larger than `max` bytes, found by stat before reading). `what` names the input in
/// EXC-E5001 ("rule pack", "shipment").
[[nodiscard]] std::optional<std::string> read_regular_file(const std::string& path, std::size_t max,
                                                           std::string_view what,
                                                           std::vector<diagnostic>& diags);

/// Reads descriptor `fd` (a pipe, a terminal) to its end, but never more than `max` bytes:
/// EXC-E5001 past that, EXC-E9001 on a read error. `name` is the file name in diagnostics.
[[nodiscard]] std::optional<std::string> read_bounded_stream(int fd, std::size_t max,
                                                             std::string_view what,
                                                             std::string_view name,
                                                             std::vector<diagnostic>& diags);

}  // namespace exportctl::detail
