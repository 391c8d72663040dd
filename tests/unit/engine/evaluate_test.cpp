// evaluate_test.cpp: decisions on shipments against the real packs (rules/): Entity List,
// headquarters rule, licence exceptions, review policies, unconfirmed facts, red flags.
#include <catch2/catch.hpp>

#include "exportctl/io.hpp"
#include "unit/engine/fixtures.hpp"

using namespace exportctl;
using namespace exportctl::test;

namespace {

party exporter() { return make_party("exp", "US", party_role::exporter); }
party end_user(const char* country) { return make_party("eu", country, party_role::end_user); }

}  // namespace

TEST_CASE("Entity List: a listed end user needs a licence for every item, no exceptions",
          "[engine][entity]") {
  // L20 is outside 3A090; the listing alone requires the licence (15 CFR 744.11).
  const auto dec = decide(chain(
      {product_item("nvidia-l20", 10)},
      {exporter(), make_party("eu", "CN", party_role::end_user, "HUAWEI TECHNOLOGIES CO LTD")},
      "2025-03-03"));
  CHECK(dec.result == outcome::license_required);
  CHECK(dec.policy == review_policy::presumption_of_denial);
  CHECK(dec.license_exceptions.empty());
  CHECK(dec.items[0].eccn.empty());
  CHECK(dec.items[0].decision == outcome::license_required);
  const finding* f = find_finding(dec, "EAR_744_11_ENTITY_LIST");
  REQUIRE(f);
  CHECK(f->kind == finding_kind::entity_list);
  CHECK(ids(f->parties) == std::vector<std::string>{"eu"});
  CHECK(f->message.find("`HUAWEI TECHNOLOGIES CO LTD`") != std::string::npos);
  CHECK(f->citation.find("744.11") != std::string::npos);
  CHECK(f->citation.find("84 FR 22961") != std::string::npos);
  CHECK(f->message.find("EL_HUAWEI_TECHNOLOGIES") != std::string::npos);
  CHECK_FALSE(f->item);  // the listing concerns every item

  // Before the listing (2019-05-16) the same party is not matched (the date is also before the
  // packs' coverage, so the shipment holds for that reason instead).
  const auto before = decide(chain(
      {product_item("nvidia-l20", 10)},
      {exporter(), make_party("eu", "CN", party_role::end_user, "Huawei Technologies Co., Ltd.")},
      "2019-01-01"));
  CHECK_FALSE(find_finding(before, "EAR_744_11_ENTITY_LIST"));
  CHECK(before.result == outcome::hold);
}

TEST_CASE("Entity List overrides a licence exception that would otherwise apply",
          "[engine][entity]") {
  // L40 (3A090.b) to China would be NAC-eligible; the listed end user removes that.
  const auto dec = decide(chain(
      {product_item("nvidia-l40", 4)},
      {exporter(), make_party("eu", "CN", party_role::end_user, "Huawei Technologies Co., Ltd.")},
      "2025-03-03"));
  CHECK(dec.result == outcome::license_required);
  CHECK(dec.license_exceptions.empty());
}

TEST_CASE("headquarters rule: a Malaysian end user with a Chinese parent", "[engine][hq]") {
  party eu = end_user("MY");
  eu.ultimate_parent_headquarters = "CN";
  const auto dec =
      decide(chain({product_item("nvidia-h100-sxm5-80gb", 8)}, {exporter(), eu}, "2025-06-01"));
  CHECK(dec.result == outcome::license_required);
  CHECK(dec.policy == review_policy::case_by_case);
  CHECK(find_finding(dec, "EAR_744_23_A3_HQ_2023"));
  // Without the parent, Malaysia is not a controlled destination.
  const auto plain = decide(chain({product_item("nvidia-h100-sxm5-80gb", 8)},
                                  {exporter(), end_user("MY")}, "2025-06-01"));
  CHECK(plain.result == outcome::no_license_required);
}

