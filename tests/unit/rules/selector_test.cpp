// selector_test.cpp: dated group memberships and compiled selectors, through the loader.
#include <catch2/catch.hpp>

#include "rules/pack_ast.hpp"
#include "unit/rules/pack_files.hpp"

using namespace exportctl;
using namespace exportctl::detail;

namespace {

const char* const groups_pack = R"yaml(
pack: {id: groups, title: Groups, version: "1", status: in_force}
country_groups:
  - id: D5
    label: "D:5"
    citation: "15 CFR Part 740, Supp. No. 1"
    message: U.S. arms embargoed countries
    members:
      - AF
      - CN
      - {code: NI, from: 2024-03-15, citation: "FR Doc 2024-05696"}
      - {code: KH, to: 2026-02-02, citation: "91 FR 5091"}
      - {code: CY, grade: U, note: "conflicting sources"}
  - id: D1
    label: "D:1"
    citation: "15 CFR Part 740, Supp. No. 1"
    message: national security
    members: [CN, RU, CY, VN]
  - id: A5
    label: "A:5"
    citation: "15 CFR Part 740, Supp. No. 1"
    message: close allies
    members: [DE, FR, {code: VN, grade: U}]
requirements:
  - id: R_D5
    citation: c
    message: m
    when: {destination: {groups: [D5]}}
  - id: R_D1_NOT_D5
    citation: c
    message: m
    when: {destination: {groups: [D1], countries: [MO], except_groups: [D5, A5]}}
  - id: R_D5_AGAIN
    citation: c
    message: m
    when: {destination: {groups: [D5]}}
  - id: R_ALL
    citation: c
    message: m
    when: {destination: {all_countries: true, except_countries: [US]}}
)yaml";

country_code cc(const char* code) { return *parse_country(code); }
date day(const char* text) { return *date::parse(text); }

}  // namespace

TEST_CASE("group members change on their dates", "[rules][selector]") {
  test::pack_files files;
  auto r = test::load({files.write("groups.yaml", groups_pack)});
  INFO(r.text());
  REQUIRE(r.packs);
  const auto& groups = r.packs->groups;
  REQUIRE(groups.size() == 3);
  const dated_country_set& d5 = groups[0].members;
  CHECK(d5.steps.front().first == date::min());

  CHECK_FALSE(d5.at(day("2024-03-14")).confirmed.test(cc("NI")));
  CHECK(d5.at(day("2024-03-15")).confirmed.test(cc("NI")));
  CHECK(d5.at(day("2026-02-02")).confirmed.test(cc("KH")));
  CHECK_FALSE(d5.at(day("2026-02-03")).confirmed.test(cc("KH")));
  CHECK(d5.at(day("2020-01-01")).confirmed.test(cc("AF")));
  CHECK(d5.at(day("2020-01-01")).unconfirmed.test(cc("CY")));
  CHECK_FALSE(d5.at(day("2020-01-01")).confirmed.test(cc("CY")));
  CHECK(d5.steps.size() == 3);  // before NI, NI and KH, after KH
}

TEST_CASE("selectors are three-valued and dated", "[rules][selector]") {
  test::pack_files files;
  auto r = test::load({files.write("groups.yaml", groups_pack)});
  REQUIRE(r.packs);
  const auto& reqs = r.packs->requirements;
  REQUIRE(reqs.size() == 4);
  // Identical selectors are compiled once.
  CHECK(reqs[0].when.selector == reqs[2].when.selector);
  CHECK(r.packs->selectors.size() == 3);

  const country_selector& d5 =
      r.packs->selectors.at(static_cast<std::size_t>(reqs[0].when.selector));
  CHECK(d5.text == "D:5");
  CHECK(d5.test(cc("NI"), day("2024-03-14")) == tri::no);
  CHECK(d5.test(cc("NI"), day("2024-03-15")) == tri::yes);
  CHECK(d5.test(cc("KH"), day("2026-02-02")) == tri::yes);
  CHECK(d5.test(cc("KH"), day("2026-02-03")) == tri::no);
  CHECK(d5.test(cc("CY"), day("2025-01-01")) == tri::unknown);
  CHECK(d5.test(cc("US"), day("2025-01-01")) == tri::no);

  const country_selector& d1 =
      r.packs->selectors.at(static_cast<std::size_t>(reqs[1].when.selector));
  CHECK(d1.text == "D:1 ∪ {MO} − (D:5 ∪ A:5)");
  CHECK(d1.test(cc("RU"), day("2025-01-01")) == tri::yes);
  CHECK(d1.test(cc("MO"), day("2025-01-01")) == tri::yes);
  CHECK(d1.test(cc("CN"), day("2025-01-01")) == tri::no);       // excluded by D:5
  CHECK(d1.test(cc("CY"), day("2025-01-01")) == tri::unknown);  // maybe excluded (U in D:5)
  CHECK(d1.test(cc("VN"), day("2025-01-01")) == tri::unknown);  // maybe excluded (U in A:5)
  CHECK(d1.test(cc("DE"), day("2025-01-01")) == tri::no);

  const country_selector& all =
      r.packs->selectors.at(static_cast<std::size_t>(reqs[3].when.selector));
  CHECK(all.text == "all countries − {US}");
  CHECK(all.test(cc("DE"), day("2025-01-01")) == tri::yes);
  CHECK(all.test(cc("US"), day("2025-01-01")) == tri::no);
}

TEST_CASE("build_member_set merges unchanged steps", "[rules][selector]") {
  std::vector<member_span> members{
      {cc("NI"), interval{day("2024-03-15"), date::max()}, false},
      {cc("NI"), interval{date::min(), day("2024-03-14")}, false},  // contiguous: no change
  };
  const auto set = build_member_set(members, interval{});
  REQUIRE(set.steps.size() == 1);
  CHECK(set.at(day("2000-01-01")).confirmed.test(cc("NI")));
  // Outside the group's own window, nobody is a member.
  const auto windowed = build_member_set(members, interval{day("2025-01-01"), day("2025-12-31")});
  CHECK_FALSE(windowed.at(day("2024-12-31")).confirmed.test(cc("NI")));
  CHECK(windowed.at(day("2025-06-01")).confirmed.test(cc("NI")));
  CHECK_FALSE(windowed.at(day("2026-01-01")).confirmed.test(cc("NI")));
  CHECK(dated_country_set{}.at(day("2025-01-01")).confirmed.none());
}
