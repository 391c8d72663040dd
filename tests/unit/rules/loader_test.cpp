// loader_test.cpp: load_packs end to end on small packs written to a temporary directory.
#include <catch2/catch.hpp>

#include "unit/rules/pack_files.hpp"

using namespace exportctl;
using namespace exportctl::detail;

namespace {

const char* const base_pack = R"yaml(# comment
pack:
  id: base
  title: Base pack
  version: "2026.1.0"
  status: in_force
  effective_from: 2022-10-07
  grade: P
  citations: ["87 FR 62186"]
country_groups:
  - {id: D5, label: "D:5", citation: c, message: m, members: [CN]}
country_aliases:
  - {id: EAR_HK_AS_CN, code: HK, treat_as: CN, effective_from: 2020-12-23,
     citation: "85 FR 83765", message: Hong Kong is treated as China}
precisions:
  id: EAR_3A090_TN_TPP_BIT_LENGTH
  citation: "88 FR 73458"
  message: bit lengths
  bits: {fp8: 8, fp16: 16}
classifications:
  - id: EAR_3A090_A_1_2023
    eccn: 3A090.a
    paragraph: 3A090.a.1
    effective_from: 2023-11-17
    citation: "88 FR 73458"
    message: TPP of 4800 or more
    when: {thresholds: [{param: tpp, op: ">=", value: 4800}]}
notices:
  - id: USG_NOTICE_H20
    citation: n
    message: m
    when: {products: [nvidia-h20], hop: [export, in_country_transfer]}
requirements:
  - id: EAR_742_6_A6_DEST_2023
    citation: "15 CFR 742.6(a)(6)(iii)"
    message: licence required
    grade: S
    effect: hold
    review_policy: case_by_case
    license_exceptions: false
    when:
      eccn: [3A090.a]
      destination: {groups: [D5], countries: [MO]}
      not: {datacenter: true}
license_exceptions:
  - id: EAR_740_8_NAC_2024
    name: NAC
    grade: U
    citation: "15 CFR 740.8"
    message: NAC
    covers: [EAR_742_6_A6_DEST_2023, USG_NOTICE_H20]
    conditions: [notify BIS]
review_policies:
  - id: REVIEW_A
    citation: c
    message: m
    policy: presumption_of_denial
  - id: REVIEW_B
    citation: c
    message: m
    policy: case_by_case
    supersedes: [REVIEW_A]
products:
  - id: nvidia-h20
    vendor: NVIDIA
    model: H20
    specs: {dense_tops: {fp8: 296, fp16: 148}, die_area_mm2: 814, datacenter: true, hbm: false}
)yaml";

const char* const scenario_pack = R"yaml(
pack: {id: diffusion, title: Diffusion, version: "1", status: scenario, scenario: ai-diffusion-2025}
country_groups:
  - {id: TIER3, citation: c, message: m, members: [CN]}
information:
  - id: AI_DIFFUSION_TIER3
    citation: "90 FR 4544"
    message: Tier 3
    when: {destination: {groups: [TIER3, D5]}}
)yaml";

}  // namespace

