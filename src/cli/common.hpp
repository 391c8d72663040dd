// common.hpp: what the subcommands share: reading input, printing diagnostics, output format.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "exportctl/engine.hpp"
#include "exportctl/limits.hpp"

namespace exportctl::cli {

/// Exit codes of the command line (README "Exit codes").
inline constexpr int exit_ok = 0;
inline constexpr int exit_error = 1;

/// Options shared by commands that evaluate: --rules, --scenario, --as-of, --format.
struct engine_flags {
  std::vector<std::string> rules;
  std::vector<std::string> lists;     ///< engine_options::list_paths (--lists)
  std::vector<std::string> reviewed;  ///< engine_options::reviewed_paths (--reviewed)
  std::vector<std::string> scenarios;
  std::string as_of;
  std::string format;  ///< "json", "text" or empty (text on a terminal, JSON otherwise)
  bool pretty = false;
  bool require_headquarters = false;  ///< engine_options::require_headquarters
};

/// Reads a regular file, or standard input for "-", of at most `max` bytes (the size is checked
/// before reading). std::nullopt, with a coded diagnostic on stderr, on failure: EXC-E9001
/// (cannot read, read error), EXC-E9003 (a device, FIFO or directory), EXC-E5001 (too large).
[[nodiscard]] std::optional<std::string> read_input(
    const std::string& path, std::size_t max = input_limits{}.max_input_bytes,
    std::string_view what = "shipment");
/// Reads a file of any kind and size (a pipe, a FIFO), or standard input for "-": for inputs read
/// once as a whole that may be large, like a decisions file. EXC-E9001 on stderr on failure.
[[nodiscard]] std::optional<std::string> read_stream(const std::string& path);
/// Refuses (EXC-E9004 on stderr, false) when an output path names the same file as an input
/// path or another output: by inode when the file exists (hard links, `./x` and `x`), by
/// resolved path when it does not yet. "-" as an input is standard input.
[[nodiscard]] bool refuse_aliases(const std::vector<std::string>& outputs,
                                  const std::vector<std::string>& inputs);
/// Writes `content` to `path` through a temporary file in the same directory renamed into place,
/// so a failed write leaves the old file whole. False (with a message on stderr) on any error.
[[nodiscard]] bool write_file(const std::string& path, std::string_view content);
/// An output file written through a temporary file renamed into place by commit(); an output
/// that is not a regular file (/dev/stdout, a FIFO, /dev/null) is written directly.
class output_file {
 public:
  output_file() = default;
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file();
  /// Opens the output; false (with a message on stderr) when it cannot be created.
  [[nodiscard]] bool open(const std::string& path);
  [[nodiscard]] std::FILE* get() const { return file_; }
  /// Flushes, closes and renames into place. False (with a message) on any error; the
  /// temporary file is then removed and the old file, if any, is left as it was.
  [[nodiscard]] bool commit();

 private:
  std::string path_, temp_;
  std::FILE* file_ = nullptr;
};
/// Flushes standard output; false (with a message on stderr) when anything written to it was
/// lost (a full disk, a closed pipe). Every command's exit code depends on it.
[[nodiscard]] bool flush_stdout();
/// Prints diagnostics to stderr, one per block.
void print_diagnostics(const std::vector<diagnostic>& diagnostics);
/// Keeps glibc's heap top instead of returning it to the kernel after every burst of frees
/// (batch and serve free and regrow decisions' JSON all the time); a no-op elsewhere.
void keep_heap_top();
/// Builds the engine from the flags; prints diagnostics and returns nullopt on failure.
[[nodiscard]] std::optional<engine> build_engine(const engine_flags& flags);
/// The --as-of date, if given and valid; prints an error and sets `ok` false if invalid.
[[nodiscard]] std::optional<date> parse_as_of(const engine_flags& flags, bool& ok);
/// True when output should be JSON.
[[nodiscard]] bool want_json(const engine_flags& flags);

}  // namespace exportctl::cli
