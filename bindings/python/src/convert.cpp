// convert.cpp: the fast dict → shipment path. It must accept exactly what parse_shipment accepts
// from json.dumps of the same dict, or give up (std::nullopt) so that the slow path reports the
// problem; it never produces a diagnostic of its own. Types are therefore strict: a str where
// parse_shipment reads a string, an int (not bool) where it reads an integer, an int or float
// where it reads a number, a bool where it reads a boolean.
#include "convert.hpp"

#include <datetime.h>

#include <array>
#include <cmath>
#include <string>
#include <string_view>

namespace exportctl::python {
namespace {

enum key : int {
  k_id,
  k_date,
  k_description,
  k_items,
  k_parties,
  k_transfers,  // shipment
  k_product,
  k_quantity,
  k_specs,
  k_contains,  // item
  k_dense_tops,
  k_tpp,
  k_die_area_mm2,
  k_datacenter,
  k_io_bandwidth_gbs,  // specs
  k_dram_bandwidth_gbs,
  k_memory_bandwidth_density,
  k_hbm,
  k_us_available_2026_01_15,  //
  k_name,
  k_country,
  k_role,
  k_headquarters,
  k_ultimate_parent_headquarters,  // party
  k_consignee_ytd_tpp,
  k_address,  //
  k_from,
  k_to,  // transfer
  k_count
};

constexpr std::array<const char*, k_count> key_names = {"id",
                                                        "date",
                                                        "description",
                                                        "items",
                                                        "parties",
                                                        "transfers",
                                                        "product",
                                                        "quantity",
                                                        "specs",
                                                        "contains",
                                                        "dense_tops",
                                                        "tpp",
                                                        "die_area_mm2",
                                                        "datacenter",
                                                        "io_bandwidth_gbs",
                                                        "dram_bandwidth_gbs",
                                                        "memory_bandwidth_density",
                                                        "hbm",
                                                        "commercially_available_us_2026_01_15",
                                                        "name",
                                                        "country",
                                                        "role",
                                                        "headquarters",
                                                        "ultimate_parent_headquarters",
                                                        "consignee_ytd_tpp",
                                                        "address",
                                                        "from",
                                                        "to"};

std::array<PyObject*, k_count> keys{};  // interned, owned for the life of the module

// Thrown inside this file only, caught in shipment_from_dict: "use the slow path".
struct give_up {};

// Counts the keys looked up so that unknown keys (dict size > keys found) are detected without
// iterating the dict.
class dict_reader {
 public:
  explicit dict_reader(PyObject* obj) : d_(obj) {
    if (!PyDict_Check(obj)) throw give_up{};
  }
  // Borrowed reference or nullptr; None counts as present-but-wrong (parse_shipment says so).
  PyObject* optional(key k) {
    PyObject* v = PyDict_GetItemWithError(d_, keys[static_cast<std::size_t>(k)]);
    if (v == nullptr) {
      if (PyErr_Occurred()) {
        PyErr_Clear();
        throw give_up{};
      }
      return nullptr;
    }
    ++found_;
    if (v == Py_None) throw give_up{};
    return v;
  }
  PyObject* required(key k) {
    PyObject* v = optional(k);
    if (v == nullptr) throw give_up{};
    return v;
  }
  void finish() const {
    if (PyDict_GET_SIZE(d_) != found_) throw give_up{};
  }

