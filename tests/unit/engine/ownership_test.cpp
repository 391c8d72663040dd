// ownership_test.cpp: the Affiliates (50%) rule walk (src/engine/ownership.cpp) against the real
// packs: the 50% threshold, aggregation, chains, Red Flag 29, cycles, depth, the rule's dates and
// the ultimate-parent contradiction. H100s to Malaysia need no licence on these dates, so every
// change of outcome comes from the owners.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "unit/engine/fixtures.hpp"

namespace {

using namespace exportctl;
using test::d;

constexpr const char* huawei = "Huawei Technologies Co., Ltd.";
constexpr const char* in_force = "2025-10-15";
constexpr const char* affiliates_2025 = "EAR_744_AFFILIATES_RULE_2025";

owner named(std::string name, std::optional<double> percent, std::string country = "CN") {
  return {"", std::move(name), std::move(country), percent, {}};
}
owner of_entity(std::string id, std::optional<double> percent) {
  return {std::move(id), "", "", percent, {}};
}

shipment owned(std::vector<owner> owners, const char* on = in_force,
               std::vector<entity> entities = {}) {
  auto eu = test::make_party("eu", "MY", party_role::end_user);
  eu.owners = std::move(owners);
  shipment s = test::chain({test::product_item("nvidia-h100-sxm5-80gb", 8)},
                           {test::make_party("exp", "US", party_role::exporter), eu}, on);
  s.entities = std::move(entities);
  return s;
}

entity holding(std::string id, std::vector<owner> owners) {
  return {id, "Holding " + id + " Ltd.", "HK", std::move(owners), {}};
}

}  // namespace

TEST_CASE("affiliates: 50% or more by a listed owner restricts, less does not",
          "[engine][ownership]") {
  auto dec = test::decide(owned({named(huawei, 50)}));
  CHECK(dec.result == outcome::license_required);
  CHECK(dec.policy == review_policy::presumption_of_denial);
  REQUIRE(test::find_finding(dec, affiliates_2025));
  CHECK(test::decide(owned({named(huawei, 49.9)})).result == outcome::no_license_required);
}

TEST_CASE("affiliates: listed owners aggregate", "[engine][ownership]") {
  CHECK(test::decide(owned({named("Sugon", 30), named(huawei, 25)})).result ==
        outcome::license_required);
  CHECK(test::decide(owned({named("Sugon", 30), named(huawei, 19)})).result ==
        outcome::no_license_required);
  // Exactly 50% in decimal shares that do not add up exactly in binary.
  CHECK(test::decide(owned({named("Sugon", 33.3), named(huawei, 16.7)})).result ==
        outcome::license_required);
}

TEST_CASE("affiliates: restriction flows through chains of restricted owners",
          "[engine][ownership]") {
  const auto chain = [](double top, double below) {
    return owned({of_entity("b", below)}, in_force, {holding("b", {named(huawei, top)})});
  };
  const auto dec = test::decide(chain(60, 60));
  CHECK(dec.result == outcome::license_required);
  const auto* f = test::find_finding(dec, affiliates_2025);
  REQUIRE(f);
  CHECK(std::string(f->message).find("-60%-> `Holding b Ltd.` (entity b) -60%->") !=
        std::string::npos);
  // B is 40% listed-owned: not restricted, so its 60% of the end user carries nothing.
  CHECK(test::decide(chain(40, 60)).result == outcome::no_license_required);
  // A restricted owner and a listed one aggregate too: 30% via B plus 25% direct.
  auto mixed = owned({of_entity("b", 30), named("Sugon", 25)}, in_force,
                     {holding("b", {named(huawei, 60)})});
  CHECK(test::decide(mixed).result == outcome::license_required);
}

TEST_CASE("affiliates: a party of the shipment can be an owner", "[engine][ownership]") {
  auto s = owned({of_entity("dist", 70)});
  // In CN, where the entry is: a listed name in another country is only a possible match.
  auto dist = test::make_party("dist", "CN", party_role::distributor, huawei);
  s.parties.insert(s.parties.begin() + 1, dist);
  s.transfers = {{"exp", "dist", {}}, {"dist", "eu", {}}};
  const auto dec = test::decide(s);
  CHECK(dec.result == outcome::license_required);
  const auto* f = test::find_finding(dec, affiliates_2025);
  REQUIRE(f);
  CHECK(test::ids(f->parties) == std::vector<std::string>{"eu"});
}

