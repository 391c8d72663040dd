// lines.cpp: columns of strings → shipment_lines → decisions, in parallel.
#include "lines.hpp"

#include <string_view>

#include "batch.hpp"

namespace exportctl::python {

py::list check_lines(const engine& e, const std::vector<std::string>& columns, py::list data,
                     const std::string& source, const check_options& o, unsigned threads) {
  if (data.size() != columns.size()) throw py::value_error("one data column per column name");
  std::vector<PyObject*> cols;
  std::size_t rows = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    PyObject* col = data[c].ptr();
    if (!PyList_Check(col)) throw py::type_error("each data column must be a list of str");
    if (c == 0) rows = static_cast<std::size_t>(PyList_GET_SIZE(col));
    if (static_cast<std::size_t>(PyList_GET_SIZE(col)) != rows)
      throw py::value_error("data columns differ in length");
    cols.push_back(col);
  }

  shipment_lines lines(columns, source);
  if (has_errors(lines.header_diagnostics())) {
    py::list refused;
    refused.append(py::make_tuple(1, rows, to_python({std::nullopt, lines.header_diagnostics()})));
    return refused;
  }
  std::vector<std::size_t> first_row, last_row;
  std::vector<shipment> ready;
  std::vector<std::optional<outcome_slot>> bad;  // per shipment: set when it was refused
  // At most one shipment per row: reserving avoids regrowing (and page-faulting) large vectors.
  first_row.reserve(rows);
  last_row.reserve(rows);
  ready.reserve(rows);
  bad.reserve(rows);
  const auto take = [&](shipment_lines_result&& r) {
    first_row.push_back(r.first_row);
    last_row.push_back(r.last_row);
    if (r.value && !has_errors(r.diagnostics)) {
      ready.push_back(std::move(*r.value));
      bad.emplace_back();
    } else {
      ready.emplace_back();
      bad.push_back(outcome_slot{std::nullopt, std::move(r.diagnostics)});
    }
  };

  std::vector<std::string_view> cells(cols.size());
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      PyObject* v = PyList_GET_ITEM(cols[c], static_cast<Py_ssize_t>(r));
      if (!PyUnicode_Check(v)) throw py::type_error("cells must be str");
      Py_ssize_t n = 0;
      const char* p = PyUnicode_AsUTF8AndSize(v, &n);
      if (p == nullptr) throw py::error_already_set();
      cells[c] = std::string_view(p, static_cast<std::size_t>(n));
    }
    if (auto done = lines.add(cells, r + 1)) take(std::move(*done));
  }
  if (auto last = lines.finish()) take(std::move(*last));

  std::vector<outcome_slot> results;
  decide_parallel(e, ready, results, o, threads);

  py::list out;
  for (std::size_t i = 0; i < results.size(); ++i) {
    outcome_slot& r = bad[i] ? *bad[i] : results[i];
    out.append(py::make_tuple(first_row[i], last_row[i], to_python(std::move(r))));
  }
  return out;
}

}  // namespace exportctl::python