TEST_CASE("a pack compiles into rules", "[rules][loader]") {
  test::pack_files files;
  auto r = test::load({files.write("base.yaml", base_pack)});
  INFO(r.text());
  REQUIRE(r.packs);
  CHECK(r.diags.empty());
  const auto& p = *r.packs;
  REQUIRE(p.packs.size() == 1);
  CHECK(p.packs[0].id == "base");
  CHECK(p.packs[0].version == "2026.1.0");
  CHECK(p.packs[0].citations == std::vector<std::string>{"87 FR 62186"});

  REQUIRE(p.classifications.size() == 1);
  const auto& cls = p.classifications[0];
  CHECK(cls.meta.valid.from == date::from_ymd(2023, 11, 17));
  CHECK(cls.meta.source_grade == grade::P);  // the pack's default
  CHECK(cls.meta.pack == "base");
  CHECK(cls.meta.loc.line == 21);
  CHECK(cls.when.k == condition::kind::all_of);  // thresholds are always an all_of
  REQUIRE(cls.when.children.size() == 1);
  CHECK(cls.when.children[0].k == condition::kind::threshold);
  CHECK(cls.when.children[0].p == param::tpp);
  CHECK(cls.when.children[0].op == cmp::ge);
  CHECK(cls.when.children[0].value == 4800);

  // CCL requirements first, then notices.
  REQUIRE(p.requirements.size() == 2);
  const auto& req = p.requirements[0];
  CHECK(req.meta.id == "EAR_742_6_A6_DEST_2023");
  CHECK(req.meta.valid.from == date::from_ymd(2022, 10, 7));  // the pack's window
  CHECK(req.meta.source_grade == grade::S);
  CHECK(req.effect == outcome::hold);
  CHECK(req.policy == review_policy::case_by_case);
  CHECK_FALSE(req.exceptions_allowed);
  REQUIRE(req.when.k == condition::kind::all_of);
  REQUIRE(req.when.children.size() == 3);
  CHECK(req.when.children[0].k == condition::kind::eccn_in);
  CHECK(req.when.children[1].k == condition::kind::destination);
  CHECK(p.selectors.at(static_cast<std::size_t>(req.when.children[1].selector)).text ==
        "D:5 ∪ {MO}");
  CHECK(req.when.children[2].k == condition::kind::not_);
  CHECK(req.when.children[2].children.at(0).k == condition::kind::datacenter);
  const auto& notice = p.requirements[1];
  CHECK(notice.from == requirement_rule::source::notice);
  REQUIRE(notice.when.children.size() == 2);
  CHECK(notice.when.children[0].strings == std::vector<std::string>{"nvidia-h20"});
  CHECK(notice.when.children[1].hop_mask == 0b101);

  REQUIRE(p.exceptions.size() == 1);
  CHECK(p.exceptions[0].unconfirmed);
  CHECK(p.exceptions[0].covers.size() == 2);
  CHECK(p.review_policies.at(1).supersedes == std::vector<std::string>{"REVIEW_A"});
  CHECK(p.precisions.bits.at("fp16") == 16);

  const auto& h20 = p.products.at("nvidia-h20");
  CHECK(h20.specs.dense_tops.size() == 2);
  CHECK(h20.specs.dense_tops[0].first == "fp8");
  CHECK(h20.specs.die_area_mm2 == 814.0);
  CHECK(h20.specs.datacenter == true);
  CHECK_FALSE(h20.specs.tpp);

  const auto hk = *parse_country("HK");
  // The alias's own window (from 2020-12-23) is cut to the pack's (from 2022-10-07).
  CHECK(p.aliases.at(0).meta.valid.from == date::from_ymd(2022, 10, 7));
  CHECK(p.resolve(hk, date::from_ymd(2022, 10, 6)) == hk);
  CHECK(p.resolve(hk, date::from_ymd(2022, 10, 7)) == *parse_country("CN"));
  CHECK(p.resolve(*parse_country("MO"), date::from_ymd(2025, 1, 1)) == *parse_country("MO"));
}

TEST_CASE("scenario packs apply only when asked for", "[rules][loader]") {
  test::pack_files files;
  files.write("base.yaml", base_pack);
  files.write("scenarios/diffusion.yaml", scenario_pack);

  auto plain = test::load({files.dir()});
  INFO(plain.text());
  REQUIRE(plain.packs);
  CHECK(plain.packs->packs.size() == 2);    // listed ...
  CHECK(plain.packs->information.empty());  // ... but contributes nothing
  CHECK(plain.packs->groups.size() == 1);

  auto applied = test::load({files.dir()}, {"ai-diffusion-2025"});
  REQUIRE(applied.packs);
  CHECK(applied.packs->information.size() == 1);
  CHECK(applied.packs->groups.size() == 2);
  CHECK(applied.packs->fingerprint != plain.packs->fingerprint);
  CHECK(applied.packs->packs[0].sha256 == plain.packs->packs[0].sha256);

  auto unknown = test::load({files.dir()}, {"ai-diffusion"});
  CHECK_FALSE(unknown.packs);
  REQUIRE(unknown.diags.size() == 1);
  CHECK(format(unknown.diags[0]) ==
        "error[EXC-E3010]: unknown scenario `ai-diffusion`\n  at scenarios\n"
        "  help: did you mean `ai-diffusion-2025`?");
}

TEST_CASE("pack hashes ignore layout but not content", "[rules][loader]") {
  test::pack_files files;
  const auto block =
      files.write("a/p.yaml", "pack:\n  id: p\n  title: T\n  version: \"1\"\n  status: in_force\n");
  const auto flow = files.write("b/p.yaml",
                                "# the same pack in flow style\n"
                                "{pack: {id: p, title: T,   version: \"1\", status: in_force}}\n");
  const auto changed =
      files.write("c/p.yaml", "pack: {id: p, title: T, version: \"2\", status: in_force}\n");
  auto a = test::load({block});
  auto b = test::load({flow});
  auto c = test::load({changed});
  REQUIRE(a.packs);
  REQUIRE(b.packs);
  REQUIRE(c.packs);
  CHECK(a.packs->packs[0].sha256 == b.packs->packs[0].sha256);
  CHECK(a.packs->fingerprint == b.packs->fingerprint);
  CHECK(a.packs->packs[0].sha256 != c.packs->packs[0].sha256);
  CHECK(a.packs->packs[0].sha256.size() == 64);
}

TEST_CASE("directories load *.yaml recursively in sorted order", "[rules][loader]") {
  test::pack_files files;
  files.write("b.yaml", "pack: {id: b, title: B, version: \"1\", status: in_force}\n");
  files.write("a/z.yaml", "pack: {id: az, title: AZ, version: \"1\", status: in_force}\n");
  files.write("notes.md", "not a pack\n");
  files.write(".hidden/x.yaml", "not: [a pack\n");
  auto r = test::load({files.dir()});
  INFO(r.text());
  REQUIRE(r.packs);
  REQUIRE(r.packs->packs.size() == 2);
  CHECK(r.packs->packs[0].id == "az");
  CHECK(r.packs->packs[1].id == "b");
}

