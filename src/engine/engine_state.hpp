// engine_state.hpp: what an engine holds after loading: the compiled packs and lookups derived
// from them once, so that a check does no searching by name. Immutable after construction and
// shared between engine copies and threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/classifier.hpp"
#include "conditions/plan.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/limits.hpp"
#include "graph/party_graph.hpp"
#include "model/country.hpp"
#include "rules/compiled.hpp"
#include "screening/name_index.hpp"

namespace exportctl::detail {
struct list_screening;  // engine/list_screening.hpp
}

namespace exportctl::detail {

/// A catalog product's classification in one epoch, its answers to the plan's item leaves and
/// the per-hop rules that may hold for it.
struct product_class {
  classified_item c;
  leaf_answers answers;
  rule_candidates candidates;
};

struct engine_state {
  std::shared_ptr<const compiled_packs> packs;
  /// Every loaded pack (scenario packs not applied included), sorted by id.
  std::vector<rulepack_ref> refs;
  /// The packs that take part in decisions (not the unselected scenario packs), sorted by id.
  std::vector<rulepack_ref> applied_refs;
  /// The ship dates the applied packs are complete for (the intersection of the coverage they
  /// declare), and the ids of the packs that declare it; no coverage when none does.
  std::optional<interval> coverage;
  std::string coverage_packs;
  /// Per requirement (compiled_packs::requirements): it tests a party's headquarters.
  std::vector<std::uint8_t> tests_headquarters;
  /// engine_options::require_headquarters.
  bool require_headquarters = false;
  /// Selected scenarios, sorted and unique, and joined with "," for decisions.
  std::vector<std::string> scenarios;
  std::string scenario;
  /// Catalog ids, sorted.
  std::vector<std::string> product_ids;

  /// Per requirement (index into packs->requirements): the licence exceptions that cover it,
  /// as indices into packs->exceptions, in pack order.
  std::vector<std::vector<int>> exceptions_for;
  /// Per review rule: the review rules it supersedes (indices into packs->review_policies).
  std::vector<std::vector<int>> supersedes;
  /// Per information rule: whether its condition tests the item (else: once per hop).
  std::vector<std::uint8_t> information_tests_item;
  /// Per licence exception: whether its condition uses shipment_tpp_with_ytd.
  std::vector<std::uint8_t> exception_uses_ytd;
  /// Every Entity List name and alias by its screening key (src/screening/).
  entity_name_index entity_names;
  /// The curated entries and the official lists as one fuzzy index, with what a hit on each
  /// list means (engine/list_screening.hpp).
  std::shared_ptr<const list_screening> lists;
  /// Views of packs->lists, as decisions carry them.
  std::vector<screening_list_ref> list_refs;
  /// The per-hop rules' conditions, flattened (see conditions/plan.hpp).
  condition_plan plan;
  /// Classifications of the catalog products, computed once per "epoch": the date ranges in
  /// which the set of classification, exclusion, containment and per-hop rules in force is
  /// constant.
  /// epoch_starts is sorted and starts at date::min(); product_classes[id][e] is the product's
  /// classification in epoch e (facts.source and facts.index are filled in per use).
  std::vector<date> epoch_starts;
  std::unordered_map<std::string, std::vector<product_class>> product_classes;
  /// Country code of the United States: a hop from it is an export (15 CFR 734.13).
  country_code united_states = 0;
  graph_options graph;
  /// Bounds every shipment is checked against before anything else (docs/limits.md).
  input_limits limits;
};

/// The classification of item `it` (number `index`, 0-based) on `on`: the product cache's for a
/// plain catalog product (whose facts have no source item and index 0; `*cached`, if asked,
/// then points to the cache entry), else computed and appended to `computed`, where the
/// returned reference points (`*cached` is then null).
[[nodiscard]] const classified_item& classify_cached(const engine_state& st,
                                                     const exportctl::item& it, int index, date on,
                                                     std::vector<classified_item>& computed,
                                                     const product_class** cached = nullptr);

/// Builds the state and its lookups from compiled packs.
[[nodiscard]] std::shared_ptr<const engine_state> make_engine_state(
    std::shared_ptr<const compiled_packs> packs, std::vector<std::string> scenarios,
    const input_limits& limits = {}, bool require_headquarters = false,
    std::shared_ptr<const list_screening> lists = nullptr);

}  // namespace exportctl::detail