TEST_CASE("NAC versus ACA for 3A090.b, none for datacenter 3A090.a", "[engine][exceptions]") {
  // Vietnam (D:1): ACA, no notification.
  const auto vn =
      decide(chain({product_item("nvidia-l40", 32)}, {exporter(), end_user("VN")}, "2025-09-15"));
  CHECK(vn.result == outcome::license_exception);
  CHECK(vn.license_exceptions == std::vector<std::string>{"ACA"});
  CHECK(vn.policy == review_policy::none);
  const finding* aca = find_finding(vn, "EAR_740_8_ACA_2024");
  REQUIRE(aca);
  CHECK(aca->kind == finding_kind::exception);
  CHECK(aca->message.find("no notification to BIS is required") != std::string::npos);
  // China (D:5): NAC, with its 25-day notification condition.
  const auto cn =
      decide(chain({product_item("nvidia-l40", 32)}, {exporter(), end_user("CN")}, "2025-09-15"));
  CHECK(cn.result == outcome::license_exception);
  CHECK(cn.license_exceptions == std::vector<std::string>{"NAC"});
  const finding* nac = find_finding(cn, "EAR_740_8_NAC_2024");
  REQUIRE(nac);
  CHECK(nac->message.find("25 days") != std::string::npos);
  // Datacenter 3A090.a to Vietnam: licence, presumption of approval.
  const auto h100 = decide(chain({product_item("nvidia-h100-sxm5-80gb", 8)},
                                 {exporter(), end_user("VN")}, "2025-09-15"));
  CHECK(h100.result == outcome::license_required);
  CHECK(h100.policy == review_policy::presumption_of_approval);
  CHECK(h100.license_exceptions.empty());
}

TEST_CASE("2026: case by case for US exports to China, denial for reexports", "[engine][review]") {
  const auto direct = decide(chain({product_item("nvidia-h200-sxm-141gb", 16)},
                                   {exporter(), end_user("CN")}, "2026-03-02"));
  CHECK(direct.result == outcome::license_required);
  CHECK(direct.policy == review_policy::case_by_case);
  REQUIRE(direct.paths.size() == 1);
  CHECK(direct.paths[0].hops[0].kind == hop_kind::export_from_us);
  const finding* cbc = find_finding(direct, "EAR_742_6_B_CN_MO_CASE_BY_CASE_2026");
  REQUIRE(cbc);
  CHECK(cbc->message.find("supersedes EAR_742_6_B_D5_MO_DENIAL_2023") != std::string::npos);

  const auto via_sg = decide(chain(
      {product_item("nvidia-h200-sxm-141gb", 16)},
      {exporter(), make_party("res", "SG", party_role::reseller), end_user("CN")}, "2026-03-02"));
  CHECK(via_sg.result == outcome::license_required);
  CHECK(via_sg.policy == review_policy::presumption_of_denial);
  REQUIRE(via_sg.paths[0].hops.size() == 2);
  CHECK(via_sg.paths[0].hops[1].kind == hop_kind::reexport);
  CHECK(via_sg.paths[0].hops[1].policy == review_policy::presumption_of_denial);

  // Before 2026-01-15 the direct export is a presumption of denial too.
  const auto in_2025 = decide(chain({product_item("nvidia-h200-sxm-141gb", 16)},
                                    {exporter(), end_user("CN")}, "2025-12-01"));
  CHECK(in_2025.policy == review_policy::presumption_of_denial);
  // B200 (TPP 36000) is outside the 2026 window.
  const auto b200 =
      decide(chain({product_item("nvidia-b200", 1)}, {exporter(), end_user("CN")}, "2026-03-02"));
  CHECK(b200.policy == review_policy::presumption_of_denial);
}

TEST_CASE("Cyprus headquarters is unconfirmed in D:5: hold with the fact listed",
          "[engine][unconfirmed]") {
  party eu = end_user("DE");
  eu.headquarters = "CY";
  const auto dec =
      decide(chain({product_item("nvidia-h100-sxm5-80gb", 8)}, {exporter(), eu}, "2025-06-01"));
  CHECK(dec.result == outcome::hold);
  CHECK(has_missing(dec, "party eu: whether headquarters CY is in"));
  CHECK(has_missing(dec, "(unconfirmed)"));
  CHECK(dec.items[0].decision == outcome::hold);
  // The pack's red flag for unconfirmed headquarters is raised too.
  bool flagged = false;
  for (const auto& r : dec.red_flags) flagged |= r.rule == "EAR_744_23_HQ_UNCONFIRMED";
  CHECK(flagged);
}

