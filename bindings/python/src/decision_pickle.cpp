// decision_pickle.cpp: decision_from_json for pickling exportctl.Decision. The decision comes
// back from to_json's bytes (exportctl/io.hpp: fails closed, and to_json of the result
// gives the same bytes), its warnings from the tuples diagnostics_to_python made of them.
#include "decision_pickle.hpp"

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/io.hpp"

namespace exportctl::python {
namespace {

// One (severity, code, message, file, line, column, path, help) tuple of diagnostics_to_python.
diagnostic diagnostic_from_python(py::handle h, std::size_t index) {
  const std::string where = "warnings[" + std::to_string(index) + "]";
  if (!py::isinstance<py::tuple>(h) && !py::isinstance<py::list>(h))
    throw py::value_error(where + " is not a diagnostic tuple");
  const auto t = py::reinterpret_borrow<py::sequence>(h);
  if (t.size() != 8)
    throw py::value_error(where + " has " + std::to_string(t.size()) +
                          " members, not the 8 of a diagnostic tuple");
  try {
    diagnostic d;
    const auto level = t[0].cast<std::string>();
    if (level != "error" && level != "warning")
      throw py::value_error(where + ": unknown severity `" + level + "`");
    d.level = level == "error" ? severity::error : severity::warning;
    d.code = t[1].cast<std::string>();
    d.message = t[2].cast<std::string>();
    d.file = t[3].cast<std::string>();
    d.line = t[4].cast<int>();
    d.column = t[5].cast<int>();
    d.path = t[6].cast<std::string>();
    d.help = t[7].cast<std::string>();
    return d;
  } catch (const py::cast_error&) {
    throw py::value_error(where + " is not (str, str, str, str, int, int, str, str)");
  }
}

py::object decision_from_json_py(const std::string& json, const py::list& warnings,
                                 const std::vector<std::string>& descriptions) {
  std::vector<diagnostic> diags;
  diags.reserve(warnings.size());
  for (std::size_t i = 0; i < warnings.size(); ++i)
    diags.push_back(diagnostic_from_python(warnings[i], i));
  std::string why;
  std::optional<decision> d;
  {
    py::gil_scoped_release nogil;
    d = decision_from_json(json, &why);
  }
  if (!d) throw py::value_error("not a decision's JSON: " + why);
  if (!descriptions.empty()) {
    if (descriptions.size() != d->items.size())
      throw py::value_error(std::to_string(descriptions.size()) + " descriptions for " +
                            std::to_string(d->items.size()) + " items");
    for (std::size_t i = 0; i < descriptions.size(); ++i) d->items[i].description = descriptions[i];
  }
  return py::cast(py_decision{std::move(*d), std::move(diags), py::none()});
}

}  // namespace

void bind_decision_pickle(py::module_& m) {
  m.def("decision_from_json", &decision_from_json_py, py::arg("json"), py::arg("warnings"),
        py::arg("descriptions") = std::vector<std::string>{},
        "A Decision from its canonical JSON (Decision.to_json(), compact or pretty), with its "
        "warnings as Decision._warnings gives them and, optionally, the items' descriptions "
        "(decision_descriptions). ValueError for anything to_json cannot have written.");
  m.def(
      "decision_descriptions",
      [](const py_decision& d) {
        std::vector<std::string> out;
        out.reserve(d.d.items.size());
        for (const auto& it : d.d.items) out.push_back(it.description);
        return out;
      },
      py::arg("decision"),
      "The items' descriptions, which the canonical JSON does not carry (for pickling).");
}

}  // namespace exportctl::python
