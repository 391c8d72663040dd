// fuzz_pack.cpp: libFuzzer target for rule-pack text: one pack loaded on its own through the
// reader, linker and compiler (written to a scratch file per input: the loader's entry point
// is a path). A pack that loads is also used to decide one fixed shipment, so that what the
// compiler produced is exercised.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"

namespace {

const exportctl::shipment& sample_shipment() {
  static const exportctl::shipment s = [] {
    auto parsed = exportctl::parse_shipment(R"(id: fuzz
date: 2025-06-01
items: [{product: nvidia-h100-sxm5-80gb, quantity: 8},
        {description: x, quantity: 1, specs: {dense_tops: {fp8: 1979}, die_area_mm2: 814}}]
parties:
  - {id: exp, name: Example Inc., country: US, role: exporter}
  - {id: dist, name: Example Asia, country: SG, role: distributor}
  - {id: eu, name: Example Labs, country: CN, role: end_user}
transfers: [{from: exp, to: dist}, {from: dist, to: eu}]
)",
                                            "fuzz-shipment.yaml");
    if (!parsed.value) __builtin_trap();
    return *parsed.value;
  }();
  return s;
}

const std::string& scratch_file() {
  static const std::string path = "/tmp/exportctl-fuzz-pack-" + std::to_string(getpid()) + ".yaml";
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(scratch_file().c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  exportctl::engine_options options;
  options.rule_paths = {scratch_file()};
  auto built = exportctl::engine::load(options);
  std::remove(scratch_file().c_str());  // leave nothing behind in /tmp
  if (!built.value) return 0;
  auto result = built.value->check(sample_shipment());
  if (result.value) (void)exportctl::to_json(*result.value);
  return 0;
}
