// ledger.cpp: the ledger in the compiled module. Every database call runs without the GIL;
// results are plain values (JSON text, raw diagnostics) and exportctl/_ledger.py turns them into
// dicts and exceptions.
#include "ledger.hpp"

#include <pybind11/stl.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/ledger.hpp"
#include "exportctl/license.hpp"

namespace exportctl::python {
namespace {

// A Ledger is one connection. Python threads that share one Ledger object take turns on it (the
// connection itself is not thread-safe); a thread of its own should open its own.
struct py_ledger {
  std::unique_ptr<ledger> db;
  std::mutex turn;
};

ledger_options options_of(const std::string& principal) {
  ledger_options o;
  o.principal = principal;
  return o;
}

// Runs `body(ledger&)` without the GIL, holding the ledger's turn. False if it was closed.
template <class F>
bool with_ledger(py_ledger& self, F&& body) {
  py::gil_scoped_release nogil;
  std::lock_guard lock(self.turn);
  if (!self.db) return false;
  body(*self.db);
  return true;
}

void raise_closed() { throw py::value_error("the ledger is closed"); }

// ("ok" | "input" | "ledger", diagnostics): which exception, if any, the facade raises.
py::tuple kind_and_diagnostics(const char* kind, const std::vector<diagnostic>& diags) {
  return py::make_tuple(kind, diagnostics_to_python(diags));
}

// The ledger's refusals and database failures are EXC-E91xx (src/ledger/ledger_diag.hpp);
// anything else a release reports is about the shipment.
bool any_ledger_error(const std::vector<diagnostic>& diags) {
  for (const auto& d : diags)
    if (d.level == severity::error && d.code.rfind("EXC-E91", 0) == 0) return true;
  return false;
}

py::tuple open_py_ledger(const std::string& url, const std::string& principal) {
  std::vector<diagnostic> diags;
  std::unique_ptr<ledger> opened;
  {
    py::gil_scoped_release nogil;
    opened = ledger::open(url, options_of(principal), &diags);
  }
  if (!opened) return py::make_tuple(py::none(), diagnostics_to_python(diags));
  auto self = std::make_unique<py_ledger>();
  self->db = std::move(opened);
  return py::make_tuple(py::cast(std::move(self)), diagnostics_to_python(diags));
}

py::list init_py_ledger(const std::string& url, const std::string& principal) {
  ledger_status st;
  {
    py::gil_scoped_release nogil;
    st = ledger::init(url, options_of(principal));
  }
  return diagnostics_to_python(st.diagnostics);
}

py::tuple add_license_text(py_ledger& self, const std::string& text, const std::string& name) {
  std::vector<diagnostic> diags;
  bool bad_file = false;
  if (!with_ledger(self, [&](ledger& l) {
        auto parsed = parse_licenses(text, name);
        diags = std::move(parsed.diagnostics);
        if ((bad_file = has_errors(diags))) return;
        auto st = l.add_licenses(parsed.value);
        diags.insert(diags.end(), st.diagnostics.begin(), st.diagnostics.end());
      }))
    raise_closed();
  return kind_and_diagnostics(bad_file ? "input" : has_errors(diags) ? "ledger" : "ok", diags);
}

// (JSON or None, diagnostics) of a read: the licences, or the journal's check.
template <class Read>
py::tuple read_ledger_json(py_ledger& self, Read&& read) {
  std::vector<diagnostic> diags;
  std::string json;
  if (!with_ledger(self, [&](ledger& l) { json = read(l, diags); })) raise_closed();
  if (has_errors(diags)) return py::make_tuple(py::none(), diagnostics_to_python(diags));
  return py::make_tuple(json, diagnostics_to_python(diags));
}

// (kind, Decision or None, JSON of `exportctl release` or None, exit code, diagnostics).
py::tuple release_order(py_ledger& self, const engine& e, const std::string& text,
                        const std::string& name, const std::string& order_id) {
  std::vector<diagnostic> diags;
  release_result r;
  bool parsed_ok = false;
  if (!with_ledger(self, [&](ledger& l) {
        auto parsed = parse_shipment(text, name);
        diags = std::move(parsed.diagnostics);
        if (!(parsed_ok = parsed.value.has_value())) return;
        r = l.release(e, *parsed.value, order_id);
        diags.insert(diags.end(), r.diagnostics.begin(), r.diagnostics.end());
      }))
    raise_closed();
  if (!parsed_ok || !r.value || !r.release) {
    const char* kind = parsed_ok && any_ledger_error(r.diagnostics) ? "ledger" : "input";
    return py::make_tuple(kind, py::none(), py::none(), 1, diagnostics_to_python(diags));
  }
  std::string json = to_json(*r.value, *r.release);
  const int code = exit_code(r.release->state);
  py::object d = py::cast(py_decision{std::move(*r.value), diags, py::none()});
  return py::make_tuple("ok", d, json, code, diagnostics_to_python(diags));
}

py::tuple settle_order(py_ledger& self, const std::string& order_id, bool commit) {
  ledger_status st;
  if (!with_ledger(self, [&](ledger& l) { st = commit ? l.commit(order_id) : l.cancel(order_id); }))
    raise_closed();
  return kind_and_diagnostics(st.ok() ? "ok" : "ledger", st.diagnostics);
}

// The journal as one JSON array of its records.
std::string journal_json(ledger& l, std::vector<diagnostic>& d) {
  std::string out = "[";
  bool first = true;
  for (const auto& r : l.journal(&d)) {
    if (!first) out += ',';
    first = false;
    out += to_json(r);
  }
  return out + "]";
}

// (kind, diagnostics): "input" for a bad facts text, "ledger" for a refused review.
py::tuple resolve_order(py_ledger& self, const std::string& order_id, const std::string& reviewer,
                        const std::string& reason, const std::string& facts,
                        const std::string& name) {
  std::vector<reviewed_clearance> clears;
  std::vector<supplied_fact> supplies;
  if (!facts.empty()) {
    auto parsed = parse_review_facts(facts, name);
    if (has_errors(parsed.diagnostics)) return kind_and_diagnostics("input", parsed.diagnostics);
    clears = std::move(parsed.value);
    supplies = std::move(parsed.supplies);
  }
  ledger_status st;
  if (!with_ledger(
          self, [&](ledger& l) { st = l.resolve(order_id, reviewer, reason, clears, supplies); }))
    raise_closed();
  return kind_and_diagnostics(st.ok() ? "ok" : "ledger", st.diagnostics);
}

}  // namespace

void bind_ledger(py::module_& m) {
  py::class_<py_ledger>(m, "Ledger", "One connection to a ledger (see exportctl.Ledger).")
      .def("add_licenses", &add_license_text, py::arg("text"), py::arg("name"))
      .def("licenses",
           [](py_ledger& self) {
             return read_ledger_json(self, [](ledger& l, std::vector<diagnostic>& d) {
               return to_json(l.licenses(&d));
             });
           })
      .def("release", &release_order, py::arg("engine"), py::arg("text"), py::arg("name"),
           py::arg("order_id"))
      .def(
          "commit",
          [](py_ledger& self, const std::string& id) { return settle_order(self, id, true); },
          py::arg("order_id"))
      .def(
          "cancel",
          [](py_ledger& self, const std::string& id) { return settle_order(self, id, false); },
          py::arg("order_id"))
      .def("verify",
           [](py_ledger& self) {
             return read_ledger_json(
                 self, [](ledger& l, std::vector<diagnostic>& d) { return to_json(l.verify(&d)); });
           })
      .def("journal", [](py_ledger& self) { return read_ledger_json(self, journal_json); })
      .def(
          "serial",
          [](py_ledger& self, const std::string& sn) {
            return read_ledger_json(self, [&](ledger& l, std::vector<diagnostic>& d) {
              return to_json(l.serial(sn, &d));
            });
          },
          py::arg("serial"))
      .def("resolve", &resolve_order, py::arg("order_id"), py::arg("reviewer"), py::arg("reason"),
           py::arg("facts"), py::arg("name"))
      .def("close", [](py_ledger& self) {
        py::gil_scoped_release nogil;
        std::lock_guard lock(self.turn);
        self.db.reset();
      });
  m.def("ledger_init", &init_py_ledger, py::arg("url"), py::arg("principal"));
  m.def("ledger_open", &open_py_ledger, py::arg("url"), py::arg("principal"));
}

}  // namespace exportctl::python
