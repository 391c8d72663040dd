// findings.hpp: the reasons of a decision. One finding per (kind, rule, item); the parties of
// every hop where the rule fired are merged into it. The final order is deterministic: by item
// (shipment-wide findings last), then kind, then rule id, then first occurrence.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classify/classifier.hpp"
#include "exportctl/decision.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

/// The text composed for one decision (messages, Entity List citations, party ids), in one
/// block allocated once its size is known, and the party lists the findings view. Neither
/// array ever grows, so the views stay valid; the packs hold the rest of the viewed text.
struct decision_texts {
  std::shared_ptr<const compiled_packs> packs;
  std::unique_ptr<char[]> chars;
  std::unique_ptr<std::string_view[]> parties;
};

/// A red flag while the decision is being built (see finding_set::record). Records are reused
/// from check to check, like the findings'.
struct flag_record {
  const rule_meta* rule = nullptr;
  bool hold = false;
  std::vector<const std::string*> parties;  ///< party ids of the shipment
  std::string message;
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
    bool lasting = true;   ///< `fixed` is pack text (else it is copied into the decision)
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

  /// As add(), with a ready message that outlives the check (not necessarily the engine); a
  /// different message for the same key is appended.
  record& add_message(finding_kind kind, const rule_meta& rule, std::optional<int> item,
                      outcome effect, std::string_view message);

  /// Moves the findings (in their final order) and `flags` into `d`, with their composed text
  /// in one decision_texts that d.keepalive owns (or the packs alone when nothing was
  /// composed); the set is empty afterwards.
  void finish(std::span<const flag_record> flags,
              const std::shared_ptr<const compiled_packs>& packs, decision& d);
  /// Forgets every finding (keeps the storage).
  void clear() { count_ = 0; }

 private:
  record* find(finding_kind kind, const rule_meta& rule, std::optional<int> item);
  record& create(finding_kind kind, const rule_meta& rule, std::optional<int> item);
  static void add_party(record& f, const std::string& party);

  std::vector<record> records_;  ///< the first count_ are in use
  std::size_t count_ = 0;
  std::vector<std::uint32_t> order_;
  /// Party ids copied into the decision so far, by their shipment string (each is copied once).
  std::vector<std::pair<const std::string*, std::string_view>> copied_;
};

/// Classification notes as findings about item `line` (1-based); their messages are copied into
/// a decision_texts that `keepalive` then owns (with the packs).
[[nodiscard]] std::vector<finding> note_findings(const std::vector<classification_note>& notes,
                                                 int line,
                                                 const std::shared_ptr<const compiled_packs>& packs,
                                                 std::shared_ptr<const void>& keepalive);

/// The item part of a decision: ECCN, paragraph, TPP, performance density (2 decimals).
[[nodiscard]] item_result make_item_result(const exportctl::item& it, int line,
                                           const classified_item& c);

}  // namespace exportctl::detail
