// condition.hpp: the `when` language's types (docs/rule-pack-format.md, "Conditions") and its
// one parameter table. Compiled packs hold condition trees, so these types sit below rules/;
// the reader (reader.cpp), the evaluator (evaluate.cpp), the plan (plan.cpp), the text
// (text.cpp) and the tests of docs/rule-pack.schema.json and docs/rule-pack-format.md all take
// the parameters from `params` below, so a parameter is added in one row.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exportctl::detail {

/// Three-valued logic: a rule whose facts are missing evaluates to `unknown`, never to `no`.
enum class tri : std::uint8_t { no = 0, yes = 1, unknown = 2 };

/// Numeric facts that a `threshold` condition may test. The order is the table's (`params`).
enum class param : std::uint8_t {
  tpp,
  performance_density,
  io_bandwidth_gbs,
  dram_bandwidth_gbs,
  memory_bandwidth_density,
  die_area_mm2,
  shipment_tpp_with_ytd,  ///< Σ quantity × TPP over the shipment + the end user's consignee_ytd_tpp
  /// Σ quantity × TPP over the shipment + what the exporter's ledger records as released under
  /// a licence to the hop's recipient country since `since_year` (other exporters' are not in
  /// it; without a ledger nothing is recorded)
  destination_licensed_tpp,
};
inline constexpr std::size_t param_count = 8;

/// What a parameter is a fact about: one item (answered once per item, for catalog products
/// once at load), or the whole shipment on a path (answered once per hop).
enum class param_scope : std::uint8_t { item, shipment };

/// One row of the parameter table. Every value is a non-negative number (`value` in the pack).
struct param_info {
  param p;
  std::string_view name;   ///< as written in packs: `param: tpp`
  std::string_view label;  ///< in finding messages: "TPP 15832 ≥ 4800"
  std::string_view unit;   ///< appended to values in messages, with its leading space
  param_scope scope;
  std::string_view doc;  ///< one line, as in docs/rule-pack-format.md
};

/// The parameter table, in `param` order.
inline constexpr std::array<param_info, param_count> params{{
    {param::tpp, "tpp", "TPP", "", param_scope::item, "total processing performance per unit"},
    {param::performance_density, "performance_density", "performance density", "",
     param_scope::item, "TPP / `die_area_mm2`"},
    {param::io_bandwidth_gbs, "io_bandwidth_gbs", "I/O bandwidth", " GB/s", param_scope::item,
     "I/O bandwidth per unit, GB/s"},
    {param::dram_bandwidth_gbs, "dram_bandwidth_gbs", "DRAM bandwidth", " GB/s", param_scope::item,
     "DRAM bandwidth per unit, GB/s"},
    {param::memory_bandwidth_density, "memory_bandwidth_density", "memory bandwidth density",
     " GB/s/mm²", param_scope::item, "memory bandwidth density, GB/s/mm²"},
    {param::die_area_mm2, "die_area_mm2", "die area", " mm²", param_scope::item, "die area, mm²"},
    {param::shipment_tpp_with_ytd, "shipment_tpp_with_ytd", "shipment TPP with year-to-date", "",
     param_scope::shipment,
     "Σ quantity × TPP over the shipment's classified items plus the end user's "
     "`consignee_ytd_tpp`"},
    {param::destination_licensed_tpp, "destination_licensed_tpp",
     "TPP licensed to the destination with this shipment", "", param_scope::shipment,
     "Σ quantity × TPP over the shipment's classified items plus the TPP the exporter's ledger "
     "records as released under a licence to the hop's recipient country in the calendar "
     "years from the threshold's `since_year` to the decision's (none without a ledger; "
     "other exporters' releases are not in it)"},
}};

/// The table row of `p`.
[[nodiscard]] constexpr const param_info& info(param p) {
  return params[static_cast<std::size_t>(p)];
}
/// The parameter named `name` in packs, if any.
[[nodiscard]] constexpr std::optional<param> param_named(std::string_view name) {
  for (const auto& row : params) {
    if (row.name == name) return row.p;
  }
  return std::nullopt;
}

// The table is in enum order (info() indexes it).
static_assert([] {
  for (std::size_t i = 0; i < param_count; ++i) {
    if (static_cast<std::size_t>(params[i].p) != i) return false;
  }
  return true;
}());

enum class cmp : std::uint8_t { ge, gt, le, lt, eq, ne };

/// A condition tree. All leaves evaluate three-valued; `unknown` leaves record the missing fact.
struct condition {
  enum class kind : std::uint8_t {
    always,             ///< empty `when`
    all_of,             ///< children
    any_of,             ///< children
    not_,               ///< children[0]
    threshold,          ///< p op value
    datacenter,         ///< item designed/marketed for datacenters == flag
    hbm,                ///< item is an HBM stack == flag
    eccn_in,            ///< item ECCN in strings (an entry "3A090" matches "3A090.a", ...)
    paragraph_in,       ///< item paragraph in strings (prefix match as for eccn_in)
    product_in,         ///< item (or a contained item) is one of the catalog ids in strings
    destination,        ///< the hop's recipient country ∈ selector
    exporter_country,   ///< the hop's sender country ∈ selector
    any_party_hq,       ///< any downstream party's HQ or ultimate-parent HQ ∈ selector
    any_party_located,  ///< any downstream party's country ∈ selector
    all_parties_hq,     ///< every downstream party (incl. recipient) is located AND
                        ///< headquartered (and parent HQ) ∈ selector
    hop_kind_in,        ///< hop kind ∈ hop_mask (bit i = hop_kind i)
    path_party_role,    ///< some party on the path (exporter to final party) has a role in
                        ///< role_mask (bit i = party_role i)
    us_available,  ///< item commercially available in the US on 2026-01-15 (91 FR 1684) == flag
  };
  kind k = kind::always;
  std::vector<condition> children;
  param p = param::tpp;
  cmp op = cmp::ge;
  double value = 0;
  int since_year = 0;  ///< destination_licensed_tpp: the first calendar year counted
  bool flag = false;
  std::vector<std::string> strings;
  std::uint8_t hop_mask = 0;
  std::uint8_t role_mask = 0;
  int selector = -1;  ///< index into compiled_packs::selectors
};

}  // namespace exportctl::detail