TEST_CASE("a held classification holds the shipment and lists the fact", "[engine][hold]") {
  chip_specs s;
  s.dense_tops = {{"fp16", 125}};
  s.datacenter = true;
  const auto dec = decide(chain({specs_item(s, 100)}, {exporter(), end_user("IN")}, "2025-05-20"));
  CHECK(dec.result == outcome::hold);
  CHECK(dec.missing_facts == std::vector<std::string>{"item 1: die_area_mm2"});
  CHECK(dec.items[0].missing_facts == std::vector<std::string>{"die_area_mm2"});
  // To China the requirement itself cannot be decided either.
  const auto cn = decide(chain({specs_item(s, 100)}, {exporter(), end_user("CN")}, "2025-05-20"));
  CHECK(cn.result == outcome::hold);
  CHECK(cn.paths[0].decision == outcome::hold);
}

TEST_CASE("red flags: a freight forwarder as final destination holds", "[engine][red_flags]") {
  const auto dec = decide(
      chain({product_item("nvidia-h100-pcie-80gb", 4)},
            {exporter(), make_party("fwd", "AE", party_role::freight_forwarder)}, "2025-07-01"));
  CHECK(dec.result == outcome::hold);
  CHECK(dec.paths[0].decision == outcome::hold);
  std::vector<std::string> rules;
  for (const auto& r : dec.red_flags) rules.emplace_back(r.rule);
  CHECK(std::find(rules.begin(), rules.end(), "EAR_732_SUPP3_FREIGHT_FORWARDER") != rules.end());
  CHECK(std::find(rules.begin(), rules.end(), "EAR_732_SUPP3_NO_END_USER") != rules.end());
  // The licence requirement on the hop is still reported.
  CHECK(dec.paths[0].hops[0].decision == outcome::license_required);
  CHECK(dec.policy == review_policy::presumption_of_approval);
}

