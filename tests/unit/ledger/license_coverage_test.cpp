// Licence coverage (covers()): decisions of the real packs on the example shipments, against the
// example licence and variations of it, one test per reason a licence does not cover an item.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "exportctl/io.hpp"
#include "exportctl/license.hpp"
#include "unit/engine/fixtures.hpp"
#include "unit/read_file.hpp"

namespace {

using namespace exportctl;

shipment example_shipment(const std::string& name) {
  auto parsed =
      parse_shipment(test::read_file(EXPORTCTL_SOURCE_DIR "/examples/" + name), "examples/" + name);
  for (const auto& d : parsed.diagnostics) UNSCOPED_INFO(format(d));
  REQUIRE(parsed.value);
  return *parsed.value;
}

// examples/licenses/d1234567.yaml: H200s to one end user in China.
license d1234567() {
  auto r = parse_licenses(test::read_file(EXPORTCTL_SOURCE_DIR "/examples/licenses/d1234567.yaml"),
                          "examples/licenses/d1234567.yaml");
  for (const auto& d : r.diagnostics) UNSCOPED_INFO(format(d));
  REQUIRE(r.value.size() == 1);
  return r.value[0];
}

party& party_of(shipment& s, const std::string& id) {
  for (auto& p : s.parties)
    if (p.id == id) return p;
  FAIL("no party " << id);
  throw;
}

// Whether `l` covers item `line` of `s` as the real packs decide it; the reason otherwise.
license_coverage covers_item(const license& l, const shipment& s, int line = 1) {
  const decision d = test::decide(s);
  return covers(l, d, s, line);
}

}  // namespace

TEST_CASE("the example licence covers the example H200 export to China",
          "[ledger][license_coverage]") {
  const shipment s = example_shipment("h200-us-to-china-2026.yaml");
  const decision d = test::decide(s);
  REQUIRE(d.result == outcome::license_required);  // what the licence is for
  const auto c = covers(d1234567(), d, s, 1);
  CHECK(c.covers);
  CHECK(c.reason.empty());
}

TEST_CASE("a licence covers on the decision's date, both ends included",
          "[ledger][license_coverage]") {
  const shipment s = example_shipment("h200-us-to-china-2026.yaml");  // decided on 2026-03-02
  license l = d1234567();
  l.valid_to = test::d("2026-03-02");
  CHECK(covers_item(l, s).covers);
  l.valid_from = test::d("2026-03-02");
  CHECK(covers_item(l, s).covers);
  l.valid_to = test::d("2026-03-01");
  l.valid_from = test::d("2024-03-02");
  CHECK(covers_item(l, s).reason ==
        "licence D1234567 is valid 2024-03-02 to 2026-03-01, not on 2026-03-02");
  l.valid_from = test::d("2026-03-03");
  l.valid_to = test::d("2028-03-02");
  const auto c = covers_item(l, s);
  CHECK_FALSE(c.covers);
  CHECK(c.reason == "licence D1234567 is valid 2026-03-03 to 2028-03-02, not on 2026-03-02");
}

TEST_CASE("a licence names the item's product or covers its ECCN", "[ledger][license_coverage]") {
  const shipment s =
      example_shipment("h200-us-to-china-2026.yaml");  // 3A090.a, paragraph 3A090.a.1
  license l = d1234567();
  l.eccns.clear();
  CHECK(covers_item(l, s).covers);  // by product id alone
  l.products = {"nvidia-h100-sxm5-80gb"};
  for (const char* eccn : {"3A090.a", "3A090", "3A090.a.1"}) {
    l.eccns = {eccn};
    INFO(eccn);
    CHECK(covers_item(l, s).covers);
  }
  l.eccns = {"3A090.b", "3A090.a.2", "4A090.a"};
  const auto c = covers_item(l, s);
  CHECK_FALSE(c.covers);
  CHECK(c.reason ==
        "licence D1234567 does not name product nvidia-h200-sxm-141gb or ECCN 3A090.a (item 1)");
}

