// exportctl — export-control rules engine for AI chips.
// diagnostic.hpp: expected failures as data. A bad rule pack or a bad shipment yields a list of
// diagnostics (all problems found, not only the first), never an exception.
#pragma once

#include <string>
#include <vector>

namespace exportctl {

/// How serious a diagnostic is. Errors stop loading or evaluation; warnings do not.
enum class severity { error, warning };

/// One problem found in user input, with a stable code documented in docs/diagnostics.md.
///
///     rules/bad.yaml:12:7: error[EXC-E2003]: unknown key `treshold` in classification rule
///       at classifications[0].when
///       help: did you mean `threshold`?
struct diagnostic {
  severity level = severity::error;
  std::string code;     ///< stable code, e.g. "EXC-E2003"
  std::string message;  ///< one line, starts lowercase, user input in backticks
  std::string file;     ///< file name as given by the caller ("<stdin>" for standard input)
  int line = 0;         ///< 1-based; 0 when unknown
  int column = 0;       ///< 1-based; 0 when unknown
  std::string path;     ///< logical path, e.g. "parties[2].country"
  std::string help;     ///< optional hint ("did you mean `DE`?")
};

/// True if any diagnostic is an error.
[[nodiscard]] bool has_errors(const std::vector<diagnostic>& diagnostics);

/// Formats one diagnostic in the compiler style shown above (no trailing newline).
[[nodiscard]] std::string format(const diagnostic& d);

}  // namespace exportctl
