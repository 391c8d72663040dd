// capi.cpp: the C API's entry points (include/exportctl.h). Each one checks its pointers, runs
// inside capi::guarded so that no exception reaches C, and reports expected failures as
// diagnostics in an exportctl_error.
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "capi/capi_internal.hpp"
#include "exportctl/io.hpp"
#include "exportctl/version.hpp"
#include "model/limits.hpp"

namespace capi = exportctl::capi;

namespace exportctl::capi {

exportctl_status invalid(exportctl_error** err, std::string what) {
  return report(err, EXPORTCTL_INVALID_ARGUMENT, "EXC-E7001", std::move(what));
}

exportctl_status deliver(const std::string& json, std::vector<exportctl::diagnostic> warnings,
                         char** out_json, exportctl_error** err) {
  char* copy = dup_string(json);
  if (!copy) return report(err, EXPORTCTL_OUT_OF_MEMORY, "EXC-E7002", "out of memory");
  if (!warnings.empty()) report(err, EXPORTCTL_OK, std::move(warnings));
  *out_json = copy;
  return EXPORTCTL_OK;
}

// The length is checked before a byte is read: a caller's wrong length, 2^40, must be refused,
// not read past.
exportctl_status text_argument(const char* text, size_t length, const char* name,
                               std::size_t max_bytes, std::string_view& out,
                               exportctl_error** err) {
  if (!text) return invalid(err, "`" + std::string(name) + "` is NULL");
  if (auto big = exportctl::detail::input_too_large(length, max_bytes, "input", "<input>"))
    return report(err, EXPORTCTL_BAD_INPUT, std::vector<exportctl::diagnostic>{*big});
  out = std::string_view(text, length);
  return EXPORTCTL_OK;
}

}  // namespace exportctl::capi

using capi::invalid;

namespace {

// The default packs of an installed library sit next to it (share/exportctl/rules relative to
// its lib directory), wherever the prefix was moved; the program linking the library may live
// anywhere, so the engine's own default (relative to the executable) would miss them.
std::string installed_rules_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&exportctl_version), &info) == 0 || !info.dli_fname) return {};
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir =
      (fs::path(info.dli_fname).parent_path() / EXPORTCTL_C_RULES_FROM_LIBDIR).lexically_normal();
  return fs::is_directory(dir, ec) ? dir.string() : std::string();
}

// Reads the (paths, scenarios) arguments of load and reload; false if a pointer is missing.
bool engine_options_from(const char* const* paths, size_t path_count, const char* const* scenarios,
                         size_t scenario_count, exportctl::engine_options& out, std::string& why) {
  if (path_count > 0 && !paths) return why = "`rule_paths` is NULL but its count is not 0", false;
  if (scenario_count > 0 && !scenarios)
    return why = "`scenarios` is NULL but its count is not 0", false;
  for (size_t i = 0; i < path_count; ++i) {
    if (!paths[i]) return why = "`rule_paths[" + std::to_string(i) + "]` is NULL", false;
    out.rule_paths.emplace_back(paths[i]);
  }
  for (size_t i = 0; i < scenario_count; ++i) {
    if (!scenarios[i]) return why = "`scenarios[" + std::to_string(i) + "]` is NULL", false;
    out.scenarios.emplace_back(scenarios[i]);
  }
  if (out.rule_paths.empty()) {
    const char* env = std::getenv("EXPORTCTL_RULES");
    if (!env || !*env) {
      if (auto dir = installed_rules_dir(); !dir.empty()) out.rule_paths.push_back(std::move(dir));
    }
  }
  return true;
}

