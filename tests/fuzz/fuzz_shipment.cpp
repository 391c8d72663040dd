// fuzz_shipment.cpp: libFuzzer target for shipment text (YAML or JSON): parse_shipment, then
// check on the default packs and render the decision. Any crash, leak, sanitizer report or hang
// is a bug: bad input must end as diagnostics, never as a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"

namespace {

const exportctl::engine& default_engine() {
  static const exportctl::engine e = [] {
    exportctl::engine_options options;
    options.rule_paths = {EXPORTCTL_SOURCE_RULES_DIR};
    auto built = exportctl::engine::load(options);
    if (!built.value) __builtin_trap();  // the packs in the source tree must load
    return *built.value;
  }();
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = exportctl::parse_shipment(text, "fuzz.yaml");
  if (!parsed.value) return 0;
  // A fixed date: "today" would make a finding depend on when the fuzzer ran.
  exportctl::check_options options;
  options.as_of = exportctl::date::parse("2025-06-01");
  auto result = default_engine().check(*parsed.value, options);
  if (result.value) {
    (void)exportctl::to_json(*result.value);
    (void)exportctl::to_text(*result.value);
  }
  return 0;
}
