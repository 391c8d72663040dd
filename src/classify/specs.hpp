// specs.hpp: the facts of one IC from the catalog and the shipment (the shipment's fields add
// to the catalog's or raise them, never lower them), and the derived figures of the Technical Notes
// to 3A090: TPP and performance density.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "conditions/evaluate.hpp"
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

/// A stated figure that would loosen the catalog's: a lower TPP or bandwidth, a different die
/// area (a larger one lowers performance density) or the other datacenter flag. The catalog
/// figure is kept and the item is held with both values named.
struct spec_conflict {
  std::string fact;  ///< "tpp", "die_area_mm2", "datacenter", ...
  std::string text;  ///< "tpp: the item states 1, the catalog entry `nvidia-b200` 20800"
};

/// An IC's facts: the catalog product's specs, completed field by field by the item's own
/// `specs`. A stated figure fills a fact the catalog lacks or raises the catalog's; one that
/// would lower it (or flip the datacenter flag) is a conflict and the catalog figure stands.
/// TPP is the higher of the item's (its dense_tops, or its tpp if higher) and the catalog's.
/// Performance density = TPP / die area when both are known and the area is positive.
struct merged_specs {
  item_facts facts;
  std::optional<tpp_basis> basis;
  std::vector<spec_conflict> conflicts;
};
[[nodiscard]] merged_specs merge_specs(const exportctl::item& it, const compiled_packs& packs);

}  // namespace exportctl::detail
