// decision_pickle.hpp: a Decision back from its canonical JSON, so that exportctl.Decision can be
// pickled (sent to another process, stored) and come back without an engine.
#pragma once

#include "common.hpp"

namespace exportctl::python {

/// Adds decision_from_json(json, warnings, descriptions=[]) -> Decision, and
/// decision_descriptions(decision) -> [str], the items' descriptions, which the JSON does not
/// carry. A Decision pickles as
///
///     Decision.__reduce__ = lambda self: (_core.decision_from_json,
///         (self.to_json(), self._warnings, _core.decision_descriptions(self)))
void bind_decision_pickle(py::module_& m);

}  // namespace exportctl::python
