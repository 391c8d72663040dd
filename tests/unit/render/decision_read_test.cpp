// decision_read_test.cpp: decision_from_json reads back what to_json wrote, so that writing it
// again gives the same bytes: every golden decision, the engine's decisions of every example and
// golden shipment, a hand-built decision with every member the writer can write; and it refuses
// anything the writer cannot have written, with a message.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "doc/json.hpp"
#include "exportctl/io.hpp"
#include "unit/engine/fixtures.hpp"
#include "unit/read_file.hpp"

namespace fs = std::filesystem;
using namespace exportctl;

namespace {

// Reads `json` from a copy that is destroyed before returning, so that a view into the input
// instead of the decision's own text would dangle.
std::optional<decision> read_copy(const std::string& json, std::string* why) {
  auto copy = std::make_unique<std::string>(json);
  auto d = decision_from_json(*copy, why);
  copy->assign(copy->size(), '#');
  copy.reset();
  return d;
}

// Compact and pretty JSON of `d` both read back to the same bytes, and the text explanation is
// the same too, except what the JSON does not carry: the items' descriptions, and non-finite
// numbers (null in JSON).
void check_round_trip(const decision& d) {
  for (const bool pretty : {false, true}) {
    const std::string json = to_json(d, pretty);
    std::string why;
    const auto back = read_copy(json, &why);
    INFO(why);
    REQUIRE(back);
    CHECK(to_json(*back, pretty) == json);
    CHECK(to_json(*back, !pretty) == to_json(d, !pretty));
    decision plain = d;
    for (auto& it : plain.items) {
      it.description.clear();
      // Non-finite numbers are written as null, and read back as none.
      for (auto* v : {&it.tpp, &it.performance_density})
        if (*v && !std::isfinite(**v)) v->reset();
    }
    CHECK(to_text(*back) == to_text(plain));
  }
}

bool is_golden_decision(const fs::path& p) {
  const std::string name = p.filename().string();
  return p.extension() == ".json" && name.find(".facts.") == std::string::npos;
}

std::string valid_json() {
  const auto s = test::chain({test::product_item("nvidia-h100-sxm5-80gb", 8)},
                             {test::make_party("exp", "US", party_role::exporter),
                              test::make_party("eu", "CN", party_role::end_user)},
                             "2025-06-01");
  return to_json(test::decide(s));
}

using detail::ojson;

// The valid decision with the value at `where` (a JSON pointer) set to `value`, as compact JSON.
std::string with(const std::string& where, const ojson& value) {
  auto j = ojson::parse(valid_json());
  j[ojson::json_pointer(where)] = value;
  return j.dump();
}

// The valid decision without the member at `where`.
std::string without(const std::string& where) {
  auto j = ojson::parse(valid_json());
  const ojson::json_pointer ptr(where);
  j[ptr.parent_pointer()].erase(ptr.back());
  return j.dump();
}

// `json` with the first occurrence of `from` replaced by `to` (for what a JSON tree cannot hold).
std::string edited(std::string json, const std::string& from, const std::string& to) {
  const auto at = json.find(from);
  REQUIRE(at != std::string::npos);
  json.replace(at, from.size(), to);
  return json;
}

// `json` must be refused with a message containing `needle`.
void check_refused(const std::string& json, const std::string& needle) {
  INFO(json.substr(0, 300));
  std::string why;
  const auto d = decision_from_json(json, &why);
  CHECK_FALSE(d);
  INFO(why);
  CHECK(why.find(needle) != std::string::npos);
  CHECK_FALSE(decision_from_json(json, nullptr));  // no message asked for
}

}  // namespace

TEST_CASE("every golden decision reads back to the same bytes", "[render][decision_read]") {
  std::vector<fs::path> files;
  for (const auto& e :
       fs::directory_iterator(fs::path(EXPORTCTL_SOURCE_DIR) / "tests/golden/decisions"))
    if (is_golden_decision(e.path())) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 100);
  for (const auto& file : files) {
    INFO(file.filename().string());
    // The golden files are to_json(d, true) and a new line.
    const std::string text = test::read_file(file);
    std::string why;
    const auto d = read_copy(text, &why);
    INFO(why);
    REQUIRE(d);
    CHECK(to_json(*d, true) + "\n" == text);
    check_round_trip(*d);
  }
}

