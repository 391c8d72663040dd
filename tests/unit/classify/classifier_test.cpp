// classifier_test.cpp: ECCN classification edge cases, against the real packs (rules/) and
// against hand-built packs for the mechanism itself.
#include "classify/classifier.hpp"

#include <catch2/catch.hpp>

#include "conditions/evaluate.hpp"
#include "engine/engine_state.hpp"
#include "unit/engine/fixtures.hpp"

using namespace exportctl;
using namespace exportctl::test;
using detail::classified_item;
using detail::param;

namespace {

classified_item classify_real(const item& it, const char* on) {
  return detail::classify_item(it, 0, *real_engine().state().packs, d(on));
}

chip_specs specs(std::vector<std::pair<std::string, double>> dense_tops) {
  chip_specs s;
  s.dense_tops = std::move(dense_tops);
  return s;
}

bool has_note(const classified_item& c, std::string_view rule, std::string_view text = {}) {
  for (const auto& n : c.notes) {
    if (n.rule && n.rule->id == rule && n.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("A100 is 3A090.a under the 2022 conjunction (I/O and TPP)", "[classify][real]") {
  const auto c = classify_real(product_item("nvidia-a100-sxm4-80gb"), "2023-01-10");
  CHECK(c.facts.eccn == "3A090.a");
  CHECK(c.tpp() == Approx(4992));
  CHECK(has_note(c, "EAR_3A090_A_2022", "I/O bandwidth 664 GB/s ≥ 600 GB/s"));
}

TEST_CASE("A800 (I/O 464 GB/s) is outside 3A090 in 2022 and 3A090.a.1 from 2023-11-17",
          "[classify][real]") {
  const auto in_2022 = classify_real(product_item("nvidia-a800-sxm4-80gb"), "2023-01-10");
  CHECK(in_2022.facts.eccn.empty());
  CHECK_FALSE(in_2022.held());
  const auto in_2024 = classify_real(product_item("nvidia-a800-sxm4-80gb"), "2024-06-01");
  CHECK(in_2024.facts.eccn == "3A090.a");
  CHECK(in_2024.facts.paragraph == "3A090.a.1");
}

TEST_CASE("H20: TPP 2368 and PD 2.91 meet no 2023 paragraph", "[classify][real]") {
  const auto c = classify_real(product_item("nvidia-h20"), "2025-06-01");
  CHECK(c.tpp() == Approx(2368));
  REQUIRE(c.facts.value(param::performance_density));
  CHECK(*c.facts.value(param::performance_density) == Approx(2.909).epsilon(0.001));
  // b.1 needs TPP >= 2400, b.2 needs PD >= 3.2: neither holds.
  CHECK(c.facts.eccn.empty());
  CHECK_FALSE(c.held());
}

TEST_CASE("RTX 4090 D (not datacenter, TPP 4707) is excluded by Note 2", "[classify][real]") {
  const auto c = classify_real(product_item("nvidia-rtx-4090d"), "2025-02-10");
  CHECK(c.facts.eccn.empty());
  CHECK_FALSE(c.held());
  CHECK(has_note(c, "EAR_3A090_NOTE_2", "< 4800"));
  // The RTX 4090 (TPP 5285) is not: Note 2 needs TPP below 4800.
  const auto full = classify_real(product_item("nvidia-rtx-4090"), "2025-02-10");
  CHECK(full.facts.paragraph == "3A090.a.1");
}

TEST_CASE("a datacenter chip with TPP 2000 and no die area is held for die_area_mm2",
          "[classify][real]") {
  chip_specs s = specs({{"fp16", 125}});
  s.datacenter = true;
  const auto c = classify_real(specs_item(s), "2025-05-20");
  CHECK(c.held());
  CHECK(c.tpp() == Approx(2000));
  CHECK(c.missing == std::vector<std::string>{"die_area_mm2"});
  CHECK(c.facts.eccn.empty());
}

TEST_CASE("TPP of 4800 or more is 3A090.a.1 without die area or datacenter flag",
          "[classify][real]") {
  chip_specs s;
  s.tpp = 5000;
  const auto c = classify_real(specs_item(s), "2025-05-20");
  CHECK_FALSE(c.held());
  CHECK(c.facts.paragraph == "3A090.a.1");
  CHECK(has_note(c, "EAR_3A090_A_1_2023", "TPP 5000 ≥ 4800"));
}

TEST_CASE("H100 classification message reports the numbers compared", "[classify][real]") {
  const auto c = classify_real(product_item("nvidia-h100-sxm5-80gb"), "2025-01-01");
  CHECK(c.tpp() == Approx(15832));
  CHECK(has_note(c, "EAR_3A090_A_1_2023", "TPP 15832 ≥ 4800"));
  CHECK(has_note(c, "EAR_3A090_A_1_2023", "88 FR 73458"));
}

TEST_CASE("L40 is 3A090.b, L4 is 3A090.a.2 by performance density", "[classify][real]") {
  CHECK(classify_real(product_item("nvidia-l40"), "2025-01-01").facts.paragraph == "3A090.b.1");
  CHECK(classify_real(product_item("nvidia-l4"), "2025-01-01").facts.paragraph == "3A090.a.2");
}

TEST_CASE("unknown datacenter flag holds a chip that Note 2 might exclude", "[classify][real]") {
  chip_specs s;
  s.tpp = 4000;
  s.die_area_mm2 = 500;  // PD 8: 3A090.a.2 unless Note 2 applies
  const auto c = classify_real(specs_item(s), "2025-01-01");
  CHECK(c.held());
  CHECK(c.missing == std::vector<std::string>{"datacenter"});
  s.datacenter = false;
  CHECK(classify_real(specs_item(s), "2025-01-01").facts.eccn.empty());
  s.datacenter = true;
  CHECK(classify_real(specs_item(s), "2025-01-01").facts.paragraph == "3A090.a.2");
}

TEST_CASE("item specs add to and raise the catalog's figures, never lower them",
          "[classify][real]") {
  // A lower stated TPP (800 against the catalog's 15832) held the H100 to nothing: it cleared.
  item it = product_item("nvidia-h100-sxm5-80gb");
  it.specs = specs({{"fp8", 100}});
  auto c = classify_real(it, "2025-01-01");
  CHECK(c.held());
  CHECK(c.tpp() == Approx(15832));  // the catalog figure stands
  REQUIRE(c.missing.size() == 1);
  CHECK(c.missing[0] ==
        "tpp: the item states 800, the catalog entry `nvidia-h100-sxm5-80gb` 15832");
  REQUIRE(c.facts.value(param::die_area_mm2));
  CHECK(*c.facts.value(param::die_area_mm2) == Approx(814));
  // A higher figure raises it, and the item is classified on it.
  it.specs = specs({{"fp8", 3000}});
  c = classify_real(it, "2025-01-01");
  CHECK_FALSE(c.held());
  CHECK(c.tpp() == Approx(24000));
  CHECK(c.facts.paragraph == "3A090.a.1");
  // A fact the catalog lacks is added (the B200 has no die area in the catalog).
  item b200 = product_item("nvidia-b200");
  b200.specs = chip_specs{};
  b200.specs->die_area_mm2 = 1600;
  c = classify_real(b200, "2025-01-01");
  CHECK_FALSE(c.held());
  REQUIRE(c.facts.value(param::die_area_mm2));
  CHECK(*c.facts.value(param::die_area_mm2) == Approx(1600));
  // A different die area (a larger one lowers performance density), a lower bandwidth or the
  // other datacenter flag holds with both values named.
  it.specs = chip_specs{};
  it.specs->die_area_mm2 = 900;
  it.specs->dram_bandwidth_gbs = 100;
  it.specs->datacenter = false;
  c = classify_real(it, "2025-01-01");
  CHECK(c.held());
  CHECK(c.missing ==
        std::vector<std::string>{"die_area_mm2: the item states 900, the catalog entry "
                                 "`nvidia-h100-sxm5-80gb` 814",
                                 "dram_bandwidth_gbs: the item states 100, the catalog entry "
                                 "`nvidia-h100-sxm5-80gb` 3350",
                                 "datacenter: the item states false, the catalog entry "
                                 "`nvidia-h100-sxm5-80gb` true"});
}

TEST_CASE("dense_tops wins over a given tpp, tpp alone is used when no rate is given",
          "[classify][real]") {
  chip_specs s = specs({{"fp8", 1000}});
  s.tpp = 100;
  CHECK(classify_real(specs_item(s), "2025-01-01").tpp() == Approx(8000));
}

TEST_CASE("HBM stacks: 3A090.c from 2024-12-02 only", "[classify][real]") {
  chip_specs s;
  s.hbm = true;
  s.memory_bandwidth_density = 3.3;
  CHECK(classify_real(specs_item(s), "2025-01-01").facts.eccn == "3A090.c");
  CHECK(classify_real(specs_item(s), "2024-06-01").facts.eccn.empty());
  chip_specs unknown;
  unknown.hbm = true;
  const auto held = classify_real(specs_item(unknown), "2025-01-01");
  CHECK(held.held());
  CHECK(held.missing == std::vector<std::string>{"memory_bandwidth_density"});
}

TEST_CASE("a server of 8 H100 is 4A090.a with the aggregate TPP", "[classify][real]") {
  item server;
  server.quantity = 2;
  server.contains = {product_item("nvidia-h100-sxm5-80gb", 8)};
  const auto c = classify_real(server, "2025-06-01");
  CHECK(c.computer);
  CHECK(c.facts.eccn == "4A090.a");
  CHECK(c.tpp() == Approx(8 * 15832));
  CHECK(c.facts.datacenter == true);  // built from datacenter ICs
  CHECK(has_note(c, "EAR_4A090_2023", "contains 8 × nvidia-h100-sxm5-80gb"));
}

TEST_CASE("the most restrictive contained ECCN decides, 3A090.b maps to 4A090.b",
          "[classify][real]") {
  item box;
  box.contains = {product_item("nvidia-l40", 4)};
  CHECK(classify_real(box, "2025-06-01").facts.eccn == "4A090.b");
  box.contains.push_back(product_item("nvidia-h100-sxm5-80gb", 1));
  CHECK(classify_real(box, "2025-06-01").facts.eccn == "4A090.a");
  // In 2022 only 4A090.a existed.
  CHECK(classify_real(box, "2023-01-10").facts.eccn == "4A090.a");
}

TEST_CASE("a computer containing a held item is held", "[classify][real]") {
  chip_specs s = specs({{"fp16", 125}});
  s.datacenter = true;
  item box;
  box.contains = {product_item("nvidia-h100-sxm5-80gb", 1), specs_item(s, 2)};
  const auto c = classify_real(box, "2025-06-01");
  CHECK(c.held());
  CHECK(c.missing == std::vector<std::string>{"contains[1].die_area_mm2"});
  CHECK(c.facts.eccn.empty());
}

TEST_CASE("no rule in force before 2022-10-07", "[classify][real]") {
  const auto c = classify_real(product_item("nvidia-h100-sxm5-80gb"), "2022-01-01");
  CHECK(c.facts.eccn.empty());
  CHECK_FALSE(c.held());
}

TEST_CASE("engine::classify validates and classifies one item", "[classify][real]") {
  std::vector<diagnostic> diags;
  auto c = real_engine().classify(product_item("nvidia-h100-sxm5-80gb"), d("2025-01-01"), &diags);
  REQUIRE(c);
  CHECK(c->item.eccn == "3A090.a");
  CHECK(c->item.paragraph == "3A090.a.1");
  CHECK(c->item.tpp == Approx(15832));
  CHECK(c->item.performance_density == Approx(19.45));
  CHECK_FALSE(c->findings.empty());
  CHECK_FALSE(real_engine().classify(product_item("nvidia-h2o"), d("2025-01-01"), &diags));
  REQUIRE_FALSE(diags.empty());
  CHECK(diags.back().code == "EXC-E4001");
  CHECK(diags.back().help == "did you mean `nvidia-h20`?");
}

// Hand-built packs: the mechanism, independent of the real packs' content. -------------------

TEST_CASE("first definite paragraph wins only when no earlier paragraph is unknown",
          "[classify][mechanism]") {
  const auto p = hb::classification_packs();
  const date on = d("2025-01-01");
  // TPP 2000, PD unknown: a.1 no, a.2 unknown, b.2 unknown → held.
  chip_specs s;
  s.tpp = 2000;
  s.datacenter = true;
  auto c = detail::classify_item(specs_item(s), 0, *p, on);
  CHECK(c.held());
  // PD 4 (die 500): a.2 no, b.2 yes → 3A090.b.2.
  s.die_area_mm2 = 500;
  c = detail::classify_item(specs_item(s), 0, *p, on);
  CHECK(c.facts.paragraph == "3A090.b.2");
  // Rules out of force are skipped.
  p->classifications[0].meta.valid = {d("2026-01-01"), date::max()};
  s.tpp = 6000;
  s.die_area_mm2 = 10000;  // PD 0.6
  c = detail::classify_item(specs_item(s), 0, *p, on);
  CHECK(c.facts.eccn.empty());
}

TEST_CASE("catalog product in hand-built packs and containment", "[classify][mechanism]") {
  const auto p = hb::classification_packs();
  item server;
  server.contains = {product_item("h100", 4)};
  const auto c = detail::classify_item(server, 3, *p, d("2025-01-01"));
  CHECK(c.facts.eccn == "4A090.a");
  CHECK(c.tpp() == Approx(4 * 15832));
  CHECK(c.facts.index == 3);
}
