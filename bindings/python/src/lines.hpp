// lines.hpp: engine.check_frame's compiled half. A data frame of shipment lines
// (docs/shipment-lines.md) arrives as whole columns of strings and is assembled into shipments by
// exportctl::shipment_lines, the CLI's CSV reader: no per-row Python dict is ever built.
#pragma once

#include "common.hpp"

namespace exportctl::python {

/// `data[c][r]` is the cell of column `columns[c]` in row r (a str; "" for empty). Returns one
/// (first_row, last_row, result) tuple per shipment, rows 1-based, result a Decision or
/// ("error", diagnostics). GIL held on entry; released while deciding.
py::list check_lines(const engine& e, const std::vector<std::string>& columns, py::list data,
                     const std::string& source, const check_options& o, unsigned threads);

/// The same decisions as frame columns, one value per row, no Decision objects:
/// {"columns": (see columns.hpp) decision (the row's item), shipment_decision, review_policy,
/// eccn, rules (the item's, see item_rules), missing_facts; "refused": [(first_row, last_row,
/// diagnostics)] for shipments that could not be read; "shipments": count}, or {"header":
/// diagnostics} when the columns are not shipment lines.
py::dict check_lines_columns(const engine& e, const std::vector<std::string>& columns,
                             py::list data, const std::string& source, const check_options& o,
                             unsigned threads);

}  // namespace exportctl::python
