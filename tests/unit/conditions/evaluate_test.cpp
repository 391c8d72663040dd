// evaluate_test.cpp: three-valued (strong Kleene) evaluation and missing-fact recording.
#include "conditions/evaluate.hpp"

#include <catch2/catch.hpp>

#include "unit/engine/fixtures.hpp"

using namespace exportctl;
using namespace exportctl::test;
using namespace exportctl::detail;
using hb::all_of;
using hb::any_of;
using hb::not_;
using hb::threshold;

namespace {

struct harness {
  compiled_packs packs;
  item_facts item;
  std::vector<missing_ref> missing;

  tri eval(const condition& c, const hop_facts* hop = nullptr) {
    missing.clear();
    return evaluate(c, {&packs, d("2025-01-01"), &item, hop, &missing});
  }
  void set(param p, double v) { item.values[static_cast<std::size_t>(p)] = v; }
};

}  // namespace

TEST_CASE("a comparison on a missing fact is unknown and names the fact", "[conditions]") {
  harness h;
  CHECK(h.eval(threshold(param::tpp, cmp::ge, 4800)) == tri::unknown);
  REQUIRE(h.missing.size() == 1);
  CHECK(h.missing[0].f == fact::dense_tops);
  h.set(param::tpp, 5000);
  CHECK(h.eval(threshold(param::tpp, cmp::ge, 4800)) == tri::yes);
  CHECK(h.missing.empty());
  // Performance density names whichever of TPP and die area is missing.
  CHECK(h.eval(threshold(param::performance_density, cmp::ge, 5.92)) == tri::unknown);
  REQUIRE(h.missing.size() == 1);
  CHECK(h.missing[0].f == fact::die_area_mm2);
}

TEST_CASE("all_of: a definite no wins over unknown and drops its facts", "[conditions]") {
  harness h;
  h.set(param::tpp, 1000);
  const condition c =
      all_of({threshold(param::die_area_mm2, cmp::gt, 1), threshold(param::tpp, cmp::ge, 4800)});
  CHECK(h.eval(c) == tri::no);
  CHECK(h.missing.empty());
  h.set(param::tpp, 9000);
  CHECK(h.eval(c) == tri::unknown);
  REQUIRE(h.missing.size() == 1);
  CHECK(h.missing[0].f == fact::die_area_mm2);
}

TEST_CASE("any_of: a definite yes wins over unknown, not keeps unknown", "[conditions]") {
  harness h;
  h.set(param::tpp, 9000);
  const condition c = any_of(
      {threshold(param::io_bandwidth_gbs, cmp::ge, 600), threshold(param::tpp, cmp::ge, 4800)});
  CHECK(h.eval(c) == tri::yes);
  CHECK(h.missing.empty());
  CHECK(h.eval(not_(c)) == tri::no);
  const condition unknown = any_of(
      {threshold(param::io_bandwidth_gbs, cmp::ge, 600), threshold(param::tpp, cmp::lt, 4800)});
  CHECK(h.eval(unknown) == tri::unknown);
  CHECK(h.eval(not_(unknown)) == tri::unknown);
  REQUIRE(h.missing.size() == 1);
  CHECK(h.missing[0].f == fact::io_bandwidth_gbs);
}

TEST_CASE("nested: facts of a decided subtree are not reported", "[conditions]") {
  harness h;
  h.set(param::tpp, 9000);
  // all_of[any_of[unknown(io), yes(tpp)], unknown(dram)] → unknown, missing = dram only.
  const condition c = all_of({any_of({threshold(param::io_bandwidth_gbs, cmp::ge, 600),
                                      threshold(param::tpp, cmp::ge, 4800)}),
                              threshold(param::dram_bandwidth_gbs, cmp::lt, 6500)});
  CHECK(h.eval(c) == tri::unknown);
  REQUIRE(h.missing.size() == 1);
  CHECK(h.missing[0].f == fact::dram_bandwidth_gbs);
}

TEST_CASE("eccn lists match by prefix at a dot", "[conditions]") {
  CHECK(eccn_matches("3A090", "3A090.a"));
  CHECK(eccn_matches("3A090.a", "3A090.a"));
  CHECK(eccn_matches("3A090.a", "3A090.a.1"));
  CHECK_FALSE(eccn_matches("3A090.a", "3A090.b"));
  CHECK_FALSE(eccn_matches("3A090.a", "3A090.ab"));
  CHECK_FALSE(eccn_matches("4A090", "3A090.a"));
  harness h;
  h.item.eccn = "3A090.a";
  CHECK(h.eval(hb::eccn({"3A090"})) == tri::yes);
  CHECK(h.eval(hb::eccn({"4A090.a"})) == tri::no);
  h.item.classified = false;              // held: the ECCN is not known
  h.packs = *hb::classification_packs();  // ... and an IC may be 3A090.a or .b
  CHECK(h.eval(hb::eccn({"3A090"})) == tri::unknown);
}

