// module.cpp: exportctl._exportctl, the compiled half of the Python package. It stays small and
// typed by plain Python values (str, list, tuple); exportctl/__init__.py is the public API
// (argument handling, exceptions, pandas, plots).
#include <pybind11/stl.h>

#include <algorithm>
#include <stdexcept>

#include "batch.hpp"
#include "common.hpp"
#include "convert.hpp"
#include "decision_pickle.hpp"
#include "exportctl/shipment_schema.hpp"
#include "exportctl/version.hpp"
#include "ledger.hpp"
#include "lines.hpp"
#include "tables.hpp"

namespace py = pybind11;
using namespace exportctl;
using namespace exportctl::python;

namespace {

check_options options_for(const std::optional<std::string>& as_of) {
  check_options o;
  if (as_of) {
    o.as_of = date::parse(*as_of);
    if (!o.as_of) throw py::value_error("as_of must be a date YYYY-MM-DD, got `" + *as_of + "`");
  }
  return o;
}

py::tuple load(const std::vector<std::string>& paths,
               const std::vector<std::pair<std::string, std::string>>& texts,
               const std::vector<std::string>& scenarios, const std::vector<std::string>& lists,
               const std::vector<std::string>& reviewed) {
  engine_options eo;
  eo.rule_paths = paths;
  eo.scenarios = scenarios;
  eo.list_paths = lists;
  eo.reviewed_paths = reviewed;
  for (const auto& [name, text] : texts) eo.rule_texts.push_back({name, text});
  engine_result r;
  {
    py::gil_scoped_release nogil;
    r = engine::load(eo);
  }
  py::object e = r.value ? py::cast(*r.value) : py::none();
  return py::make_tuple(e, diagnostics_to_python(r.diagnostics));
}

py::object check_one(const engine& e, py::handle obj, const std::optional<std::string>& as_of,
                     const std::string& name) {
  const auto o = options_for(as_of);
  if (PyDict_Check(obj.ptr())) {
    if (auto s = shipment_from_dict(obj.ptr())) {
      auto r = check_parsed(e, *s, o);
      if (r.diagnostics.empty()) return to_python(std::move(r));
    }
  }
  return to_python(check_slow(e, obj, o, name));
}

py::tuple classify(const engine& e, const std::string& product, const std::string& specs,
                   const std::optional<std::string>& as_of) {
  std::vector<diagnostic> diags;
  item it;
  it.product = product;
  if (!specs.empty()) {
    auto parsed = parse_specs(specs, "<specs>");
    diags = parsed.diagnostics;
    if (!parsed.value) return py::make_tuple(py::none(), diagnostics_to_python(diags));
    it.specs = std::move(parsed.value);
  }
  const auto o = options_for(as_of);
  auto c = e.classify(it, o.as_of.value_or(date::today()), &diags);
  py::object json = c ? py::cast(to_json(*c)) : py::none();
  return py::make_tuple(json, diagnostics_to_python(diags));
}

// The 3A090 plane for exportctl.plot.thresholds: each (tpp, area) point classified as an IC
// with those specs. Returns (eccn, paragraph, missing facts?) per point.
std::vector<std::tuple<std::string, std::string, bool>> classify_grid(
    const engine& e, const std::vector<double>& tpp, const std::vector<double>& area,
    bool datacenter, const std::string& as_of) {
  if (tpp.size() != area.size()) throw py::value_error("tpp and area differ in length");
  const auto on = date::parse(as_of);
  if (!on) throw py::value_error("bad date");
  std::vector<std::tuple<std::string, std::string, bool>> out(tpp.size());
  py::gil_scoped_release nogil;
  for (std::size_t i = 0; i < tpp.size(); ++i) {
    item it;
    it.specs = chip_specs{};
    it.specs->tpp = tpp[i];
    it.specs->die_area_mm2 = area[i];
    it.specs->datacenter = datacenter;
    std::vector<diagnostic> diags;
    if (auto c = e.classify(it, *on, &diags))
      out[i] = {c->item.eccn, c->item.paragraph, !c->item.missing_facts.empty()};
  }
  return out;
}

py::object decision_dict(py_decision& d) {
  if (d.dict_cache.is_none()) {
    static auto* loads = new py::object(py::module_::import("json").attr("loads"));
    d.dict_cache = (*loads)(to_json(d.d));
  }
  return d.dict_cache;
}

template <class Table>
py::list schema_rows(const Table& table) {
  py::list out;
  for (const auto& f : table)
    out.append(py::make_tuple(std::string(f.name), std::string(schema::to_string(f.type)),
                              f.required, std::string(f.csv_column), std::string(f.defaults)));
  return out;
}

// The shipment schema (exportctl/shipment_schema.hpp) for the Python side: per struct, rows of
// (key, type, required, CSV column, default); and the shipment-lines columns as (column, level,
// type, required). frame.py takes its column list from here.
py::dict shipment_schema() {
  py::dict d;
  d["shipment"] = schema_rows(schema::shipment_fields);
  d["item"] = schema_rows(schema::item_fields);
  d["specs"] = schema_rows(schema::specs_fields);
  d["party"] = schema_rows(schema::party_fields);
  d["transfer"] = schema_rows(schema::transfer_fields);
  d["owner"] = schema_rows(schema::owner_fields);
  d["entity"] = schema_rows(schema::entity_fields);
  py::list lines;
  for (const auto& c : schema::line_columns)
    lines.append(py::make_tuple(std::string(c.name), std::string(schema::to_string(c.level)),
                                std::string(schema::to_string(c.type)), c.required));
  d["line_columns"] = lines;
  return d;
}

py::object opt_str(std::string_view s) {
  if (s.empty()) return py::none();
  return py::str(s.data(), s.size());
}

}  // namespace