TEST_CASE("an item without an ECCN is covered by its product id only",
          "[ledger][license_coverage]") {
  // The L20 is outside 3A090; the Entity List requires a licence for it all the same.
  shipment s = example_shipment("huawei-entity-list.yaml");
  const decision d = test::decide(s);
  REQUIRE(d.items.at(0).eccn.empty());
  license l = d1234567();
  l.valid_from = test::d("2025-01-01");
  l.eccns = {"3A090"};
  l.destinations = {"CN"};
  l.consignees.clear();
  l.end_users.clear();
  CHECK(covers(l, d, s, 1).reason == "licence D1234567 does not name product nvidia-l20 (item 1)");
  l.products = {"nvidia-l20"};
  CHECK(covers(l, d, s, 1).covers);

  // An item that is neither a catalog product nor in an ECCN: nothing on a licence names it.
  chip_specs small;
  small.tpp = 10;
  small.die_area_mm2 = 100;
  small.datacenter = false;
  s.items[0] = test::specs_item(small);
  s.items[0].description = "network adapter";
  const decision d2 = test::decide(s);
  REQUIRE(d2.items.at(0).eccn.empty());
  CHECK(covers(l, d2, s, 1).reason ==
        "licence D1234567 cannot cover item 1: it has neither a product id nor an ECCN");
}

TEST_CASE("every hop that needs a licence goes to a destination it names",
          "[ledger][license_coverage]") {
  // Exported to a Singapore reseller, then reexported to China: both hops need a licence.
  const shipment s = example_shipment("h200-via-singapore-to-china-2026.yaml");
  license l = d1234567();
  const auto c = covers_item(l, s);
  CHECK_FALSE(c.covers);
  CHECK(c.reason ==
        "licence D1234567 does not cover destination SG (hop 1: Example Inc. \u2192 "
        "Lion City Compute Pte. Ltd.)");
  l.destinations = {"SG", "CN"};
  CHECK(covers_item(l, s).covers);  // no consignee role: the end user receives, and is named
  l.destinations = {"SG"};
  CHECK(covers_item(l, s).reason ==
        "licence D1234567 does not cover destination CN (hop 2: Lion City "
        "Compute Pte. Ltd. \u2192 Example Cloud (Beijing) Co., Ltd.)");

  // Item 3 of SO-1042 is a server (4A090.a) through Singapore to Malaysia.
  const shipment so = example_shipment("so-1042-singapore-to-malaysia.yaml");
  license m = d1234567();
  m.valid_from = test::d("2025-01-01");
  m.products.clear();
  m.eccns = {"4A090"};
  m.destinations = {"SG"};
  m.consignees.clear();
  m.end_users = {"Example Labs"};
  CHECK(covers_item(m, so, 3).reason ==
        "licence D1234567 does not cover destination MY (hop 2: Example "
        "Asia Pte. Ltd. \u2192 Example Labs)");
  m.destinations = {"MY", "SG"};
  CHECK(covers_item(m, so, 3).covers);
  CHECK(covers_item(m, so, 1).reason ==
        "licence D1234567 does not name product nvidia-h100-sxm5-80gb or ECCN 3A090.a (item 1)");
}

TEST_CASE("Hong Kong is its own destination on a licence", "[ledger][license_coverage]") {
  // The packs treat HK as CN; a licence for CN does not therefore cover HK.
  shipment s = example_shipment("h200-us-to-china-2026.yaml");
  party_of(s, "eu").country = "HK";
  const decision d = test::decide(s);
  REQUIRE(d.result == outcome::license_required);
  license l = d1234567();
  CHECK(covers(l, d, s, 1).reason ==
        "licence D1234567 does not cover destination HK (hop 1: "
        "Example Inc. \u2192 Example Cloud (Beijing) Co., Ltd.)");
  l.destinations = {"HK"};
  CHECK(covers(l, d, s, 1).covers);
}

TEST_CASE("named consignees and end users match whatever the case, punctuation and legal form",
          "[ledger][license_coverage]") {
  shipment s = example_shipment("h200-us-to-china-2026.yaml");
  party_of(s, "eu").name = "Example AI Lab, Inc.";
  license l = d1234567();
  l.consignees = {"EXAMPLE AI LAB"};
  l.end_users = {"Other Lab Ltd.", "Example AI Lab"};
  CHECK(covers_item(l, s).covers);
  l.end_users = {"example-ai-lab corporation"};
  CHECK(covers_item(l, s).covers);
  l.end_users = {"Example AI Labs"};
  CHECK(covers_item(l, s).reason == "licence D1234567 does not name end user Example AI Lab, Inc.");
  l.end_users.clear();
  l.consignees = {"Example AI"};
  CHECK(covers_item(l, s).reason ==
        "licence D1234567 does not name consignee Example AI Lab, Inc.");
  l.consignees.clear();
  CHECK(covers_item(l, s).covers);  // a licence that names none restricts neither
}

