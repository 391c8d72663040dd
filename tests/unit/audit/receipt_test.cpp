// Audit receipts: make → parse → verify round trip, and each kind of tampering is named.
#include "exportctl/receipt.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "exportctl/io.hpp"
#include "unit/engine/fixtures.hpp"
#include "unit/read_file.hpp"

namespace {

using namespace exportctl;

struct made {
  shipment input;
  std::string receipt;
};

made make_one() {
  auto parsed = parse_shipment(
      test::read_file(EXPORTCTL_SOURCE_DIR "/examples/so-1042-singapore-to-malaysia.yaml"),
      "so.yaml");
  REQUIRE(parsed.value);
  auto r = test::real_engine().check(*parsed.value);
  REQUIRE(r.value);
  return {*parsed.value, make_receipt(*parsed.value, *r.value)};
}

void replace(std::string& s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a receipt verifies on the packs that made it", "[io][receipt]") {
  auto m = make_one();
  CHECK(m.receipt.rfind("{\"receipt\":\"exportctl-receipt/2\",\"engine\":\"exportctl ", 0) == 0);
  auto r = parse_receipt(m.receipt, "r.json");
  REQUIRE(r.value);
  CHECK(r.value->as_of.to_string() == "2025-06-01");
  CHECK(r.value->scenarios.empty());
  CHECK(r.value->input_json == to_json(m.input));
  auto c = verify_receipt(*r.value, test::real_engine());
  CHECK(c.verified());
  CHECK(c.problems.empty());
}

TEST_CASE("a changed input or decision hash does not verify", "[io][receipt]") {
  auto m = make_one();
  std::string text = m.receipt;
  replace(text, "\"name\":\"Example Labs\"", "\"name\":\"Other Labs\"");
  auto c = verify_receipt(*parse_receipt(text, "r.json").value, test::real_engine());
  CHECK_FALSE(c.input_ok);
  CHECK(c.packs_ok);
  CHECK(c.engine_ok);
  REQUIRE_FALSE(c.problems.empty());
  CHECK(c.problems[0].rfind("input differs", 0) == 0);

  text = m.receipt;
  replace(text, "\"engine\":\"exportctl ", "\"engine\":\"exportctl 9");
  c = verify_receipt(*parse_receipt(text, "r.json").value, test::real_engine());
  CHECK_FALSE(c.engine_ok);
  CHECK(c.input_ok);
}

TEST_CASE("a receipt under another scenario set names the packs that differ", "[io][receipt]") {
  auto m = make_one();
  auto r = parse_receipt(m.receipt, "r.json");
  REQUIRE(r.value);
  auto c = verify_receipt(*r.value, test::real_engine({"ai-diffusion-2025"}));
  CHECK_FALSE(c.verified());
  CHECK_FALSE(c.decision_ok);
  bool named = false;
  for (const auto& p : c.problems)
    named = named || p.find("is applied now but not in the receipt") != std::string::npos;
  CHECK(named);
}

TEST_CASE("malformed receipts are diagnostics", "[io][receipt]") {
  CHECK(parse_receipt("[1]", "r.json").diagnostics.at(0).code == "EXC-E6101");
  CHECK(parse_receipt("{\"receipt\":\"exportctl-receipt/3\"}", "r.json").diagnostics.at(0).code ==
        "EXC-E6102");
  // A receipt of before screening lists cannot name them: refused, saying so.
  const auto old = parse_receipt("{\"receipt\":\"exportctl-receipt/1\"}", "r.json").diagnostics;
  CHECK(old.at(0).code == "EXC-E6102");
  CHECK(old.at(0).help.find("name no screening lists") != std::string::npos);
  auto m = make_one();
  std::string text = m.receipt;
  replace(text, "\"as_of\":\"2025-06-01\"", "\"as_of\":\"2025-13-01\"");
  CHECK(parse_receipt(text, "r.json").diagnostics.at(0).path == "as_of");
}

TEST_CASE("the receipt's own pack list is checked", "[io][receipt]") {
  auto m = make_one();
  auto r = parse_receipt(m.receipt, "r.json");
  REQUIRE(r.value);
  REQUIRE(r.value->rulepacks.size() >= 2);
  SECTION("a zeroed pack hash") {
    r.value->rulepacks[0].sha256 = std::string(64, '0');
    auto c = verify_receipt(*r.value, test::real_engine());
    CHECK_FALSE(c.packs_ok);
    CHECK_FALSE(c.verified());
  }
  SECTION("a dropped pack") {
    r.value->rulepacks.erase(r.value->rulepacks.begin());
    auto c = verify_receipt(*r.value, test::real_engine());
    CHECK_FALSE(c.packs_ok);
    CHECK_FALSE(c.verified());
  }
  SECTION("a pack listed twice") {
    r.value->rulepacks.push_back(r.value->rulepacks[0]);
    auto c = verify_receipt(*r.value, test::real_engine());
    CHECK_FALSE(c.verified());
  }
}
