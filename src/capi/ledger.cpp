// ledger.cpp: the ledger's entry points in the C API (include/exportctl.h, docs/ledger.md). A
// handle owns one exportctl::ledger (one database connection); the library adds no lock, as the
// header tells callers to keep one handle per thread.
#include "exportctl/ledger.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capi/capi_internal.hpp"
#include "exportctl/io.hpp"
#include "exportctl/license.hpp"
#include "exportctl/limits.hpp"

namespace capi = exportctl::capi;

namespace {

constexpr const char* default_principal = "capi";

// The ledger's own refusals and database failures are EXC-E91xx (ledger_diag.hpp); anything
// else a release reports is about the shipment.
bool ledger_code(const exportctl::diagnostic& d) {
  return d.level == exportctl::severity::error && d.code.rfind("EXC-E91", 0) == 0;
}

exportctl_status settled(const exportctl::ledger_status& st, exportctl_error** err) {
  if (!st.ok()) return capi::report(err, EXPORTCTL_LEDGER_ERROR, st.diagnostics);
  if (!st.diagnostics.empty()) capi::report(err, EXPORTCTL_OK, st.diagnostics);
  return EXPORTCTL_OK;
}

// A read that answers JSON (licences, a serial's releases, the journal check): `read` fills the
// diagnostics and returns the value; errors among them are the ledger's (a database failure).
template <class Read>
exportctl_status read_json(exportctl_ledger* ledger, char** out_json, exportctl_error** err,
                           Read&& read) {
  if (!out_json) return capi::invalid(err, "`out_json` is NULL");
  *out_json = nullptr;
  if (!ledger) return capi::invalid(err, "`ledger` is NULL");
  std::vector<exportctl::diagnostic> diagnostics;
  auto value = read(*ledger->ledger, diagnostics);
  if (exportctl::has_errors(diagnostics))
    return capi::report(err, EXPORTCTL_LEDGER_ERROR, std::move(diagnostics));
  return capi::deliver(exportctl::to_json(value), std::move(diagnostics), out_json, err);
}

}  // namespace

extern "C" {

EXPORTCTL_API exportctl_status exportctl_ledger_init(const char* url, exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!url) return capi::invalid(err, "`url` is NULL");
    exportctl::ledger_options options;
    options.principal = default_principal;
    return settled(exportctl::ledger::init(url, options), err);
  });
}

EXPORTCTL_API exportctl_status exportctl_ledger_open(const char* url, const char* principal,
                                                     exportctl_ledger** out,
                                                     exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!out) return capi::invalid(err, "`out` is NULL");
    *out = nullptr;
    if (!url) return capi::invalid(err, "`url` is NULL");
    exportctl::ledger_options options;
    options.principal = principal ? principal : default_principal;
    std::vector<exportctl::diagnostic> diagnostics;
    auto opened = exportctl::ledger::open(url, options, &diagnostics);
    if (!opened) return capi::report(err, EXPORTCTL_LEDGER_ERROR, std::move(diagnostics));
    auto handle = std::make_unique<exportctl_ledger>();
    handle->ledger = std::move(opened);
    if (!diagnostics.empty()) capi::report(err, EXPORTCTL_OK, std::move(diagnostics));
    *out = handle.release();
    return EXPORTCTL_OK;
  });
}

EXPORTCTL_API void exportctl_ledger_free(exportctl_ledger* ledger) { delete ledger; }

EXPORTCTL_API exportctl_status exportctl_ledger_add_licenses(exportctl_ledger* ledger,
                                                             const char* text, size_t length,
                                                             const char* file_name,
                                                             exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!ledger) return capi::invalid(err, "`ledger` is NULL");
    std::string_view input;
    // The CLI's bound on a licence file (`ledger license add`).
    if (auto st = capi::text_argument(text, length, "text",
                                      exportctl::input_limits{}.max_input_bytes, input, err);
        st != EXPORTCTL_OK)
      return st;
    auto parsed = exportctl::parse_licenses(input, file_name ? file_name : "<input>");
    if (exportctl::has_errors(parsed.diagnostics))
      return capi::report(err, EXPORTCTL_BAD_INPUT, std::move(parsed.diagnostics));
    auto st = ledger->ledger->add_licenses(parsed.value);
    // Warnings about the file come first, as the CLI prints them before adding.
    parsed.diagnostics.insert(parsed.diagnostics.end(), st.diagnostics.begin(),
                              st.diagnostics.end());
    st.diagnostics = std::move(parsed.diagnostics);
    return settled(st, err);
  });
}

EXPORTCTL_API exportctl_status exportctl_ledger_licenses_json(exportctl_ledger* ledger,
                                                              char** out_json,
                                                              exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    return read_json(ledger, out_json, err, [](exportctl::ledger& l, auto& diagnostics) {
      return l.licenses(&diagnostics);
    });
  });
}

