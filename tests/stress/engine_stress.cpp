// engine_stress.cpp: one engine shared by many threads (run under ThreadSanitizer by
// scripts/sanitize, and as a plain test in every build). Every thread checks every example and
// golden shipment in its own order; every decision must be byte-identical to the single-thread
// one. A writer thread meanwhile swaps the pack set (engine_handle::reload, the mechanism under
// the C API and Python reloads) with the same packs, which must not change a byte.
//
//     engine_stress [THREADS] [ROUNDS]
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"
#if __has_include("exportctl/reloadable.hpp")
#include "exportctl/reloadable.hpp"
#define EXPORTCTL_STRESS_RELOAD 1
#endif

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<exportctl::shipment> load_shipments() {
  std::vector<fs::path> files;
  for (const char* dir : {"examples", "tests/golden/decisions"}) {
    for (const auto& e : fs::directory_iterator(fs::path(EXPORTCTL_SOURCE_DIR) / dir)) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<exportctl::shipment> out;
  for (const auto& f : files) {
    auto parsed = exportctl::parse_shipment(read(f), f.filename().string());
    if (parsed.value) out.push_back(std::move(*parsed.value));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 8;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  exportctl::engine_options options;
  options.rule_paths = {EXPORTCTL_SOURCE_DIR "/rules"};
  auto built = exportctl::engine::load(options);
  if (!built.value) {
    std::fprintf(stderr, "cannot load the packs\n");
    return 1;
  }
  const auto shipments = load_shipments();
  const exportctl::check_options at{exportctl::date::parse("2025-06-01")};
  std::vector<std::string> expected;
  for (const auto& s : shipments) {
    auto r = built.value->check(s, at);
    expected.push_back(r.value ? exportctl::to_json(*r.value) : std::string("(diagnostics)"));
  }

#ifdef EXPORTCTL_STRESS_RELOAD
  exportctl::engine_handle handle(*built.value);
#endif
  std::atomic<int> mismatches{0};
  std::atomic<int> readers_done{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int r = 0; r < rounds; ++r) {
        for (std::size_t k = 0; k < shipments.size(); ++k) {
          const std::size_t i = (k * 7 + static_cast<std::size_t>(t) * 13) % shipments.size();
#ifdef EXPORTCTL_STRESS_RELOAD
          const auto eng = handle.current();  // a snapshot: survives a concurrent reload
#else
          const auto* eng = &*built.value;
#endif
          auto result = eng->check(shipments[i], at);
          const std::string got =
              result.value ? exportctl::to_json(*result.value) : std::string("(diagnostics)");
          if (got != expected[i]) ++mismatches;
        }
      }
      ++readers_done;
    });
  }
  int reloads = 0;
#ifdef EXPORTCTL_STRESS_RELOAD
  // Same packs, so the bytes must not change; what is tested is the swap under load.
  while (readers_done.load() < threads) {
    auto r = handle.reload(options);
    if (!r.reloaded) ++mismatches;
    ++reloads;
  }
#endif
  for (auto& th : pool) th.join();
  std::printf("%d threads x %d rounds x %zu shipments, %d pack reloads: %d mismatches\n", threads,
              rounds, shipments.size(), reloads, mismatches.load());
  return mismatches.load() == 0 ? 0 : 1;
}
