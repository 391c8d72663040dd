// batch_records.hpp: the bytes `exportctl batch` writes besides decisions: error records for
// lines that cannot be decided, and the writev loop that puts records on the output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/diagnostic.hpp"

namespace exportctl::detail {
class json_writer;
}  // namespace exportctl::detail

namespace exportctl::cli {

/// Writes all records (each ending in a newline) to `fd` with as few system calls as the iovec
/// limit allows, resuming after partial writes (pipes). False on an I/O error.
[[nodiscard]] bool write_records(int fd, const std::vector<std::string>& records);

/// Writes `diags` as the JSON array batch records, `check --format json` errors and the error
/// body of `exportctl serve` share: every member always there (`file` "", `line` 0 when
/// unknown, `help` null).
void write_diagnostics(detail::json_writer& w, const std::vector<diagnostic>& diags);

/// Appends the open error record `{"error":MESSAGE,"line":N,"diagnostics":[...],"input_sha256":H`
/// to `out` (no closing brace: close_record adds the chain member). MESSAGE is the first error's
/// message; H the SHA-256 of the input the record is about (a JSON Lines line without its line
/// break, or a CSV shipment's rows), `null` when that input was not kept (a line too long).
void write_error_record(std::string& out, std::size_t line, const std::vector<diagnostic>& diags,
                        std::string_view input_sha256);

/// The record chain (README "Batch records"): record i is closed with the chain value of the
/// records before it, `,"prev_sha256":C(i-1)}` and a newline, where C(0) is 64 zeros and
/// C(i) = SHA-256 of the ASCII text C(i-1) followed by the SHA-256 (hex) of record i's bytes up to
/// its `,"prev_sha256":` member. The last record is a summary with the count and C(n), so
/// `exportctl verify` finds any record that was changed, deleted, duplicated or moved, and a file
/// cut short.
inline constexpr std::string_view chain_start =
    "0000000000000000000000000000000000000000000000000000000000000000";
/// C(i) from C(i-1) and the SHA-256 (hex) of record i's open bytes.
[[nodiscard]] std::string chain_next(std::string_view prev, std::string_view record_sha256);
/// Closes an open record with its chain member, a closing brace and a newline.
void close_record(std::string& record, std::string_view prev);
/// The last line of a batch: `{"summary":{"records":N,"last_sha256":C(N)}}` and a newline.
[[nodiscard]] std::string summary_record(std::size_t records, std::string_view last);

/// The diagnostic (EXC-E6009) of an unexpected exception while deciding one line.
[[nodiscard]] diagnostic internal_error(const std::string& file, std::size_t line,
                                        const char* what);

}  // namespace exportctl::cli
