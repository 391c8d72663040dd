// batch.hpp: check_many, a pipeline: the calling thread converts dicts (it needs the GIL) while
// worker threads, which never touch Python, decide the shipments already converted.
#pragma once

#include "common.hpp"

namespace exportctl::python {

/// Decides every element of `shipments` (a list or tuple of dicts, JSON/YAML strings or bytes)
/// on `threads` threads (0: one per core). Results in input order: Decision objects, or
/// ("error", diagnostics) tuples. Diagnostics name element i `name_prefix[i]`. Called with the GIL
/// held; releases it while waiting for the workers.
py::list check_many(const engine& e, py::handle shipments, const check_options& o, unsigned threads,
                    const std::string& name_prefix);

/// Decides `in[i]` into `out[i]` on `threads` threads (0: one per core), without the GIL.
void decide_parallel(const engine& e, std::vector<shipment>& in, std::vector<outcome_slot>& out,
                     const check_options& o, unsigned threads);

}  // namespace exportctl::python