TEST_CASE("affiliates: a listed owner of unknown share holds (Red Flag 29)",
          "[engine][ownership]") {
  const auto dec =
      test::decide(owned({named(huawei, std::nullopt), named("Example Family", 30, "MY")}));
  CHECK(dec.result == outcome::hold);
  CHECK(test::has_missing(dec, "Red Flag 29"));
  // An unknown share of an owner that is not listed changes nothing.
  CHECK(test::decide(owned({named("Example Family", std::nullopt, "MY")})).result ==
        outcome::no_license_required);
}

TEST_CASE("affiliates: a cycle with a listed owner above holds, one without does not",
          "[engine][ownership]") {
  const auto cyc = [](const char* top) {
    return owned(
        {of_entity("b", 60)}, in_force,
        {holding("a", {named(top, 40), of_entity("b", 20)}), holding("b", {of_entity("a", 50)})});
  };
  const auto dec = test::decide(cyc(huawei));
  CHECK(dec.result == outcome::hold);
  CHECK(test::has_missing(dec, "cycle of ownership"));
  CHECK(test::decide(cyc("Example Family Holdings")).result == outcome::no_license_required);
}

TEST_CASE("affiliates: a chain deeper than the bound is followed, never cleared",
          "[engine][ownership]") {
  // 20 holdings, each 100% of the next, Huawei 100% of the first: restricted at any depth.
  std::vector<entity> levels;
  for (int i = 0; i < 20; ++i) {
    levels.push_back(
        holding("h" + std::to_string(i),
                {i == 0 ? named(huawei, 100) : of_entity("h" + std::to_string(i - 1), 100)}));
  }
  const auto dec = test::decide(owned({of_entity("h19", 100)}, in_force, levels));
  CHECK(dec.result >= outcome::license_required);
}

TEST_CASE("affiliates: the rule's dates come from the pack", "[engine][ownership]") {
  const std::vector<owner> o{named(huawei, 60)};
  CHECK(test::decide(owned(o, "2025-09-28")).result == outcome::no_license_required);
  CHECK(test::decide(owned(o, "2025-09-29")).result == outcome::license_required);
  CHECK(test::decide(owned(o, "2025-11-09")).result == outcome::license_required);
  const auto suspended = test::decide(owned(o, "2025-11-10"));
  CHECK(suspended.result == outcome::no_license_required);
  CHECK(test::find_finding(suspended, "EAR_744_AFFILIATES_RULE_SUSPENDED"));
  CHECK(test::decide(owned(o, "2026-11-09")).result == outcome::no_license_required);
  // Expected back, unconfirmed (grade U): holds, never clears.
  CHECK(test::decide(owned(o, "2026-11-10")).result == outcome::hold);
  CHECK(test::decide(owned(o, "2027-06-01")).result == outcome::hold);
}

TEST_CASE("affiliates: a majority owner contradicting the stated ultimate parent holds",
          "[engine][ownership]") {
  auto s = owned({named("Example Parent Co.", 80, "CN")}, "2025-06-02");
  s.parties[1].ultimate_parent_headquarters = "SG";
  const auto dec = test::decide(s);
  CHECK(dec.result == outcome::hold);
  CHECK(test::has_missing(dec, "ultimate parent headquarters stated SG"));
  s.parties[1].ultimate_parent_headquarters = "CN";
  CHECK_FALSE(test::has_missing(test::decide(s), "ultimate parent headquarters stated"));
  // 50% is not a majority: nothing to contradict.
  s.parties[1].ultimate_parent_headquarters = "SG";
  s.parties[1].owners[0].percent = 50;
  CHECK_FALSE(test::has_missing(test::decide(s), "ultimate parent headquarters stated"));
}

TEST_CASE("affiliates: diamonds of owners give a bounded finding", "[engine][ownership]") {
  // 24 levels of two holdings, each holding 50% of both holdings of the next level: 2^24 paths
  // from Huawei down to the end user. The finding lists a few and says there are more.
  std::vector<entity> levels;
  for (int i = 0; i < 24; ++i) {
    for (const char* side : {"l", "r"}) {
      std::vector<owner> o;
      if (i == 0) {
        o = {named(huawei, 100)};
      } else {
        o = {of_entity("l" + std::to_string(i - 1), 50),
             of_entity("r" + std::to_string(i - 1), 50)};
      }
      levels.push_back(holding(side + std::to_string(i), o));
    }
  }
  const auto dec =
      test::decide(owned({of_entity("l23", 50), of_entity("r23", 50)}, in_force, levels));
  CHECK(dec.result == outcome::license_required);
  const auto* f = test::find_finding(dec, affiliates_2025);
  REQUIRE(f);
  CHECK(std::string(f->message).find("and more paths") != std::string::npos);
  CHECK(f->message.size() < 20000);
}

