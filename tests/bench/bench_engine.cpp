// bench_engine.cpp: the numbers the engine promises (README): loading the default packs, one
// decision for a 3-hop, 2-item shipment, and a 64-party chain; and for `exportctl batch`,
// reading that shipment from one JSON line and writing its decision as JSON.
#include <benchmark/benchmark.h>

#include <string>

#include "exportctl/engine.hpp"
#include "exportctl/io.hpp"
#include "shipment/shipment_json_fast.hpp"

namespace {

const std::string rules_dir = EXPORTCTL_SOURCE_DIR "/rules";

exportctl::engine load_engine() {
  exportctl::engine_options options;
  options.rule_paths = {rules_dir};
  auto built = exportctl::engine::load(options);
  if (!built.value) throw std::runtime_error("default packs failed to load");
  return *built.value;
}

exportctl::party make_party(std::string id, std::string country, exportctl::party_role role) {
  exportctl::party p;
  p.id = std::move(id);
  p.name = "Example " + p.id + " Ltd.";
  p.country = std::move(country);
  p.role = role;
  return p;
}

// exporter (US) → distributor (SG) → reseller (MY) → end user (VN, parent HQ in CN): 3 hops.
exportctl::shipment three_hop_shipment() {
  using exportctl::party_role;
  exportctl::shipment s;
  s.id = "BENCH-3HOP";
  s.ship_date = exportctl::date::parse("2025-06-01");
  exportctl::item h100;
  h100.product = "nvidia-h100-sxm5-80gb";
  h100.quantity = 8;
  exportctl::item l40;
  l40.product = "nvidia-l40";
  l40.quantity = 4;
  s.items = {h100, l40};
  s.parties = {make_party("exp", "US", party_role::exporter),
               make_party("dist", "SG", party_role::distributor),
               make_party("res", "MY", party_role::reseller),
               make_party("eu", "VN", party_role::end_user)};
  s.parties.back().ultimate_parent_headquarters = "CN";
  s.transfers = {{"exp", "dist", {}}, {"dist", "res", {}}, {"res", "eu", {}}};
  return s;
}

exportctl::shipment chain_shipment(int parties) {
  using exportctl::party_role;
  exportctl::shipment s = three_hop_shipment();
  s.id = "BENCH-CHAIN";
  s.parties.clear();
  s.transfers.clear();
  const char* countries[] = {"SG", "MY", "AE", "DE", "IN"};
  s.parties.push_back(make_party("p0", "US", party_role::exporter));
  for (int i = 1; i < parties; ++i) {
    auto role = i + 1 == parties ? party_role::end_user : party_role::reseller;
    s.parties.push_back(make_party("p" + std::to_string(i), countries[i % 5], role));
    s.transfers.push_back({"p" + std::to_string(i - 1), "p" + std::to_string(i), {}});
  }
  return s;
}

void bm_load_default_packs(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_engine());
}
BENCHMARK(bm_load_default_packs)->Unit(benchmark::kMillisecond);

void bm_check_three_hops(benchmark::State& state) {
  const auto eng = load_engine();
  const auto s = three_hop_shipment();
  for (auto _ : state) benchmark::DoNotOptimize(eng.check(s));
}
BENCHMARK(bm_check_three_hops)->Unit(benchmark::kMicrosecond);

void bm_check_chain_64(benchmark::State& state) {
  const auto eng = load_engine();
  const auto s = chain_shipment(64);
  for (auto _ : state) benchmark::DoNotOptimize(eng.check(s));
}
BENCHMARK(bm_check_chain_64)->Unit(benchmark::kMicrosecond);

// The 3-hop shipment with owners: the end user is 60% held by a holding that Huawei holds 60% of,
// plus two named owners, on a date the Affiliates rule is in force (src/engine/ownership.cpp):
// the cost of screening the owners and walking the ownership graph.
void bm_check_three_hops_owned(benchmark::State& state) {
  const auto eng = load_engine();
  auto s = three_hop_shipment();
  s.ship_date = exportctl::date::parse("2025-10-15");
  s.parties.back().owners = {{"parent", "", "", 60.0, {}},
                             {"", "Example Family Holdings", "VN", 30.0, {}},
                             {"", "Example Nominees Ltd.", "SG", std::nullopt, {}}};
  s.entities = {{"parent",
                 "Example Holdings Ltd.",
                 "HK",
                 {{"", "Huawei Technologies Co., Ltd.", "CN", 60.0, {}}},
                 {}}};
  for (auto _ : state) benchmark::DoNotOptimize(eng.check(s));
}
BENCHMARK(bm_check_three_hops_owned)->Unit(benchmark::kMicrosecond);

// The same shipment with the end user listed itself (no owners): what the owned one's decision
// costs without the walk, for comparison.
void bm_check_three_hops_listed_end_user(benchmark::State& state) {
  const auto eng = load_engine();
  auto s = three_hop_shipment();
  s.ship_date = exportctl::date::parse("2025-10-15");
  s.parties.back().name = "Huawei Technologies Co., Ltd.";
  for (auto _ : state) benchmark::DoNotOptimize(eng.check(s));
}
BENCHMARK(bm_check_three_hops_listed_end_user)->Unit(benchmark::kMicrosecond);