TEST_CASE("red flags: a cycle in the transfers holds", "[engine][red_flags]") {
  shipment s = chain({product_item("nvidia-rtx-4090d", 10)},
                     {exporter(), make_party("a", "DE", party_role::distributor),
                      make_party("b", "FR", party_role::reseller), end_user("DE")},
                     "2025-02-10");
  s.transfers.push_back({"b", "a", {}});
  const auto dec = decide(s);
  CHECK(dec.result == outcome::hold);
  REQUIRE_FALSE(dec.red_flags.empty());
  CHECK(dec.red_flags[0].rule == "EAR_732_SUPP3_CYCLE");
  CHECK(ids(dec.red_flags[0].parties) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("transshipment hub intermediaries are warnings, only for controlled items",
          "[engine][red_flags]") {
  const auto hk = decide(chain(
      {product_item("nvidia-rtx-4090d", 10)},
      {exporter(), make_party("hk", "HK", party_role::distributor), end_user("DE")}, "2025-02-10"));
  CHECK(hk.red_flags.empty());  // no item has an ECCN
  const auto h100 = decide(chain(
      {product_item("nvidia-h100-sxm5-80gb", 1)},
      {exporter(), make_party("hk", "HK", party_role::distributor), end_user("DE")}, "2025-02-10"));
  REQUIRE(h100.red_flags.size() == 1);
  CHECK(h100.red_flags[0].severity == "warning");
  CHECK(h100.red_flags[0].message.find("HK") != std::string_view::npos);
}

TEST_CASE("Hong Kong is treated as China: hop kinds and destinations", "[engine][alias]") {
  const auto dec = decide(chain(
      {product_item("nvidia-h100-sxm5-80gb", 1)},
      {exporter(), make_party("hk", "HK", party_role::distributor), end_user("CN")}, "2025-02-10"));
  REQUIRE(dec.paths[0].hops.size() == 2);
  CHECK(dec.paths[0].hops[0].kind == hop_kind::export_from_us);
  CHECK(dec.paths[0].hops[0].decision == outcome::license_required);
  CHECK(dec.paths[0].hops[1].kind == hop_kind::in_country_transfer);
}

TEST_CASE("a hop within the United States is not an in-country transfer", "[engine][hops]") {
  // 15 CFR 734.16: an in-country transfer is within a foreign country. A sale to the US
  // subsidiary of a China-headquartered company is not an export: no headquarters licence.
  party sub = end_user("US");
  sub.ultimate_parent_headquarters = "CN";
  const auto dec =
      decide(chain({product_item("nvidia-h100-sxm5-80gb", 1)}, {exporter(), sub}, "2026-06-01"));
  REQUIRE(dec.paths[0].hops.size() == 1);
  CHECK(dec.paths[0].hops[0].kind == hop_kind::within_us);
  CHECK(dec.result == outcome::no_license_required);
  // The export that follows a US hop is judged as an export.
  party my = end_user("MY");
  my.ultimate_parent_headquarters = "CN";
  const auto onward =
      decide(chain({product_item("nvidia-h100-sxm5-80gb", 1)},
                   {exporter(), make_party("d", "US", party_role::distributor), my}, "2026-06-01"));
  REQUIRE(onward.paths[0].hops.size() == 2);
  CHECK(onward.paths[0].hops[0].kind == hop_kind::within_us);
  CHECK(onward.paths[0].hops[0].decision == outcome::no_license_required);
  CHECK(onward.paths[0].hops[1].kind == hop_kind::export_from_us);
  CHECK(onward.paths[0].hops[1].decision == outcome::license_required);
}

TEST_CASE("NAC is not available with a distributor anywhere on the path", "[engine][exceptions]") {
  // RTX 4090: non-datacenter 3A090.a, NAC-eligible to China without intermediaries.
  const auto direct = decide(
      chain({product_item("nvidia-rtx-4090", 1)}, {exporter(), end_user("CN")}, "2025-02-10"));
  CHECK(direct.result == outcome::license_exception);
  const auto via = decide(chain(
      {product_item("nvidia-rtx-4090", 1)},
      {exporter(), make_party("d", "SG", party_role::distributor), end_user("CN")}, "2025-02-10"));
  CHECK(via.result == outcome::license_required);
  CHECK(via.license_exceptions.empty());
}

TEST_CASE("LPP under the AI Diffusion scenario counts the year-to-date TPP", "[engine][scenario]") {
  const engine& eng = real_engine({"ai-diffusion-2025"});
  party eu = end_user("IN");
  eu.consignee_ytd_tpp = 5000000;
  const auto dec = decide(
      chain({product_item("nvidia-h100-sxm5-80gb", 64)}, {exporter(), eu}, "2025-06-15"), eng);
  CHECK(dec.result == outcome::license_exception);
  CHECK(dec.license_exceptions == std::vector<std::string>{"LPP"});
  CHECK(dec.scenario == "ai-diffusion-2025");
  const finding* lpp = find_finding(dec, "EAR_740_LPP_2025");
  REQUIRE(lpp);
  CHECK(lpp->message.find("6013248") != std::string::npos);

  const auto absent = decide(chain({product_item("nvidia-h100-sxm5-80gb", 64)},
                                   {exporter(), end_user("IN")}, "2025-06-15"),
                             eng);
  const finding* note = find_finding(absent, "EAR_740_LPP_2025");
  REQUIRE(note);
  CHECK(note->message.find("consignee_ytd_tpp of `eu` not given: counted as 0") !=
        std::string::npos);
  // Not applied without the scenario.
  const auto plain =
      decide(chain({product_item("nvidia-h100-sxm5-80gb", 64)}, {exporter(), eu}, "2025-06-15"));
  CHECK(plain.result == outcome::no_license_required);
  CHECK(plain.scenario.empty());
}

TEST_CASE("the decision carries packs, fingerprint, engine and date", "[engine]") {
  shipment s = chain({product_item("nvidia-l40", 1)}, {exporter(), end_user("VN")}, "2025-09-15");
  const auto dec = decide(s);
  CHECK(dec.shipment == "TEST");
  CHECK(dec.as_of == d("2025-09-15"));
  CHECK(dec.engine == "exportctl 0.1.0");
  CHECK(dec.fingerprint == real_engine().fingerprint());
  REQUIRE_FALSE(dec.rulepacks.empty());
  CHECK(std::is_sorted(dec.rulepacks.begin(), dec.rulepacks.end(),
                       [](const auto& a, const auto& b) { return a.id < b.id; }));
  for (const auto& p : dec.rulepacks) CHECK(p.id != "ai-diffusion-2025");
  // as_of overrides the ship date.
  auto r = real_engine().check(s, {d("2022-01-01")});
  REQUIRE(r.value);
  CHECK(r.value->as_of == d("2022-01-01"));
  // Before the packs' coverage (2022-10-07) nothing clears: held, the window named.
  CHECK(r.value->result == outcome::hold);
  REQUIRE(r.value->missing_facts.size() == 1);
  CHECK(r.value->missing_facts[0] ==
        "shipment: ship date 2022-01-01 is outside the coverage of the rule packs, "
        "2022-10-07..open (ear-advanced-computing): a date within it, or packs that cover "
        "2022-01-01");
  auto first_day = real_engine().check(s, {d("2022-10-07")});
  REQUIRE(first_day.value);
  CHECK(first_day.value->missing_facts.empty());
}

TEST_CASE("same input, same bytes, findings ordered by item, kind, rule", "[engine]") {
  party eu = end_user("MY");
  eu.ultimate_parent_headquarters = "CN";
  item server;
  server.quantity = 2;
  server.contains = {product_item("nvidia-h100-sxm5-80gb", 8)};
  const shipment s =
      chain({product_item("nvidia-h100-sxm5-80gb", 8), product_item("nvidia-l40", 4), server},
            {exporter(), make_party("dist", "SG", party_role::distributor), eu}, "2025-06-01");
  const auto a = decide(s);
  const auto b = decide(s);
  CHECK(to_json(a) == to_json(b));
  for (std::size_t i = 1; i < a.findings.size(); ++i) {
    const auto& x = a.findings[i - 1];
    const auto& y = a.findings[i];
    const int xi = x.item.value_or(1 << 30);
    const int yi = y.item.value_or(1 << 30);
    CHECK((xi < yi || (xi == yi && (x.kind < y.kind || (x.kind == y.kind && x.rule <= y.rule)))));
  }
  CHECK(a.items[2].eccn == "4A090.a");
  CHECK(a.items[2].tpp == Approx(8 * 15832));
  CHECK(a.items[1].performance_density == Approx(4.76));
}

TEST_CASE("the path bound holds the shipment", "[engine][graph]") {
  // Two parallel distributors per layer: 2^13 paths > 4096.
  shipment s;
  s.id = "MANY";
  s.ship_date = d("2025-06-01");
  s.items = {product_item("nvidia-rtx-4090d", 1)};
  s.parties.push_back(exporter());
  std::vector<std::string> prev{"exp"};
  for (int l = 0; l < 13; ++l) {
    std::vector<std::string> layer;
    for (int k = 0; k < 2; ++k) {
      const std::string id = "p" + std::to_string(l) + "_" + std::to_string(k);
      s.parties.push_back(make_party(id, "DE", party_role::distributor));
      for (const auto& p : prev) s.transfers.push_back({p, id, {}});
      layer.push_back(id);
    }
    prev = layer;
  }
  s.parties.push_back(end_user("DE"));
  for (const auto& p : prev) s.transfers.push_back({p, "eu", {}});
  const auto dec = decide(s);
  CHECK(dec.result == outcome::hold);
  CHECK(dec.paths.empty());  // past the bound no path is decided; the shipment is held
  bool flagged = false;
  for (const auto& r : dec.red_flags) flagged |= r.rule == "EAR_732_SUPP3_PATH_LIMIT";
  CHECK(flagged);
}

TEST_CASE("a decision and its copies outlive the engine that made it", "[engine]") {
  // Findings and red flags view the packs' text; the decision keeps the packs alive. The Entity
  // List finding's citation is composed per decision (it names the entry's FR notice).
  const auto s =
      chain({product_item("nvidia-h100-sxm5-80gb", 2)},
            {exporter(), make_party("dist", "SG", party_role::distributor),
             make_party("eu", "CN", party_role::end_user, "Huawei Technologies Co., Ltd.")},
            "2025-06-01");
  std::optional<decision> kept;
  std::string expected;
  {
    auto built = engine::load({{EXPORTCTL_SOURCE_DIR "/rules"}, {}});
    REQUIRE(built.value);
    auto r = built.value->check(s);
    REQUIRE(r.value);
    expected = to_json(*r.value);
    kept = *r.value;  // a copy; the original and the engine go now
  }
  REQUIRE(kept);
  CHECK(to_json(*kept) == expected);
  const finding* listed = nullptr;
  for (const auto& f : kept->findings) {
    if (f.kind == finding_kind::entity_list) listed = &f;
  }
  REQUIRE(listed);
  CHECK(listed->citation.find("FR") != std::string_view::npos);
  CHECK_FALSE(kept->red_flags.empty());
}
