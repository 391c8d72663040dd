// supplied_facts_test.cpp: a review that supplies a missing fact (`supply:` in `ledger resolve
// --facts`, docs/ledger.md). The hold names the fact; the reviewer supplies it; the next release
// decides with it and says whose fact it used; the receipt replays without the database. A
// review supplies only what the hold asked for, never overrides a fact the shipment states, and
// is never used when no pack in force reports its use.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "../engine/fixtures.hpp"
#include "../read_file.hpp"
#include "exportctl/io.hpp"
#include "exportctl/receipt.hpp"
#include "ledger_fixture.hpp"

namespace exportctl::test {
namespace {

// examples/missing-die-area-hold.yaml: TPP 2000 and no die area, so 3A090.a.2, 3A090.b or no
// 3A090 at all depends on the performance density: held for `item 1: die_area_mm2`.
shipment die_area_order() {
  auto parsed = parse_shipment(
      read_file(EXPORTCTL_SOURCE_DIR "/examples/missing-die-area-hold.yaml"), "hold.yaml");
  REQUIRE(parsed.value);
  return *parsed.value;
}

supplied_fact die_area(double mm2) { return {1, {}, "die_area_mm2", mm2}; }

bool flag_says(const decision& d, const std::string& text) {
  return std::any_of(d.red_flags.begin(), d.red_flags.end(), [&](const red_flag& f) {
    return std::string(f.message).find(text) != std::string::npos;
  });
}

ledger_facts with_review(std::vector<supplied_fact> supplies) {
  ledger_facts f;
  f.source = "sqlite:test";
  f.reviews.push_back(
      {"SO-7001", "J. Doe", "2026-12-07T08:00:00Z", "datasheet rev. C", {}, std::move(supplies)});
  return f;
}

void supply_a_missing_fact(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  const auto s = die_area_order();
  auto held = l->release(real_engine(), s);
  REQUIRE(held.release);
  REQUIRE(held.release->state == release_state::held);

  std::vector<diagnostic> diags;
  const auto before = l->journal(&diags).size();
  // Only what the hold asks for: a TPP, a party's headquarters or another item are refused,
  // and nothing is recorded.
  CHECK(ledger_codes(
            l->resolve("SO-7001", "J. Doe", "x", {}, {{1, {}, "tpp", 4000.0}}).diagnostics) ==
        "EXC-E9112 ");
  CHECK(ledger_codes(
            l->resolve("SO-7001", "J. Doe", "x", {}, {{2, {}, "die_area_mm2", 1.0}}).diagnostics) ==
        "EXC-E9112 ");
  CHECK(ledger_codes(
            l->resolve("SO-7001", "J. Doe", "x", {}, {{0, "eu", "headquarters", std::string("IN")}})
                .diagnostics) == "EXC-E9112 ");
  CHECK(l->journal(&diags).size() == before);

  REQUIRE(
      l->resolve("SO-7001", "J. Doe", "datasheet rev. C, p. 4: 814 mm2", {}, {die_area(814)}).ok());
  auto r = l->release(real_engine(), s);
  INFO(ledger_codes(r.diagnostics));
  REQUIRE(r.release);
  // 2000 / 814 is a performance density of 2.46: under every 3A090 threshold.
  CHECK(r.release->state == release_state::released);
  CHECK(r.value->result == outcome::no_license_required);
  CHECK(r.value->missing_facts.empty());
  CHECK(flag_says(*r.value, "item 1: die_area_mm2 = 814 supplied by J. Doe on "));
  CHECK(flag_says(*r.value, "(ledger review of order `SO-7001`): datasheet rev. C, p. 4"));

  // A retry answers the decision that was released, not one made without the review.
  auto again = l->release(real_engine(), s);
  REQUIRE(again.release);
  CHECK(again.release->replayed);
  CHECK(to_json(*again.value) == to_json(*r.value));

  // The receipt carries the review with its supplied fact and replays without the database.
  auto parsed = parse_receipt(last_release_receipt(*l), "journal");
  REQUIRE(parsed.value);
  REQUIRE(parsed.value->facts);
  REQUIRE(parsed.value->facts->reviews.size() == 1);
  CHECK(parsed.value->facts->reviews[0].supplies == std::vector<supplied_fact>{die_area(814)});
  CHECK(verify_receipt(*parsed.value, real_engine()).verified());
  CHECK(l->verify(&diags).ok);
}

}  // namespace

TEST_CASE("ledger: a review supplies a missing fact to the next release", "[ledger]") {
  supply_a_missing_fact(false);
}
TEST_CASE("ledger on PostgreSQL: a review supplies a missing fact", "[.pg][pg]") {
  supply_a_missing_fact(true);
}

TEST_CASE("a supplied fact never overrides what the shipment states", "[ledger][engine]") {
  auto s = die_area_order();
  s.items[0].specs->die_area_mm2 = 300;  // 2000 / 300 = 6.67: 3A090.a.2
  const auto plain = *real_engine().check(s).value;
  const auto facts = with_review({die_area(814)});
  check_options o;
  o.facts = &facts;
  const auto d = *real_engine().check(s, o).value;
  CHECK(d.result == plain.result);
  CHECK(d.items[0].eccn == plain.items[0].eccn);
  CHECK(d.items[0].performance_density == plain.items[0].performance_density);
  CHECK(flag_says(d,
                  "item 1: die_area_mm2 = 814 from J. Doe's review of 2026-12-07T08:00:00Z "
                  "not used: the shipment states it"));
  // Nor a computer's facts (its parts' are in the shipment), nor an item that is not there.
  auto facts2 = with_review({{7, {}, "die_area_mm2", 814.0}});
  o.facts = &facts2;
  CHECK(flag_says(*real_engine().check(s, o).value, "not used: the shipment has no item 7"));
}

TEST_CASE("a supplied headquarters fills the one a policy requires", "[ledger][engine]") {
  engine_options eo{{EXPORTCTL_SOURCE_DIR "/rules"}, {}};
  eo.require_headquarters = true;
  auto eng = engine::load(eo);
  REQUIRE(eng.value);
  auto s = chain({product_item("nvidia-h20", 1)},
                 {make_party("exp", "US", party_role::exporter),
                  make_party("eu", "MY", party_role::end_user, "Example Labs Sdn. Bhd.")},
                 "2026-03-02");
  const auto held = *eng.value->check(s).value;
  REQUIRE(held.result == outcome::hold);
  REQUIRE(has_missing(held, "party eu: headquarters and ultimate parent headquarters"));
  const auto facts = with_review({{0, "eu", "headquarters", std::string("MY")},
                                  {0, "eu", "ultimate_parent_headquarters", std::string("MY")}});
  check_options o;
  o.facts = &facts;
  const auto d = *eng.value->check(s, o).value;
  CHECK(d.missing_facts.empty());
  CHECK(d.result != outcome::hold);
  CHECK(flag_says(d, "party eu: headquarters = MY supplied by J. Doe"));
  CHECK(flag_says(d, "party eu: ultimate_parent_headquarters = MY supplied by J. Doe"));
}

TEST_CASE("no supplied fact is used when no pack reports it", "[ledger][engine]") {
  // The default packs with LEDGER_REVIEW_SUPPLIED_FACT taken out of ear-red-flags.
  namespace fs = std::filesystem;
  engine_options eo;
  for (const auto& e : fs::recursive_directory_iterator(EXPORTCTL_SOURCE_DIR "/rules")) {
    if (e.path().extension() != ".yaml" || e.path().filename() == "pack-set.yaml") continue;
    std::string text = read_file(e.path());
    if (e.path().filename() == "red-flags.yaml") {
      const auto at = text.find("  - id: LEDGER_REVIEW_SUPPLIED_FACT");
      REQUIRE(at != std::string::npos);
      text.resize(at);
    }
    eo.rule_texts.push_back({e.path().filename().string(), text});
  }
  auto eng = engine::load(eo);
  INFO((eng.diagnostics.empty() ? std::string() : format(eng.diagnostics[0])));
  REQUIRE(eng.value);
  const auto facts = with_review({die_area(814)});
  check_options o;
  o.facts = &facts;
  const auto d = *eng.value->check(die_area_order(), o).value;
  CHECK(d.result == outcome::hold);
  CHECK(has_missing(d, "item 1: die_area_mm2"));
}

TEST_CASE("supplied facts in a review file are read strictly", "[ledger]") {
  auto good = parse_review_facts(
      "supply:\n  - {item: 1, fact: die_area_mm2, value: 814}\n"
      "  - {party: eu, fact: headquarters, value: MY}\n  - {item: 2, fact: datacenter, value: "
      "true}\n",
      "review.yaml");
  INFO(ledger_codes(good.diagnostics));
  REQUIRE(good.supplies.size() == 3);
  CHECK(good.value.empty());
  CHECK(good.supplies[0] == die_area(814));
  CHECK(good.supplies[1] == supplied_fact{0, "eu", "headquarters", std::string("MY")});
  CHECK(good.supplies[2] == supplied_fact{2, {}, "datacenter", true});
  const auto codes = [](const char* text) {
    return ledger_codes(parse_review_facts(text, "r.yaml").diagnostics);
  };
  CHECK(codes("supply: [{item: 1, party: eu, fact: tpp, value: 1}]") == "EXC-E9111 ");
  CHECK(codes("supply: [{fact: tpp, value: 1}]") == "EXC-E9111 ");
  CHECK(codes("supply: [{item: 0, fact: tpp, value: 1}]") == "EXC-E9111 ");
  CHECK(codes("supply: [{item: 1, fact: quantity, value: 1}]") == "EXC-E2004 ");
  CHECK(codes("supply: [{item: 1, fact: hbm, value: true}]") == "EXC-E2004 ");
  CHECK(codes("supply: [{party: eu, fact: country, value: CN}]") == "EXC-E2004 ");
  CHECK(codes("supply: [{party: eu, fact: headquarters, value: XX}]") == "EXC-E9111 ");
  CHECK(codes("supply: [{item: 1, fact: die_area_mm2, value: big}]") == "EXC-E2002 ");
  CHECK(codes("supply: [{item: 1, fact: die_area_mm2, value: -3}]") == "EXC-E2006 ");
  CHECK(codes("supply: [{item: 1, fact: datacenter, value: 1}]") == "EXC-E2002 ");
  CHECK(codes("supply: [{item: 1, fact: die_area_mm2}]") == "EXC-E2001 ");
  CHECK(codes("supply: []") == "EXC-E9111 ");
  const auto bad =
      parse_review_facts("supply:\n  - {item: 1, fact: die_area_mm2, value: -3}\n", "review.yaml");
  REQUIRE(!bad.diagnostics.empty());
  CHECK(format(bad.diagnostics[0]).find("review.yaml:2:") == 0);
}

}  // namespace exportctl::test