// The 3-hop shipment with non-ASCII party names (Chinese, Cyrillic, a no-break space): Entity
// List screening then normalizes each name through ICU instead of the ASCII fast path.
void bm_check_three_hops_unicode_names(benchmark::State& state) {
  const auto eng = load_engine();
  auto s = three_hop_shipment();
  s.parties[1].name = "\u65b0\u52a0\u5761\u5206\u9500\u6709\u9650\u516c\u53f8";
  s.parties[2].name =
      "\u041e\u041e\u041e \u0422\u0435\u0445\u043d\u043e\u043b\u043e\u0433\u0438\u0438";
  s.parties[3].name = "Vi\u1ec7t\u00a0Nam Computing Co., Ltd.";
  for (auto _ : state) benchmark::DoNotOptimize(eng.check(s));
}
BENCHMARK(bm_check_three_hops_unicode_names)->Unit(benchmark::kMicrosecond);

void bm_check_three_hops_json(benchmark::State& state) {
  // The whole CLI path except I/O: parse YAML, decide, render JSON.
  const auto eng = load_engine();
  const std::string text = R"(id: BENCH-YAML
date: 2025-06-01
items: [{product: nvidia-h100-sxm5-80gb, quantity: 8}, {product: nvidia-l40, quantity: 4}]
parties:
  - {id: exp, name: Example Inc., country: US, role: exporter}
  - {id: dist, name: Example Asia Pte. Ltd., country: SG, role: distributor}
  - {id: res, name: Example Reseller Sdn. Bhd., country: MY, role: reseller}
  - {id: eu, name: Example Labs, country: VN, role: end_user, ultimate_parent_headquarters: CN}
transfers: [{from: exp, to: dist}, {from: dist, to: res}, {from: res, to: eu}]
)";
  for (auto _ : state) {
    auto parsed = exportctl::parse_shipment(text, "bench.yaml");
    auto result = eng.check(*parsed.value);
    benchmark::DoNotOptimize(exportctl::to_json(*result.value));
  }
}
BENCHMARK(bm_check_three_hops_json)->Unit(benchmark::kMicrosecond);

// One JSON Lines record: the 3-hop, 2-item shipment as `exportctl batch` reads it.
const std::string three_hop_json_line =
    R"({"id":"BENCH-JSON","date":"2025-06-01","items":[{"product":"nvidia-h100-sxm5-80gb",)"
    R"("quantity":8},{"product":"nvidia-l40","quantity":4}],"parties":[{"id":"exp","name":)"
    R"("Example Inc.","country":"US","role":"exporter"},{"id":"dist","name":"Example Asia Pte. )"
    R"(Ltd.","country":"SG","role":"distributor"},{"id":"res","name":"Example Reseller Sdn. )"
    R"(Bhd.","country":"MY","role":"reseller"},{"id":"eu","name":"Example Labs","country":"VN",)"
    R"("role":"end_user","ultimate_parent_headquarters":"CN"}],"transfers":[{"from":"exp","to":)"
    R"("dist"},{"from":"dist","to":"res"},{"from":"res","to":"eu"}]})";

void bm_parse_json_line(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(exportctl::parse_shipment(three_hop_json_line, "-"));
}
BENCHMARK(bm_parse_json_line)->Unit(benchmark::kMicrosecond);

void bm_parse_json_line_yaml_reader(benchmark::State& state) {
  // The same line through the YAML-based reader (what parse_shipment does when the fast path
  // declines).
  const exportctl::detail::json_fast_path_off off;
  for (auto _ : state)
    benchmark::DoNotOptimize(exportctl::parse_shipment(three_hop_json_line, "-"));
}
BENCHMARK(bm_parse_json_line_yaml_reader)->Unit(benchmark::kMicrosecond);

void bm_shipment_to_json(benchmark::State& state) {
  const auto s = three_hop_shipment();
  for (auto _ : state) benchmark::DoNotOptimize(exportctl::to_json(s));
}
BENCHMARK(bm_shipment_to_json)->Unit(benchmark::kMicrosecond);

void bm_decision_to_json(benchmark::State& state) {
  const auto eng = load_engine();
  const auto d = *eng.check(three_hop_shipment()).value;
  for (auto _ : state) benchmark::DoNotOptimize(exportctl::to_json(d));
}
BENCHMARK(bm_decision_to_json)->Unit(benchmark::kMicrosecond);

void bm_decision_to_json_pretty(benchmark::State& state) {
  const auto eng = load_engine();
  const auto d = *eng.check(three_hop_shipment()).value;
  for (auto _ : state) benchmark::DoNotOptimize(exportctl::to_json(d, true));
}
BENCHMARK(bm_decision_to_json_pretty)->Unit(benchmark::kMicrosecond);

void bm_json_line_parse_check_render(benchmark::State& state) {
  // What `exportctl batch` does per line, minus I/O: parse JSON, decide, render one JSON line.
  const auto eng = load_engine();
  for (auto _ : state) {
    auto parsed = exportctl::parse_shipment(three_hop_json_line, "-");
    auto result = eng.check(*parsed.value);
    benchmark::DoNotOptimize(exportctl::to_json(*result.value));
  }
}
BENCHMARK(bm_json_line_parse_check_render)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
