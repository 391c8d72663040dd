// diagnostic.cpp: the compiler-style text form of a diagnostic, shared by the CLI, the golden
// tests and the bindings so that every front end prints problems the same way.
#include "exportctl/diagnostic.hpp"

#include <algorithm>

namespace exportctl {

bool has_errors(const std::vector<diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const diagnostic& d) { return d.level == severity::error; });
}

std::string format(const diagnostic& d) {
  std::string out;
  // `file:line:col: ` as compilers print it, so editors can jump to the spot; positions that are
  // unknown (0) are left out rather than printed as a misleading 0.
  if (!d.file.empty()) {
    out += d.file;
    if (d.line > 0) {
      out += ':';
      out += std::to_string(d.line);
      if (d.column > 0) {
        out += ':';
        out += std::to_string(d.column);
      }
    }
    out += ": ";
  }
  out += d.level == severity::error ? "error[" : "warning[";
  out += d.code;
  out += "]: ";
  out += d.message;
  if (!d.path.empty()) {
    out += "\n  at ";
    out += d.path;
  }
  if (!d.help.empty()) {
    out += "\n  help: ";
    out += d.help;
  }
  return out;
}

}  // namespace exportctl
