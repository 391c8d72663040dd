// error.cpp: the C API's error object and its accessors.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#include "capi/capi_internal.hpp"

namespace exportctl::capi {
namespace {

// C reads a message up to its first NUL: a NUL from the input (a product id) would cut the
// message, and the rest of what it says, short. Spell it out instead.
void spell_nul(std::string& s) {
  for (std::size_t at = s.find('\0'); at != std::string::npos; at = s.find('\0', at + 2))
    s.replace(at, 1, "\\0");
}

}  // namespace

exportctl_status report(exportctl_error** err, exportctl_status status,
                        std::vector<diagnostic> diagnostics) {
  if (!err) return status;
  if (*err) {  // an earlier, partial report (e.g. memory ran out while building it)
    delete *err;
    *err = nullptr;
  }
  // Reporting must not throw out of a catch handler: if memory is too short even for the
  // error object, the caller still gets the status, with no details.
  try {
    auto e = std::make_unique<exportctl_error>();
    e->status = status;
    e->formatted.reserve(diagnostics.size());
    for (auto& d : diagnostics) {
      for (auto* text : {&d.code, &d.message, &d.file, &d.path, &d.help}) spell_nul(*text);
      e->formatted.push_back(format(d));
    }
    e->diagnostics = std::move(diagnostics);
    *err = e.release();
  } catch (...) {
    *err = nullptr;
  }
  return status;
}

exportctl_status report(exportctl_error** err, exportctl_status status, std::string code,
                        std::string message) {
  if (!err) return status;
  try {
    diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = "<call>";
    return report(err, status, std::vector<diagnostic>{std::move(d)});
  } catch (...) {
    if (*err) delete *err;
    *err = nullptr;
    return status;
  }
}

char* dup_string(std::string_view text) noexcept {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (!out) return nullptr;
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

}  // namespace exportctl::capi

namespace {

const exportctl::diagnostic* at(const exportctl_error* err, size_t index) {
  if (!err || index >= err->diagnostics.size()) return nullptr;
  return &err->diagnostics[index];
}

}  // namespace

extern "C" {

EXPORTCTL_API exportctl_status exportctl_error_status(const exportctl_error* err) {
  return err ? err->status : EXPORTCTL_OK;
}

EXPORTCTL_API size_t exportctl_error_count(const exportctl_error* err) {
  return err ? err->diagnostics.size() : 0;
}

EXPORTCTL_API const char* exportctl_error_code(const exportctl_error* err, size_t index) {
  const auto* d = at(err, index);
  return d ? d->code.c_str() : nullptr;
}

EXPORTCTL_API const char* exportctl_error_message(const exportctl_error* err, size_t index) {
  const auto* d = at(err, index);
  return d ? d->message.c_str() : nullptr;
}

EXPORTCTL_API const char* exportctl_error_file(const exportctl_error* err, size_t index) {
  const auto* d = at(err, index);
  return d ? d->file.c_str() : nullptr;
}

EXPORTCTL_API int exportctl_error_line(const exportctl_error* err, size_t index) {
  const auto* d = at(err, index);
  return d ? d->line : 0;
}

EXPORTCTL_API int exportctl_error_column(const exportctl_error* err, size_t index) {
  const auto* d = at(err, index);
  return d ? d->column : 0;
}

EXPORTCTL_API const char* exportctl_error_path(const exportctl_error* err, size_t index) {
  const auto* d = at(err, index);
  return d ? d->path.c_str() : nullptr;
}

EXPORTCTL_API const char* exportctl_error_help(const exportctl_error* err, size_t index) {
  const auto* d = at(err, index);
  return d ? d->help.c_str() : nullptr;
}

EXPORTCTL_API exportctl_severity exportctl_error_severity(const exportctl_error* err,
                                                          size_t index) {
  const auto* d = at(err, index);
  return d && d->level == exportctl::severity::warning ? EXPORTCTL_SEVERITY_WARNING
                                                       : EXPORTCTL_SEVERITY_ERROR;
}

EXPORTCTL_API const char* exportctl_error_format(const exportctl_error* err, size_t index) {
  if (!at(err, index)) return nullptr;
  return err->formatted[index].c_str();
}

EXPORTCTL_API void exportctl_error_free(exportctl_error* err) { delete err; }

}  // extern "C"
