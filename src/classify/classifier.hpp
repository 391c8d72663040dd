// classifier.hpp: an item → its ECCN and paragraph on a date, from the classification,
// exclusion and containment rules of the packs (docs/rule-pack-format.md). Three-valued: when
// the answer depends on a fact the item does not give, the item is held and the facts listed.
#pragma once

#include <string>
#include <vector>

#include "classify/specs.hpp"
#include "conditions/evaluate.hpp"
#include "exportctl/decision.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

/// One reason for a classification, turned into a finding by the engine.
struct classification_note {
  finding_kind kind = finding_kind::classification;
  const rule_meta* rule = nullptr;
  std::string message;
  outcome effect = outcome::no_license_required;
};

/// The classification of one item (an IC, an HBM stack, or a computer / assembly).
struct classified_item {
  /// ECCN and paragraph (views into the packs; empty = none), the figures conditions test, and
  /// `classified == false` when held.
  item_facts facts;
  bool computer = false;
  /// Facts the classification still needs: "die_area_mm2", "contains[1].dense_tops", ...
  std::vector<std::string> missing;
  std::vector<classification_note> notes;

  [[nodiscard]] bool held() const { return !facts.classified; }
  [[nodiscard]] const std::optional<double>& tpp() const { return facts.value(param::tpp); }
};

/// Classifies `it` (item number `index`, 0-based, for missing-fact references) on `on`.
/// The item must have passed shipment validation (known product, known precisions).
[[nodiscard]] classified_item classify_item(const exportctl::item& it, int index,
                                            const compiled_packs& packs, date on);

}  // namespace exportctl::detail
