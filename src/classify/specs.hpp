// specs.hpp: the facts of one IC from the catalog and the shipment (the shipment's fields
// override the catalog's), and the derived figures of the Technical Notes to 3A090: TPP and
// performance density.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "classify/conditions.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

/// TPP with the precision that gave it (for explanations).
struct tpp_basis {
  double tpp = 0;
  const std::pair<std::string, double>* rate = nullptr;  ///< null when `tpp` was given directly
  int bits = 0;
};

/// TPP = rate × bit length, the highest over the precisions given (Technical Note to 3A090,
/// 88 FR 73458: "2 × MacTOPS × bit length", the datasheet rate being 2 × MacTOPS). Precisions
/// missing from the table are skipped (the shipment validator reports them). nullopt when no
/// precision is known.
[[nodiscard]] std::optional<tpp_basis> tpp_from_dense_tops(
    const std::vector<std::pair<std::string, double>>& dense_tops, const precision_table& table);

/// The catalog entry of an item, or null.
[[nodiscard]] const product* find_product(const compiled_packs& packs, const std::string& id);

/// An IC's facts: the catalog product's specs, overridden field by field by the item's own
/// `specs`. For TPP the order is: the item's dense_tops, the item's tpp, the catalog's
/// dense_tops, the catalog's tpp. Performance density = TPP / die area when both are known.
struct merged_specs {
  item_facts facts;
  std::optional<tpp_basis> basis;
};
[[nodiscard]] merged_specs merge_specs(const exportctl::item& it, const compiled_packs& packs);

}  // namespace exportctl::detail
