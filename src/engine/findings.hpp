// findings.hpp: the reasons of a decision. One finding per (kind, rule, item); the parties of
// every hop where the rule fired are merged into it. The final order is deterministic: by item
// (shipment-wide findings last), then kind, then rule id, then first occurrence.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classify/classifier.hpp"
#include "exportctl/decision.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

/// Text composed for one decision that its findings view (an Entity List citation naming the
/// entries' Federal Register notices). A deque never moves its strings, so views stay valid.
struct decision_texts {
  std::shared_ptr<const compiled_packs> packs;  ///< the rest of the text the views point into
  std::deque<std::string> texts;
};

class finding_set {
 public:
  /// A finding while the decision is being built: the rule by reference and the parties by
  /// pointer to their ids (both outlive the check), so that nothing is copied until the end.
  /// Records are reused from check to check (their strings keep their capacity).
  struct record {
    finding_kind kind = finding_kind::requirement;
    const rule_meta* rule = nullptr;
    std::optional<int> item;
    outcome effect = outcome::no_license_required;
    /// The message: `fixed` (text that outlives the check: the rule's own message or a
    /// classification note), unless `composed`, then `text`.
    std::string_view fixed;
    std::string text;
    bool composed = false;
    std::string citation;  ///< empty: the rule's citation
    std::array<const std::string*, 4> parties{};
    std::size_t party_count = 0;
    std::vector<const std::string*> more_parties;  ///< beyond the first four

    [[nodiscard]] std::string_view message() const {
      return composed ? std::string_view(text) : fixed;
    }
    /// Appends "; " and `more` to the message.
    void append_message(std::string_view more);
  };

  /// The finding for (kind, rule, item), with the rule's own message when new. The effect is
  /// raised to `effect`; `party` (if not empty) is added to its parties. `party` must outlive
  /// the set (a party id of the shipment).
  record& add(finding_kind kind, const rule_meta& rule, std::optional<int> item, outcome effect,
              const std::string& party) {
    return add(kind, rule, item, effect, party, [&rule](record& f) { f.fixed = rule.message; });
  }

  /// As add(); a new finding's message is set by compose(record&), which either points `fixed`
  /// at lasting text or writes `text` (empty on entry) and sets `composed`.
  template <class Compose>
  record& add(finding_kind kind, const rule_meta& rule, std::optional<int> item, outcome effect,
              const std::string& party, Compose&& compose) {
    record* f = find(kind, rule, item);
    if (!f) {
      f = &create(kind, rule, item);
      compose(*f);
    }
    if (effect > f->effect) f->effect = effect;
    if (!party.empty()) add_party(*f, party);
    return *f;
  }

  /// As add(), with a ready message that outlives the check; a different message for the same
  /// key is appended.
  record& add_message(finding_kind kind, const rule_meta& rule, std::optional<int> item,
                      outcome effect, std::string_view message);

  /// The findings in their final order; the set is empty afterwards. Citations composed for
  /// this decision are moved to `texts` (created when needed), which the findings then view.
  [[nodiscard]] std::vector<finding> take_sorted(
      std::shared_ptr<decision_texts>& texts, const std::shared_ptr<const compiled_packs>& packs);
  /// Forgets every finding (keeps the storage).
  void clear() { count_ = 0; }

 private:
  record* find(finding_kind kind, const rule_meta& rule, std::optional<int> item);
  record& create(finding_kind kind, const rule_meta& rule, std::optional<int> item);
  static void add_party(record& f, const std::string& party);

  std::vector<record> records_;  ///< the first count_ are in use
  std::size_t count_ = 0;
  std::vector<std::uint32_t> order_;
};

/// A classification note as a finding about item `line` (1-based).
[[nodiscard]] finding note_finding(const classification_note& note, int line);

/// The item part of a decision: ECCN, paragraph, TPP, performance density (2 decimals).
[[nodiscard]] item_result make_item_result(const exportctl::item& it, int line,
                                           const classified_item& c);

}  // namespace exportctl::detail