PYBIND11_MODULE(_exportctl, m) {
  m.doc() = "Compiled core of exportctl (use the `exportctl` package, not this module).";
  init_convert();

  py::class_<py_decision>(m, "Decision", "The decision for one shipment (see exportctl.Decision).")
      .def_property_readonly("shipment", [](const py_decision& d) { return d.d.shipment; })
      .def_property_readonly("as_of", [](const py_decision& d) { return d.d.as_of.to_string(); })
      .def_property_readonly(
          "decision", [](const py_decision& d) { return std::string(to_string(d.d.result)); })
      .def_property_readonly("review_policy",
                             [](const py_decision& d) {
                               return d.d.policy == review_policy::none
                                          ? py::object(py::none())
                                          : py::object(py::str(std::string(to_string(d.d.policy))));
                             })
      .def_property_readonly("license_exceptions",
                             [](const py_decision& d) { return d.d.license_exceptions; })
      .def_property_readonly("missing_facts",
                             [](const py_decision& d) { return d.d.missing_facts; })
      .def_property_readonly("fingerprint",
                             [](const py_decision& d) { return std::string(d.d.fingerprint); })
      .def_property_readonly("scenario", [](const py_decision& d) { return opt_str(d.d.scenario); })
      .def_property_readonly("engine", [](const py_decision& d) { return std::string(d.d.engine); })
      .def_property_readonly("exit_code",
                             [](const py_decision& d) { return exit_code(d.d.result); })
      .def_property_readonly("eccns",
                             [](const py_decision& d) {
                               std::vector<std::string> out;
                               for (const auto& it : d.d.items) out.push_back(it.eccn);
                               return out;
                             })
      .def_property_readonly("rules",
                             [](const py_decision& d) {
                               std::vector<std::string> ids;
                               for (const auto& f : d.d.findings) ids.emplace_back(f.rule);
                               for (const auto& r : d.d.red_flags) ids.emplace_back(r.rule);
                               std::sort(ids.begin(), ids.end());
                               ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
                               return ids;
                             })
      .def_property_readonly("_warnings",
                             [](const py_decision& d) { return diagnostics_to_python(d.warnings); })
      .def(
          "to_json", [](const py_decision& d, bool pretty) { return to_json(d.d, pretty); },
          py::arg("pretty") = false,
          "The canonical JSON, byte for byte `exportctl check --format json` (one line unless "
          "pretty).")
      .def(
          "explain", [](const py_decision& d) { return to_text(d.d); },
          "The text explanation of `exportctl check --format text`: the decision, then why.")
      .def("to_dict", &decision_dict,
           "The canonical JSON as Python objects (parsed once, cached).");

  py::class_<engine>(m, "Engine", "A loaded rule-pack set (see exportctl.Engine).")
      .def_property_readonly("fingerprint", &engine::fingerprint)
      .def_property_readonly("product_ids", &engine::product_ids)
      .def_property_readonly(
          "packs",
          [](const engine& e) {
            py::list out;
            for (const auto& p : e.packs())
              out.append(
                  py::make_tuple(std::string(p.id), std::string(p.version), std::string(p.sha256)));
            return out;
          })
      .def_property_readonly(
          "lists",
          [](const engine& e) {
            py::list out;
            for (const auto& l : e.lists())
              out.append(py::make_tuple(std::string(l.source), std::string(l.file), l.rows,
                                        std::string(l.sha256)));
            return out;
          })
      .def("check", &check_one, py::arg("shipment"), py::arg("as_of"), py::arg("name"))
      .def(
          "check_many",
          [](const engine& e, py::handle items, const std::optional<std::string>& as_of,
             unsigned threads, const std::string& name) {
            return check_many(e, items, options_for(as_of), threads, name);
          },
          py::arg("shipments"), py::arg("as_of"), py::arg("threads"), py::arg("name"))
      .def(
          "check_lines",
          [](const engine& e, const std::vector<std::string>& columns, py::list data,
             const std::string& source, const std::optional<std::string>& as_of, unsigned threads) {
            return check_lines(e, columns, data, source, options_for(as_of), threads);
          },
          py::arg("columns"), py::arg("data"), py::arg("source"), py::arg("as_of"),
          py::arg("threads"))
      .def(
          "check_lines_columns",
          [](const engine& e, const std::vector<std::string>& columns, py::list data,
             const std::string& source, const std::optional<std::string>& as_of, unsigned threads) {
            return check_lines_columns(e, columns, data, source, options_for(as_of), threads);
          },
          py::arg("columns"), py::arg("data"), py::arg("source"), py::arg("as_of"),
          py::arg("threads"))
      .def("classify", &classify, py::arg("product"), py::arg("specs"), py::arg("as_of"))
      .def("classify_grid", &classify_grid);

  bind_ledger(m);
  bind_decision_pickle(m);

  m.def("load", &load, py::arg("paths"), py::arg("texts"), py::arg("scenarios"),
        py::arg("lists") = std::vector<std::string>{},
        py::arg("reviewed") = std::vector<std::string>{});
  m.def("default_rules_dir", &default_rules_dir);
  m.def("decision_tables", &decision_tables, py::arg("decisions"),
        "Shipments, items, hops and findings of a list of decisions as columns.");
  m.def("shipment_schema", &shipment_schema,
        "The shipment schema tables (exportctl/shipment_schema.hpp) as Python data.");
  // For bench/bench_check_many.py: the serial (GIL-held) share of check_many, alone.
  m.def("_convert_only", [](py::list items) {
    std::size_t ok = 0;
    for (py::handle h : items) ok += shipment_from_dict(h.ptr()).has_value() ? 1 : 0;
    return ok;
  });
  // Also for the benchmark: conversion + C++ decision, no Python result objects.
  m.def("_convert_and_decide", [](const engine& e, py::list items) {
    std::size_t decided = 0;
    for (py::handle h : items)
      if (auto s = shipment_from_dict(h.ptr())) decided += e.check(*s).value ? 1 : 0;
    return decided;
  });
  m.attr("__version__") = std::string(exportctl::version);
}
