// exportctl — export-control rules engine for AI chips.
// engine.hpp: loads rule packs once into immutable tables and decides shipments. An engine is
// cheap to copy (shared state) and safe to use from many threads at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/classification.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/diagnostic.hpp"
#include "exportctl/history.hpp"
#include "exportctl/limits.hpp"
#include "exportctl/pack_text.hpp"
#include "exportctl/shipment.hpp"

namespace exportctl {

namespace detail {
struct engine_state;
}

/// How to build an engine.
struct engine_options {
  /// Rule-pack files or directories (searched recursively for *.yaml). Empty: the default packs
  /// (EXPORTCTL_RULES environment variable, else the installed share/exportctl/rules, else the
  /// source tree's rules/).
  std::vector<std::string> rule_paths;
  /// Scenario packs to apply as if enforced, e.g. {"ai-diffusion-2025"}. Packs with
  /// `status: scenario` are never applied otherwise.
  std::vector<std::string> scenarios;
  /// Packs given as text, loaded after the rule_paths files. When non-empty and rule_paths is
  /// empty, only these packs are loaded (not the default packs). Nothing is written to disk.
  std::vector<pack_text> rule_texts = {};  // (defaulted: {paths, scenarios} stays complete)
  /// A party's `headquarters` defaults to its country and `ultimate_parent_headquarters` to its
  /// headquarters; each decision where a headquarters rule could apply says so. True: such an
  /// omitted fact is missing instead, and the shipment holds (for exporters whose policy
  /// requires the headquarters to be stated). CLI: `--require-headquarters`.
  bool require_headquarters = false;
  /// Official screening lists (files or directories: OFAC SDN.CSV with ALT.CSV and ADD.CSV
  /// beside it, the BIS Denied Persons List, the trade.gov Consolidated Screening List CSV),
  /// screened for every party besides the curated Entity List of the packs; what a hit means
  /// comes from the packs (`list_sources`). Empty: the default lists directory, if there is one
  /// (default_lists_dir()), else none. CLI: `--lists`.
  std::vector<std::string> list_paths = {};
  /// False: no list is loaded when list_paths is empty, not even the default directory.
  bool default_lists = true;
  /// Files of reviewed matches ("good guys", docs/screening.md): CSV rows of source, entry,
  /// name, country, reviewer, date, reason. A possible match of exactly that entry, party name
  /// and country no longer holds; the finding names the reviewer and the date, and each file is
  /// named with its SHA-256 in decisions like a list. CLI: `--reviewed`.
  std::vector<std::string> reviewed_paths = {};
};

/// Per-call options.
struct check_options {
  std::optional<date> as_of;  ///< overrides the shipment's date
  /// Facts from the shipment ledger (history.hpp): earlier releases of the shipment's serial
  /// numbers. Null: none known (a check without a ledger). Must outlive the call.
  const ledger_facts* facts = nullptr;
};

class engine;

struct engine_result;

/// Result of a check: a decision, or the diagnostics of a bad shipment (nothing was decided).
struct check_result {
  std::optional<decision> value;
  std::vector<diagnostic> diagnostics;
};

/// The rules engine.
///
///     auto built = exportctl::engine::load({});
///     if (!built.value) { for (auto& d : built.diagnostics) std::cerr << format(d) << '\n'; }
///     auto parsed = exportctl::parse_shipment(text, "order.yaml");
///     auto result = built.value->check(*parsed.value);
///     if (result.value) std::cout << exportctl::to_json(*result.value);
class engine {
 public:
  /// Loads and compiles the packs; all problems found are returned as diagnostics.
  [[nodiscard]] static engine_result load(const engine_options& options);
  /// As above, with bounds on pack and shipment size and shape other than the defaults
  /// (docs/limits.md): input past one is refused with a diagnostic, never decided.
  [[nodiscard]] static engine_result load(const engine_options& options,
                                          const input_limits& limits);

  /// Decides a shipment. Bad input (unknown product, unknown party in a transfer, ...) yields
  /// diagnostics and no decision.
  [[nodiscard]] check_result check(const shipment& s, const check_options& options = {}) const;

  /// Classifies one item (a product id, specs, or a computer with `contains`) on a date.
  [[nodiscard]] std::optional<classification> classify(const item& it, date as_of,
                                                       std::vector<diagnostic>* diagnostics) const;

  /// The bounds this engine checks shipments against.
  [[nodiscard]] const input_limits& limits() const;
  /// SHA-256 fingerprint of the loaded pack set (hex).
  [[nodiscard]] const std::string& fingerprint() const;
  /// The official screening lists loaded (empty when none).
  [[nodiscard]] const std::vector<screening_list_ref>& lists() const;
  /// The packs that were loaded (including scenario packs not applied).
  [[nodiscard]] const std::vector<rulepack_ref>& packs() const;
  /// Ids of the product catalog, sorted.
  [[nodiscard]] std::vector<std::string> product_ids() const;

  /// Internal state; for exportctl's own front ends and tests.
  [[nodiscard]] const detail::engine_state& state() const { return *state_; }

 private:
  explicit engine(std::shared_ptr<const detail::engine_state> state) : state_(std::move(state)) {}
  std::shared_ptr<const detail::engine_state> state_;
};

/// Result of building an engine: the engine, or the diagnostics that prevented it. Warnings may
/// accompany a successfully built engine.
struct engine_result {
  std::optional<engine> value;
  std::vector<diagnostic> diagnostics;
};

/// The default rule-pack directory this build would use (see engine_options::rule_paths).
[[nodiscard]] std::string default_rules_dir();
/// The default screening-list directory: EXPORTCTL_LISTS if set, else the installed
/// share/exportctl/lists when it exists, else empty (no default lists).
[[nodiscard]] std::string default_lists_dir();

}  // namespace exportctl
