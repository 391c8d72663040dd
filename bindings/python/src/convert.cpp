// convert.cpp: the fast dict → shipment path. It must accept exactly what parse_shipment accepts
// from json.dumps of the same dict, or give up (std::nullopt) so that the slow path reports the
// problem; it never produces a diagnostic of its own. Types are therefore strict: a str where
// parse_shipment reads a string, an int (not bool) or integer scalar (numpy.int64) where it
// reads an integer, those or a float where it reads a number, a bool where it reads a boolean.
// The keys, their types and which are required come from the schema tables
// (exportctl/shipment_schema.hpp).
#include "convert.hpp"

#include <datetime.h>

#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "exportctl/shipment_schema.hpp"

namespace exportctl::python {
namespace {

// Interned keys, one array per schema table, owned for the life of the module.
template <class Table>
using key_array = std::array<PyObject*, std::tuple_size_v<Table>>;
key_array<decltype(schema::shipment_fields)> shipment_keys{};
key_array<decltype(schema::item_fields)> item_keys{};
key_array<decltype(schema::specs_fields)> specs_keys{};
key_array<decltype(schema::party_fields)> party_keys{};
key_array<decltype(schema::transfer_fields)> transfer_keys{};
key_array<decltype(schema::owner_fields)> owner_keys{};
key_array<decltype(schema::entity_fields)> entity_keys{};

template <class Table>
void intern(const Table& table, key_array<Table>& out) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    PyObject* k = PyUnicode_FromStringAndSize(table[i].name.data(),
                                              static_cast<Py_ssize_t>(table[i].name.size()));
    PyUnicode_InternInPlace(&k);
    out[i] = k;
  }
}

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
  PyObject* optional(PyObject* key) {
    PyObject* v = PyDict_GetItemWithError(d_, key);
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
  PyObject* required(PyObject* key) {
    PyObject* v = optional(key);
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

// An int, or an integer scalar that says it is one (numpy.int64: __index__), not a bool
// (numpy.bool_ has no __index__).
std::int64_t whole(PyObject* v) {
  if (PyLong_CheckExact(v)) {  // the common case, without __index__
    int overflow = 0;
    const long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow != 0 || (n == -1 && PyErr_Occurred())) {
      PyErr_Clear();
      throw give_up{};
    }
    return n;
  }
  if (PyBool_Check(v) || !PyIndex_Check(v)) throw give_up{};
  PyObject* i = PyNumber_Index(v);
  if (i == nullptr) {
    PyErr_Clear();
    throw give_up{};
  }
  int overflow = 0;
  const long long n = PyLong_AsLongLongAndOverflow(i, &overflow);
  Py_DECREF(i);
  if (overflow != 0 || (n == -1 && PyErr_Occurred())) {
    PyErr_Clear();
    throw give_up{};
  }
  return n;
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
    x = static_cast<double>(whole(v));
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

// Calls f(std::integral_constant<std::size_t, I>{}) for each row I of `table`, in order, so that
// each row's type and member are compile-time constants in f (as fast as hand-written code).
template <const auto& table, class F, std::size_t... I>
void each_row_unrolled(F& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}
template <const auto& table, class F>
void each_row(F&& f) {
  each_row_unrolled<table>(
      f, std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(table)>>>{});
}

// Row I of `table` into its member, with parse_shipment's types; rows without a member are
// strings checked and dropped.
template <const auto& table, std::size_t I, class S>
void read_scalar(dict_reader& m, const key_array<std::remove_cvref_t<decltype(table)>>& keys,
                 S& out) {
  constexpr const auto& f = table[I];
  PyObject* v = f.required ? m.required(keys[I]) : m.optional(keys[I]);
  if (v == nullptr) return;
  constexpr auto stored = f.stored;
  if constexpr (stored.index() == 0) {
    (void)str(v);
  } else {
    auto& x = out.*std::get<stored.index()>(stored);
    using T = std::remove_reference_t<decltype(x)>;
    if constexpr (std::is_same_v<T, std::string>) {
      x = str(v);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      x = whole(v);
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
      x = non_negative(v);
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      // A list of non-empty str; parse_shipment reports an empty entry.
      for_each(v, [&](PyObject* e) {
        x.push_back(str(e));
        if (x.back().empty()) throw give_up{};
      });
    } else {
      x = boolean(v);
    }
  }
}

chip_specs read_specs(PyObject* obj) {
  dict_reader m(obj);
  chip_specs s;
  each_row<schema::specs_fields>([&](auto row) {
    constexpr std::size_t i = decltype(row)::value;
    if constexpr (i != schema::specs_key::dense_tops) {
      read_scalar<schema::specs_fields, i>(m, specs_keys, s);
    } else {
      PyObject* v = m.optional(specs_keys[i]);
      if (v == nullptr) return;
      if (!PyDict_Check(v)) throw give_up{};
      PyObject* name = nullptr;
      PyObject* rate = nullptr;
      Py_ssize_t pos = 0;
      while (PyDict_Next(v, &pos, &name, &rate))
        s.dense_tops.emplace_back(str(name), non_negative(rate));
    }
  });
  m.finish();
  return s;
}

item read_item(PyObject* obj, int depth) {
  namespace k = schema::item_key;
  dict_reader m(obj);
  item it;
  each_row<schema::item_fields>([&](auto row) {
    constexpr std::size_t i = decltype(row)::value;
    if constexpr (i == k::specs) {
      if (PyObject* v = m.optional(item_keys[i])) it.specs = read_specs(v);
    } else if constexpr (i == k::contains) {
      if (PyObject* v = m.optional(item_keys[i])) {
        if (depth >= 8) throw give_up{};  // parse_shipment's nesting bound (EXC-E2007)
        for_each(v, [&](PyObject* c) { it.contains.push_back(read_item(c, depth + 1)); });
      }
    } else {
      read_scalar<schema::item_fields, i>(m, item_keys, it);
    }
  });
  m.finish();
  return it;
}

owner read_owner(PyObject* obj) {
  dict_reader m(obj);
  owner o;
  each_row<schema::owner_fields>(
      [&](auto row) { read_scalar<schema::owner_fields, decltype(row)::value>(m, owner_keys, o); });
  m.finish();
  return o;
}

entity read_entity(PyObject* obj) {
  dict_reader m(obj);
  entity e;
  each_row<schema::entity_fields>([&](auto row) {
    constexpr std::size_t i = decltype(row)::value;
    if constexpr (i == schema::entity_key::owners) {
      if (PyObject* v = m.optional(entity_keys[i]))
        for_each(v, [&](PyObject* x) { e.owners.push_back(read_owner(x)); });
    } else {
      read_scalar<schema::entity_fields, i>(m, entity_keys, e);
    }
  });
  m.finish();
  return e;
}

party read_party(PyObject* obj) {
  dict_reader m(obj);
  party p;
  each_row<schema::party_fields>([&](auto row) {
    constexpr std::size_t i = decltype(row)::value;
    if constexpr (i == schema::party_key::owners) {
      if (PyObject* v = m.optional(party_keys[i]))
        for_each(v, [&](PyObject* x) { p.owners.push_back(read_owner(x)); });
    } else if constexpr (i == schema::party_key::role) {
      const auto role = parse_party_role(str(m.required(party_keys[i])));
      if (!role) throw give_up{};
      p.role = *role;
    } else {
      read_scalar<schema::party_fields, i>(m, party_keys, p);
    }
  });
  m.finish();
  return p;
}

transfer read_transfer(PyObject* obj) {
  dict_reader m(obj);
  transfer t;
  each_row<schema::transfer_fields>([&](auto row) {
    read_scalar<schema::transfer_fields, decltype(row)::value>(m, transfer_keys, t);
  });
  m.finish();
  return t;
}

// A datetime.date, a datetime at midnight without a time zone (pandas.Timestamp of a date
// column), or YYYY-MM-DD text, as json_default (exportctl/_text.py) turns them into text.
std::optional<date> read_date(PyObject* v) {
  if (PyDateTime_Check(v)) {
    // pandas.NaT is a datetime (of year 1) that is not equal to itself: json_default makes it
    // null, an absent date.
    // (PyObject_RichCompareBool would answer "equal" for the same object without asking.)
    PyObject* eq = PyObject_RichCompare(v, v, Py_EQ);
    const int same = eq == nullptr ? -1 : PyObject_IsTrue(eq);
    Py_XDECREF(eq);
    if (same != 1) {
      PyErr_Clear();
      throw give_up{};
    }
    const bool midnight = PyDateTime_DATE_GET_HOUR(v) == 0 && PyDateTime_DATE_GET_MINUTE(v) == 0 &&
                          PyDateTime_DATE_GET_SECOND(v) == 0 &&
                          PyDateTime_DATE_GET_MICROSECOND(v) == 0;
    PyObject* tz = PyObject_GetAttrString(v, "tzinfo");
    if (tz == nullptr) {
      PyErr_Clear();
      throw give_up{};
    }
    const bool naive = tz == Py_None;
    Py_DECREF(tz);
    if (!midnight || !naive) throw give_up{};
  }
  if (PyDate_Check(v)) {
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
  intern(schema::shipment_fields, shipment_keys);
  intern(schema::item_fields, item_keys);
  intern(schema::specs_fields, specs_keys);
  intern(schema::party_fields, party_keys);
  intern(schema::transfer_fields, transfer_keys);
  intern(schema::owner_fields, owner_keys);
  intern(schema::entity_fields, entity_keys);
}

std::optional<shipment> shipment_from_dict(PyObject* obj) {
  namespace k = schema::shipment_key;
  try {
    dict_reader m(obj);
    shipment s;
    s.source_name = "<dict>";
    each_row<schema::shipment_fields>([&](auto row) {
      constexpr std::size_t i = decltype(row)::value;
      PyObject* key = shipment_keys[i];
      if constexpr (i == k::date) {
        if (PyObject* v = m.optional(key)) s.ship_date = read_date(v);
      } else if constexpr (i == k::items) {
        for_each(m.required(key), [&](PyObject* x) { s.items.push_back(read_item(x, 0)); });
      } else if constexpr (i == k::parties) {
        for_each(m.required(key), [&](PyObject* x) { s.parties.push_back(read_party(x)); });
      } else if constexpr (i == k::transfers) {
        for_each(m.required(key), [&](PyObject* x) { s.transfers.push_back(read_transfer(x)); });
      } else if constexpr (i == k::entities) {
        if (PyObject* v = m.optional(key))
          for_each(v, [&](PyObject* x) { s.entities.push_back(read_entity(x)); });
      } else {
        read_scalar<schema::shipment_fields, i>(m, shipment_keys, s);
      }
    });
    m.finish();
    return s;
  } catch (const give_up&) {
    return std::nullopt;
  }
}

}  // namespace exportctl::python