TEST_CASE("the engine's decisions of the sample shipments read back to the same bytes",
          "[render][decision_read]") {
  std::size_t decided = 0;
  for (const auto& scenarios :
       {std::vector<std::string>{}, std::vector<std::string>{"ai-diffusion-2025"}}) {
    const auto& eng = test::real_engine(scenarios);
    for (const auto& file : test::sample_shipments()) {
      INFO(file.string() << (scenarios.empty() ? "" : " (scenario)"));
      auto parsed = parse_shipment(test::read_file(file), file.filename().string());
      if (!parsed.value) continue;
      auto r = eng.check(*parsed.value);
      if (!r.value) continue;
      ++decided;
      check_round_trip(*r.value);
      // The views of the read decision are its own: it outlives the engine's text.
      const auto back = decision_from_json(to_json(*r.value), nullptr);
      REQUIRE(back);
      CHECK(back->keepalive != r.value->keepalive);
      REQUIRE(back->findings.size() == r.value->findings.size());
      for (std::size_t i = 0; i < back->findings.size(); ++i) {
        CHECK(back->findings[i].rule == r.value->findings[i].rule);
        CHECK(back->findings[i].rule.data() != r.value->findings[i].rule.data());
      }
    }
  }
  CHECK(decided >= std::size_t{200});  // about 140 shipments, twice
}

TEST_CASE("a decision with summarized paths reads back to the same bytes",
          "[render][decision_read]") {
  // exporter -> 12 diamonds (a|b -> j) -> end user: 4,096 paths, more than are listed.
  const shipment s = test::chain_with_diamonds(0, 12, "CN");
  const decision d = test::decide(s);
  REQUIRE(d.paths_omitted.count > 0);
  check_round_trip(d);
}

TEST_CASE("every member the writer can write reads back to the same bytes",
          "[render][decision_read]") {
  auto text = std::make_shared<std::vector<std::string>>(std::vector<std::string>{
      "exp", "eu", "ff", "nul \x01 tab\t quote\" backslash\\ é 中 \xF0\x9F\x98\x80 \x7f"});
  static const std::vector<std::string_view> parties = {"exp", "eu", "ff"};
  decision d;
  d.shipment = "SO-\"1\"\n";
  d.as_of = test::d("2026-02-28");
  d.result = outcome::license_exception;
  d.policy = review_policy::case_by_case;
  d.license_exceptions = {"ACA", "NAC"};
  item_result a;
  a.line = 1;
  a.product = "nvidia-h20";
  a.eccn = "3A090.a";
  a.paragraph = "3A090.a.1";
  a.tpp = 2368.5;
  a.performance_density = 0.1 + 0.2;
  a.quantity = -3;
  a.decision = outcome::hold;
  a.missing_facts = {"die_area_mm2", "tpp"};
  item_result b;
  b.line = 2;
  b.tpp = 1.0e20;  // integral, written with an exponent
  b.performance_density = 123456789012345.0;
  b.quantity = std::numeric_limits<std::int64_t>::max();
  item_result c;
  c.line = 3;
  c.tpp = -2.5e-7;
  c.performance_density = std::numeric_limits<double>::infinity();  // written as null
  d.items = {a, b, c};
  path_result p;
  p.parties = {"exp", "ff", "eu"};
  p.decision = outcome::license_required;
  for (const auto kind : {hop_kind::export_from_us, hop_kind::reexport,
                          hop_kind::in_country_transfer, hop_kind::within_us}) {
    hop_result h;
    h.from = "exp";
    h.to = "ff";
    h.kind = kind;
    h.decision = outcome::license_required;
    h.policy = kind == hop_kind::reexport ? review_policy::policy_of_denial : review_policy::none;
    h.license_exceptions = {"GBS"};
    p.hops.push_back(h);
  }
  d.paths = {p, path_result{}};
  d.paths_omitted.count = 7;
  d.paths_omitted.hops = 21;
  d.paths_omitted.by_outcome[0] = 1;
  d.paths_omitted.by_outcome[3] = 6;
  for (int k = 0; k <= static_cast<int>(finding_kind::missing_fact); ++k) {
    finding f;
    f.kind = static_cast<finding_kind>(k);
    f.rule = "RULE";
    f.citation = "15 CFR 742.6(a)(6)(iii)";
    f.pack = "pack";
    if (k % 2 == 0) f.item = k;
    if (k % 3 == 0) f.parties = parties;
    f.effect = static_cast<outcome>(k % 4);
    f.message = (*text)[3];
    d.findings.push_back(f);
  }
  red_flag r;
  r.rule = "RF";
  r.citation = "";
  r.severity = "warning";
  r.parties = std::span<const std::string_view>(parties).subspan(1);
  r.message = (*text)[3];
  d.red_flags = {r, red_flag{}};
  d.missing_facts = {"item 2: die_area_mm2"};
  d.rulepacks = {{"ear", "2026.1", "ab"}, {"", "", ""}};
  d.lists = {{"OFAC SDN", "lists/sdn.csv", 18000, "cd"}, {"x", "y", 0, ""}};
  d.fingerprint = "";
  d.pack_set = "ear@2026.1";
  d.scenario = "ai-diffusion-2025";
  d.engine = "exportctl 0.1.0";
  d.keepalive = text;
  check_round_trip(d);

  // Defaults: nothing decided, every optional member null.
  check_round_trip(decision{});
}

