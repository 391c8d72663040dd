// entity_index_test.cpp: name normalization for Entity List screening.
#include <catch2/catch.hpp>

#include "rules/compiled.hpp"
#include "unit/rules/pack_files.hpp"

using namespace exportctl;
using namespace exportctl::detail;

TEST_CASE("normalize_name folds case, punctuation and legal suffixes", "[rules][entity]") {
  const std::vector<std::string> suffixes{"Co., Ltd.", "ltd", "inc", "co", "limited", "gmbh"};
  CHECK(normalize_name("Huawei Technologies Co., Ltd.", suffixes) ==
        normalize_name("HUAWEI TECHNOLOGIES CO LTD", suffixes));
  CHECK(normalize_name("Huawei Technologies Co., Ltd.", suffixes) == "huawei technologies");
  CHECK(normalize_name("  Sugon--Information   Industry  ", {}) == "sugon information industry");
  CHECK(normalize_name("Acme GmbH & Co. Ltd", suffixes) == "acme");  // stripped repeatedly
  CHECK(normalize_name("Limited", suffixes) == "limited");           // never strip the whole name
  CHECK(normalize_name("Coltd", suffixes) == "coltd");               // suffixes match whole words
  CHECK(normalize_name("华为技术有限公司", suffixes) == "华为技术有限公司");
  CHECK(normalize_name("", suffixes).empty());
}

TEST_CASE("the entity index maps names and aliases to entries", "[rules][entity]") {
  test::pack_files files;
  const auto path = files.write("el.yaml", R"yaml(
pack: {id: el, title: Entity List, version: "1", status: in_force}
entity_list:
  requirement: {id: EAR_744_11_ENTITY_LIST, citation: "15 CFR 744.11", message: listed}
  legal_suffixes: [co ltd, ltd, inc]
  entries:
    - id: EL_HUAWEI_TECHNOLOGIES
      name: Huawei Technologies Co., Ltd.
      alt_names: [Huawei, HUAWEI TECHNOLOGIES CO LTD]
      countries: [CN]
      federal_register_notice: "84 FR 22961"
      start_date: 2019-05-16
    - id: EL_HUAWEI_CLOUD
      name: Huawei Cloud, Inc.
      alt_names: [Huawei]
      countries: [CN, HK]
      federal_register_notice: "85 FR 51596"
      license_policy: case_by_case
      footnotes: [1]
)yaml");
  auto r = test::load({path});
  INFO(r.text());
  REQUIRE(r.packs);
  const auto& p = *r.packs;
  REQUIRE(p.entities.size() == 2);
  CHECK(p.entity_rule.id == "EAR_744_11_ENTITY_LIST");
  CHECK(p.entities[0].meta.valid.from == date::from_ymd(2019, 5, 16));
  CHECK(p.entities[0].meta.citation == "84 FR 22961");
  CHECK(p.entities[1].country == "CN,HK");
  CHECK(p.entities[1].policy == review_policy::case_by_case);
  const auto key = normalize_name("HUAWEI TECHNOLOGIES CO., LTD", p.legal_suffixes);
  REQUIRE(p.entity_index.count(key) == 1);
  CHECK(p.entity_index.at(key) == std::vector<int>{0});  // listed once, not per alias
  CHECK(p.entity_index.at("huawei") == std::vector<int>{0, 1});
  CHECK(p.entity_index.at("huawei cloud") == std::vector<int>{1});
}
