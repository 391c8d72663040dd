// convert.hpp: Python dicts → exportctl::shipment, straight from the Python objects (no JSON
// text in between). This is the serial part of check_many (it needs the GIL), so it reads the
// dicts with the raw CPython API and interned keys.
#pragma once

#include <Python.h>

#include <optional>

#include "exportctl/shipment.hpp"

namespace exportctl::python {

/// Interns the key strings; call once at module import (GIL held).
void init_convert();

/// Converts a shipment given as a dict. Returns std::nullopt on anything the fast path does not
/// handle exactly like parse_shipment would (unknown or missing keys, a wrong type, None, a
/// negative or non-finite number, a bad date, deep nesting, ...): the caller then goes through
/// json.dumps + parse_shipment, which reports the problem with the CLI's diagnostics. Never
/// leaves a Python error set. GIL held.
[[nodiscard]] std::optional<shipment> shipment_from_dict(PyObject* obj);

}  // namespace exportctl::python
