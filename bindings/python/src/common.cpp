// common.cpp: diagnostics and decisions to Python, and the text path.
#include "common.hpp"

#include <string_view>

namespace exportctl::python {

py::list diagnostics_to_python(const std::vector<diagnostic>& diags) {
  py::list out;
  for (const auto& d : diags) {
    out.append(py::make_tuple(d.level == severity::error ? "error" : "warning", d.code, d.message,
                              d.file, d.line, d.column, d.path, d.help));
  }
  return out;
}

py::object to_python(outcome_slot&& r) {
  if (!r.value) return py::make_tuple("error", diagnostics_to_python(r.diagnostics));
  return py::cast(py_decision{std::move(*r.value), std::move(r.diagnostics), py::none()});
}

outcome_slot check_parsed(const engine& e, const shipment& s, const check_options& o) {
  auto result = e.check(s, o);
  return {std::move(result.value), std::move(result.diagnostics)};
}

namespace {

// Dates in a dict become ISO text, as a YAML file would write them.
py::object json_default() {
  // Leaked on purpose: a static py::object would be released after the interpreter is gone.
  static auto* fn = new py::object(py::module_::import("exportctl._text").attr("json_default"));
  return *fn;
}

}  // namespace

outcome_slot check_slow(const engine& e, py::handle obj, const check_options& o,
                        const std::string& name) {
  std::string text;
  if (py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj)) {
    text = obj.cast<std::string>();
  } else {
    static auto* dumps = new py::object(py::module_::import("json").attr("dumps"));
    try {
      text = (*dumps)(obj, py::arg("ensure_ascii") = false, py::arg("allow_nan") = true,
                      py::arg("default") = json_default())
                 .cast<std::string>();
    } catch (py::error_already_set& err) {
      // Not JSON-able at all (a set, an object): say so like a type error in a file would.
      diagnostic d;
      d.code = "EXC-E2002";
      d.message =
          "a shipment must be a mapping of JSON-like values: " + std::string(py::str(err.value()));
      d.file = name;
      return {std::nullopt, {std::move(d)}};
    }
  }
  auto parsed = parse_shipment(text, name);
  if (!parsed.value) return {std::nullopt, std::move(parsed.diagnostics)};
  auto r = check_parsed(e, *parsed.value, o);
  r.diagnostics.insert(r.diagnostics.begin(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  return r;
}

}  // namespace exportctl::python
