// lines.cpp: columns of strings → shipment_lines → decisions, in parallel. The cells are read
// with the GIL (they are the caller's str objects); then, without it, this thread assembles
// shipments row by row while the workers decide the shipments already assembled.
#include "lines.hpp"

#include <algorithm>
#include <atomic>
#include <string_view>
#include <thread>

#include "columns.hpp"
#include "tables.hpp"

namespace exportctl::python {
namespace {

/// Every shipment of a frame: its rows (1-based, inclusive) and its decision or diagnostics.
struct lines_run {
  std::vector<std::size_t> first_row, last_row;
  std::vector<outcome_slot> results;
  std::vector<char> refused;  ///< 1: the shipment could not be read; results[i] has why
};

// Publishing every shipment would wake the workers too often.
constexpr std::size_t publish_every = 32;

std::vector<std::string_view> read_cells(const std::vector<std::string>& columns, py::list data,
                                         std::size_t& rows) {
  if (data.size() != columns.size()) throw py::value_error("one data column per column name");
  std::vector<PyObject*> cols;
  rows = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    PyObject* col = data[c].ptr();
    if (!PyList_Check(col)) throw py::type_error("each data column must be a list of str");
    if (c == 0) rows = static_cast<std::size_t>(PyList_GET_SIZE(col));
    if (static_cast<std::size_t>(PyList_GET_SIZE(col)) != rows)
      throw py::value_error("data columns differ in length");
    cols.push_back(col);
  }
  // Row-major views into the str objects, which `data` keeps alive for the whole call.
  std::vector<std::string_view> cells(rows * cols.size());
  for (std::size_t c = 0; c < cols.size(); ++c) {
    for (std::size_t r = 0; r < rows; ++r) {
      PyObject* v = PyList_GET_ITEM(cols[c], static_cast<Py_ssize_t>(r));
      if (!PyUnicode_Check(v)) throw py::type_error("cells must be str");
      Py_ssize_t n = 0;
      const char* p = PyUnicode_AsUTF8AndSize(v, &n);
      if (p == nullptr) throw py::error_already_set();
      cells[r * cols.size() + c] = std::string_view(p, static_cast<std::size_t>(n));
    }
  }
  return cells;
}

lines_run decide_lines(const engine& e, shipment_lines& lines,
                       const std::vector<std::string_view>& cells, std::size_t rows,
                       std::size_t ncols, const check_options& o, unsigned threads) {
  lines_run run;
  // At most one shipment per row. Sized up front: the workers read shipments while this thread
  // appends, so the storage never moves.
  std::vector<shipment> ready(rows);
  run.results.resize(rows);
  run.refused.assign(rows, 0);
  run.first_row.reserve(rows);
  run.last_row.reserve(rows);
  // Shipments [0, published) are assembled; the top bit says no more will come (a change of
  // value, so that it wakes the waiting workers).
  constexpr std::size_t done_bit = std::size_t{1} << (sizeof(std::size_t) * 8 - 1);
  std::atomic<std::size_t> published{0};
  std::atomic<std::size_t> next{0};
  std::size_t count = 0;

  const auto decide_one = [&](std::size_t i) {
    if (!run.refused[i]) run.results[i] = check_parsed(e, ready[i], o);
    ready[i] = shipment{};  // freed as it goes: memory stays flat
  };
  const auto work = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      for (;;) {
        const std::size_t p = published.load(std::memory_order_acquire);
        if (i < (p & ~done_bit)) break;
        if (p & done_bit) return;
        published.wait(p, std::memory_order_acquire);
      }
      decide_one(i);
    }
  };
  const auto take = [&](shipment_lines_result&& r) {
    run.first_row.push_back(r.first_row);
    run.last_row.push_back(r.last_row);
    if (r.value && !has_errors(r.diagnostics)) {
      ready[count] = std::move(*r.value);
    } else {
      run.refused[count] = 1;
      run.results[count] = outcome_slot{std::nullopt, std::move(r.diagnostics)};
    }
    if (++count % publish_every == 0) {
      published.store(count, std::memory_order_release);
      published.notify_all();
    }
  };

  py::gil_scoped_release nogil;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min(threads, 256u);
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads && rows > publish_every; ++t) workers.emplace_back(work);
  std::vector<std::string_view> row(ncols);
  for (std::size_t r = 0; r < rows; ++r) {
    std::copy_n(cells.begin() + static_cast<std::ptrdiff_t>(r * ncols), ncols, row.begin());
    if (auto done = lines.add(row, r + 1)) take(std::move(*done));
  }
  if (auto last = lines.finish()) take(std::move(*last));
  published.store(count | done_bit, std::memory_order_release);
  published.notify_all();
  work();  // this thread helps with what is left
  for (auto& w : workers) w.join();
  run.results.resize(count);
  run.refused.resize(count);
  return run;
}

}  // namespace

