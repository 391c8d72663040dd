// lines.cpp: columns of strings → shipment_lines → decisions, in parallel. The cells are read
// with the GIL (they are the caller's str objects); then, without it, the threads each read
// whole shipments from ranges of rows and decide them.
#include "lines.hpp"

#include <algorithm>
#include <atomic>
#include <string_view>
#include <thread>

#include "columns.hpp"
#include "exportctl/shipment_schema.hpp"
#include "tables.hpp"

namespace exportctl::python {
namespace {

/// Every shipment of a frame: its rows (1-based, inclusive) and what was kept of its decision
/// or diagnostics (the decision itself, or its per-line summary).
template <typename Kept>
struct lines_run {
  std::vector<std::size_t> first_row, last_row;
  std::vector<Kept> results;
};

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

// Bytes a reader's trim() may drop (isspace in the C locale is a subset): two cells that
// differ after this trim differ after the reader's, so a cut there is a shipment boundary.
std::string_view loose_trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

/// Row ranges [begin, end) that each hold whole shipments: a shipment is consecutive rows with
/// the same trimmed `shipment` cell, so a range ends only where that cell changes.
std::vector<std::pair<std::size_t, std::size_t>> ranges(const std::vector<std::string_view>& cells,
                                                        std::size_t rows, std::size_t ncols,
                                                        int id_col, std::size_t parts) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  if (id_col < 0 || parts <= 1) {
    out.emplace_back(0, rows);
    return out;
  }
  const auto id = [&](std::size_t r) {
    return loose_trim(cells[r * ncols + static_cast<std::size_t>(id_col)]);
  };
  std::size_t begin = 0;
  for (std::size_t p = 1; p < parts; ++p) {
    std::size_t cut = std::max(begin + 1, rows * p / parts);
    while (cut < rows && id(cut - 1) == id(cut)) ++cut;
    if (cut >= rows) break;
    out.emplace_back(begin, cut);
    begin = cut;
  }
  out.emplace_back(begin, rows);
  return out;
}

// Each thread reads whole row ranges with its own reader and decides each shipment as soon as
// it is read: assembling is as parallel as deciding. `keep` turns each outcome into what the
// caller needs, on the deciding thread: a frame's columns keep a few values per line and let
// the decision go at once, so memory stays flat and every block is freed by the thread that
// allocated it (holding a chunk's decisions cost a third of the time in cache misses).
template <typename Keep>
auto decide_lines(const engine& e, const std::vector<std::string>& columns,
                  const std::string& source, const std::vector<std::string_view>& cells,
                  std::size_t rows, const check_options& o, unsigned threads, Keep keep) {
  using kept = decltype(keep(std::declval<outcome_slot&&>()));
  const std::size_t ncols = columns.size();
  // The column whose runs form the shipments: the shipment id's.
  const auto at = std::find(columns.begin(), columns.end(),
                            schema::shipment_fields[schema::shipment_key::id].csv_column);
  const int id_col = at == columns.end() ? -1 : static_cast<int>(at - columns.begin());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min(threads, 256u);
  // A few ranges per thread even out shipments of unequal cost; small frames are one range.
  const std::size_t parts = rows < 4096 ? 1 : std::size_t{4} * threads;
  const auto rs = ranges(cells, rows, ncols, id_col, parts);
  std::vector<lines_run<kept>> runs(rs.size());

  py::gil_scoped_release nogil;
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    std::vector<std::string_view> row(ncols);
    for (std::size_t k; (k = next.fetch_add(1)) < rs.size();) {
      lines_run<kept>& out = runs[k];
      shipment_lines lines(columns, source);
      const auto take = [&](shipment_lines_result&& r) {
        out.first_row.push_back(r.first_row);
        out.last_row.push_back(r.last_row);
        if (r.value && !has_errors(r.diagnostics))
          out.results.push_back(keep(check_parsed(e, *r.value, o)));
        else
          out.results.push_back(keep(outcome_slot{std::nullopt, std::move(r.diagnostics)}));
      };
      for (std::size_t r = rs[k].first; r < rs[k].second; ++r) {
        std::copy_n(cells.begin() + static_cast<std::ptrdiff_t>(r * ncols), ncols, row.begin());
        if (auto done = lines.add(row, r + 1)) take(std::move(*done));
      }
      if (auto last = lines.finish()) take(std::move(*last));
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads && t < rs.size(); ++t) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();

  lines_run<kept> run;
  for (auto& r : runs) {
    run.first_row.insert(run.first_row.end(), r.first_row.begin(), r.first_row.end());
    run.last_row.insert(run.last_row.end(), r.last_row.begin(), r.last_row.end());
    for (auto& x : r.results) run.results.push_back(std::move(x));
  }
  return run;
}

/// What a frame keeps of one line's decision (the line's item's).
struct line_summary {
  std::string_view decision, shipment_decision, policy;  ///< static names (to_string)
  std::string eccn, rules, missing_facts;
};

/// What a frame keeps of one shipment: its lines, or why it could not be read.
struct shipment_summary {
  bool decided = false;
  std::vector<line_summary> lines;
  std::vector<diagnostic> diagnostics;
};

shipment_summary summarize(outcome_slot&& r) {
  shipment_summary out;
  if (!r.value) {
    out.diagnostics = std::move(r.diagnostics);
    return out;
  }
  const decision& d = *r.value;
  out.decided = true;
  out.lines.reserve(d.items.size());
  std::vector<std::string_view> rules;
  for (const item_result& it : d.items) {
    line_summary l;
    l.decision = to_string(it.decision);
    l.shipment_decision = to_string(d.result);
    // The shipment's review policy, on the lines that need the licence it reviews.
    if (it.decision == outcome::license_required && d.policy != review_policy::none)
      l.policy = to_string(d.policy);
    l.eccn = it.eccn;
    item_rules(d, it.line, rules);
    l.rules = join_text(rules, ";");
    l.missing_facts = item_missing_facts(d, it);
    out.lines.push_back(std::move(l));
  }
  return out;
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
  auto run = decide_lines(e, columns, source, cells, rows, o, threads,
                          [](outcome_slot&& r) { return std::move(r); });
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
  auto run = decide_lines(e, columns, source, cells, rows, o, threads, summarize);

  // One value per frame row: the row's item (row k of a shipment is its item k).
  table t;
  auto& dec = t.text("decision");
  auto& ship = t.text("shipment_decision");
  auto& pol = t.text("review_policy");
  auto& eccn = t.text("eccn");
  auto& rules_col = t.text("rules");
  auto& missing = t.text("missing_facts", false);
  std::vector<const line_summary*> row_of(rows, nullptr);
  {
    py::gil_scoped_release nogil;
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const auto& lines_of = run.results[i].lines;
      const std::size_t first = std::max<std::size_t>(run.first_row[i], 1);
      for (std::size_t r = first; r <= std::min(run.last_row[i], rows); ++r)
        if (r - first < lines_of.size()) row_of[r - 1] = &lines_of[r - first];
    }
    for (std::size_t r = 0; r < rows; ++r) {
      const line_summary* l = row_of[r];
      if (!l) {
        dec.push_missing();
        ship.push_missing();
        pol.push_missing();
        eccn.push_missing();
        rules_col.push_missing();
        missing.push_missing();
        continue;
      }
      dec.push(l->decision);
      ship.push(l->shipment_decision);
      pol.push_or_missing(l->policy);
      eccn.push_or_missing(l->eccn);
      rules_col.push(l->rules);
      missing.push(l->missing_facts);
    }
  }
  out["columns"] = to_python(t);
  // Shipments that could not be read: (first row, last row, diagnostics), for the caller to
  // word (or raise) as the other front ends do.
  py::list refused;
  for (std::size_t i = 0; i < run.results.size(); ++i)
    if (!run.results[i].decided)
      refused.append(py::make_tuple(run.first_row[i], run.last_row[i],
                                    diagnostics_to_python(run.results[i].diagnostics)));
  out["refused"] = refused;
  out["shipments"] = run.results.size();
  return out;
}

}  // namespace exportctl::python
