// fail_closed_property_test.cpp: fail-closed properties over generated shipments (fixed seed,
// so every run tests the same few thousand shipments):
// - removing a spec fact never turns a decision into `no_license_required`;
// - adding a party, a transfer or a red-flag trigger never makes a decision less restrictive;
// - an unconfirmed fact (grade U: Cyprus in D:5, unconfirmed Entity List names) never clears;
// - the same input gives the same bytes across runs and thread counts (1, 2, 8).
#include <catch2/catch.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine_state.hpp"
#include "exportctl/io.hpp"
#include "unit/engine/fixtures.hpp"

using namespace exportctl;
using namespace exportctl::test;

namespace {

// splitmix64: the same sequence on every platform and standard library (std distributions
// are not specified bit for bit).
struct rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
};

const std::vector<std::string> dates{"2022-11-01", "2023-01-18", "2023-11-17", "2024-06-01",
                                     "2025-01-20", "2025-06-01", "2026-02-15"};
const std::vector<std::string> countries{"US", "CN", "MO", "HK", "SG", "MY", "DE", "IN", "AE",
                                         "CY", "VN", "IL", "RU", "TW", "SA", "GB", "JP", "NL"};
const std::vector<std::string> precisions{"fp8", "fp16", "int8", "bf16", "fp32", "fp4"};
const std::vector<double> rates{10, 150, 300, 600, 989.5, 1979, 4000};
const std::vector<party_role> middle_roles{party_role::distributor, party_role::reseller,
                                           party_role::integrator, party_role::freight_forwarder,
                                           party_role::consignee};

chip_specs random_specs(rng& r) {
  chip_specs s;
  const std::size_t n = r.below(3);
  for (std::size_t i = 0; i < n; ++i)
    s.dense_tops.emplace_back(precisions[i * 2 + r.below(2)], r.pick(rates));
  if (r.chance(20)) s.tpp = r.pick(std::vector<double>{800, 2400, 4800, 16000});
  if (r.chance(70)) s.die_area_mm2 = r.pick(std::vector<double>{100, 400, 814, 1600});
  if (r.chance(70)) s.datacenter = r.chance(50);
  if (r.chance(40)) s.io_bandwidth_gbs = r.pick(std::vector<double>{400, 600, 900});
  if (r.chance(40)) s.dram_bandwidth_gbs = r.pick(std::vector<double>{1000, 1400, 6500});
  return s;
}

item random_item(rng& r, const std::vector<std::string>& products, int depth) {
  item it;
  it.quantity = static_cast<std::int64_t>(1 + r.below(16));
  const std::size_t kind = depth > 0 ? r.below(2) : r.below(3);
  if (kind == 0) {
    it.product = r.pick(products);
  } else if (kind == 1) {
    it.description = "chip";
    it.specs = random_specs(r);
  } else {
    it.description = "server";
    const std::size_t n = 1 + r.below(2);
    for (std::size_t i = 0; i < n; ++i) it.contains.push_back(random_item(r, products, depth + 1));
  }
  return it;
}

party random_party(rng& r, std::string id, party_role role, const std::vector<std::string>& names) {
  party p = make_party(std::move(id), r.pick(countries), role);
  if (r.chance(25)) p.headquarters = r.pick(countries);
  if (r.chance(25)) p.ultimate_parent_headquarters = r.pick(countries);
  if (r.chance(5)) p.name = r.pick(names);
  return p;
}

shipment random_shipment(rng& r, const std::vector<std::string>& products,
                         const std::vector<std::string>& names, int n) {
  shipment s;
  s.id = "GEN-" + std::to_string(n);
  s.ship_date = d(r.pick(dates).c_str());
  s.source_name = "generated.yaml";
  const std::size_t items = 1 + r.below(3);
  for (std::size_t i = 0; i < items; ++i) s.items.push_back(random_item(r, products, 0));
  party exporter = make_party("exp", r.chance(85) ? "US" : r.pick(countries), party_role::exporter);
  s.parties.push_back(exporter);
  const std::size_t middle = r.below(3);
  for (std::size_t i = 0; i < middle; ++i)
    s.parties.push_back(random_party(r, "m" + std::to_string(i), r.pick(middle_roles), names));
  s.parties.push_back(random_party(r, "eu", party_role::end_user, names));
  for (std::size_t i = 0; i + 1 < s.parties.size(); ++i)
    s.transfers.push_back({s.parties[i].id, s.parties[i + 1].id, {}});
  return s;
}

