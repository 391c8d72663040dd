// fuzz_capi.cpp: libFuzzer target for the C API's JSON entry point, exportctl_engine_check_json,
// with any bytes (the C API promises: any bytes accepted, bad ones reported, nothing thrown
// across the boundary). Each input also goes through exportctl_engine_classify_json. Built with
// the C API's sources compiled in, so that the sanitizers see the shim too.
#include <cstddef>
#include <cstdint>

#include "exportctl.h"

namespace {

exportctl_engine* default_engine() {
  static exportctl_engine* e = [] {
    const char* paths[] = {EXPORTCTL_SOURCE_RULES_DIR};
    exportctl_engine* out = nullptr;
    exportctl_error* err = nullptr;
    if (exportctl_engine_load(paths, 1, nullptr, 0, &out, &err) != EXPORTCTL_OK) __builtin_trap();
    exportctl_error_free(err);
    return out;
  }();
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const char* text = reinterpret_cast<const char*>(data);
  char* json = nullptr;
  exportctl_error* err = nullptr;
  (void)exportctl_engine_check_json(default_engine(), text, size, "2025-06-01", &json, &err);
  exportctl_string_free(json);
  exportctl_error_free(err);
  json = nullptr;
  err = nullptr;
  (void)exportctl_engine_classify_json(default_engine(), text, size, "2025-06-01", &json, &err);
  exportctl_string_free(json);
  exportctl_error_free(err);
  return 0;
}
