// One engine shared by several threads gives the same bytes as one thread (engine.hpp promises
// that an engine is safe to use from many threads at once). scripts/sanitize runs the engine
// stress test under ThreadSanitizer.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"
#include "unit/read_file.hpp"

namespace fs = std::filesystem;

TEST_CASE("an engine shared by threads decides like a single thread", "[engine][threads]") {
  auto built = exportctl::engine::load({{EXPORTCTL_SOURCE_DIR "/rules"}, {}});
  REQUIRE(built.value);
  const exportctl::engine& eng = *built.value;

  std::vector<exportctl::shipment> shipments;
  for (const auto& e : fs::directory_iterator(fs::path(EXPORTCTL_SOURCE_DIR) / "examples")) {
    if (e.path().extension() != ".yaml") continue;
    auto parsed = exportctl::parse_shipment(exportctl::test::read_file(e.path()),
                                            e.path().filename().string());
    REQUIRE(parsed.value);
    shipments.push_back(*parsed.value);
  }
  std::sort(shipments.begin(), shipments.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  REQUIRE(shipments.size() >= 8);

  std::vector<std::string> expected;
  for (const auto& s : shipments) expected.push_back(exportctl::to_json(*eng.check(s).value));

  constexpr int threads = 4;
  constexpr int rounds = 50;
  std::vector<int> mismatches(threads, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int r = 0; r < rounds; ++r) {
        // Each thread walks the shipments in a different order to interleave rule use.
        for (std::size_t k = 0; k < shipments.size(); ++k) {
          const std::size_t i = (k + static_cast<std::size_t>(t) * 3) % shipments.size();
          auto result = eng.check(shipments[i]);
          if (!result.value || exportctl::to_json(*result.value) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  for (int t = 0; t < threads; ++t) CHECK(mismatches[t] == 0);
}
