// receipt_release_test.cpp: a release's receipt records what the release did (state, the
// licences drawn on, the items blocked), and `verify` checks it against the decision made again
// without the database: a receipt edited to show no licence for an item that needs one, or a
// hold for a decision that clears, fails.
#include <catch2/catch.hpp>

#include "../engine/fixtures.hpp"
#include "exportctl/io.hpp"
#include "exportctl/receipt.hpp"
#include "ledger_fixture.hpp"

namespace exportctl::test {
namespace {

receipt_check verified(const std::string& text) {
  auto parsed = parse_receipt(text, "receipt.json");
  for (const auto& d : parsed.diagnostics) UNSCOPED_INFO(format(d));
  REQUIRE(parsed.value);
  return verify_receipt(*parsed.value, real_engine());
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

bool says(const receipt_check& c, const std::string& text) {
  for (const auto& p : c.problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

void receipts_record_licences(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  REQUIRE(l->add_licenses({h200_license("D1234567", 40)}).ok());
  auto r = l->release(real_engine(), h200_order("SO-1", 16));
  REQUIRE(r.release);
  REQUIRE(r.release->state == release_state::released);

  const std::string text = last_release_receipt(*l);
  auto parsed = parse_receipt(text, "receipt.json");
  REQUIRE(parsed.value);
  REQUIRE(parsed.value->release);
  CHECK(parsed.value->release->state == "released");
  CHECK(parsed.value->release->licenses == r.release->licenses);
  CHECK(text.find(",\"release\":{\"state\":\"released\",\"licenses\":[{\"number\":\"D1234567\","
                  "\"item\":1,\"units\":16,\"remaining\":24}],\"blocked\":[]}}") !=
        std::string::npos);
  const auto good = verified(text);
  INFO(good.problems.size());
  CHECK(good.verified());

  // Edited behind the ledger's back: each way is caught without the database.
  const auto none = verified(
      replaced(text, "[{\"number\":\"D1234567\",\"item\":1,\"units\":16,\"remaining\":24}]", "[]"));
  CHECK_FALSE(none.release_ok);
  CHECK_FALSE(none.verified());
  CHECK(says(none, "item 1 needs a licence and the release drew on none"));
  const auto fewer = verified(replaced(text, "\"units\":16", "\"units\":6"));
  CHECK(says(fewer, "item 1 has 16 units and the release's licences cover 6"));
  const auto held = verified(replaced(text, "\"state\":\"released\"", "\"state\":\"held\""));
  CHECK(says(held, "the release was held, the decision made again is `license_required`"));
  const auto other = verified(replaced(text, "\"item\":1,", "\"item\":2,"));
  CHECK(says(other, "which the shipment does not have"));
  const auto bad = parse_receipt(replaced(text, "\"state\":\"released\"", "\"state\":\"shipped\""),
                                 "receipt.json");
  CHECK_FALSE(bad.value);
  REQUIRE_FALSE(bad.diagnostics.empty());
  CHECK(bad.diagnostics[0].code == "EXC-E6101");

  // Blocked: no licence left for 30 more, and the receipt says so.
  auto big = l->release(real_engine(), h200_order("SO-2", 30));
  REQUIRE(big.release);
  REQUIRE(big.release->state == release_state::blocked);
  const std::string blocked = last_release_receipt(*l);
  CHECK(blocked.find("\"state\":\"blocked\",\"licenses\":[],\"blocked\":[{\"item\":1,") !=
        std::string::npos);
  CHECK(verified(blocked).verified());
}

}  // namespace

TEST_CASE("a release's receipt records the licences and verify checks them", "[ledger]") {
  receipts_record_licences(false);
}
TEST_CASE("ledger on PostgreSQL: a release's receipt records the licences", "[.pg][pg]") {
  receipts_record_licences(true);
}

}  // namespace exportctl::test
