// tables.hpp: exportctl.tables(): decisions as tidy tables, built from the C++ decisions.
#pragma once

#include "common.hpp"

namespace exportctl::python {

/// The shipments, items, hops and findings of `decisions` (a list of Decision) as
/// {table: {"columns": {name: (kind, data, extra)}, "order": [names]}}; exportctl/_tables.py
/// turns them into pandas frames. Every row has `position`, the decision's index in the list.
py::dict decision_tables(const py::list& decisions);

}  // namespace exportctl::python