// Parses an optional as_of argument; false (with `why`) when it is not a date.
bool as_of_from(const char* as_of, std::optional<exportctl::date>& out, std::string& why) {
  if (!as_of) return true;
  out = exportctl::date::parse(as_of);
  if (!out) why = "`as_of` `" + std::string(as_of) + "` is not a date (expected YYYY-MM-DD)";
  return out.has_value();
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

extern "C" {

EXPORTCTL_API const char* exportctl_version(void) {
  // exportctl::version views a string literal, so it is NUL-terminated.
  return exportctl::version.data();
}

EXPORTCTL_API const char* exportctl_status_string(exportctl_status status) {
  switch (status) {
    case EXPORTCTL_OK:
      return "ok";
    case EXPORTCTL_INVALID_ARGUMENT:
      return "invalid_argument";
    case EXPORTCTL_BAD_INPUT:
      return "bad_input";
    case EXPORTCTL_RULEPACK_ERROR:
      return "rulepack_error";
    case EXPORTCTL_OUT_OF_MEMORY:
      return "out_of_memory";
    case EXPORTCTL_INTERNAL:
      return "internal";
    case EXPORTCTL_LEDGER_ERROR:
      return "ledger_error";
  }
  return "unknown";
}

namespace {

// Reads a path-array argument (list_paths, reviewed_paths) of the *_with_lists and
// *_screening functions.
bool paths_from(const char* const* paths, size_t count, const char* what,
                std::vector<std::string>& out, std::string& why) {
  if (count > 0 && !paths)
    return why = std::string("`") + what + "` is NULL but its count is not 0", false;
  for (size_t i = 0; i < count; ++i) {
    if (!paths[i])
      return why = std::string("`") + what + "[" + std::to_string(i) + "]` is NULL", false;
    out.emplace_back(paths[i]);
  }
  return true;
}

// The screening arguments: lists, then reviewed matches.
struct screening_args {
  const char* const* list_paths = nullptr;
  size_t list_path_count = 0;
  const char* const* reviewed_paths = nullptr;
  size_t reviewed_path_count = 0;
};

bool screening_options_from(const screening_args& a, exportctl::engine_options& out,
                            std::string& why) {
  return paths_from(a.list_paths, a.list_path_count, "list_paths", out.list_paths, why) &&
         paths_from(a.reviewed_paths, a.reviewed_path_count, "reviewed_paths", out.reviewed_paths,
                    why);
}

exportctl_status load_engine(const char* const* rule_paths, size_t rule_path_count,
                             const char* const* scenarios, size_t scenario_count,
                             const screening_args& screening, exportctl_engine** out,
                             exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!out) return invalid(err, "`out` is NULL");
    *out = nullptr;
    exportctl::engine_options options;
    std::string why;
    if (!engine_options_from(rule_paths, rule_path_count, scenarios, scenario_count, options,
                             why) ||
        !screening_options_from(screening, options, why))
      return invalid(err, why);
    exportctl::engine_result built = exportctl::engine::load(options);
    if (!built.value)
      return capi::report(err, EXPORTCTL_RULEPACK_ERROR, std::move(built.diagnostics));
    auto* created = new exportctl_engine(std::move(*built.value));
    if (!built.diagnostics.empty()) capi::report(err, EXPORTCTL_OK, std::move(built.diagnostics));
    *out = created;
    return EXPORTCTL_OK;
  });
}

exportctl_status reload_engine(exportctl_engine* engine, const char* const* rule_paths,
                               size_t rule_path_count, const char* const* scenarios,
                               size_t scenario_count, const screening_args& screening,
                               exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!engine) return invalid(err, "`engine` is NULL");
    exportctl::engine_options options;
    std::string why;
    if (!engine_options_from(rule_paths, rule_path_count, scenarios, scenario_count, options,
                             why) ||
        !screening_options_from(screening, options, why))
      return invalid(err, why);
    auto result = engine->handle.reload(options);
    if (!result.reloaded)
      return capi::report(err, EXPORTCTL_RULEPACK_ERROR, std::move(result.diagnostics));
    if (!result.diagnostics.empty()) capi::report(err, EXPORTCTL_OK, std::move(result.diagnostics));
    return EXPORTCTL_OK;
  });
}

}  // namespace

EXPORTCTL_API exportctl_status exportctl_engine_load(const char* const* rule_paths,
                                                     size_t rule_path_count,
                                                     const char* const* scenarios,
                                                     size_t scenario_count, exportctl_engine** out,
                                                     exportctl_error** err) {
  return load_engine(rule_paths, rule_path_count, scenarios, scenario_count, {}, out, err);
}

EXPORTCTL_API exportctl_status exportctl_engine_load_with_lists(
    const char* const* rule_paths, size_t rule_path_count, const char* const* scenarios,
    size_t scenario_count, const char* const* list_paths, size_t list_path_count,
    exportctl_engine** out, exportctl_error** err) {
  return load_engine(rule_paths, rule_path_count, scenarios, scenario_count,
                     {list_paths, list_path_count}, out, err);
}

EXPORTCTL_API exportctl_status exportctl_engine_load_screening(
    const char* const* rule_paths, size_t rule_path_count, const char* const* scenarios,
    size_t scenario_count, const char* const* list_paths, size_t list_path_count,
    const char* const* reviewed_paths, size_t reviewed_path_count, exportctl_engine** out,
    exportctl_error** err) {
  return load_engine(rule_paths, rule_path_count, scenarios, scenario_count,
                     {list_paths, list_path_count, reviewed_paths, reviewed_path_count}, out, err);
}

EXPORTCTL_API exportctl_status exportctl_engine_reload(
    exportctl_engine* engine, const char* const* rule_paths, size_t rule_path_count,
    const char* const* scenarios, size_t scenario_count, exportctl_error** err) {
  return reload_engine(engine, rule_paths, rule_path_count, scenarios, scenario_count, {}, err);
}

