// common.hpp: what the subcommands share: reading input, printing diagnostics, output format.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "exportctl/engine.hpp"

namespace exportctl::cli {

/// Exit codes of the command line (README "Exit codes").
inline constexpr int exit_ok = 0;
inline constexpr int exit_error = 1;

/// Options shared by commands that evaluate: --rules, --scenario, --as-of, --format.
struct engine_flags {
  std::vector<std::string> rules;
  std::vector<std::string> scenarios;
  std::string as_of;
  std::string format;  ///< "json", "text" or empty (text on a terminal, JSON otherwise)
  bool pretty = false;
  bool require_headquarters = false;  ///< engine_options::require_headquarters
};

/// Reads a file, or standard input for "-". std::nullopt (with a message on stderr) on failure.
[[nodiscard]] std::optional<std::string> read_input(const std::string& path);
/// Prints diagnostics to stderr, one per block.
void print_diagnostics(const std::vector<diagnostic>& diagnostics);
/// Builds the engine from the flags; prints diagnostics and returns nullopt on failure.
[[nodiscard]] std::optional<engine> build_engine(const engine_flags& flags);
/// The --as-of date, if given and valid; prints an error and sets `ok` false if invalid.
[[nodiscard]] std::optional<date> parse_as_of(const engine_flags& flags, bool& ok);
/// True when output should be JSON.
[[nodiscard]] bool want_json(const engine_flags& flags);

}  // namespace exportctl::cli
