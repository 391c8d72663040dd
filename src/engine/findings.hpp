// findings.hpp: the reasons of a decision. One finding per (kind, rule, item); the parties of
// every hop where the rule fired are merged into it. The final order is deterministic: by item
// (shipment-wide findings last), then kind, then rule id, then first occurrence.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "classify/classifier.hpp"
#include "exportctl/decision.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

class finding_set {
 public:
  /// A finding while the decision is being built: the rule by reference and the parties by
  /// pointer to their ids (both outlive the check), so that nothing is copied until the end.
  struct record {
    finding_kind kind = finding_kind::requirement;
    const rule_meta* rule = nullptr;
    std::optional<int> item;
    outcome effect = outcome::no_license_required;
    std::string message;
    std::string citation;  ///< empty: the rule's citation
    std::array<const std::string*, 4> parties{};
    std::size_t party_count = 0;
    std::vector<const std::string*> more_parties;  ///< beyond the first four
  };

  /// The finding for (kind, rule, item), created with make() → message when new. The effect is
  /// raised to `effect`; `party` (if not empty) is added to its parties. `party` must outlive
  /// the set (a party id of the shipment).
  template <class MakeMessage>
  record& add(finding_kind kind, const rule_meta& rule, std::optional<int> item, outcome effect,
              const std::string& party, MakeMessage&& make) {
    record* f = find(kind, rule, item);
    if (!f) {
      f = &create(kind, rule, item);
      f->message = make();
    }
    if (effect > f->effect) f->effect = effect;
    if (!party.empty()) add_party(*f, party);
    return *f;
  }

  /// As add(), with a ready message; a different message for the same key is appended.
  record& add_message(finding_kind kind, const rule_meta& rule, std::optional<int> item,
                      outcome effect, std::string message);

  /// The findings in their final order; the set is empty afterwards.
  [[nodiscard]] std::vector<finding> take_sorted();
  /// Forgets every finding (keeps the storage).
  void clear() { records_.clear(); }

 private:
  record* find(finding_kind kind, const rule_meta& rule, std::optional<int> item);
  record& create(finding_kind kind, const rule_meta& rule, std::optional<int> item);
  static void add_party(record& f, const std::string& party);

  std::vector<record> records_;
};

/// A classification note as a finding about item `line` (1-based).
[[nodiscard]] finding note_finding(const classification_note& note, int line);

/// The item part of a decision: ECCN, paragraph, TPP, performance density (2 decimals).
[[nodiscard]] item_result make_item_result(const exportctl::item& it, int line,
                                           const classified_item& c);

}  // namespace exportctl::detail