TEST_CASE("decision_from_json refuses truncated JSON", "[render][decision_read]") {
  const std::string json = valid_json();
  REQUIRE(decision_from_json(json, nullptr));
  REQUIRE(with("/shipment", "TEST") == json);  // the edits below start from the writer's bytes
  check_refused("", "decision is not JSON (byte 1)");
  check_refused(json.substr(0, json.size() - 1), "decision is not JSON");
  check_refused(json.substr(0, json.size() / 2), "decision is not JSON");
  check_refused(json + "}", "decision is not JSON");
  check_refused(json + json, "decision is not JSON");
  check_refused("{\"shipment\":\"\xff\"}", "decision is not JSON");  // not UTF-8
  for (std::size_t n = 0; n < json.size(); n += 5) {
    INFO(n);
    CHECK_FALSE(decision_from_json(json.substr(0, n), nullptr));
  }
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += '[';
  check_refused(deep, "decision is not JSON");
  check_refused(deep + std::string(100, ']'), "nests deeper");
}

TEST_CASE("decision_from_json refuses unknown, missing and duplicate members",
          "[render][decision_read]") {
  check_refused(with("/extra", 1), "decision: unknown member `extra`");
  check_refused(with("/items/0/description", "x"), "items[0]: unknown member `description`");
  check_refused(with("/paths/0/hops/0/policy", nullptr),
                "paths[0].hops[0]: unknown member `policy`");
  check_refused(with("/findings/0/severity", "hold"), "findings[0]: unknown member `severity`");
  check_refused(with("/rulepacks/0/name", "x"), "rulepacks[0]: unknown member `name`");
  check_refused(without("/engine"), "decision: missing member `engine`");
  check_refused(without("/items/0/quantity"), "items[0]: missing member `quantity`");
  check_refused(without("/findings/0/message"), "findings[0]: missing member `message`");
  check_refused(without("/rulepacks/0/sha256"), "rulepacks[0]: missing member `sha256`");
  const std::string json = valid_json();
  check_refused(edited(json, R"({"kind":)", R"({"rule":"X","kind":)"), "duplicate member `rule`");
  check_refused(edited(json, R"({"shipment")", R"({"scenario":null,"shipment")"),
                "duplicate member `scenario`");
  // paths_omitted only when paths were omitted, and then whole.
  check_refused(with("/paths_omitted", {{"count", 0},
                                        {"hops", 0},
                                        {"decisions",
                                         {{"no_license_required", 0},
                                          {"license_exception", 0},
                                          {"license_required", 0},
                                          {"hold", 0}}}}),
                "paths_omitted.count: 0, which the writer leaves out");
  check_refused(with("/paths_omitted",
                     {{"count", 1}, {"hops", 0}, {"decisions", {{"no_license_required", 1}}}}),
                "paths_omitted.decisions: missing member `license_exception`");
}

