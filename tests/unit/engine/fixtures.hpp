// fixtures.hpp: shared helpers for the classify, graph and engine unit tests: the real packs
// (loaded once), shipments built in C++, and hand-built compiled packs for mechanism tests that
// must not depend on what the real packs say.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <initializer_list>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/engine.hpp"
#include "model/country.hpp"
#include "rules/compiled.hpp"

namespace exportctl::test {

/// The engine over the repository's rules/ (loaded once per scenario set).
inline const engine& real_engine(const std::vector<std::string>& scenarios = {}) {
  static std::vector<std::pair<std::vector<std::string>, std::unique_ptr<engine>>> cache;
  for (const auto& [key, eng] : cache) {
    if (key == scenarios) return *eng;
  }
  auto built = engine::load({{EXPORTCTL_SOURCE_DIR "/rules"}, scenarios});
  if (!built.value) {
    for (const auto& d : built.diagnostics) UNSCOPED_INFO(format(d));
    throw std::runtime_error("the packs in rules/ failed to load");
  }
  cache.emplace_back(scenarios, std::make_unique<engine>(std::move(*built.value)));
  return *cache.back().second;
}

inline date d(const char* iso) { return *date::parse(iso); }

inline party make_party(std::string id, std::string country, party_role role,
                        std::string name = {}) {
  party p;
  p.id = std::move(id);
  p.name = name.empty() ? "Example " + p.id + " Ltd." : std::move(name);
  p.country = std::move(country);
  p.role = role;
  return p;
}

inline item product_item(std::string product, std::int64_t quantity = 1) {
  item it;
  it.product = std::move(product);
  it.quantity = quantity;
  return it;
}

inline item specs_item(chip_specs specs, std::int64_t quantity = 1) {
  item it;
  it.specs = std::move(specs);
  it.quantity = quantity;
  return it;
}

// H100s: exporter -> c0 -> ... -> c{chain-1} -> `diamonds` diamonds (a|b -> j) -> end user, in
// Singapore and Malaysia. `odd_b` (if set) locates the first diamond's lower branch there, so
// half the paths pass through it. 2^diamonds paths: the wide shipments of the size, coverage and
// decision-reading tests.
inline shipment chain_with_diamonds(int chain_length, int diamonds, const char* odd_b = nullptr) {
  shipment s;
  s.id = "BIG";
  s.ship_date = d("2025-06-01");
  s.source_name = "big.json";
  s.items = {product_item("nvidia-h100-sxm5-80gb")};
  s.parties.push_back(make_party("exp", "US", party_role::exporter));
  std::string prev = "exp";
  for (int i = 0; i < chain_length; ++i) {
    const std::string id = "c" + std::to_string(i);
    s.parties.push_back(make_party(id, "SG", party_role::integrator));
    s.transfers.push_back({prev, id, {}});
    prev = id;
  }
  for (int i = 0; i < diamonds; ++i) {
    const std::string n = std::to_string(i);
    for (const std::string side : {"a", "b"}) {
      const char* where = odd_b && i == 0 && side == "b" ? odd_b : "SG";
      s.parties.push_back(make_party(side + n, where, party_role::integrator));
      s.transfers.push_back({prev, side + n, {}});
      s.transfers.push_back({side + n, "j" + n, {}});
    }
    s.parties.push_back(make_party("j" + n, "SG", party_role::integrator));
    prev = "j" + n;
  }
  s.parties.push_back(make_party("eu", "MY", party_role::end_user));
  s.transfers.push_back({prev, "eu", {}});
  return s;
}

/// A shipment along one chain of parties: parties[0] → parties[1] → ... (in order).
inline shipment chain(std::vector<item> items, std::vector<party> parties, const char* on) {
  shipment s;
  s.id = "TEST";
  s.ship_date = d(on);
  s.items = std::move(items);
  for (std::size_t i = 0; i + 1 < parties.size(); ++i) {
    s.transfers.push_back({parties[i].id, parties[i + 1].id, {}});
  }
  s.parties = std::move(parties);
  s.source_name = "test.yaml";
  return s;
}

inline decision decide(const shipment& s, const engine& eng = real_engine()) {
  auto r = eng.check(s);
  for (const auto& diag : r.diagnostics) UNSCOPED_INFO(format(diag));
  REQUIRE(r.value);
  return *r.value;
}

/// A finding's or red flag's party ids as strings (they are views), for comparisons.
inline std::vector<std::string> ids(std::span<const std::string_view> parties) {
  return {parties.begin(), parties.end()};
}

inline const finding* find_finding(const decision& dec, std::string_view rule) {
  for (const auto& f : dec.findings) {
    if (f.rule == rule) return &f;
  }
  return nullptr;
}

inline bool has_missing(const decision& dec, std::string_view needle) {
  return std::any_of(dec.missing_facts.begin(), dec.missing_facts.end(),
                     [&](const std::string& m) { return m.find(needle) != std::string::npos; });
}

// Hand-built packs ------------------------------------------------------------------------------

namespace hb {

using namespace exportctl::detail;

inline country_code cc(const char* code) { return *parse_country(code); }

inline rule_meta meta(std::string id, date from = date::min(), date to = date::max()) {
  rule_meta m;
  m.id = std::move(id);
  m.citation = "cite " + m.id;
  m.message = "message " + m.id;
  m.pack = "test-pack";
  m.valid = {from, to};
  return m;
}

inline condition threshold(param p, cmp op, double v) {
  condition c;
  c.k = condition::kind::threshold;
  c.p = p;
  c.op = op;
  c.value = v;
  return c;
}

inline condition all_of(std::vector<condition> children) {
  condition c;
  c.k = condition::kind::all_of;
  c.children = std::move(children);
  return c;
}

inline condition any_of(std::vector<condition> children) {
  condition c;
  c.k = condition::kind::any_of;
  c.children = std::move(children);
  return c;
}

inline condition not_(condition child) {
  condition c;
  c.k = condition::kind::not_;
  c.children.push_back(std::move(child));
  return c;
}

inline condition datacenter(bool flag) {
  condition c;
  c.k = condition::kind::datacenter;
  c.flag = flag;
  return c;
}

inline condition eccn(std::vector<std::string> list) {
  condition c;
  c.k = condition::kind::eccn_in;
  c.strings = std::move(list);
  return c;
}

inline condition on_selector(condition::kind k, int selector) {
  condition c;
  c.k = k;
  c.selector = selector;
  return c;
}

/// Adds a selector with fixed members (and unconfirmed members) and returns its index.
inline int add_selector(compiled_packs& p, std::initializer_list<const char*> members,
                        std::initializer_list<const char*> unconfirmed = {},
                        std::string text = {}) {
  country_bits bits;
  std::string label;
  for (const char* m : members) {
    bits.confirmed.set(cc(m));
    label += label.empty() ? m : std::string(", ") + m;
  }
  for (const char* m : unconfirmed) bits.unconfirmed.set(cc(m));
  country_selector sel;
  sel.sets.steps.push_back({date::min(), bits});
  sel.text = text.empty() ? "{" + label + "}" : std::move(text);
  p.selectors.push_back(std::move(sel));
  return static_cast<int>(p.selectors.size()) - 1;
}

/// Packs with the 2023-style TPP / PD paragraphs, Note 2 and 4A090 containment.
inline std::shared_ptr<compiled_packs> classification_packs() {
  auto p = std::make_shared<compiled_packs>();
  p->packs.push_back({"test-pack", "Test", "1", "in_force", "", {}, {}, "abc", "test.yaml", {}});
  p->fingerprint = "fp";
  p->precisions.meta = meta("BITS");
  p->precisions.bits = {{"fp8", 8}, {"int8", 8}, {"fp16", 16}};
  classification_rule a1;
  a1.meta = meta("A1");
  a1.meta.message = "TPP of 4800 or more";
  a1.eccn = "3A090.a";
  a1.paragraph = "3A090.a.1";
  a1.when = all_of({threshold(param::tpp, cmp::ge, 4800)});
  classification_rule a2;
  a2.meta = meta("A2");
  a2.eccn = "3A090.a";
  a2.paragraph = "3A090.a.2";
  a2.when = all_of(
      {threshold(param::tpp, cmp::ge, 1600), threshold(param::performance_density, cmp::ge, 5.92)});
  classification_rule b2;
  b2.meta = meta("B2");
  b2.eccn = "3A090.b";
  b2.paragraph = "3A090.b.2";
  b2.when = all_of({threshold(param::tpp, cmp::ge, 1600),
                    threshold(param::performance_density, cmp::ge, 3.2),
                    threshold(param::performance_density, cmp::lt, 5.92)});
  p->classifications = {a1, a2, b2};
  exclusion_rule note2;
  note2.meta = meta("NOTE2");
  note2.when = all_of({datacenter(false), threshold(param::tpp, cmp::lt, 4800)});
  p->exclusions = {note2};
  containment_rule c;
  c.meta = meta("CONTAIN");
  c.map = {{"3A090.a", "4A090.a"}, {"3A090.b", "4A090.b"}};
  p->containments = {c};
  product h100;
  h100.id = "h100";
  h100.specs.dense_tops = {{"fp16", 989.4}, {"fp8", 1979}};
  h100.specs.die_area_mm2 = 814;
  h100.specs.datacenter = true;
  p->products.emplace("h100", h100);
  return p;
}

}  // namespace hb
}  // namespace exportctl::test
