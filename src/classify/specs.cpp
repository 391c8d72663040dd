// specs.cpp: merged item facts, TPP and performance density.
#include "classify/specs.hpp"

#include <fmt/format.h>

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

namespace {

// The TPP one spec sheet gives. Within one sheet that gives both dense rates and a TPP, the
// higher counts: TPP is the highest rate × bit length over all precisions, so a stated TPP above
// the listed rates means a precision is missing from the list, and the lower figure would clear
// what the higher controls (fail closed).
std::optional<tpp_basis> sheet_tpp(const chip_specs* s, const precision_table& table) {
  std::optional<tpp_basis> out;
  if (!s) return out;
  if (!s->dense_tops.empty()) out = tpp_from_dense_tops(s->dense_tops, table);
  if (s->tpp && (!out || *s->tpp > out->tpp)) out = tpp_basis{*s->tpp, nullptr, 0};
  return out;
}

void add_conflict(merged_specs& out, std::string_view fact, const std::string& product,
                  const std::string& stated, const std::string& catalog) {
  out.conflicts.push_back(
      {std::string(fact), fmt::format("{}: the item states {}, the catalog entry `{}` {}", fact,
                                      stated, product, catalog)});
}

}  // namespace

merged_specs merge_specs(const exportctl::item& it, const compiled_packs& packs) {
  merged_specs out;
  const product* prod = find_product(packs, it.product);
  const chip_specs* own = it.specs ? &*it.specs : nullptr;
  const chip_specs* cat = prod ? &prod->specs : nullptr;

  // TPP: the item's own figure where the catalog has none or a lower one; a lower stated TPP
  // would clear what the catalog figure controls.
  const auto own_tpp = sheet_tpp(own, packs.precisions);
  const auto cat_tpp = sheet_tpp(cat, packs.precisions);
  out.basis = own_tpp ? own_tpp : cat_tpp;
  if (own_tpp && cat_tpp && own_tpp->tpp < cat_tpp->tpp) {
    add_conflict(out, "tpp", prod->id, format_number(own_tpp->tpp), format_number(cat_tpp->tpp));
    out.basis = cat_tpp;
  }

  // The other figures: thresholds on them control at or above a value, so a stated figure may
  // raise the catalog's but not lower it. A die area differs in either direction: a larger one
  // lowers performance density.
  const auto pick = [&](std::optional<double> chip_specs::*field, std::string_view name,
                        bool any_difference) {
    const std::optional<double> mine = own ? own->*field : std::nullopt;
    const std::optional<double> theirs = cat ? cat->*field : std::nullopt;
    if (!mine) return theirs;
    if (!theirs) return mine;
    if (*mine < *theirs || (any_difference && *mine != *theirs)) {
      add_conflict(out, name, prod->id, format_number(*mine), format_number(*theirs));
      return theirs;
    }
    return mine;
  };
  auto& v = out.facts.values;
  if (out.basis) v[static_cast<std::size_t>(param::tpp)] = out.basis->tpp;
  v[static_cast<std::size_t>(param::die_area_mm2)] =
      pick(&chip_specs::die_area_mm2, "die_area_mm2", true);
  v[static_cast<std::size_t>(param::io_bandwidth_gbs)] =
      pick(&chip_specs::io_bandwidth_gbs, "io_bandwidth_gbs", false);
  v[static_cast<std::size_t>(param::dram_bandwidth_gbs)] =
      pick(&chip_specs::dram_bandwidth_gbs, "dram_bandwidth_gbs", false);
  v[static_cast<std::size_t>(param::memory_bandwidth_density)] =
      pick(&chip_specs::memory_bandwidth_density, "memory_bandwidth_density", false);
  // Technical Note to 3A090: performance density = TPP / applicable die area.
  const auto& die = v[static_cast<std::size_t>(param::die_area_mm2)];
  if (out.basis && die && *die > 0) {
    v[static_cast<std::size_t>(param::performance_density)] = out.basis->tpp / *die;
  }
  if (cat && cat->datacenter) {
    out.facts.datacenter = cat->datacenter;
    if (own && own->datacenter && *own->datacenter != *cat->datacenter) {
      add_conflict(out, "datacenter", prod->id, *own->datacenter ? "true" : "false",
                   *cat->datacenter ? "true" : "false");
    }
  } else if (own) {
    out.facts.datacenter = own->datacenter;
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
