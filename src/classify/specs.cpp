// specs.cpp: merged item facts, TPP and performance density.
#include "classify/specs.hpp"

namespace exportctl::detail {

std::optional<tpp_basis> tpp_from_dense_tops(
    const std::vector<std::pair<std::string, double>>& dense_tops, const precision_table& table) {
  std::optional<tpp_basis> best;
  for (const auto& rate : dense_tops) {
    const auto bits = table.bits.find(rate.first);
    if (bits == table.bits.end()) continue;
    const double tpp = rate.second * bits->second;
    if (!best || tpp > best->tpp) best = tpp_basis{tpp, &rate, bits->second};
  }
  return best;
}

const product* find_product(const compiled_packs& packs, const std::string& id) {
  if (id.empty()) return nullptr;
  const auto it = packs.products.find(id);
  return it == packs.products.end() ? nullptr : &it->second;
}

merged_specs merge_specs(const exportctl::item& it, const compiled_packs& packs) {
  merged_specs out;
  const product* prod = find_product(packs, it.product);
  const chip_specs* own = it.specs ? &*it.specs : nullptr;
  const chip_specs* cat = prod ? &prod->specs : nullptr;

  // TPP: the most specific source wins (the item's own figures over the catalog's). Within one
  // spec sheet that gives both dense rates and a TPP, the higher counts: TPP is the highest
  // rate × bit length over all precisions, so a stated TPP above the listed rates means a
  // precision is missing from the list, and the lower figure would clear what the higher
  // controls (fail closed).
  for (const chip_specs* s : {own, cat}) {
    if (!s) continue;
    if (!s->dense_tops.empty()) out.basis = tpp_from_dense_tops(s->dense_tops, packs.precisions);
    if (s->tpp && (!out.basis || *s->tpp > out.basis->tpp)) out.basis = tpp_basis{*s->tpp, nullptr, 0};
    if (out.basis) break;
  }

  const auto pick = [own, cat](std::optional<double> chip_specs::*field) {
    if (own && own->*field) return own->*field;
    if (cat) return cat->*field;
    return std::optional<double>();
  };
  auto& v = out.facts.values;
  if (out.basis) v[static_cast<std::size_t>(param::tpp)] = out.basis->tpp;
  v[static_cast<std::size_t>(param::die_area_mm2)] = pick(&chip_specs::die_area_mm2);
  v[static_cast<std::size_t>(param::io_bandwidth_gbs)] = pick(&chip_specs::io_bandwidth_gbs);
  v[static_cast<std::size_t>(param::dram_bandwidth_gbs)] = pick(&chip_specs::dram_bandwidth_gbs);
  v[static_cast<std::size_t>(param::memory_bandwidth_density)] =
      pick(&chip_specs::memory_bandwidth_density);
  // Technical Note to 3A090: performance density = TPP / applicable die area.
  const auto& die = v[static_cast<std::size_t>(param::die_area_mm2)];
  if (out.basis && die && *die > 0) {
    v[static_cast<std::size_t>(param::performance_density)] = out.basis->tpp / *die;
  }
  if (own && own->datacenter) {
    out.facts.datacenter = own->datacenter;
  } else if (cat) {
    out.facts.datacenter = cat->datacenter;
  }
  out.facts.hbm = (own && own->hbm) || (cat && cat->hbm);
  if (own && own->us_available_2026_01_15) {
    out.facts.us_available = own->us_available_2026_01_15;
  } else if (cat) {
    out.facts.us_available = cat->us_available_2026_01_15;
  }
  out.facts.source = &it;
  return out;
}

}  // namespace exportctl::detail
