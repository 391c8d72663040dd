// review_test.cpp: reviews of holds (`exportctl ledger resolve`) on both backends: a reviewer
// clears a possible screening match of a held order, the next release decides with the review
// and names it, the receipt replays it without the database, and a review clears nothing else.
#include <catch2/catch.hpp>

#include "../engine/fixtures.hpp"
#include "../read_file.hpp"
#include "exportctl/io.hpp"
#include "exportctl/receipt.hpp"
#include "ledger_fixture.hpp"

namespace exportctl::test {
namespace {

// tests/golden/decisions/entity-list-possible-acronym-hmc-gmbh-de-l20-2025-hold.yaml: "HMC GmbH"
// in Germany hits only the acronym alias of a listed Chinese entity: a possible match, held.
shipment hmc_order() {
  auto parsed = parse_shipment(
      read_file(
          EXPORTCTL_SOURCE_DIR
          "/tests/golden/decisions/entity-list-possible-acronym-hmc-gmbh-de-l20-2025-hold.yaml"),
      "hmc.yaml");
  REQUIRE(parsed.value);
  return *parsed.value;
}

const reviewed_clearance hmc_clear{"exportctl curated Entity List", "EL_CHENGDU_HAIGUANG_MICRO",
                                   "HMC GmbH", "DE"};

void resolve_a_hold(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  const auto s = hmc_order();
  auto held = l->release(real_engine(), s, "SO-HMC");
  REQUIRE(held.release);
  REQUIRE(held.release->state == release_state::held);

  CHECK(ledger_codes(l->resolve("SO-HMC", "", "because").diagnostics) == "EXC-E9110 ");
  CHECK(ledger_codes(l->resolve("SO-NONE", "J. Doe", "because").diagnostics) == "EXC-E9107 ");
  // A review that clears another entry changes nothing.
  REQUIRE(l->resolve("SO-HMC", "J. Doe", "wrong entry",
                     {{hmc_clear.source, "EL_OTHER", "HMC GmbH", "DE"}})
              .ok());
  auto still = l->release(real_engine(), s, "SO-HMC");
  REQUIRE(still.release);
  CHECK(still.release->state == release_state::held);

  REQUIRE(l->resolve("SO-HMC", "J. Doe",
                     "HMC GmbH is a Munich machine maker (HRB 12345), not Chengdu Haiguang",
                     {hmc_clear})
              .ok());
  auto r = l->release(real_engine(), s, "SO-HMC");
  INFO(ledger_codes(r.diagnostics));
  REQUIRE(r.release);
  CHECK(r.release->state == release_state::released);
  CHECK(r.value->result != outcome::hold);
  CHECK(finding_says(*r.value, "cleared by J. Doe on "));
  CHECK(finding_says(*r.value,
                     "(ledger review of order `SO-HMC`): HMC GmbH is a Munich machine maker"));
  // Released: there is no hold left to resolve.
  CHECK(ledger_codes(l->resolve("SO-HMC", "J. Doe", "again").diagnostics) == "EXC-E9108 ");

  // The journal has both reviews; the release's receipt carries them and replays.
  std::vector<diagnostic> diags;
  auto j = l->journal(&diags);
  CHECK(std::count_if(j.begin(), j.end(), [](const auto& x) { return x.kind == "resolve"; }) == 2);
  REQUIRE(j.back().kind == "release");
  auto parsed = parse_receipt(last_release_receipt(*l), "journal");
  REQUIRE(parsed.value);
  REQUIRE(parsed.value->facts);
  CHECK(parsed.value->facts->reviews.size() == 2);
  CHECK(verify_receipt(*parsed.value, real_engine()).verified());
  CHECK(l->verify(&diags).ok);
}

}  // namespace

TEST_CASE("ledger: a review clears a possible match on the next release", "[ledger]") {
  resolve_a_hold(false);
}
TEST_CASE("ledger on PostgreSQL: a review clears a possible match", "[.pg][pg]") {
  resolve_a_hold(true);
}

TEST_CASE("ledger: a review never clears a licence requirement", "[ledger]") {
  scratch_ledger scratch(false);
  auto l = scratch.open();
  // H200s to China need a licence; the ledger has none: blocked, and blocked is not held.
  auto s = chain({product_item("nvidia-h200-sxm-141gb", 1)},
                 {make_party("exp", "US", party_role::exporter),
                  make_party("eu", "CN", party_role::end_user, "Example AI Lab")},
                 "2026-03-02");
  s.id = "SO-LR";
  auto r = l->release(real_engine(), s);
  REQUIRE(r.release);
  CHECK(r.release->state == release_state::blocked);
  CHECK(ledger_codes(l->resolve("SO-LR", "J. Doe", "please").diagnostics) == "EXC-E9108 ");
}

TEST_CASE("review facts files are read strictly", "[ledger]") {
  auto good = parse_review_facts(
      "clear:\n  - {source: OFAC SDN, entry: '12345', name: Acme Trading, country: AE}\n",
      "review.yaml");
  INFO(ledger_codes(good.diagnostics));
  REQUIRE(good.value.size() == 1);
  CHECK(good.value[0].entry == "12345");
  auto empty = parse_review_facts(
      "clear:\n  - {source: OFAC SDN, entry: '', name: A, country: AE}\n", "review.yaml");
  CHECK(empty.value.empty());
  REQUIRE(empty.diagnostics.size() == 1);
  CHECK(format(empty.diagnostics[0]).find("review.yaml:2:") == 0);
  CHECK(empty.diagnostics[0].code == "EXC-E9111");
  auto unknown = parse_review_facts(
      "clear: [{source: a, entry: b, name: c, country: DE, why: x}]\n", "review.yaml");
  CHECK(ledger_codes(unknown.diagnostics) == "EXC-E2003 ");
  CHECK(ledger_codes(parse_review_facts("clear: []\n", "r.yaml").diagnostics) == "EXC-E9111 ");
  CHECK(ledger_codes(parse_review_facts("clears: []\n", "r.yaml").diagnostics) ==
        "EXC-E2003 EXC-E9111 ");
}

}  // namespace exportctl::test