TEST_CASE("party tests: unconfirmed membership is unknown, named per party and aspect",
          "[conditions]") {
  harness h;
  const int d5 = hb::add_selector(h.packs, {"CN", "RU"}, {"CY"}, "D:5");
  std::vector<party_facts> parties(3);
  parties[0] = {hb::cc("US"), hb::cc("US"), hb::cc("US"), hb::cc("US")};
  parties[1] = {hb::cc("DE"), hb::cc("DE"), hb::cc("CY"), hb::cc("CY")};
  parties[2] = {hb::cc("MY"), hb::cc("MY"), hb::cc("MY"), hb::cc("CN")};
  const std::vector<int> downstream{1};
  hop_facts hop;
  hop.sender = 0;
  hop.recipient = 1;
  hop.downstream = downstream;
  hop.parties = parties;
  const condition hq = hb::on_selector(condition::kind::any_party_hq, d5);
  CHECK(h.eval(hq, &hop) == tri::unknown);
  REQUIRE(h.missing.size() == 1);
  CHECK(h.missing[0].t == missing_ref::type::party_country);
  CHECK(h.missing[0].a == missing_ref::aspect::headquarters);
  CHECK(h.missing[0].index == 1);
  // A definite member downstream (ultimate parent in CN) decides: yes, nothing missing.
  const std::vector<int> both{1, 2};
  hop.downstream = both;
  CHECK(h.eval(hq, &hop) == tri::yes);
  CHECK(h.missing.empty());
  // Located in the set: DE is not; CY is not tested (only headquarters is CY).
  CHECK(h.eval(hb::on_selector(condition::kind::destination, d5), &hop) == tri::no);
}

TEST_CASE("hop kinds and the item-independence test", "[conditions]") {
  harness h;
  condition c;
  c.k = condition::kind::hop_kind_in;
  c.hop_mask = 1U << static_cast<unsigned>(hop_kind::reexport);
  hop_facts hop;
  hop.kind = hop_kind::reexport;
  CHECK(h.eval(c, &hop) == tri::yes);
  hop.kind = hop_kind::export_from_us;
  CHECK(h.eval(c, &hop) == tri::no);
  CHECK_FALSE(tests_item(c));
  CHECK(tests_item(all_of({c, hb::datacenter(true)})));
  CHECK_FALSE(tests_item(threshold(param::shipment_tpp_with_ytd, cmp::le, 1)));
  CHECK(uses_param(all_of({c, threshold(param::shipment_tpp_with_ytd, cmp::le, 1)}),
                   param::shipment_tpp_with_ytd));
}

TEST_CASE("numbers in messages", "[conditions]") {
  CHECK(format_number(15832.0) == "15832");
  CHECK(format_number(2.9090909) == "2.91");
  CHECK(format_number(4707.2) == "4707.2");
}

TEST_CASE("an ECCN test on a held item is no only for ECCNs its kind cannot have", "[conditions]") {
  harness h;
  h.packs = *hb::classification_packs();  // IC paragraphs .a/.b, containment to 4A090.a/.b
  classification_rule hbm;
  hbm.meta = hb::meta("C");
  hbm.eccn = "3A090.c";
  hbm.paragraph = "3A090.c";
  hbm.applies_to_hbm = true;
  h.packs.classifications.push_back(hbm);
  h.item.classified = false;

  // An IC (or computer) can be 3A090.a/.b or, containing one, 4A090.a/.b; never 3A090.c.
  CHECK(h.eval(hb::eccn({"3A090.c"})) == tri::no);
  CHECK(h.missing.empty());
  CHECK(h.eval(hb::eccn({"3A090.a", "3A090.c"})) == tri::unknown);
  CHECK(h.eval(hb::eccn({"4A090"})) == tri::unknown);
  CHECK(h.eval(hb::eccn({"3A090"})) == tri::unknown);

  // An HBM stack can only be 3A090.c.
  h.item.hbm = true;
  CHECK(h.eval(hb::eccn({"3A090.a", "4A090.a"})) == tri::no);
  CHECK(h.eval(hb::eccn({"3A090.c"})) == tri::unknown);
  condition paragraphs;
  paragraphs.k = condition::kind::paragraph_in;
  paragraphs.strings = {"3A090.a.1"};
  CHECK(h.eval(paragraphs) == tri::no);

  // A classified item is tested on its ECCN as before.
  h.item.classified = true;
  h.item.eccn = "3A090.c";
  CHECK(h.eval(hb::eccn({"3A090.c"})) == tri::yes);
}