TEST_CASE("affiliates: a long ring of cross-holdings is walked in linear work",
          "[engine][ownership]") {
  // 900 holdings in one ring (each 60% of the next), Huawei 40% of the first: whether the ring
  // is restricted depends on itself, so with a listed owner above it holds; the same ring
  // without Huawei clears (nothing listed can flow down).
  const auto ring = [](bool listed) {
    std::vector<entity> levels;
    for (int i = 0; i < 900; ++i) {
      std::vector<owner> o{of_entity("h" + std::to_string((i + 899) % 900), 60)};
      if (i == 0 && listed) o.push_back(named(huawei, 40));
      levels.push_back(holding("h" + std::to_string(i), o));
    }
    return owned({of_entity("h899", 60)}, in_force, levels);
  };
  CHECK(test::decide(ring(true)).result == outcome::hold);
  CHECK(test::decide(ring(false)).result == outcome::no_license_required);
}

TEST_CASE("affiliates: an owner that may be listed holds what it could restrict",
          "[engine][ownership]") {
  // "Huawei Technologies Japan K.K." reaches the curated Huawei entry only by score: a possible
  // match. As an owner that is no party it has no screening of its own, so 60% of it must hold
  // (fail closed), with the candidate named; 10% of it cannot reach 50% and changes nothing.
  const auto dec =
      test::decide(owned({named("Huawei Technologies Japan K.K.", 60, "JP")}, "2026-11-20"));
  CHECK(dec.result == outcome::hold);
  CHECK(test::has_missing(dec, "may be `Huawei Technologies Co., Ltd.`"));
  CHECK(test::decide(owned({named("Huawei Technologies Japan K.K.", 10, "JP")}, "2026-11-20"))
            .result == outcome::no_license_required);
  // While the rule is suspended, no owner restricts: the doubt changes nothing either.
  CHECK(test::decide(owned({named("Huawei Technologies Japan K.K.", 60, "JP")}, "2026-03-01"))
            .result == outcome::no_license_required);
}

TEST_CASE("affiliates: a reviewer's clearance of an owner's possible match is honoured",
          "[engine][ownership]") {
  // The good-guys file clears "Huawei Technologies Japan K.K." in JP of the curated Huawei entry
  // (tests/cli/data/reviewed.csv). As a party that clears it; as an owner it must too, or an
  // owner no reviewer could ever clear would hold its affiliates for good.
  engine_options opt{{EXPORTCTL_SOURCE_DIR "/rules"}, {}};
  opt.reviewed_paths = {EXPORTCTL_SOURCE_DIR "/tests/cli/data/reviewed.csv"};
  auto built = engine::load(opt);
  REQUIRE(built.value);
  const engine& eng = *built.value;

  const auto dec =
      test::decide(owned({named("Huawei Technologies Japan K.K.", 60, "JP")}, "2026-11-20"), eng);
  CHECK(dec.result == outcome::no_license_required);
  CHECK_FALSE(test::has_missing(dec, "may be `Huawei Technologies Co., Ltd.`"));
  // The decision says why the owner counted as clear, on the party it owns.
  bool said = false;
  for (const auto& f : dec.findings) {
    if (f.message.find("owner `Huawei Technologies Japan K.K.` (JP) may be") == std::string::npos)
      continue;
    said =
        f.message.find("cleared by J. Doe (trade compliance) on 2026-11-30") != std::string::npos;
    CHECK(f.effect == outcome::no_license_required);
    CHECK(test::ids(f.parties) == std::vector<std::string>{"eu"});
  }
  CHECK(said);
  // Cleared for Japan only: the same name stated in another country still holds.
  CHECK(test::decide(owned({named("Huawei Technologies Japan K.K.", 60, "SG")}, "2026-11-20"), eng)
            .result == outcome::hold);
  // Through an entity: said on the party below it.
  const auto via =
      test::decide(owned({of_entity("parent", 100)}, "2026-11-20",
                         {holding("parent", {named("Huawei Technologies Japan K.K.", 60, "JP")})}),
                   eng);
  CHECK(via.result == outcome::no_license_required);
  CHECK(std::any_of(via.findings.begin(), via.findings.end(), [](const finding& f) {
    return f.message.find("cleared by J. Doe") != std::string::npos &&
           test::ids(f.parties) == std::vector<std::string>{"eu"};
  }));
}
