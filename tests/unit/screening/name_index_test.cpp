// name_index_test.cpp: screening keys (normalize.hpp) and the Entity List name index.
#include "screening/name_index.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "screening/normalize.hpp"
#include "unit/rules/pack_files.hpp"

using namespace exportctl;
using namespace exportctl::detail;

TEST_CASE("normalize_name folds case, punctuation and legal suffixes", "[screening][entity]") {
  const std::vector<std::string> suffixes{"Co., Ltd.", "ltd", "inc", "co", "limited", "gmbh"};
  CHECK(normalize_name("Huawei Technologies Co., Ltd.", suffixes) ==
        normalize_name("HUAWEI TECHNOLOGIES CO LTD", suffixes));
  CHECK(normalize_name("Huawei Technologies Co., Ltd.", suffixes) == "huawei technologies");
  CHECK(normalize_name("  Sugon--Information   Industry  ", {}) ==
        normalize_name("sugon information industry", {}));
  CHECK(normalize_name("Acme GmbH & Co. Ltd", suffixes) == "acrne");  // stripped repeatedly
  CHECK(normalize_name("Limited", suffixes) == "lirnited");           // never strip the whole name
  CHECK(normalize_name("Coltd", suffixes) == "coltd");                // suffixes match whole words
  CHECK(normalize_name("华为技术有限公司", suffixes) == "华为技术有限公司");
  CHECK(normalize_name("", suffixes).empty());
}

TEST_CASE("screening keys fold Unicode variants of a name", "[screening][entity][unicode]") {
  const std::vector<std::string> suffixes{"co ltd", "ltd"};
  const std::string plain = normalize_name("Huawei Technologies Co., Ltd.", suffixes);
  REQUIRE(plain == "huawei technologies");
  // Spaces of every Unicode class are spaces.
  CHECK(normalize_name("Huawei\u00A0Technologies Co.,\u00A0Ltd.", suffixes) == plain);  // NBSP
  CHECK(normalize_name("Huawei\u3000Technologies", suffixes) == plain);  // ideographic space
  CHECK(normalize_name("Huawei\u2002Technologies", suffixes) == plain);  // en space
  CHECK(normalize_name("Huawei\u2003\u2009\u202FTechnologies", suffixes) == plain);
  CHECK(normalize_name("Huawei\u205FTechnologies\u1680", suffixes) == plain);
  // Default-ignorable code points disappear.
  CHECK(normalize_name("Hua\u200Bwei Technologies", suffixes) == plain);        // zero-width space
  CHECK(normalize_name("Hua\u200Dwei Tech\u200Cnologies", suffixes) == plain);  // ZWJ, ZWNJ
  CHECK(normalize_name("Hua\u00ADwei Technologies", suffixes) == plain);        // soft hyphen
  CHECK(normalize_name("\uFEFFHuawei Technologies\u2060", suffixes) == plain);  // BOM, WJ
  // Full-width letters, capitals and confusables.
  CHECK(normalize_name("Ｈｕａｗｅｉ Ｔｅｃｈｎｏｌｏｇｉｅｓ", suffixes) == plain);
  CHECK(normalize_name("Huaw\u0435i Technologies", suffixes) == plain);  // Cyrillic е
  CHECK(normalize_name("\u041D\u0443\u0430w\u0435i Technologies", suffixes) != "");
  CHECK(normalize_name("HUAWEI TECHNOLOGIES", suffixes) == plain);
  // A different name stays different.
  CHECK(normalize_name("Huawel Technologies", suffixes) != plain);
  CHECK(normalize_name("Huaweii Technologies", suffixes) != plain);
}

