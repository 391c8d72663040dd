// ledger.hpp: exportctl._exportctl.Ledger, the ledger (docs/ledger.md) for exportctl/_ledger.py.
#pragma once

#include "common.hpp"

namespace exportctl::python {

/// Adds the Ledger class and the ledger_init/ledger_open functions to the module.
void bind_ledger(py::module_& m);

}  // namespace exportctl::python
