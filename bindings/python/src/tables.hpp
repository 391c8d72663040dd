// tables.hpp: exportctl.tables(): decisions as tidy tables, built from the C++ decisions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"

namespace exportctl::python {

/// The shipments, items, hops and findings of `decisions` (a list of Decision) as
/// {table: {"columns": {name: (kind, data, extra)}, "order": [names]}}; exportctl/_tables.py
/// turns them into pandas frames. Every row has `position`, the decision's index in the list.
py::dict decision_tables(const py::list& decisions);

/// The rules that bear on item `line`: its own findings', the shipment-wide findings' (no item:
/// parties, screening) and the red flags', sorted and unique. An H20 line does not cite the
/// H100's 3A090 paragraph, and a line held by a red flag names it.
void item_rules(const decision& d, int line, std::vector<std::string_view>& out);

/// The decision's missing facts that concern item `it`: those of that item and those of no
/// item, '; '-joined.
std::string item_missing_facts(const decision& d, const item_result& it);

}  // namespace exportctl::python