py::list check_lines(const engine& e, const std::vector<std::string>& columns, py::list data,
                     const std::string& source, const check_options& o, unsigned threads) {
  std::size_t rows = 0;
  const auto cells = read_cells(columns, data, rows);
  shipment_lines lines(columns, source);
  if (has_errors(lines.header_diagnostics())) {
    py::list refused;
    refused.append(py::make_tuple(1, rows, to_python({std::nullopt, lines.header_diagnostics()})));
    return refused;
  }
  lines_run run = decide_lines(e, lines, cells, rows, columns.size(), o, threads);
  py::list out;
  for (std::size_t i = 0; i < run.results.size(); ++i)
    out.append(
        py::make_tuple(run.first_row[i], run.last_row[i], to_python(std::move(run.results[i]))));
  return out;
}

py::dict check_lines_columns(const engine& e, const std::vector<std::string>& columns,
                             py::list data, const std::string& source, const check_options& o,
                             unsigned threads) {
  std::size_t rows = 0;
  const auto cells = read_cells(columns, data, rows);
  shipment_lines lines(columns, source);
  py::dict out;
  if (has_errors(lines.header_diagnostics())) {
    out["header"] = diagnostics_to_python(lines.header_diagnostics());
    return out;
  }
  lines_run run = decide_lines(e, lines, cells, rows, columns.size(), o, threads);

  // One value per frame row: the row's item (row k of a shipment is its item k).
  table t;
  text_store store;
  auto& dec = t.text("decision");
  auto& ship = t.text("shipment_decision");
  auto& pol = t.text("review_policy");
  auto& eccn = t.text("eccn");
  auto& rules_col = t.text("rules");
  auto& missing = t.text("missing_facts", false);
  std::vector<std::size_t> row_of(rows, SIZE_MAX);  // row → shipment
  std::vector<std::string_view> rules;
  {
    py::gil_scoped_release nogil;
    for (std::size_t i = 0; i < run.results.size(); ++i)
      for (std::size_t r = std::max<std::size_t>(run.first_row[i], 1);
           r <= std::min(run.last_row[i], rows); ++r)
        row_of[r - 1] = i;
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t i = row_of[r];
      const decision* d = i == SIZE_MAX || !run.results[i].value ? nullptr : &*run.results[i].value;
      const std::size_t k = d ? r + 1 - run.first_row[i] : 0;
      if (!d || k >= d->items.size()) {
        dec.push_missing();
        ship.push_missing();
        pol.push_missing();
        eccn.push_missing();
        rules_col.push_missing();
        missing.push_missing();
        continue;
      }
      const item_result& it = d->items[k];
      dec.push(to_string(it.decision));
      ship.push(to_string(d->result));
      // The shipment's review policy, on the lines that need the licence it reviews.
      if (it.decision == outcome::license_required && d->policy != review_policy::none)
        pol.push(to_string(d->policy));
      else
        pol.push_missing();
      eccn.push_or_missing(it.eccn);
      item_rules(*d, it.line, rules);
      rules_col.push(joined(store, rules, ";"));
      missing.push(store.keep(item_missing_facts(*d, it)));
    }
  }
  out["columns"] = to_python(t);
  // Shipments that could not be read: (first row, last row, diagnostics), for the caller to
  // word (or raise) as the other front ends do.
  py::list refused;
  for (std::size_t i = 0; i < run.results.size(); ++i)
    if (!run.results[i].value)
      refused.append(py::make_tuple(run.first_row[i], run.last_row[i],
                                    diagnostics_to_python(run.results[i].diagnostics)));
  out["refused"] = refused;
  out["shipments"] = run.results.size();
  return out;
}

}  // namespace exportctl::python
