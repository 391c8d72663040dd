// columns.cpp: handing columns filled in C++ to Python (see columns.hpp).
#include "columns.hpp"

#include <pybind11/numpy.h>

#include <cstring>

namespace exportctl::python {
namespace {

template <typename T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
  return a;
}

}  // namespace

py::dict to_python(const table& t) {
  py::dict cols;
  for (const auto& [name, c] : t.texts) {
    py::list values(c.values.size());
    for (std::size_t i = 0; i < c.values.size(); ++i)
      values[i] = py::str(c.values[i].data(), c.values[i].size());
    cols[py::str(name.data(), name.size())] =
        py::make_tuple(c.categorical ? "category" : "object", to_array(c.codes), values);
  }
  for (const auto& [name, c] : t.numbers)
    cols[py::str(name.data(), name.size())] =
        py::make_tuple("float", to_array(c.values), py::none());
  for (const auto& [name, c] : t.ints)
    cols[py::str(name.data(), name.size())] =
        c.nullable ? py::make_tuple("Int64", to_array(c.values), to_array(c.missing))
                   : py::make_tuple("int", to_array(c.values), py::none());
  py::list order;
  for (auto name : t.order) order.append(py::str(name.data(), name.size()));
  py::dict out;
  out["columns"] = cols;
  out["order"] = order;
  return out;
}

}  // namespace exportctl::python
