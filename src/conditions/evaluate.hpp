// evaluate.hpp: three-valued evaluation of compiled `when` conditions (docs/rule-pack-format.md,
// "Conditions"). A leaf whose fact the shipment does not give evaluates to `unknown` and records
// which fact is missing; all_of / any_of / not follow Kleene's strong logic, so a missing fact
// only matters when the outcome depends on it. Evaluation does not allocate, except that the
// missing-fact sink may grow (callers reuse it).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/history.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

/// Item facts a shipment may leave out; their names appear in `missing_facts`.
enum class fact : std::uint8_t {
  dense_tops,
  die_area_mm2,
  datacenter,
  io_bandwidth_gbs,
  dram_bandwidth_gbs,
  memory_bandwidth_density,
  us_available,  ///< commercially available in the US when 91 FR 1684 was published
};
[[nodiscard]] std::string_view fact_name(fact f);

/// What conditions may ask about one item (or computer). Values are per unit.
struct item_facts {
  /// Indexed by `param`; shipment_tpp_with_ytd is a hop fact and unused here.
  std::array<std::optional<double>, param_count> values{};
  std::optional<bool> datacenter;
  /// Commercially available in the US on 2026-01-15, when 91 FR 1684 was published.
  std::optional<bool> us_available;
  bool hbm = false;
  bool classified = true;  ///< false while the classification is held (ECCN unknown)
  std::string_view eccn;
  std::string_view paragraph;
  const exportctl::item* source = nullptr;  ///< for `products` (the item and what it contains)
  int index = -1;                           ///< 0-based top-level item index, for missing facts

  [[nodiscard]] const std::optional<double>& value(param p) const {
    return values[static_cast<std::size_t>(p)];
  }
};

/// Countries of one party after aliases (HK → CN) on the evaluation date, with the defaults of
/// the format: headquarters = country, ultimate parent = headquarters, when not given.
struct party_facts {
  country_code located = 0;
  country_code located_as_given = 0;  ///< before aliases (transshipment hubs name HK itself)
  country_code headquarters = 0;
  country_code parent_headquarters = 0;
  party_role role = party_role::end_user;
};

/// What conditions may ask about one hop of one path.
struct hop_facts {
  int sender = -1;     ///< party index
  int recipient = -1;  ///< party index
  hop_kind kind = hop_kind::export_from_us;
  std::span<const int> downstream;       ///< party indices P_{i+1} .. P_n
  std::span<const int> path;             ///< the whole path's party indices P_0 .. P_n
  std::span<const party_facts> parties;  ///< all parties of the shipment
  std::optional<double> shipment_tpp_with_ytd;
  std::span<const int> tpp_unknown_items;  ///< items that make shipment_tpp_with_ytd unknown
  /// Σ quantity × TPP over the classified items (unknown: tpp_unknown_items say why).
  std::optional<double> shipment_tpp;
  /// The ledger's TPP released under a licence per country and year; null without a ledger
  /// (then none is recorded).
  const std::vector<licensed_tpp_record>* licensed = nullptr;
};

/// One fact an `unknown` result depends on. Rendered to text only when reported.
struct missing_ref {
  enum class type : std::uint8_t { item_fact, party_country };
  enum class aspect : std::uint8_t { located, headquarters, parent_headquarters };
  type t = type::item_fact;
  fact f = fact::dense_tops;
  aspect a = aspect::located;
  int index = -1;     ///< item index (item_fact) or party index (party_country)
  int selector = -1;  ///< party_country: the selector whose membership is unconfirmed
  country_code code = 0;

  friend bool operator==(const missing_ref&, const missing_ref&) = default;
};

/// Everything an evaluation reads. `item` is null for rules that do not test items (a leaf that
/// needs one then evaluates to unknown); `hop` is null during classification.
struct eval_context {
  const compiled_packs* packs = nullptr;
  date on;
  const item_facts* item = nullptr;
  const hop_facts* hop = nullptr;
  std::vector<missing_ref>* missing = nullptr;  ///< facts of unknown leaves; may be null
  /// Optional cache, one slot per compiled selector, of its members on `on` (filled on first
  /// use; all slots null at the start of a check).
  const country_bits** selector_bits = nullptr;
};

/// destination_licensed_tpp on this hop: the shipment's TPP plus the ledger's licensed TPP to
/// the recipient's country in the years from c.since_year to ctx.on's (none recorded without a
/// ledger); std::nullopt when the shipment's TPP is unknown.
[[nodiscard]] std::optional<double> destination_licensed_tpp(const condition& c,
                                                             const eval_context& ctx);

/// Evaluates `c` three-valued. On `unknown`, the facts it depends on are appended to
/// ctx.missing; on yes/no nothing is left there.
[[nodiscard]] tri evaluate(const condition& c, const eval_context& ctx);

/// Whether `c` tests the item (thresholds other than shipment totals, datacenter, hbm, eccn,
/// paragraph, products). Rules that do not are evaluated once per hop, not once per item.
[[nodiscard]] bool tests_item(const condition& c);
/// Whether a leaf's answer depends on the item alone (otherwise on the hop or path).
[[nodiscard]] bool is_item_leaf(const condition& c);
/// Whether `c` tests the parameter `p` anywhere in its tree.
[[nodiscard]] bool uses_param(const condition& c, param p);

/// Describes the comparisons that make `c` hold (or fail) with the item's actual values, e.g.
/// "TPP 15832 ≥ 4800, designed or marketed for datacenters". Used for finding messages.
void describe(const condition& c, const eval_context& ctx, std::string& out);

/// "TPP", "performance density", ... and the unit suffix of a parameter.
[[nodiscard]] std::string_view param_label(param p);
[[nodiscard]] std::string_view param_unit(param p);
[[nodiscard]] std::string_view cmp_symbol(cmp op);
/// A number as shown in messages: rounded to 2 decimals, shortest form ("15832", "2.91").
[[nodiscard]] std::string format_number(double v);

/// "the 3A090 prefix rule": `pattern` matches `value` when equal or when value continues it with
/// a '.' ("3A090" matches "3A090.a", "3A090.a" matches "3A090.a.1", not "3A090.ab").
[[nodiscard]] bool eccn_matches(std::string_view pattern, std::string_view value);

}  // namespace exportctl::detail