TEST_CASE("a licence naming end users does not cover a path without one",
          "[ledger][license_coverage]") {
  shipment s = example_shipment("h200-us-to-china-2026.yaml");
  party_of(s, "eu").role = party_role::consignee;
  const decision d = test::decide(s);
  // Such a path holds (a red flag), but the item still needs a licence on its hop, and a
  // licence that names end users must not be reported as covering a path that has none.
  REQUIRE(d.result == outcome::hold);
  REQUIRE(d.items.at(0).decision == outcome::license_required);
  license l = d1234567();
  CHECK(covers(l, d, s, 1).reason ==
        "licence D1234567 names end users but the path to Example "
        "Cloud (Beijing) Co., Ltd. has no end user");
  l.end_users.clear();
  CHECK(covers(l, d, s, 1).covers);
}

TEST_CASE("a line the decision does not have is not covered", "[ledger][license_coverage]") {
  const shipment s = example_shipment("h200-us-to-china-2026.yaml");
  const auto c = covers_item(d1234567(), s, 2);
  CHECK_FALSE(c.covers);
  CHECK(c.reason == "licence D1234567 cannot cover item 2: the decision for SO-2001 has no item 2");
  CHECK(covers_item(d1234567(), s, 0).reason ==
        "licence D1234567 cannot cover item 0: the decision for SO-2001 has no item 0");
}

TEST_CASE("with several paths the reason names the path", "[ledger][license_coverage]") {
  // SO-1042 with a second path: the exporter also ships straight to the Malaysian lab.
  shipment s = example_shipment("so-1042-singapore-to-malaysia.yaml");
  s.transfers.push_back({"exp", "eu", {}});
  const decision d = test::decide(s);
  REQUIRE(d.paths.size() == 2);
  license l = d1234567();
  l.valid_from = test::d("2025-01-01");
  l.products = {"nvidia-h100-sxm5-80gb"};
  l.consignees.clear();
  l.end_users.clear();
  l.destinations = {"SG"};
  const auto c = covers(l, d, s, 1);
  CHECK_FALSE(c.covers);
  CHECK(c.reason ==
        "licence D1234567 does not cover destination MY (path 1, hop 2: Example Asia "
        "Pte. Ltd. \u2192 Example Labs)");
  l.destinations = {"SG", "MY"};
  CHECK(covers(l, d, s, 1).covers);
}

namespace {

// The fixtures' chain of diamonds, the first diamond's lower branch in China.
shipment wide_shipment(int chain, int diamonds) {
  shipment s = test::chain_with_diamonds(chain, diamonds, "CN");
  s.id = "WIDE";
  s.source_name = "wide.yaml";
  return s;
}

license any_h100_to_asia() {
  license l = d1234567();
  l.valid_from = test::d("2025-01-01");
  l.products = {"nvidia-h100-sxm5-80gb"};
  l.destinations = {"CN", "MY", "SG"};
  l.consignees.clear();
  l.end_users.clear();
  return l;
}

}  // namespace

TEST_CASE("paths the decision does not list cannot be covered", "[ledger][license_coverage]") {
  // 128 paths, past the 64 a decision lists; the omitted half pass through China.
  const shipment s = wide_shipment(0, 7);
  const decision d = test::decide(s);
  REQUIRE(d.paths_omitted.count > 0);
  REQUIRE(d.result >= outcome::license_required);
  const license l = any_h100_to_asia();
  CHECK(covers(l, d, s, 1).reason == "licence D1234567 cannot be checked against the " +
                                         std::to_string(d.paths_omitted.count) +
                                         " paths the decision does not list");
}

TEST_CASE("a decision that lists no path cannot be covered", "[ledger][license_coverage]") {
  // 960 parties and 12 diamonds: past the work bound the shipment holds with no path decided.
  const shipment s = wide_shipment(960, 12);
  const decision d = test::decide(s);
  REQUIRE(d.result == outcome::hold);
  REQUIRE(d.paths.empty());
  CHECK(covers(any_h100_to_asia(), d, s, 1).reason ==
        "licence D1234567 cannot be checked: the decision lists no path that needs it");
}