// The names of every Entity List entry (confirmed or not), for parties to collide with.
std::vector<std::string> entity_names(const engine& eng) {
  std::vector<std::string> out;
  for (const auto& e : eng.state().packs->entities) out.push_back(e.name);
  return out;
}

outcome decide_outcome(const engine& eng, const shipment& s) {
  auto r = eng.check(s);
  for (const auto& diag : r.diagnostics) UNSCOPED_INFO(format(diag));
  REQUIRE(r.value);
  return r.value->result;
}

struct corpus {
  std::vector<shipment> shipments;
  std::vector<std::string> names;
};

const corpus& generated() {
  static const corpus c = [] {
    corpus out;
    const engine& eng = real_engine();
    out.names = entity_names(eng);
    rng r{20261122};
    for (int n = 0; n < 1500; ++n) {
      out.shipments.push_back(random_shipment(r, eng.product_ids(), out.names, n));
    }
    return out;
  }();
  return c;
}

// Every way to remove one spec fact from one item (recursing into `contains`), with its name.
// TPP is one fact given two ways (`dense_tops` or `tpp`): removing it removes both.
using removal = std::pair<std::string, std::function<void(std::vector<item>&)>>;
void spec_removals(const std::vector<item>& items, std::vector<removal>& out,
                   const std::vector<std::size_t>& path = {}) {
  for (std::size_t k = 0; k < items.size(); ++k) {
    std::vector<std::size_t> here = path;
    here.push_back(k);
    const auto at = [here](std::vector<item>& root) -> chip_specs& {
      std::vector<item>* list = &root;
      item* it = nullptr;
      for (std::size_t i : here) {
        it = &(*list)[i];
        list = &it->contains;
      }
      return *it->specs;
    };
    const item& it = items[k];
    const std::string where =
        "item " + std::to_string(k) + "/" + std::to_string(here.size()) + ": ";
    if (it.specs) {
      const chip_specs& s = *it.specs;
      if (s.tpp || !s.dense_tops.empty())
        out.emplace_back(where + "tpp", [at](std::vector<item>& root) {
          at(root).tpp.reset();
          at(root).dense_tops.clear();
        });
      const std::pair<const char*, std::optional<double> chip_specs::*> fields[] = {
          {"die_area_mm2", &chip_specs::die_area_mm2},
          {"io_bandwidth_gbs", &chip_specs::io_bandwidth_gbs},
          {"dram_bandwidth_gbs", &chip_specs::dram_bandwidth_gbs}};
      for (const auto& [name, field] : fields) {
        if (s.*field)
          out.emplace_back(where + name,
                           [at, f = field](std::vector<item>& root) { (at(root).*f).reset(); });
      }
      if (s.datacenter)
        out.emplace_back(where + "datacenter",
                         [at](std::vector<item>& root) { at(root).datacenter.reset(); });
    }
    spec_removals(it.contains, out, here);
  }
}

}  // namespace

TEST_CASE("removing a spec fact never clears a shipment", "[property][fail-closed]") {
  const engine& eng = real_engine();
  std::size_t checked = 0;
  for (const auto& s : generated().shipments) {
    const outcome before = decide_outcome(eng, s);
    if (before == outcome::no_license_required) continue;
    std::vector<removal> removals;
    spec_removals(s.items, removals);
    for (const auto& [name, remove] : removals) {
      shipment less = s;
      remove(less.items);
      INFO(s.id << " was " << to_string(before) << " before removing " << name << "\n"
                << to_json(s));
      CHECK(decide_outcome(eng, less) != outcome::no_license_required);
      ++checked;
    }
  }
  CHECK(checked > 300);
}