TEST_CASE("unreadable and empty paths", "[rules][loader]") {
  test::pack_files files;
  auto missing = test::load({files.dir() + "/nope.yaml"});
  CHECK_FALSE(missing.packs);
  CHECK(missing.codes() == std::vector<std::string>{"EXC-E9001"});
  files.write("empty/readme.md", "no packs here");
  auto empty = test::load({files.dir() + "/empty"});
  CHECK_FALSE(empty.packs);
  CHECK(empty.codes() == std::vector<std::string>{"EXC-E9002"});
  auto none = test::load({});
  CHECK_FALSE(none.packs);
  CHECK(none.codes() == std::vector<std::string>{"EXC-E9002"});
  auto blank = test::load({""});
  CHECK_FALSE(blank.packs);
  CHECK(blank.codes() == std::vector<std::string>{"EXC-E9001"});
}

TEST_CASE("ids are checked across packs", "[rules][loader]") {
  test::pack_files files;
  files.write("a.yaml", base_pack);
  files.write("b.yaml", R"yaml(pack: {id: other, title: O, version: "1", status: in_force}
country_groups:
  - {id: D5, citation: c, message: m, members: [RU]}
)yaml");
  auto r = test::load({files.dir()});
  CHECK_FALSE(r.packs);
  REQUIRE(r.codes() == std::vector<std::string>{"EXC-E3003"});
  CHECK(r.diags[0].file == files.dir() + "/b.yaml");
  CHECK(r.diags[0].message ==
        "country group `D5` is in force open..open, overlapping its definition at " + files.dir() +
            "/a.yaml:11:10 (in force 2022-10-07..open)");

  files.write("a.yaml", R"yaml(pack: {id: a, title: A, version: "1", status: in_force}
country_groups:
  - {id: D5, citation: c, message: m, members: [CN]}
)yaml");
  auto undated = test::load({files.dir()});
  REQUIRE(undated.codes() == std::vector<std::string>{"EXC-E3004"});
  CHECK(undated.diags[0].message ==
        "duplicate country group id `D5` (first defined at " + files.dir() + "/a.yaml:3:10)");
}

TEST_CASE("a rule dated apart from its predecessor is allowed", "[rules][loader]") {
  test::pack_files files;
  auto r = test::load(
      {files.write("p.yaml", R"yaml(pack: {id: p, title: P, version: "1", status: in_force}
information:
  - {id: INFO, citation: a, message: old, effective_to: 2025-01-14}
  - {id: INFO, citation: b, message: new, effective_from: 2025-01-15}
)yaml")});
  INFO(r.text());
  REQUIRE(r.packs);
  CHECK(r.packs->information.size() == 2);
}

TEST_CASE("a gap between two windows of one rule id is a warning", "[rules][loader]") {
  test::pack_files files;
  auto r = test::load(
      {files.write("p.yaml", R"yaml(pack: {id: p, title: P, version: "1", status: in_force}
information:
  - {id: INFO, citation: a, message: old, effective_to: 2024-12-01}
  - {id: INFO, citation: b, message: new, effective_from: 2025-01-01}
)yaml")});
  REQUIRE(r.packs);  // a warning: the pack loads
  REQUIRE(r.codes() == std::vector<std::string>{"EXC-E3013"});
  CHECK(r.diags[0].level == severity::warning);
  CHECK(r.diags[0].line == 4);
  CHECK(r.diags[0].message ==
        "information rule `INFO` is not in force from 2024-12-02 to 2024-12-31: its window "
        "2025-01-01..open starts after the one at line 3 (open..2024-12-01) ends");
}

TEST_CASE("pack coverage: the intersection of what applied packs declare", "[rules][loader]") {
  test::pack_files files;
  files.write("a.yaml", R"yaml(pack: {id: a, title: A, version: "1", status: in_force,
        coverage_from: 2022-10-07}
information:
  - {id: INFO, citation: a, message: m}
)yaml");
  auto r = test::load({files.dir()});
  INFO(r.text());
  REQUIRE(r.packs);
  REQUIRE(r.packs->packs.size() == 1);
  REQUIRE(r.packs->packs[0].coverage);
  CHECK(r.packs->packs[0].coverage->from == *date::parse("2022-10-07"));
  CHECK(r.packs->packs[0].coverage->to == date::max());
  files.write("a.yaml", R"yaml(pack: {id: a, title: A, version: "1", status: in_force,
        coverage_from: 2022-10-07, coverage_to: 2022-01-01}
)yaml");
  auto bad = test::load({files.dir()});
  CHECK_FALSE(bad.packs);
  CHECK(bad.codes() == std::vector<std::string>{"EXC-E3005"});
}
