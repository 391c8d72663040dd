// licensed_allocation_test.cpp: the AI Diffusion scenario's Tier 2 country allocation computed
// from history (docs/ledger.md, "Compute accounting"). The ledger records the TPP of each
// order released under a licence per end-user country and year; a release hands the engine
// those figures (ledger_facts.licensed), and `destination_licensed_tpp` counts the years from
// its `since_year` for the hop's recipient country. Past 790,000,000 TPP on the records alone,
// EAR_AI_DIFFUSION_TIER2_ALLOCATION_USED (policy of denial, for certain) replaces the
// conditional Tier 2 policy; a cancelled order stops counting.
#include <catch2/catch.hpp>

#include "../engine/fixtures.hpp"
#include "exportctl/io.hpp"
#include "ledger_fixture.hpp"

namespace exportctl::test {
namespace {

constexpr const char* used_rule = "EAR_AI_DIFFUSION_TIER2_ALLOCATION_USED";
constexpr const char* conditional_rule = "EAR_AI_DIFFUSION_TIER2_ALLOCATION_POLICY";

// 1,000 H100s (15,832,000 TPP) to an Indian end user past the LPP cap: a licence is required
// under the scenario, Tier 2 review.
shipment india_order(std::string id, const char* on = "2025-06-02") {
  auto s = chain({product_item("nvidia-h100-sxm5-80gb", 1000)},
                 {make_party("exp", "US", party_role::exporter, "Example Inc."),
                  make_party("eu", "IN", party_role::end_user, "Example Research Ltd")},
                 on);
  s.parties[1].consignee_ytd_tpp = 11068001;
  s.id = std::move(id);
  return s;
}

const engine& scenario() { return real_engine({"ai-diffusion-2025"}); }

decision decide_with(const shipment& s, std::vector<licensed_tpp_record> licensed) {
  ledger_facts f;
  f.source = "sqlite:test";
  f.licensed = std::move(licensed);
  check_options o;
  o.facts = &f;
  auto r = scenario().check(s, o);
  REQUIRE(r.value);
  return *r.value;
}

}  // namespace

TEST_CASE("the Tier 2 allocation counts the ledger's licensed TPP to the country since 2025",
          "[ledger][engine]") {
  const auto s = india_order("SO-IN");
  // Without a ledger, or under the allocation: the conditional policy stands.
  const auto plain = *scenario().check(s).value;
  CHECK(find_finding(plain, conditional_rule));
  CHECK_FALSE(find_finding(plain, used_rule));
  // 775,000,000 licensed to India in 2025, with this shipment's 15,832,000: past 790,000,000.
  const auto used = decide_with(s, {{"IN", 2025, 775'000'000, 40}});
  CHECK(used.result == outcome::license_required);
  CHECK(used.policy == review_policy::policy_of_denial);
  CHECK(find_finding(used, used_rule));
  CHECK_FALSE(find_finding(used, conditional_rule));
  // Years before `since_year` (2025), another country, or short of it: not counted as used.
  for (const auto& history :
       std::vector<std::vector<licensed_tpp_record>>{{{"IN", 2024, 900'000'000, 50}},
                                                     {{"SG", 2025, 900'000'000, 50}},
                                                     {{"IN", 2025, 770'000'000, 40}}}) {
    const auto d = decide_with(s, history);
    CHECK_FALSE(find_finding(d, used_rule));
    CHECK(find_finding(d, conditional_rule));
  }
  // The allocation is for 2025-2027: on 2028-01-03 the rule is no longer in force.
  const auto later = decide_with(india_order("SO-IN-28", "2028-01-03"),
                                 {{"IN", 2025, 775'000'000, 40}, {"IN", 2028, 1'000'000, 1}});
  CHECK_FALSE(find_finding(later, used_rule));
}

TEST_CASE("ledger: licensed releases to a country are counted, and a cancel stops counting",
          "[ledger]") {
  scratch_ledger scratch(false);
  auto l = scratch.open();
  license lic;
  lic.number = "D-IN-1";
  lic.holder = "Example Inc.";
  lic.valid_from = *date::parse("2025-01-01");
  lic.valid_to = *date::parse("2027-12-31");
  lic.products = {"nvidia-h100-sxm5-80gb"};
  lic.destinations = {"IN"};
  lic.quantity = 100'000;
  REQUIRE(l->add_licenses({lic}).ok());
  // 49 orders of 1,000 H100s: 775,768,000 TPP licensed to India. The 50th would be past the
  // allocation with its own 15,832,000.
  for (int i = 1; i <= 49; ++i) {
    auto r = l->release(scenario(), india_order("SO-" + std::to_string(i)));
    INFO(ledger_codes(r.diagnostics));
    REQUIRE(r.release);
    REQUIRE(r.release->state == release_state::released);
    REQUIRE_FALSE(find_finding(*r.value, used_rule));
  }
  auto last = l->release(scenario(), india_order("SO-50"));
  REQUIRE(last.release);
  CHECK(find_finding(*last.value, used_rule));
  CHECK(last.value->policy == review_policy::policy_of_denial);
  // Cancelled, two orders no longer count: the next one is under the allocation again.
  REQUIRE(l->cancel("SO-50").ok());
  REQUIRE(l->cancel("SO-49").ok());
  auto again = l->release(scenario(), india_order("SO-51"));
  REQUIRE(again.release);
  CHECK_FALSE(find_finding(*again.value, used_rule));
  CHECK(find_finding(*again.value, conditional_rule));
}

}  // namespace exportctl::test