EXPORTCTL_API exportctl_status exportctl_engine_reload_with_lists(
    exportctl_engine* engine, const char* const* rule_paths, size_t rule_path_count,
    const char* const* scenarios, size_t scenario_count, const char* const* list_paths,
    size_t list_path_count, exportctl_error** err) {
  return reload_engine(engine, rule_paths, rule_path_count, scenarios, scenario_count,
                       {list_paths, list_path_count}, err);
}

EXPORTCTL_API exportctl_status exportctl_engine_reload_screening(
    exportctl_engine* engine, const char* const* rule_paths, size_t rule_path_count,
    const char* const* scenarios, size_t scenario_count, const char* const* list_paths,
    size_t list_path_count, const char* const* reviewed_paths, size_t reviewed_path_count,
    exportctl_error** err) {
  return reload_engine(engine, rule_paths, rule_path_count, scenarios, scenario_count,
                       {list_paths, list_path_count, reviewed_paths, reviewed_path_count}, err);
}

EXPORTCTL_API void exportctl_engine_free(exportctl_engine* engine) { delete engine; }

EXPORTCTL_API exportctl_status exportctl_engine_check_json(const exportctl_engine* engine,
                                                           const char* text, size_t length,
                                                           const char* as_of, char** out_json,
                                                           exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!out_json) return invalid(err, "`out_json` is NULL");
    *out_json = nullptr;
    if (!engine) return invalid(err, "`engine` is NULL");
    // One snapshot for the whole check: a concurrent reload cannot change packs mid-decision.
    const std::shared_ptr<const exportctl::engine> eng = engine->handle.current();
    std::string_view input;
    if (auto st =
            capi::text_argument(text, length, "text", eng->limits().max_input_bytes, input, err);
        st != EXPORTCTL_OK)
      return st;
    std::optional<exportctl::date> on;
    std::string why;
    if (!as_of_from(as_of, on, why)) return invalid(err, why);

    auto parsed = exportctl::parse_shipment(input, "<input>");
    if (!parsed.value) return capi::report(err, EXPORTCTL_BAD_INPUT, std::move(parsed.diagnostics));
    auto result = eng->check(*parsed.value, {on});
    auto diagnostics = std::move(parsed.diagnostics);
    diagnostics.insert(diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
    if (!result.value) return capi::report(err, EXPORTCTL_BAD_INPUT, std::move(diagnostics));
    return capi::deliver(exportctl::to_json(*result.value), std::move(diagnostics), out_json, err);
  });
}

EXPORTCTL_API exportctl_status exportctl_engine_classify_json(const exportctl_engine* engine,
                                                              const char* input, size_t length,
                                                              const char* as_of, char** out_json,
                                                              exportctl_error** err) {
  return capi::guarded(err, [&]() -> exportctl_status {
    if (!out_json) return invalid(err, "`out_json` is NULL");
    *out_json = nullptr;
    if (!engine) return invalid(err, "`engine` is NULL");
    const std::shared_ptr<const exportctl::engine> eng = engine->handle.current();
    std::string_view given;
    if (auto st =
            capi::text_argument(input, length, "input", eng->limits().max_input_bytes, given, err);
        st != EXPORTCTL_OK)
      return st;
    std::optional<exportctl::date> on;
    std::string why;
    if (!as_of_from(as_of, on, why)) return invalid(err, why);

    const std::string_view text = trim(given);
    exportctl::item it;
    std::vector<exportctl::diagnostic> diagnostics;
    if (!text.empty() && text.front() == '{') {  // a spec sheet, as `classify --specs`
      auto parsed = exportctl::parse_specs(text, "<input>");
      if (!parsed.value)
        return capi::report(err, EXPORTCTL_BAD_INPUT, std::move(parsed.diagnostics));
      it.specs = std::move(parsed.value);
      diagnostics = std::move(parsed.diagnostics);
    } else {
      it.product = std::string(text);
    }
    auto c = eng->classify(it, on.value_or(exportctl::date::today()), &diagnostics);
    if (!c) return capi::report(err, EXPORTCTL_BAD_INPUT, std::move(diagnostics));
    return capi::deliver(exportctl::to_json(*c), std::move(diagnostics), out_json, err);
  });
}

EXPORTCTL_API exportctl_status exportctl_engine_fingerprint(const exportctl_engine* engine,
                                                            char** out) {
  return capi::guarded(nullptr, [&]() -> exportctl_status {
    if (!out) return EXPORTCTL_INVALID_ARGUMENT;
    *out = nullptr;
    if (!engine) return EXPORTCTL_INVALID_ARGUMENT;
    *out = capi::dup_string(engine->handle.current()->fingerprint());
    return *out ? EXPORTCTL_OK : EXPORTCTL_OUT_OF_MEMORY;
  });
}

EXPORTCTL_API void exportctl_string_free(char* s) { std::free(s); }

}  // extern "C"
