// common.hpp: what the binding's files share: the Decision object, diagnostics as Python
// tuples, and the slow (text) path every fast path falls back to.
#pragma once

#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"

namespace exportctl::python {

namespace py = pybind11;

/// exportctl.Decision: holds the C++ decision (cheap: its text lives in the keepalive block) and
/// builds Python views of it on demand.
struct py_decision {
  decision d;
  std::vector<diagnostic> warnings;
  py::object dict_cache;  ///< to_dict(), parsed once from the canonical JSON
};

/// A check's outcome before it becomes Python: a decision, or the diagnostics of bad input.
struct outcome_slot {
  std::optional<decision> value;
  std::vector<diagnostic> diagnostics;
};

/// Diagnostics as a list of (severity, code, message, file, line, column, path, help) tuples;
/// exportctl/__init__.py turns them into Diagnostic objects and exceptions.
py::list diagnostics_to_python(const std::vector<diagnostic>& diags);

/// A decision, or the tuple ("error", diagnostics) for bad input. GIL held.
py::object to_python(outcome_slot&& r);

/// The text path: json.dumps(obj) (or the text itself for str/bytes) → parse_shipment → check.
/// Gives the CLI's diagnostics, with positions. GIL held.
outcome_slot check_slow(const engine& e, py::handle obj, const check_options& o,
                        const std::string& name);

/// Decides an already-parsed shipment; a fast-converted shipment with any diagnostic is redone
/// through the text path (by the caller) so that the diagnostics carry positions.
outcome_slot check_parsed(const engine& e, const shipment& s, const check_options& o);

}  // namespace exportctl::python
