// capi_internal.hpp: what the C API's entry points share: the definitions of the opaque handles,
// the error object, and the guard that turns every exception into a status.
#pragma once

#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl.h"
#include "exportctl/diagnostic.hpp"
#include "exportctl/ledger.hpp"
#include "exportctl/reloadable.hpp"

struct exportctl_engine {
  explicit exportctl_engine(exportctl::engine initial) : handle(std::move(initial)) {}
  exportctl::engine_handle handle;
};

struct exportctl_ledger {
  std::unique_ptr<exportctl::ledger> ledger;
};

struct exportctl_error {
  exportctl_status status = EXPORTCTL_OK;
  std::vector<exportctl::diagnostic> diagnostics;
  std::vector<std::string> formatted;  ///< exportctl::format of each diagnostic
};

namespace exportctl::capi {

/// Stores a new error object in *err (if err is not NULL) with these diagnostics. Returns status.
exportctl_status report(exportctl_error** err, exportctl_status status,
                        std::vector<diagnostic> diagnostics);

/// Stores one diagnostic about the call itself (not about user data): a NULL argument, a bad
/// as_of date, memory exhaustion, a bug.
exportctl_status report(exportctl_error** err, exportctl_status status, std::string code,
                        std::string message);

/// EXPORTCTL_INVALID_ARGUMENT with one EXC-E7001 diagnostic naming what is wrong with the call.
exportctl_status invalid(exportctl_error** err, std::string what);

/// Hands a JSON result to the caller in *out_json, with the warnings (if any) that came with it.
exportctl_status deliver(const std::string& json, std::vector<diagnostic> warnings, char** out_json,
                         exportctl_error** err);

/// The one entry check of every (text, length) argument: not NULL, and `length` within
/// `max_bytes` before a byte of it is read. EXPORTCTL_OK with `out` set, or the error reported.
exportctl_status text_argument(const char* text, size_t length, const char* name,
                               std::size_t max_bytes, std::string_view& out, exportctl_error** err);

/// Copies text into a new malloc'd, NUL-terminated string; nullptr when malloc fails.
char* dup_string(std::string_view text) noexcept;

/// Runs one entry point: clears *err, then maps every exception to a status (bad_alloc to
/// EXPORTCTL_OUT_OF_MEMORY, anything else to EXPORTCTL_INTERNAL), so none crosses into C.
template <class F>
exportctl_status guarded(exportctl_error** err, F&& body) noexcept {
  if (err) *err = nullptr;
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return report(err, EXPORTCTL_OUT_OF_MEMORY, "EXC-E7002", "out of memory");
  } catch (const std::exception& e) {
    return report(err, EXPORTCTL_INTERNAL, "EXC-E7003", std::string("internal error: ") + e.what());
  } catch (...) {
    return report(err, EXPORTCTL_INTERNAL, "EXC-E7003", "internal error: unknown exception");
  }
}

}  // namespace exportctl::capi
