// list_screening.hpp: parties against the screening lists inside a decision. One fuzzy index
// (screening/list_index.hpp) holds the curated Entity List of the packs (list 0) and the
// official lists loaded with --lists; what a hit on each list source means comes from the
// packs' `list_sources` rules (rules/list-sources.yaml), never from code.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/screen_cache.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/diagnostic.hpp"
#include "rules/compiled.hpp"
#include "screening/list_index.hpp"
#include "screening/name_index.hpp"

namespace exportctl::detail {

struct check_context;

/// The lists of an engine, built once at load and swapped with the packs on reload.
struct list_screening {
  list_index index;  ///< list 0: the curated Entity List entries (their index is the entry's)
  std::size_t official = 0;  ///< official lists loaded (lists 1..official of the index)
  /// Per official list, per entry: the list_sources rule of its source (index into
  /// compiled_packs::list_sources).
  std::vector<std::vector<int>> rule;
  /// Per official list, per entry: its Entity List entry (index into `entities`) when its
  /// rule is of kind entity_list, else -1.
  std::vector<std::vector<int>> entity;
  /// The official Entity List rows as entries of the 744.11 rule (their review policy mapped by
  /// the rule's phrases; an unmapped policy text makes the entry grade U, so it holds).
  std::vector<entity_entry> entities;
  int possible_rule = -1;  ///< the possible_match rule, or -1 (the Entity List rule stands in)
  /// Reviewed matches ("good guys"), by "source \x1f entry id", with the screening key of the
  /// name each was cleared for.
  std::vector<lists::reviewed_match> reviewed;
  std::vector<std::string> reviewed_keys;
  std::unordered_multimap<std::string, std::size_t> reviewed_by;
  screen_cache cache;  ///< swapped with the lists, so a reload never sees old candidates
};

/// The identity of each list and reviewed-matches file (compiled_packs::lists, which decisions
/// view).
[[nodiscard]] std::vector<loaded_list> list_identities(
    const std::vector<lists::screening_list>& official,
    const std::vector<lists::reviewed_file>& reviewed);

/// The source name of the curated Entity List's candidates (as a reviewed match names it).
inline constexpr const char* curated_source = "exportctl curated Entity List";

/// Builds the index over the curated entries of `packs` and `official`. A list row whose
/// source no `list_sources` rule covers is an error (EXC-E8010): what a hit means must be in
/// the packs. Returns nullptr on error.
[[nodiscard]] std::shared_ptr<const list_screening> make_list_screening(
    const compiled_packs& packs, std::vector<lists::screening_list> official,
    std::vector<lists::reviewed_file> reviewed, std::vector<diagnostic>& diags);

struct engine_state;

/// One numbering of the curated entries (0..n-1) and the official Entity List rows (n + k),
/// for code that walks entries of both (the ownership walk). -1 stays "none".
[[nodiscard]] int unified_entity(const engine_state& st, int entity_hit);
[[nodiscard]] const entity_entry& entity_at(const engine_state& st, int unified);

/// An owner that is not a party, screened once, with its country as parties are: `entry`, the
/// official Entity List row it matches (unified numbering), else -1; else `doubt`, why it cannot
/// be shown clear (a possible match, curated by score or official in the possible band, or a
/// match on a list other than the Entity List), else empty. Fail closed: the ownership walk
/// treats a doubted owner as unclear, so what it could bring to 50% holds (engine/ownership.cpp).
struct owner_screening {
  int entry = -1;
  std::string doubt;
  /// Possible matches a reviewer cleared for this name and country: what the decision says of
  /// them (report_owner_clearance).
  std::vector<std::string> cleared;
};
[[nodiscard]] owner_screening screen_owner(const check_context& cx, std::string_view name,
                                           std::string_view country);
/// A finding on party `pt`, which the owner is above: a possible match of the owner that a
/// reviewer cleared (`text`, from owner_screening::cleared). It does not hold.
void report_owner_clearance(check_context& cx, const party& pt, std::string text);

/// Screens every party but the exporter: a confirmed Entity List hit (curated or official)
/// goes to cx.entity_hit (an official entry e as -2 - e), so the hops apply it; any other hit
/// adds its finding and missing fact. Returns what the hits do to the shipment as a whole
/// (hold, or no_license_required).
outcome screen_lists(check_context& cx);

}  // namespace exportctl::detail
