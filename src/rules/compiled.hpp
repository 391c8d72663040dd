// compiled.hpp: rule packs compiled into immutable tables. The loader (loader.cpp) builds these
// from YAML once; the classifier and the evaluator only read them. Nothing here touches YAML.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "conditions/condition.hpp"
#include "exportctl/date.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/shipment.hpp"
#include "model/country.hpp"

namespace exportctl::detail {

/// Closed date interval [from, to]; open ends are date::min()/date::max().
struct interval {
  date from = date::min();
  date to = date::max();
  [[nodiscard]] bool contains(date d) const { return from <= d && d <= to; }
};

/// Whether two closed intervals share a day.
[[nodiscard]] inline bool overlaps(interval a, interval b) {
  return a.from <= b.to && b.from <= a.to;
}

/// Where a rule was written.
struct source_loc {
  std::string file;
  int line = 0;
  int column = 0;
};

/// Source grade of a fact (reference README): primary, secondary, derived, unconfirmed.
enum class grade : std::uint8_t { P, S, D, U };

/// What every rule carries.
struct rule_meta {
  std::string id;        ///< stable, e.g. "EAR_742_6_A6_DEST"
  std::string citation;  ///< e.g. "15 CFR 742.6(a)(6)(iii); 88 FR 73458"
  std::string message;   ///< the explanation shown when the rule fires
  std::string pack;      ///< id of the pack
  grade source_grade = grade::S;
  interval valid;  ///< effective window, already intersected with the pack's window
  source_loc loc;
};

// ---------------------------------------------------------------------------------------------
// Countries
// ---------------------------------------------------------------------------------------------

/// Membership of a country set on a date: confirmed members, and members whose membership the
/// reference marks unconfirmed (grade U). Tests against `unconfirmed` give tri::unknown.
struct country_bits {
  country_set confirmed;
  country_set unconfirmed;
};

/// A country set that changes over time: steps[i] holds from steps[i].first until the next
/// step's date (exclusive). steps is sorted and starts at date::min().
struct dated_country_set {
  std::vector<std::pair<date, country_bits>> steps;
  [[nodiscard]] const country_bits& at(date d) const;
};

/// A compiled country selector: (groups ∪ countries) − (except_groups ∪ except_countries).
/// `sets` holds, per date step, the definite members in `confirmed` and the possible but
/// unconfirmed members in `unconfirmed`.
struct country_selector {
  dated_country_set sets;
  std::string text;  ///< human form, e.g. "D:1 ∪ D:4 ∪ D:5 ∪ {MO} − (A:5 ∪ A:6)"
  [[nodiscard]] tri test(country_code c, date d) const;
};

/// A country group (A:5, D:5, ...).
struct country_group {
  rule_meta meta;     ///< id "D5", message = label
  std::string label;  ///< "D:5"
  dated_country_set members;
};

/// A country that US rules treat as another (Hong Kong as China since 2020-12-23).
struct country_alias {
  rule_meta meta;
  country_code code = 0;
  country_code treat_as = 0;
};

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/// Bit lengths of precisions for TPP (fp8 → 8, fp16 → 16, ...).
struct precision_table {
  rule_meta meta;
  std::map<std::string, int, std::less<>> bits;
};

/// One ECCN paragraph test, in the order the pack lists them (first definite match wins).
struct classification_rule {
  rule_meta meta;
  std::string eccn;             ///< "3A090.a"
  std::string paragraph;        ///< "3A090.a.1"
  bool applies_to_hbm = false;  ///< false: processors; true: HBM stacks
  condition when;
};

/// A note that takes items out of an ECCN (Note 2 to 3A090).
struct exclusion_rule {
  rule_meta meta;
  bool applies_to_hbm = false;
  condition when;
};

/// Computers/assemblies containing classified ICs (4A090): contained ECCN → computer ECCN.
struct containment_rule {
  rule_meta meta;
  std::vector<std::pair<std::string, std::string>> map;  ///< {"3A090.a", "4A090.a"}, ...
};

/// A licence requirement (CCL-based, product notice or guidance). Evaluated per item per hop.
struct requirement_rule {
  enum class source : std::uint8_t { ccl, notice };
  rule_meta meta;
  source from = source::ccl;
  condition when;
  outcome effect = outcome::license_required;  ///< license_required or hold
  review_policy policy = review_policy::none;  ///< policy stated by the rule itself, if any
  bool exceptions_allowed = true;
};

/// A licence review policy; the strictest that applies wins, except that a rule listing others
/// in `supersedes` replaces them when it applies (91 FR 1684 case-by-case path).
struct review_rule {
  rule_meta meta;
  condition when;
  review_policy policy = review_policy::none;
  std::vector<std::string> supersedes;
};

/// Context reported as a finding of kind `information` when its condition holds (AI Diffusion
/// country allocations); never changes the decision.
struct information_rule {
  rule_meta meta;
  condition when;
};

/// A licence exception (NAC, ACA, LPP, AIA).
struct exception_rule {
  rule_meta meta;
  std::string name;                 ///< "NAC"
  std::vector<std::string> covers;  ///< requirement rule ids it can overcome
  condition when;
  std::vector<std::string> conditions;  ///< conditions the exporter must meet, listed in findings
  bool unconfirmed = false;             ///< grade U: never clears — yields hold instead
};

/// An Entity List entry, close to the Consolidated Screening List columns.
/// One dated state of the Affiliates (50%) rule (15 CFR 744.11 as extended by 90 FR 47201):
/// `applies` when the rule restricts affiliates in the window (a grade U window holds instead
/// of restricting: the state is unconfirmed), not when it is suspended.
struct affiliates_window {
  rule_meta meta;
  bool applies = false;
};

struct entity_entry {
  rule_meta meta;  ///< valid = [start_date, end_date]
  std::string name;
  std::vector<std::string> alt_names;
  std::vector<std::string> addresses;
  std::string country;  ///< ISO code(s) as listed, comma separated
  std::string federal_register_notice;
  std::string license_requirement;  ///< raw text
  review_policy policy = review_policy::presumption_of_denial;
  std::string license_policy_text;  ///< raw text
  std::vector<int> footnotes;
};

/// Red-flag mechanisms; their parameters and severities come from the packs.
struct red_flag_rule {
  enum class kind : std::uint8_t {
    cycle,                 ///< the party graph has a cycle
    path_not_to_end_user,  ///< a path ends at a party that is not an end user
    final_party_role,      ///< a path ends at a party whose role is in `roles`
    no_end_user,           ///< no end user is reachable from the exporter
    intermediary_in,       ///< an intermediate party is located in `selector`
    party_hq_unconfirmed,  ///< a party's HQ test against `selector` is unknown (grade U)
    path_limit,            ///< more paths than the engine bounds
    serial_repeated,       ///< a serial number appears twice in the shipment
    /// a serial number the ledger released before to another end user or country
    serial_shipped_before,
    /// a fact the hold asked for, supplied by a reviewer of the order (ledger reviews)
    review_supplied_fact,
  };
  rule_meta meta;
  kind k = kind::cycle;
  outcome effect = outcome::hold;  ///< hold, or no_license_required for a warning
  std::vector<party_role> roles;
  int selector = -1;
  bool controlled_items_only = false;  ///< only raise when some item has an ECCN
};

/// What a hit on an official screening list means (`list_sources` in a pack): per list source
/// (the CSL `source` column, or the list a reader names, e.g. "OFAC SDN"), the effect of a
/// match-band hit. `possible` rules hold a possible match for review whatever its list.
struct list_source_rule {
  enum class kind : std::uint8_t {
    entity_list,  ///< licence for all items subject to the EAR, the entry's policy, no exceptions
    hold,         ///< the shipment must not proceed as it is: hold, naming the list
    possible_match,  ///< a candidate in the possible band: hold for review
  };
  rule_meta meta;
  kind k = kind::hold;
  std::vector<std::string> sources;  ///< list sources it covers (empty for possible_match)
  /// entity_list: the entry's `license_policy` text → policy, by lowercase phrase, first found.
  /// A text no phrase matches holds (the policy is not known).
  std::vector<std::pair<std::string, review_policy>> policy_phrases;
};

/// An official list loaded beside the packs: its identity in decisions and receipts.
struct loaded_list {
  std::string source;  ///< "OFAC SDN", "BIS Denied Persons List", "Consolidated Screening List"
  std::string file;    ///< as given
  std::size_t rows = 0;
  std::string sha256;
};

/// A catalog product.
struct product {
  std::string id;
  std::string vendor;
  std::string model;
  chip_specs specs;
  std::vector<std::string> sources;
  std::string notes;
  source_loc loc;
};

/// Metadata of a loaded pack.
struct pack_info {
  std::string id;
  std::string title;
  std::string version;
  std::string status;    ///< "in_force", "scenario", "informational"
  std::string scenario;  ///< scenario name for status == scenario
  interval valid;
  std::vector<std::string> citations;
  std::string sha256;  ///< of the normalized pack
  std::string file;
  /// The ship dates the pack set is complete for (`coverage_from` / `coverage_to`), if the pack
  /// declares them; a date outside the coverage of any applied pack holds.
  std::optional<interval> coverage;
};

/// Everything the engine needs, compiled from all packs. Scenario packs not selected are listed
/// in `packs` but contribute no rules.
struct compiled_packs {
  std::vector<pack_info> packs;
  std::string fingerprint;  ///< SHA-256 over the sorted pack hashes and the selected scenarios
  /// The declared pack sets the packs were checked against (`id@version` of each directory's
  /// pack-set.yaml, in path order, ", "-joined); empty when no manifest declared the set, which
  /// every decision then says (a missing pack would have gone unnoticed).
  std::string pack_set;

