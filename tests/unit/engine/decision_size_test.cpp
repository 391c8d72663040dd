// decision_size_test.cpp: a decision's size is bounded. A 100 KB shipment,
// a 960-party chain and 12 diamonds, wrote 571 MB of JSON at 1.2 GB RSS (and ran minutes on
// the per-hop headquarters notes, the downstream conditions and the red-flag dedup): it now
// ends in well under a second, `hold` past the party-check bound. Within the bounds, only the
// first paths are listed with their hops; the rest are counted per outcome and still decide.
#include <catch2/catch.hpp>
#include <string>

#include "exportctl/io.hpp"
#include "unit/engine/fixtures.hpp"

using namespace exportctl;
using namespace exportctl::test;

TEST_CASE("a 960-party chain with 12 diamonds holds past the work bound with a bounded decision",
          "[limits][decision_size]") {
  const shipment s = chain_with_diamonds(960, 12);
  const decision dec = decide(s);
  const std::string json = to_json(dec);
  CHECK(json.size() < std::size_t{2} << 20);  // 571 MB before
  // 4,096 paths of ~975 parties: ~1.9 billion downstream party checks, past the bound.
  CHECK(dec.result == outcome::hold);
  CHECK(dec.paths.empty());
  REQUIRE(dec.missing_facts.size() == 1);
  CHECK(dec.missing_facts[0].find("checks of a party after a hop (no path was decided)") !=
        std::string::npos);
}

TEST_CASE("past the report bound paths are summarized and still decide",
          "[limits][decision_size]") {
  // 4,096 paths of 54 parties: within the work bounds, decided path by path, listed only up to
  // max_reported_paths / max_reported_hops. The paths through the first diamond's lower branch
  // (in China: a licence is required) come after the listed ones.
  const shipment s = chain_with_diamonds(40, 12, "CN");
  const decision dec = decide(s);
  const std::string json = to_json(dec);
  const input_limits lim;
  CHECK(dec.paths.size() <= lim.max_reported_paths);
  std::size_t listed_hops = 0;
  for (const auto& p : dec.paths) {
    listed_hops += p.hops.size();
    CHECK(p.decision != outcome::license_required);  // the first paths take the upper branch
  }
  CHECK(listed_hops <= lim.max_reported_hops);
  CHECK(dec.paths.size() + dec.paths_omitted.count == 4096);
  const auto& by = dec.paths_omitted.by_outcome;
  CHECK(by[0] + by[1] + by[2] + by[3] == dec.paths_omitted.count);
  // The omitted paths still decide: half of all paths need a licence.
  CHECK(by[static_cast<std::size_t>(outcome::license_required)] +
            by[static_cast<std::size_t>(outcome::hold)] >=
        2048);
  CHECK(dec.result >= outcome::license_required);
  REQUIRE_FALSE(dec.paths.empty());
  CHECK(dec.paths_omitted.hops == 4096 * dec.paths[0].hops.size() - listed_hops);
  CHECK(json.find("\"paths_omitted\":{\"count\":") != std::string::npos);
  CHECK(json.size() < std::size_t{1} << 20);
  CHECK(to_text(dec).find("more paths") != std::string::npos);
}

TEST_CASE("a decision within the report bound lists every path and no summary",
          "[limits][decision_size]") {
  const decision dec = decide(chain_with_diamonds(3, 4));
  CHECK(dec.paths.size() == 16);
  CHECK(dec.paths_omitted.count == 0);
  CHECK(to_json(dec).find("paths_omitted") == std::string::npos);
}
