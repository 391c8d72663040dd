// mechanism_test.cpp: the evaluator's mechanisms on hand-built packs, independent of what the
// real packs say: exceptions (first confirmed one wins; unconfirmed or undecidable ones hold),
// review policies (superseding, strictest wins), information rules and aggregation.
#include <catch2/catch.hpp>

#include "engine/engine_state.hpp"
#include "engine/evaluate.hpp"
#include "unit/engine/fixtures.hpp"

using namespace exportctl;
using namespace exportctl::test;
using namespace exportctl::test::hb;

namespace {

struct fixture {
  std::shared_ptr<compiled_packs> packs = classification_packs();
  int cn = add_selector(*packs, {"CN"}, {}, "{CN}");
  int d5 = add_selector(*packs, {"CN", "RU"}, {"CY"}, "D:5");

  fixture() {
    requirement_rule req;
    req.meta = meta("REQ_CN");
    req.when = all_of({eccn({"3A090", "4A090"}), on_selector(condition::kind::destination, cn)});
    packs->requirements.push_back(req);
    requirement_rule hq;
    hq.meta = meta("REQ_HQ");
    hq.when = all_of({eccn({"3A090"}), on_selector(condition::kind::any_party_hq, d5)});
    packs->requirements.push_back(hq);

    review_rule denial;
    denial.meta = meta("DENIAL");
    denial.policy = review_policy::presumption_of_denial;
    denial.when = on_selector(condition::kind::destination, cn);
    review_rule cbc;
    cbc.meta = meta("CASE_BY_CASE");
    cbc.policy = review_policy::case_by_case;
    condition hop;
    hop.k = condition::kind::hop_kind_in;
    hop.hop_mask = 1U << static_cast<unsigned>(hop_kind::export_from_us);
    cbc.when = all_of({hop, on_selector(condition::kind::destination, cn)});
    cbc.supersedes = {"DENIAL"};
    packs->review_policies = {denial, cbc};

    information_rule info;
    info.meta = meta("INFO_CN");
    info.when = on_selector(condition::kind::destination, cn);
    packs->information = {info};
  }

  decision run(const shipment& s) {
    const auto st = detail::make_engine_state(packs, {});
    return detail::evaluate_shipment(*st, s, *s.ship_date);
  }
};

shipment to(const char* country, item it, const char* via = nullptr) {
  std::vector<party> parties{make_party("exp", "US", party_role::exporter)};
  if (via) parties.push_back(make_party("mid", via, party_role::distributor));
  parties.push_back(make_party("eu", country, party_role::end_user));
  return chain({std::move(it)}, std::move(parties), "2025-06-01");
}

}  // namespace

TEST_CASE("review: a superseding rule replaces the denial only where it applies",
          "[engine][mechanism]") {
  fixture f;
  const auto direct = f.run(to("CN", product_item("h100")));
  CHECK(direct.result == outcome::license_required);
  CHECK(direct.policy == review_policy::case_by_case);
  const auto via = f.run(to("CN", product_item("h100"), "SG"));
  CHECK(via.policy == review_policy::presumption_of_denial);
  REQUIRE(via.paths[0].hops.size() == 2);
  // US → SG: the headquarters requirement (end user in CN) applies, no review rule does.
  CHECK(via.paths[0].hops[0].decision == outcome::license_required);
  CHECK(via.paths[0].hops[0].policy == review_policy::none);
  CHECK(via.paths[0].hops[1].policy == review_policy::presumption_of_denial);
  // Information rules are reported once per rule, without changing the decision.
  const finding* info = find_finding(via, "INFO_CN");
  REQUIRE(info);
  CHECK(info->kind == finding_kind::information);
  CHECK(info->effect == outcome::no_license_required);
  CHECK_FALSE(info->item);
}