 private:
  PyObject* d_;
  Py_ssize_t found_ = 0;
};

std::string str(PyObject* v) {
  if (!PyUnicode_Check(v)) throw give_up{};
  Py_ssize_t n = 0;
  const char* p = PyUnicode_AsUTF8AndSize(v, &n);
  if (p == nullptr) {
    PyErr_Clear();
    throw give_up{};
  }  // lone surrogates
  return std::string(p, static_cast<std::size_t>(n));
}

double non_negative(PyObject* v) {
  double x = 0;
  if (PyFloat_Check(v)) {
    x = PyFloat_AS_DOUBLE(v);
  } else if (PyLong_Check(v) && !PyBool_Check(v)) {
    x = PyLong_AsDouble(v);
    if (x == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      throw give_up{};
    }
  } else {
    throw give_up{};
  }
  if (!std::isfinite(x) || x < 0) throw give_up{};
  return x;
}

bool boolean(PyObject* v) {
  if (!PyBool_Check(v)) throw give_up{};
  return v == Py_True;
}

template <class F>
void for_each(PyObject* seq, F&& f) {
  if (!PyList_Check(seq) && !PyTuple_Check(seq)) throw give_up{};
  const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  PyObject** items = PySequence_Fast_ITEMS(seq);
  for (Py_ssize_t i = 0; i < n; ++i) f(items[i]);
}

chip_specs read_specs(PyObject* obj) {
  dict_reader m(obj);
  chip_specs s;
  if (PyObject* v = m.optional(k_dense_tops)) {
    if (!PyDict_Check(v)) throw give_up{};
    PyObject* name = nullptr;
    PyObject* rate = nullptr;
    Py_ssize_t pos = 0;
    while (PyDict_Next(v, &pos, &name, &rate))
      s.dense_tops.emplace_back(str(name), non_negative(rate));
  }
  if (PyObject* v = m.optional(k_tpp)) s.tpp = non_negative(v);
  if (PyObject* v = m.optional(k_die_area_mm2)) s.die_area_mm2 = non_negative(v);
  if (PyObject* v = m.optional(k_io_bandwidth_gbs)) s.io_bandwidth_gbs = non_negative(v);
  if (PyObject* v = m.optional(k_dram_bandwidth_gbs)) s.dram_bandwidth_gbs = non_negative(v);
  if (PyObject* v = m.optional(k_memory_bandwidth_density))
    s.memory_bandwidth_density = non_negative(v);
  if (PyObject* v = m.optional(k_datacenter)) s.datacenter = boolean(v);
  if (PyObject* v = m.optional(k_hbm)) s.hbm = boolean(v);
  if (PyObject* v = m.optional(k_us_available_2026_01_15)) s.us_available_2026_01_15 = boolean(v);
  m.finish();
  return s;
}

item read_item(PyObject* obj, int depth) {
  dict_reader m(obj);
  item it;
  if (PyObject* v = m.optional(k_product)) it.product = str(v);
  if (PyObject* v = m.optional(k_description)) it.description = str(v);
  PyObject* q = m.required(k_quantity);
  if (!PyLong_Check(q) || PyBool_Check(q)) throw give_up{};
  int overflow = 0;
  it.quantity = PyLong_AsLongLongAndOverflow(q, &overflow);
  if (overflow != 0 || (it.quantity == -1 && PyErr_Occurred())) {
    PyErr_Clear();
    throw give_up{};
  }
  if (PyObject* v = m.optional(k_specs)) it.specs = read_specs(v);
  if (PyObject* v = m.optional(k_contains)) {
    if (depth >= 8) throw give_up{};  // parse_shipment's nesting bound (EXC-E2007)
    for_each(v, [&](PyObject* c) { it.contains.push_back(read_item(c, depth + 1)); });
  }
  m.finish();
  return it;
}

party read_party(PyObject* obj) {
  dict_reader m(obj);
  party p;
  p.id = str(m.required(k_id));
  p.name = str(m.required(k_name));
  p.country = str(m.required(k_country));
  const auto role = parse_party_role(str(m.required(k_role)));
  if (!role) throw give_up{};
  p.role = *role;
  if (PyObject* v = m.optional(k_headquarters)) p.headquarters = str(v);
  if (PyObject* v = m.optional(k_ultimate_parent_headquarters))
    p.ultimate_parent_headquarters = str(v);
  if (PyObject* v = m.optional(k_consignee_ytd_tpp)) p.consignee_ytd_tpp = non_negative(v);
  if (PyObject* v = m.optional(k_address)) (void)str(v);
  m.finish();
  return p;
}

std::optional<date> read_date(PyObject* v) {
  if (PyDate_CheckExact(v)) {
    return date::from_ymd(PyDateTime_GET_YEAR(v), static_cast<unsigned>(PyDateTime_GET_MONTH(v)),
                          static_cast<unsigned>(PyDateTime_GET_DAY(v)));
  }
  auto d = date::parse(str(v));
  if (!d) throw give_up{};
  return d;
}

}  // namespace

void init_convert() {
  PyDateTime_IMPORT;
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = PyUnicode_InternFromString(key_names[i]);
}

std::optional<shipment> shipment_from_dict(PyObject* obj) {
  try {
    dict_reader m(obj);
    shipment s;
    s.source_name = "<dict>";
    s.id = str(m.required(k_id));
    if (PyObject* v = m.optional(k_date)) s.ship_date = read_date(v);
    if (PyObject* v = m.optional(k_description)) (void)str(v);
    for_each(m.required(k_items), [&](PyObject* i) { s.items.push_back(read_item(i, 0)); });
    for_each(m.required(k_parties), [&](PyObject* p) { s.parties.push_back(read_party(p)); });
    for_each(m.required(k_transfers), [&](PyObject* t) {
      dict_reader tm(t);
      transfer tr;
      tr.from = str(tm.required(k_from));
      tr.to = str(tm.required(k_to));
      tm.finish();
      s.transfers.push_back(std::move(tr));
    });
    m.finish();
    return s;
  } catch (const give_up&) {
    return std::nullopt;
  }
}

}  // namespace exportctl::python