EXPORTCTL_API exportctl_status
exportctl_ledger_release_json(exportctl_ledger* ledger, const exportctl_engine* engine,
                              const char* shipment_text, size_t length, const char* order_id,
                              char** out_json, int* release_state_out, exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!out_json) return capi::invalid(err, "`out_json` is NULL");
    *out_json = nullptr;
    if (release_state_out) *release_state_out = 0;
    if (!ledger) return capi::invalid(err, "`ledger` is NULL");
    if (!engine) return capi::invalid(err, "`engine` is NULL");
    // One snapshot for the whole release, as in exportctl_engine_check_json: a concurrent reload
    // cannot change packs between the decision and what the ledger records of it.
    const std::shared_ptr<const exportctl::engine> eng = engine->handle.current();
    std::string_view input;
    if (auto st = capi::text_argument(shipment_text, length, "shipment_text",
                                      eng->limits().max_input_bytes, input, err);
        st != EXPORTCTL_OK)
      return st;
    auto parsed = exportctl::parse_shipment(input, "<input>");
    if (!parsed.value) return capi::report(err, EXPORTCTL_BAD_INPUT, std::move(parsed.diagnostics));
    auto r = ledger->ledger->release(*eng, *parsed.value, order_id ? order_id : "");
    auto diagnostics = std::move(parsed.diagnostics);
    diagnostics.insert(diagnostics.end(), r.diagnostics.begin(), r.diagnostics.end());
    if (!r.value || !r.release) {
      bool database = false;
      for (const auto& d : r.diagnostics) database = database || ledger_code(d);
      return capi::report(err, database ? EXPORTCTL_LEDGER_ERROR : EXPORTCTL_BAD_INPUT,
                          std::move(diagnostics));
    }
    const auto st = capi::deliver(exportctl::to_json(*r.value, *r.release), std::move(diagnostics),
                                  out_json, err);
    if (st == EXPORTCTL_OK && release_state_out)
      *release_state_out = exportctl::exit_code(r.release->state);
    return st;
  });
}

EXPORTCTL_API exportctl_status exportctl_ledger_commit(exportctl_ledger* ledger,
                                                       const char* order_id,
                                                       exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!ledger) return capi::invalid(err, "`ledger` is NULL");
    if (!order_id) return capi::invalid(err, "`order_id` is NULL");
    return settled(ledger->ledger->commit(order_id), err);
  });
}

EXPORTCTL_API exportctl_status exportctl_ledger_cancel(exportctl_ledger* ledger,
                                                       const char* order_id,
                                                       exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!ledger) return capi::invalid(err, "`ledger` is NULL");
    if (!order_id) return capi::invalid(err, "`order_id` is NULL");
    return settled(ledger->ledger->cancel(order_id), err);
  });
}

EXPORTCTL_API exportctl_status exportctl_ledger_verify_json(exportctl_ledger* ledger,
                                                            char** out_json,
                                                            exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    return read_json(ledger, out_json, err, [](exportctl::ledger& l, auto& diagnostics) {
      return l.verify(&diagnostics);
    });
  });
}

EXPORTCTL_API exportctl_status exportctl_ledger_resolve(exportctl_ledger* ledger,
                                                        const char* order_id, const char* reviewer,
                                                        const char* reason, const char* facts_text,
                                                        size_t length, exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!ledger) return capi::invalid(err, "`ledger` is NULL");
    if (!order_id || !reviewer || !reason)
      return capi::invalid(err, "`order_id`, `reviewer` and `reason` may not be NULL");
    std::vector<exportctl::reviewed_clearance> clears;
    std::vector<exportctl::supplied_fact> supplies;
    if (facts_text) {
      std::string_view input;
      if (auto st = capi::text_argument(facts_text, length, "facts_text",
                                        exportctl::input_limits{}.max_input_bytes, input, err);
          st != EXPORTCTL_OK)
        return st;
      auto parsed = exportctl::parse_review_facts(input, "<facts>");
      if (exportctl::has_errors(parsed.diagnostics))
        return capi::report(err, EXPORTCTL_BAD_INPUT, std::move(parsed.diagnostics));
      clears = std::move(parsed.value);
      supplies = std::move(parsed.supplies);
    }
    return settled(ledger->ledger->resolve(order_id, reviewer, reason, clears, supplies), err);
  });
}

EXPORTCTL_API exportctl_status exportctl_ledger_serial_json(exportctl_ledger* ledger,
                                                            const char* serial, char** out_json,
                                                            exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (out_json) *out_json = nullptr;
    if (!serial) return capi::invalid(err, "`serial` is NULL");
    return read_json(ledger, out_json, err, [&](exportctl::ledger& l, auto& diagnostics) {
      return l.serial(serial, &diagnostics);
    });
  });
}

}  // extern "C"
