// engine_handle (include/exportctl/reloadable.hpp): reloading swaps the pack set atomically,
// keeps the old one when the new one fails to load, and leaves snapshots on their packs.
#include "exportctl/reloadable.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "exportctl/io.hpp"
#include "unit/read_file.hpp"

namespace {

using exportctl::test::rules_dir;

exportctl::engine load(std::vector<std::string> scenarios = {}) {
  auto built = exportctl::engine::load({{rules_dir}, std::move(scenarios)});
  REQUIRE(built.value);
  return *built.value;
}

}  // namespace

TEST_CASE("engine_handle reloads a new pack set and keeps old snapshots on theirs",
          "[engine][reload]") {
  exportctl::engine_handle handle(load());
  const auto before = handle.current();
  const std::string old_fingerprint = before->fingerprint();

  auto result = handle.reload({{rules_dir}, {"ai-diffusion-2025"}});
  CHECK(result.reloaded);
  CHECK_FALSE(exportctl::has_errors(result.diagnostics));
  const auto after = handle.current();
  CHECK(after->fingerprint() != old_fingerprint);
  CHECK(after->fingerprint() == load({"ai-diffusion-2025"}).fingerprint());

  // A snapshot taken before the reload still decides on the packs it started with.
  auto parsed = exportctl::parse_shipment(
      exportctl::test::read_file(EXPORTCTL_SOURCE_DIR "/examples/ai-diffusion-india-lpp.yaml"),
      "ai-diffusion-india-lpp.yaml");
  REQUIRE(parsed.value);
  const auto old_decision = before->check(*parsed.value);
  const auto new_decision = after->check(*parsed.value);
  REQUIRE(old_decision.value);
  REQUIRE(new_decision.value);
  CHECK(old_decision.value->fingerprint == old_fingerprint);
  CHECK(old_decision.value->scenario.empty());
  CHECK(new_decision.value->fingerprint == after->fingerprint());
  CHECK(new_decision.value->scenario == "ai-diffusion-2025");
}

TEST_CASE("engine_handle keeps its packs when a reload fails", "[engine][reload]") {
  exportctl::engine_handle handle(load());
  const std::string fingerprint = handle.current()->fingerprint();

  auto missing = handle.reload({{EXPORTCTL_SOURCE_DIR "/does-not-exist"}, {}});
  CHECK_FALSE(missing.reloaded);
  CHECK(exportctl::has_errors(missing.diagnostics));
  CHECK(handle.current()->fingerprint() == fingerprint);

  auto bad_scenario = handle.reload({{rules_dir}, {"no-such-scenario"}});
  CHECK_FALSE(bad_scenario.reloaded);
  REQUIRE_FALSE(bad_scenario.diagnostics.empty());
  CHECK(bad_scenario.diagnostics.front().code == "EXC-E3010");
  CHECK(handle.current()->fingerprint() == fingerprint);
}

TEST_CASE("engine_handle keeps the engine's input limits across a reload", "[engine][reload]") {
  exportctl::input_limits lim;
  lim.max_parties = 3;
  auto built = exportctl::engine::load({{rules_dir}, {}}, lim);
  REQUIRE(built.value);
  exportctl::engine_handle handle(*built.value);
  REQUIRE(handle.reload({{rules_dir}, {"ai-diffusion-2025"}}).reloaded);
  CHECK(handle.current()->limits().max_parties == 3);
}