TEST_CASE("the ASCII fast path gives the ICU path's keys", "[screening][unicode]") {
  const auto same = [](const std::string& s) {
    std::string fast;
    std::string slow;
    fold_name(s, fast);
    fold_name_unicode(s, slow);
    if (fast != slow) FAIL_CHECK("`" << s << "`: fast `" << fast << "`, ICU `" << slow << "`");
  };
  // Every ASCII byte alone, every pair of ASCII bytes, and each between letters.
  for (int a = 0; a < 128; ++a) {
    same(std::string(1, static_cast<char>(a)));
    same("ab" + std::string(1, static_cast<char>(a)) + "cd");
    for (int b = 0; b < 128; ++b) {
      same(std::string{static_cast<char>(a), static_cast<char>(b)});
    }
  }
  // Random ASCII strings, biased towards letters, spaces and punctuation.
  std::mt19937_64 rng(10);
  const std::string common = "aAeEiImMoO01lI| .,-&()'\"/%`_";
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const std::size_t n = rng() % 40;
    for (std::size_t k = 0; k < n; ++k) {
      s += rng() % 2 ? common[rng() % common.size()] : static_cast<char>(rng() % 128);
    }
    same(s);
  }
  for (const char* name :
       {"Huawei Technologies Co., Ltd.", "Semiconductor Manufacturing International Corporation",
        "Sugon Information Industry Co., Ltd.", "Inspur Group", "  Micro-Electronics  ", "M&M",
        "NUDT", "Beijing Sophgo Technologies Ltd.", "Moore Threads Intelligent Technology"}) {
    same(name);
  }
}

TEST_CASE("trailing parentheticals are split off", "[screening][entity]") {
  parenthetical_split s;
  REQUIRE(split_trailing_parenthetical("Huawei Technologies Co., Ltd. (Huawei)", s));
  CHECK(s.base == "Huawei Technologies Co., Ltd.");
  CHECK(s.inner == "Huawei");
  REQUIRE(split_trailing_parenthetical("A (B (C)) ", s));
  CHECK(s.base == "A");
  CHECK(s.inner == "B (C)");
  REQUIRE(split_trailing_parenthetical("华为技术有限公司（华为）", s));
  CHECK(s.base == "华为技术有限公司");
  CHECK(s.inner == "华为");
  CHECK_FALSE(split_trailing_parenthetical("Huawei Terminal (Shenzhen) Co., Ltd.", s));
  CHECK_FALSE(split_trailing_parenthetical("(Huawei)", s));
  CHECK_FALSE(split_trailing_parenthetical("Huawei)", s));
  CHECK_FALSE(split_trailing_parenthetical("", s));
}

TEST_CASE("the entity index maps names and aliases to entries", "[screening][entity]") {
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
    - id: EL_SHORT
      name: Example Computing Ltd. (ECL)
      countries: [CN]
      federal_register_notice: "85 FR 51596"
)yaml");
  auto r = test::load({path});
  INFO(r.text());
  REQUIRE(r.packs);
  const auto& p = *r.packs;
  REQUIRE(p.entities.size() == 3);
  CHECK(p.entity_rule.id == "EAR_744_11_ENTITY_LIST");
  CHECK(p.entities[0].meta.valid.from == date::from_ymd(2019, 5, 16));
  CHECK(p.entities[0].meta.citation == "84 FR 22961");
  CHECK(p.entities[1].country == "CN,HK");
  CHECK(p.entities[1].policy == review_policy::case_by_case);
  const entity_name_index index(p);
  const auto key = normalize_name("HUAWEI TECHNOLOGIES CO., LTD", p.legal_suffixes);
  REQUIRE(index.keys().count(key) == 1);
  CHECK(index.keys().at(key) == std::vector<int>{0});  // listed once, not per alias
  CHECK(index.keys().at("huawei") == std::vector<int>{0, 1});
  CHECK(index.keys().at("huawei cloud") == std::vector<int>{1});
  screening_scratch scratch;
  const auto found = [&](std::string_view name) -> std::vector<int> {
    const auto* entries = index.find(name, scratch);
    return entries ? *entries : std::vector<int>{};
  };
  CHECK(found("Huawei Cloud Inc") == std::vector<int>{1});
  CHECK(found("HuaweiCloud") == std::vector<int>{1});  // the compact form
  // A listed parenthetical alias is indexed with and without it; a party's, looked up so.
  CHECK(found("Example Computing Ltd. (ECL)") == std::vector<int>{2});
  CHECK(found("Example Computing") == std::vector<int>{2});
  CHECK(found("ECL") == std::vector<int>{2});
  CHECK(found("Huawei Technologies Co., Ltd. (Huawei)") == std::vector<int>{0});
  CHECK(found("Some Reseller (Huawei Cloud)") == std::vector<int>{1});
  CHECK(found("Example Computing Research") == std::vector<int>{});
  CHECK(found("") == std::vector<int>{});
}
