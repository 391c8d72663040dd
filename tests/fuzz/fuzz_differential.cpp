// fuzz_differential.cpp: libFuzzer target that proves the JSON fast path's contract
// (src/shipment/shipment_json_fast.hpp) and the canonical writer's round trip on arbitrary text:
//
// 1. whenever the fast path takes a text, the located (YAML-based) reader takes it too, without
//    a diagnostic, and builds the identical shipment, positions included: the fast path may
//    decline anything, but never accept differently (a DEL byte taken by one reader and refused
//    by the other is exactly this class);
// 2. for every shipment either reader builds, the canonical line (`to_json`) reads back through
//    the normal entry point and writes the same bytes again.
//
// The text is tried as given and, when it parses, as its canonical JSON line, so YAML seeds
// reach the fast path as JSON. A broken contract is a trap: libFuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "exportctl/io.hpp"
#include "exportctl/limits.hpp"
#include "shipment/shipment_json_fast.hpp"
#include "shipment_equal.hpp"

namespace {

exportctl::shipment_result read_located(std::string_view text) {
  const exportctl::detail::json_fast_path_off off;
  return exportctl::parse_shipment(text, "fuzz.json");
}

void check_fast_path(std::string_view text) {
  const int depth = exportctl::input_limits{}.max_document_depth;
  const auto fast = exportctl::detail::read_json_shipment_fast(text, "fuzz.json", depth);
  if (!fast) return;  // declining is always allowed
  const auto located = read_located(text);
  if (!located.value || !located.diagnostics.empty()) __builtin_trap();
  const exportctl::test::shipment_compare compare;
  if (!compare(*fast, *located.value).empty()) __builtin_trap();
}

void check_round_trip(const exportctl::shipment& s) {
  const std::string line = exportctl::to_json(s);
  const auto again = exportctl::parse_shipment(line, "fuzz.json");
  if (!again.value || !again.diagnostics.empty()) __builtin_trap();
  if (exportctl::to_json(*again.value) != line) __builtin_trap();
  check_fast_path(line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_fast_path(text);
  const auto located = read_located(text);
  if (located.value) check_round_trip(*located.value);
  return 0;
}