TEST_CASE("decision_from_json refuses wrong types and values", "[render][decision_read]") {
  check_refused("[]", "decision: expected an object, got an array");
  check_refused("null", "decision: expected an object, got null");
  check_refused(with("/shipment", nullptr), "shipment: expected a string, got null");
  check_refused(with("/items/0/quantity", "8"),
                "items[0].quantity: expected an integer, got a string");
  check_refused(with("/items/0/quantity", 8.5),
                "items[0].quantity: expected an integer, got a floating-point number");
  check_refused(with("/items/0/quantity", 18446744073709551615ULL),
                "items[0].quantity: integer out of range");
  check_refused(with("/items/0/line", 4294967296LL), "items[0].line: integer out of range");
  check_refused(with("/items/0/tpp", true),
                "items[0].tpp: expected a number or null, got a boolean");
  check_refused(with("/items/0/tpp", 3.0),
                "items[0].tpp: an integral number with a fraction, which the writer writes as "
                "an integer");
  check_refused(with("/items/0/performance_density", 9007199254740993ULL),
                "items[0].performance_density: an integer of 9e15 or more");
  check_refused(with("/items/0/product", ""),
                "items[0].product: an empty string, which the writer writes as null");
  check_refused(with("/findings/0", 7), "findings[0]: expected an object, got an integer");
  check_refused(with("/findings", ojson::object()), "findings: expected an array, got an object");
  check_refused(with("/findings/0/item", "1"), "findings[0].item: expected an integer");
  check_refused(with("/findings/0/parties", ojson::array({"exp", 2})),
                "findings[0].parties[1]: expected a string, got an integer");
  check_refused(with("/findings/0/kind", "reason"), "findings[0].kind: unknown name `reason`");
  check_refused(with("/paths/0/parties/0", 1),
                "paths[0].parties[0]: expected a string, got an integer");
  check_refused(with("/paths/0/hops/0/kind", "export_from_us"),
                "paths[0].hops[0].kind: unknown name `export_from_us`");
  check_refused(with("/decision", "maybe"), "decision: unknown name `maybe`");
  check_refused(with("/review_policy", "none"),
                "review_policy: `none`, which the writer writes as null");
  check_refused(with("/as_of", "2025-6-1"), "as_of: `2025-6-1` is not a date YYYY-MM-DD");
  check_refused(with("/as_of", "2025-02-30"), "as_of: `2025-02-30` is not a date");
  check_refused(with("/as_of", 20250601), "as_of: expected a string, got an integer");
  check_refused(with("/scenario", ""),
                "scenario: an empty string, which the writer writes as null");
  check_refused(with("/scenario", false), "scenario: expected a string, got a boolean");
  check_refused(with("/pack_set", ""), "pack_set: an empty string");
  check_refused(with("/fingerprint", nullptr), "fingerprint: expected a string, got null");
  check_refused(with("/missing_facts", ojson::object()),
                "missing_facts: expected an array of strings, got an object");
  check_refused(with("/rulepacks/0/id", nullptr), "rulepacks[0].id: expected a string, got null");
  check_refused(
      with("/lists",
           ojson::array({{{"source", "s"}, {"file", "f"}, {"rows", -1}, {"sha256", ""}}})),
      "lists[0].rows: integer out of range");
}
