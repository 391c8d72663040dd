// batch_records.hpp: the bytes `exportctl batch` writes besides decisions: error records for
// lines that cannot be decided, and the writev loop that puts records on the output.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"

namespace exportctl::cli {

/// Writes all records (each ending in a newline) to `fd` with as few system calls as the iovec
/// limit allows, resuming after partial writes (pipes). False on an I/O error.
[[nodiscard]] bool write_records(int fd, const std::vector<std::string>& records);

/// Appends `{"error": MESSAGE, "line": N, "diagnostics": [...]}` and a newline to `out`. MESSAGE
/// is the first error's message.
void write_error_record(std::string& out, std::size_t line, const std::vector<diagnostic>& diags);

/// The diagnostic (EXC-E6009) of an unexpected exception while deciding one line.
[[nodiscard]] diagnostic internal_error(const std::string& file, std::size_t line, const char* what);

}  // namespace exportctl::cli
