// exportctl — export-control rules engine for AI chips.
// decision.hpp: the answer for one shipment, with the reasons, citations and rule-pack versions
// that produced it. A `license_required` or `hold` decision is a successful evaluation.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/date.hpp"

namespace exportctl {

/// Outcomes, ordered from least to most restrictive; a shipment's decision is the maximum over
/// its items and paths.
enum class outcome : std::uint8_t {
  no_license_required = 0,
  license_exception = 1,  ///< a licence exception applies; its conditions are in the findings
  license_required = 2,
  hold = 3,  ///< the engine cannot clear the shipment: missing facts, red flags, unclear rules
};

/// Licence review policies, ordered from least to most strict.
enum class review_policy : std::uint8_t {
  none = 0,
  presumption_of_approval = 1,
  case_by_case = 2,
  presumption_of_denial = 3,
  policy_of_denial = 4,
};

/// How goods move on one hop (15 CFR 734.13, 734.14, 734.16). A hop within the United States
/// is none of the three: no EAR licence requirement attaches to it (`within_us`).
enum class hop_kind : std::uint8_t { export_from_us, reexport, in_country_transfer, within_us };

/// What a finding reports.
enum class finding_kind : std::uint8_t {
  classification,  ///< why an item got its ECCN (or none)
  requirement,     ///< a licence requirement that applies
  notice,          ///< a product-specific "is informed" notice or guidance
  entity_list,     ///< a party matches an Entity List entry
  screening_list,  ///< a party matches, or may match, an entry of an official screening list
  exception,       ///< a licence exception applies; message lists its conditions
  review_policy,   ///< a licence review policy that applies
  red_flag,        ///< a diversion red flag
  information,     ///< context only (e.g. AI Diffusion country allocations)
  missing_fact,    ///< a rule could not be decided for lack of a fact
};

/// Classification of one shipment line.
struct item_result {
  int line = 0;               ///< 1-based position in the shipment's items
  std::string product;        ///< catalog id, if any
  std::string description;    ///< the item's description, if any
  std::string eccn;           ///< "3A090.a", "4A090.b", ... ; empty means null (no encoded ECCN)
  std::string paragraph;      ///< "3A090.a.1"; empty when none
  std::optional<double> tpp;  ///< per unit (computers: the contained ICs' aggregate per unit)
  std::optional<double> performance_density;
  std::int64_t quantity = 0;
  outcome decision = outcome::no_license_required;  ///< worst over all paths for this item
  std::vector<std::string> missing_facts;           ///< facts the classification still needs
};

/// One hop of one path.
struct hop_result {
  std::string from;
  std::string to;
  hop_kind kind = hop_kind::export_from_us;
  outcome decision = outcome::no_license_required;
  review_policy policy = review_policy::none;
  std::vector<std::string> license_exceptions;
};

/// One path from the exporter to an end user (or to where the chain stops).
struct path_result {
  std::vector<std::string> parties;  ///< party ids, exporter first
  outcome decision = outcome::no_license_required;
  std::vector<hop_result> hops;
};

/// Paths decided but not listed in decision::paths, past input_limits::max_reported_paths or
/// max_reported_hops: how many, their hops, and how many of them ended in each outcome. They
/// count towards the decision like the listed ones.
struct omitted_paths {
  std::size_t count = 0;
  std::size_t hops = 0;
  std::size_t by_outcome[4] = {0, 0, 0, 0};  ///< indexed by outcome
};

/// One reason. Every text field views immutable text kept alive by decision::keepalive: the
/// engine's rule packs, or one block holding all the text composed for the decision (messages,
/// party ids). Reporting a finding therefore copies nothing, and a decision costs a couple of
/// allocations however many findings it has.
struct finding {
  finding_kind kind = finding_kind::requirement;
  std::string_view rule;      ///< rule id, e.g. "EAR_742_6_A6_DEST"
  std::string_view citation;  ///< e.g. "15 CFR 742.6(a)(6)(iii); 88 FR 73458"
  std::string_view pack;      ///< id of the pack the rule comes from
  std::optional<int> item;    ///< 1-based item line, if the finding is about one item
  std::span<const std::string_view> parties;      ///< party ids involved
  outcome effect = outcome::no_license_required;  ///< what the finding does to the decision
  std::string_view message;
};

/// A diversion red flag raised on the shipment's party graph. The text fields view text kept
/// alive by decision::keepalive, as in `finding`.
struct red_flag {
  std::string_view rule;
  std::string_view citation;
  std::string_view severity;  ///< "hold" or "warning"
  std::span<const std::string_view> parties;
  std::string_view message;
};

/// Identity of one rule pack that took part in a decision. The fields view text owned by the
/// engine's packs (kept alive by decision::keepalive), so a decision copies no pack metadata.
struct rulepack_ref {
  std::string_view id;
  std::string_view version;
  std::string_view sha256;  ///< of the pack's normalized content
};

/// Identity of one official screening list a decision was screened against (--lists). The
/// fields view text owned by the engine (kept alive by decision::keepalive).
struct screening_list_ref {
  std::string_view
      source;             ///< "OFAC SDN", "BIS Denied Persons List", "Consolidated Screening List"
  std::string_view file;  ///< as given when the engine was loaded
  std::size_t rows = 0;   ///< data rows read
  std::string_view sha256;  ///< of the list's files (a receipt replays against the same bytes)
};

/// The decision for one shipment.
struct decision {
  std::string shipment;
  date as_of;
  outcome result = outcome::hold;
  review_policy policy = review_policy::none;   ///< none unless a licence is required
  std::vector<std::string> license_exceptions;  ///< e.g. {"NAC"}; sorted
  std::vector<item_result> items;
  std::vector<path_result> paths;  ///< the first paths from the exporter, up to the report bound
  omitted_paths paths_omitted;     ///< the paths past it (count 0: every path is listed)
  std::vector<finding> findings;
  std::vector<red_flag> red_flags;
  std::vector<std::string> missing_facts;  ///< sorted, unique, e.g. "item 2: die_area_mm2"
  std::vector<rulepack_ref> rulepacks;
  /// The official lists every party was screened against; empty when only the curated Entity
  /// List subset of the packs was (the text output then says so).
  std::vector<screening_list_ref> lists;
  std::string_view fingerprint;  ///< SHA-256 over the engine's pack set (pack text, see keepalive)
  /// The declared pack set(s) checked for completeness (`id@version`, from pack-set.yaml); empty
  /// when the packs were loaded without a manifest, so nothing proved that none is missing.
  std::string_view pack_set;
  std::string scenario;     ///< empty unless evaluated under a scenario
  std::string_view engine;  ///< "exportctl 0.1.0"
  /// Owns the text the findings' and red flags' views point into (the engine's rule packs, and
  /// any text composed for this decision), so that a decision, and every copy of it, stays
  /// valid after the engine that made it is destroyed. Shared and immutable: copying a decision
  /// copies the pointer, never the text.
  std::shared_ptr<const void> keepalive;
};

/// Stable lowercase names used in JSON and text output.
[[nodiscard]] std::string_view to_string(outcome o);
[[nodiscard]] std::string_view to_string(review_policy p);
[[nodiscard]] std::string_view to_string(hop_kind k);
[[nodiscard]] std::string_view to_string(finding_kind k);
[[nodiscard]] std::optional<review_policy> parse_review_policy(std::string_view s);
[[nodiscard]] std::optional<outcome> parse_outcome(std::string_view s);

/// Exit code of `exportctl check` for a decision: 0 may ship, 2 licence required, 3 hold.
[[nodiscard]] int exit_code(outcome o);

}  // namespace exportctl