TEST_CASE("exceptions: first confirmed exception whose eligibility holds", "[engine][mechanism]") {
  fixture f;
  exception_rule u;
  u.meta = meta("EXC_U");
  u.name = "UNC";
  u.covers = {"REQ_CN", "REQ_HQ"};
  u.unconfirmed = true;
  exception_rule a;
  a.meta = meta("EXC_A");
  a.name = "AAA";
  a.covers = {"REQ_CN", "REQ_HQ"};
  a.conditions = {"notify first", "file in AES"};
  f.packs->exceptions = {u, a};
  const auto dec = f.run(to("CN", product_item("h100")));
  CHECK(dec.result == outcome::license_exception);
  CHECK(dec.license_exceptions == std::vector<std::string>{"AAA"});
  CHECK(dec.policy == review_policy::none);
  const finding* used = find_finding(dec, "EXC_A");
  REQUIRE(used);
  CHECK(used->message == "message EXC_A; notify first; file in AES");
  CHECK(ids(used->parties) == std::vector<std::string>{"eu"});

  // Only the unconfirmed exception is eligible: it never clears, the item is held.
  f.packs->exceptions = {u};
  const auto held = f.run(to("CN", product_item("h100")));
  CHECK(held.result == outcome::hold);
  CHECK(held.license_exceptions.empty());
  REQUIRE(find_finding(held, "EXC_U"));
  CHECK(find_finding(held, "EXC_U")->effect == outcome::hold);
}

TEST_CASE("exceptions: eligibility that depends on a missing fact holds", "[engine][mechanism]") {
  fixture f;
  exception_rule a;
  a.meta = meta("EXC_NDC");
  a.name = "NDC";
  a.covers = {"REQ_CN", "REQ_HQ"};
  a.when = datacenter(false);
  f.packs->exceptions = {a};
  chip_specs s;
  s.tpp = 6000;  // 3A090.a.1, datacenter flag not given
  const auto dec = f.run(to("CN", specs_item(s)));
  CHECK(dec.result == outcome::hold);
  CHECK(dec.missing_facts == std::vector<std::string>{"item 1: datacenter"});
  s.datacenter = false;
  CHECK(f.run(to("CN", specs_item(s))).result == outcome::license_exception);
  s.datacenter = true;
  CHECK(f.run(to("CN", specs_item(s))).result == outcome::license_required);
}

TEST_CASE("a requirement that depends on an unconfirmed membership holds", "[engine][mechanism]") {
  fixture f;
  shipment s = to("DE", product_item("h100"));
  s.parties[1].ultimate_parent_headquarters = "CY";
  const auto dec = f.run(s);
  CHECK(dec.result == outcome::hold);
  CHECK(dec.missing_facts ==
        std::vector<std::string>{
            "party eu: whether ultimate parent headquarters CY is in D:5 (unconfirmed)"});
  const finding* why = find_finding(dec, "REQ_HQ");
  REQUIRE(why);
  CHECK(why->kind == finding_kind::missing_fact);
  CHECK(why->effect == outcome::hold);
  // A definite member elsewhere downstream decides it: licence required, nothing missing.
  s.parties[1].headquarters = "RU";
  const auto decided = f.run(s);
  CHECK(decided.result == outcome::license_required);
  CHECK(decided.missing_facts.empty());
}

TEST_CASE("aggregation: shipment = max over items and paths", "[engine][mechanism]") {
  fixture f;
  shipment s;
  s.id = "TWO";
  s.ship_date = d("2025-06-01");
  chip_specs plain;
  plain.tpp = 100;
  s.items = {product_item("h100"), specs_item(plain)};
  s.parties = {make_party("exp", "US", party_role::exporter),
               make_party("de", "DE", party_role::end_user),
               make_party("cn", "CN", party_role::end_user)};
  s.transfers = {{"exp", "de", {}}, {"exp", "cn", {}}};
  const auto dec = f.run(s);
  REQUIRE(dec.paths.size() == 2);
  CHECK(dec.paths[0].decision == outcome::no_license_required);
  CHECK(dec.paths[1].decision == outcome::license_required);
  CHECK(dec.items[0].decision == outcome::license_required);
  CHECK(dec.items[1].decision == outcome::no_license_required);
  CHECK(dec.result == outcome::license_required);
  CHECK(dec.policy == review_policy::case_by_case);
  CHECK(dec.rulepacks.size() == 1);
  CHECK(dec.fingerprint == "fp");
}