  std::vector<country_group> groups;
  std::vector<country_alias> aliases;
  std::vector<country_selector> selectors;

  precision_table precisions;
  std::vector<classification_rule> classifications;
  std::vector<exclusion_rule> exclusions;
  std::vector<containment_rule> containments;
  std::vector<requirement_rule> requirements;  ///< ccl rules, then notices, in pack order
  std::vector<review_rule> review_policies;
  std::vector<exception_rule> exceptions;
  std::vector<information_rule> information;
  std::vector<red_flag_rule> red_flags;
  std::vector<list_source_rule> list_sources;

  std::vector<entity_entry> entities;
  /// Legal-form suffixes stripped by name normalization (from the entity-list pack); the name
  /// index built from `entities` is the engine's (src/screening/).
  std::vector<std::string> legal_suffixes;
  rule_meta entity_rule;  ///< the Entity List licence requirement itself (15 CFR 744.11)
  /// The official screening lists loaded with the packs (set by the engine, not by a pack; not
  /// in the fingerprint: decisions name each list with its own SHA-256).
  std::vector<loaded_list> lists;
  /// The Affiliates (50%) rule's dated states (90 FR 47201), in pack order; windows do not
  /// overlap (the linker checks). src/engine/ownership.cpp applies them.
  std::vector<affiliates_window> affiliates;

  std::unordered_map<std::string, product> products;

  /// Country after aliases in force on `d` (HK → CN).
  [[nodiscard]] country_code resolve(country_code c, date d) const;
};

}  // namespace exportctl::detail