TEST_CASE("adding a party a transfer or a red flag never relaxes a decision",
          "[property][fail-closed]") {
  const engine& eng = real_engine();
  rng r{7};
  std::size_t checked = 0;
  for (const auto& s : generated().shipments) {
    const outcome before = decide_outcome(eng, s);
    INFO(s.id << " was " << to_string(before));
    {  // a new party on a new branch from one already in the chain
      shipment more = s;
      const std::string from = r.pick(s.parties).id;
      more.parties.push_back(
          random_party(r, "extra", r.chance(50) ? party_role::end_user : r.pick(middle_roles),
                       generated().names));
      more.transfers.push_back({from, "extra", {}});
      CHECK(decide_outcome(eng, more) >= before);
    }
    if (s.parties.size() >= 3) {  // a new transfer between parties already there
      shipment more = s;
      const std::size_t a = r.below(s.parties.size());
      std::size_t b = r.below(s.parties.size());
      if (b == a) b = (a + 1) % s.parties.size();
      more.transfers.push_back({s.parties[a].id, s.parties[b].id, {}});
      CHECK(decide_outcome(eng, more) >= before);
    }
    {  // red-flag triggers: the goods end at a freight forwarder; a loop back to the exporter
      shipment ff = s;
      ff.parties.push_back(make_party("ff", r.pick(countries), party_role::freight_forwarder));
      ff.transfers.push_back({ff.parties[ff.parties.size() - 2].id, "ff", {}});
      CHECK(decide_outcome(eng, ff) >= before);
      shipment loop = s;
      loop.transfers.push_back({loop.parties[loop.parties.size() - 2].id, "exp", {}});
      if (loop.parties.size() > 2) CHECK(decide_outcome(eng, loop) >= before);
    }
    checked += 4;
  }
  CHECK(checked >= 4 * generated().shipments.size());
}

TEST_CASE("an unconfirmed fact never clears a shipment", "[property][fail-closed]") {
  const engine& eng = real_engine();
  // Unconfirmed entries, each with a date on which it is in force.
  std::vector<std::pair<std::string, date>> unconfirmed;
  for (const auto& e : eng.state().packs->entities) {
    if (e.meta.source_grade != detail::grade::U) continue;
    const date on = std::max(e.meta.valid.from, d("2024-01-01"));
    if (e.meta.valid.contains(on)) unconfirmed.emplace_back(e.name, on);
  }
  REQUIRE_FALSE(unconfirmed.empty());
  rng r{99};
  std::size_t checked = 0;
  for (const auto& s : generated().shipments) {
    {  // the end user's name is an unconfirmed Entity List name, on a day it is in force
      shipment named = s;
      const auto& [name, on] = r.pick(unconfirmed);
      named.ship_date = on;
      named.parties.back().name = name;
      INFO(s.id << " end user named " << named.parties.back().name);
      CHECK(decide_outcome(eng, named) != outcome::no_license_required);
    }
    {  // an advanced-computing chip to a party headquartered in Cyprus (D:5 unconfirmed)
      shipment cy = s;
      cy.ship_date = d("2025-06-01");
      cy.items = {product_item("nvidia-h100-sxm5-80gb")};
      for (auto& p : cy.parties) {
        if (p.role != party_role::exporter) p.country = "DE";
        p.headquarters.clear();
        p.ultimate_parent_headquarters.clear();
      }
      cy.parties.back().headquarters = "CY";
      INFO(s.id << " with a Cyprus headquarters");
      CHECK(decide_outcome(eng, cy) != outcome::no_license_required);
    }
    checked += 2;
  }
  CHECK(checked >= 2 * generated().shipments.size());
}

TEST_CASE("the same input gives the same bytes across runs and thread counts",
          "[property][determinism]") {
  const auto& shipments = generated().shipments;
  std::vector<std::string> once;
  {
    // A second engine: same packs loaded again must give the same bytes.
    engine_options options;
    options.rule_paths = {EXPORTCTL_SOURCE_DIR "/rules"};
    auto other = engine::load(options);
    REQUIRE(other.value);
    for (const auto& s : shipments) once.push_back(to_json(*other.value->check(s).value));
  }
  const engine& eng = real_engine();  // loaded before the threads start
  for (int threads : {1, 2, 8}) {
    std::vector<std::string> got(shipments.size());
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (std::size_t i = static_cast<std::size_t>(t); i < shipments.size();
             i += static_cast<std::size_t>(threads)) {
          got[i] = to_json(*eng.check(shipments[i]).value);
        }
      });
    }
    for (auto& th : pool) th.join();
    std::size_t same = 0;
    for (std::size_t i = 0; i < shipments.size(); ++i) same += got[i] == once[i] ? 1 : 0;
    INFO(threads << " threads");
    CHECK(same == shipments.size());
  }
}
