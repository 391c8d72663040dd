// evaluate.hpp: deciding one validated shipment. The work is split by mechanism:
//   evaluate.cpp          orchestration: parties, items, paths, hops, aggregation
//   hops.cpp              hop kinds and the facts of one hop
//   requirements.cpp      licence requirements and notices per item per hop
//   exceptions.cpp        licence exceptions that overcome a requirement
//   review.cpp            licence review policies
//   requirements.cpp      also the Entity List requirement of listed parties (the name
//                         lookup itself is src/screening/)
//   red_flags.cpp         red flags over the party graph
//   findings.cpp          merging and ordering of findings
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "classify/classifier.hpp"
#include "conditions/evaluate.hpp"
#include "conditions/plan.hpp"
#include "engine/engine_state.hpp"
#include "engine/findings.hpp"
#include "engine/ownership.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/history.hpp"
#include "exportctl/shipment.hpp"
#include "graph/party_graph.hpp"

namespace exportctl::detail {

/// One item of the shipment as a check sees it: its facts (with this shipment's item and index)
/// and its classification, which lives in the engine's product cache or in check_buffers.
/// A fact a review supplied (history.hpp), and whether it went into the shipment decided.
struct supply_note {
  const review_record* review = nullptr;
  const supplied_fact* fact = nullptr;
  bool applied = false;
  std::string why_not;  ///< when not applied: the shipment states it, no such item, ...
};

struct prepared_item {
  item_facts facts;
  const classified_item* c = nullptr;
  leaf_answers answers;                         ///< the item leaves of the condition plan
  const rule_candidates* candidates = nullptr;  ///< the per-hop rules that may hold for it
};

/// Per-check working storage. One instance per thread is reused from check to check, so that
/// after the first check the vectors already have their capacity (no per-call heap churn);
/// check_context clears them at the start of every check.
struct check_buffers {
  std::vector<party_facts> parties;
  std::vector<int> entity_hit;
  std::vector<std::uint8_t> entity_reported;
  std::vector<std::uint8_t> end_user;
  std::vector<affiliate_hit> affiliates;
  std::vector<prepared_item> items;
  std::vector<classified_item> computed;  ///< classifications of items not in the product cache
  std::vector<rule_candidates> computed_candidates;  ///< and their candidate rules
  std::vector<int> tpp_unknown;
  std::vector<missing_ref> missing;
  std::vector<const country_bits*> selector_bits;
  std::vector<std::uint8_t> review_state;
  std::vector<std::uint8_t> superseded;
  finding_set findings;
  std::vector<flag_record> flags;  ///< the first flag_count are in use (records are reused)
  std::size_t flag_count = 0;
  std::vector<std::string> missing_facts;
  std::vector<std::string> exceptions_used;
  std::vector<std::pair<int, int>> edges;
  std::vector<outcome> item_outcomes, path_outcomes;
  graph_facts graph;
  /// Headquarters assumptions already stated, by (rule, item, party), and per (rule, item) the
  /// first downstream position scanned on the path being walked (a later hop's downstream is a
  /// suffix of it). Without them the notes cost O(paths × hops²) (requirements.cpp).
  std::unordered_set<std::uint64_t> hq_noted;
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> hq_scanned;

  void clear();
};

/// Everything one check computes once and then reads per path, hop and item.
struct check_context {
  check_context(const engine_state& state, const shipment& shipment_in, date on_date,
                check_buffers& b)
      : st(state),
        packs(*state.packs),
        s(shipment_in),
        on(on_date),
        parties(b.parties),
        entity_hit(b.entity_hit),
        entity_reported(b.entity_reported),
        end_user(b.end_user),
        affiliates(b.affiliates),
        items(b.items),
        computed(b.computed),
        computed_candidates(b.computed_candidates),
        graph(b.graph),
        tpp_unknown(b.tpp_unknown),
        missing(b.missing),
        selector_bits(b.selector_bits),
        review_state(b.review_state),
        superseded(b.superseded),
        findings(b.findings),
        missing_facts(b.missing_facts),
        exceptions_used(b.exceptions_used),
        hq_noted(b.hq_noted),
        hq_scanned(b.hq_scanned) {
    b.clear();
  }

  const engine_state& st;
  const compiled_packs& packs;
  const shipment& s;
  date on;
  const ledger_facts* facts = nullptr;  ///< the ledger's facts, if any (history.hpp)
  /// The facts reviews supplied and whether each was used (supplied_facts.cpp), if any.
  const std::vector<supply_note>* supplies = nullptr;

  std::vector<party_facts>& parties;           ///< per party: countries after aliases, defaults
  std::vector<int>& entity_hit;                ///< per party: Entity List entry in force, or -1
  std::vector<std::uint8_t>& entity_reported;  ///< per party: its Entity List finding exists
  std::vector<std::uint8_t>& end_user;         ///< per party: role is end_user
  std::vector<affiliate_hit>& affiliates;      ///< per party: its owners (ownership.cpp)
  std::vector<prepared_item>& items;           ///< per item
  std::vector<classified_item>& computed;      ///< see check_buffers::computed
  std::vector<rule_candidates>& computed_candidates;
  graph_facts& graph;

  double classified_tpp = 0;      ///< Σ quantity × TPP over items with an ECCN (or held)
  std::vector<int>& tpp_unknown;  ///< items whose TPP is unknown but would count
  bool any_controlled = false;    ///< some item has an ECCN

  /// The hop leaves of the condition plan answered so far on the hop being judged (`hop_known`
  /// says which); reset_hop() forgets them.
  leaf_answers hop_answers;
  std::uint64_t hop_known = 0;

  // Scratch reused across evaluations (no per-hop allocation).
  std::vector<missing_ref>& missing;
  std::vector<const country_bits*>& selector_bits;  ///< per selector, on `on` (lazy)
  std::vector<std::uint8_t>& review_state;          ///< per review rule: 0 no, 1 applies, 2 unknown
  std::vector<std::uint8_t>& superseded;            ///< per review rule

  finding_set& findings;
  std::vector<std::string>& missing_facts;  ///< decision-level, sorted and made unique at the end
  std::vector<std::string>& exceptions_used;
  std::unordered_set<std::uint64_t>& hq_noted;
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>>&
      hq_scanned;  ///< cleared per path

  [[nodiscard]] const party& party_at(int i) const {
    return s.parties[static_cast<std::size_t>(i)];
  }
  [[nodiscard]] const rule_candidates& candidates(int k) const {
    return *items[static_cast<std::size_t>(k)].candidates;
  }
  /// country_selector::test(c, on) through the per-check cache of the selectors' members.
  [[nodiscard]] tri member(int selector, country_code c) {
    const country_bits*& bits = selector_bits[static_cast<std::size_t>(selector)];
    if (!bits) bits = &packs.selectors[static_cast<std::size_t>(selector)].sets.at(on);
    if (bits->confirmed.test(c)) return tri::yes;
    return bits->unconfirmed.test(c) ? tri::unknown : tri::no;
  }
  /// A rule's condition (`when`, compiled as `plan`) for item `k` (-1: none) on `hop` (null:
  /// none), as evaluate() answers it. With `record`, the facts of an unknown answer are left in
  /// `missing`.
  [[nodiscard]] tri test(const rule_plan& plan, const condition& when, int k, const hop_facts* hop,
                         bool record = true) {
    if (plan.compiled) {
      if (hop && (plan.hop_leaves & ~hop_known)) answer_hop(plan.hop_leaves, *hop);
      const tri t = plan_value(st.plan, plan,
                               k >= 0 ? items[static_cast<std::size_t>(k)].answers : leaf_answers{},
                               hop ? hop_answers : leaf_answers{});
      if (t != tri::unknown || !record) return t;
    }
    return test_tree(when, k, hop, record);
  }
  /// Answers the hop leaves in `need` that are not answered yet.
  void answer_hop(std::uint64_t need, const hop_facts& hop);
  /// test() by evaluating the tree itself, which records the facts an unknown answer lacks.
  [[nodiscard]] tri test_tree(const condition& when, int k, const hop_facts* hop, bool record);
  /// Forgets the hop leaves' answers: a new hop is being judged.
  void reset_hop() {
    hop_answers = {};
    hop_known = 0;
  }
};

/// Decides a validated shipment on `on`.
/// The TPP the ultimate consignee `last` already received this calendar year: the shipment's
/// `consignee_ytd_tpp`, or the ledger's committed releases when the check has ledger facts
/// (history.hpp), whichever is larger (the larger figure is the one that can restrict).
struct ytd_tpp {
  double tpp = 0;
  const compute_record* record = nullptr;  ///< the ledger's record for `last`, if any
  bool used_ledger = false;                ///< `tpp` is the ledger's figure
  bool from_ledger = false;                ///< the check had ledger facts (no record: 0 committed)
  bool given = false;                      ///< the shipment gave consignee_ytd_tpp
};
[[nodiscard]] ytd_tpp year_to_date_tpp(const check_context& cx, const party& last);

/// `facts` (may be null): what the ledger knows about the shipment (history.hpp); `supplies`
/// (may be null): the reviews' supplied facts apply_supplies() put into `s`.
[[nodiscard]] decision evaluate_shipment(const engine_state& st, const shipment& s, date on,
                                         const ledger_facts* facts = nullptr,
                                         const std::vector<supply_note>* supplies = nullptr);

// supplied_facts.cpp -------------------------------------------------------------------------

/// Whether any review in `facts` supplies a missing fact.
[[nodiscard]] bool has_supplies(const ledger_facts& facts);
/// Puts the reviews' supplied facts into `s` (a copy of the shipment) where it does not state
/// them and a pack in force on `on` reports their use; one note per supplied fact.
[[nodiscard]] std::vector<supply_note> apply_supplies(const engine_state& st, shipment& s, date on,
                                                      const ledger_facts& facts);
/// "item 1: die_area_mm2 = 814 supplied by J. Doe on ... (ledger review of order `O`): why".
[[nodiscard]] std::string describe_supply(const supply_note& n);

// hops.cpp -----------------------------------------------------------------------------------

/// Export from the United States, in-country transfer (same foreign country after aliases),
/// reexport (15 CFR 734.13, 734.14, 734.16), or a transfer within the United States.
[[nodiscard]] hop_kind classify_hop(const check_context& cx, int sender, int recipient);
/// Countries of every party after aliases, with headquarters defaults.
void resolve_parties(check_context& cx);

// requirements.cpp / exceptions.cpp / review.cpp ---------------------------------------------

/// The result of one item on one hop.
struct item_hop_outcome {
  outcome result = outcome::no_license_required;
  review_policy policy = review_policy::none;
  bool licence_required = false;  ///< some requirement stands without an exception
};

/// Applies the Entity List, the requirements and notices, their exceptions and the review
/// policies to item `k` on a hop. Exception names used are added to `hop_out`.
[[nodiscard]] item_hop_outcome evaluate_item_on_hop(check_context& cx, int k, const hop_facts& hop,
                                                    hop_result& hop_out);

/// Result of looking for a licence exception for one fired requirement.
struct exception_outcome {
  outcome result = outcome::license_required;  ///< license_exception, license_required or hold
  const exception_rule* used = nullptr;
};
[[nodiscard]] exception_outcome find_exception(check_context& cx, int requirement, int k,
                                               const hop_facts& hop);

/// The strictest review policy that applies to item `k` on the hop, after superseding; adds
/// review-policy findings.
[[nodiscard]] review_policy review(check_context& cx, int k, const hop_facts& hop);

/// Information rules on a hop (context only).
void add_information(check_context& cx, const hop_facts& hop);

// red_flags.cpp ------------------------------------------------------------------------------

/// Raises the red flags of the packs over the party graph into flags[0, count) (records past
/// `count` are reused; count is 0 on entry). Returns the shipment-wide outcome of the flags;
/// path-specific flags raise `path_outcomes[i]`.
[[nodiscard]] outcome raise_red_flags(check_context& cx, std::vector<outcome>& path_outcomes,
                                      std::vector<flag_record>& flags, std::size_t& count);

// missing facts -------------------------------------------------------------------------------

/// "item 2: die_area_mm2", "party eu: whether headquarters CY is in D:5 (unconfirmed)".
[[nodiscard]] std::string render_missing(const check_context& cx, const missing_ref& m);
/// Records the facts of cx.missing[from ..] as decision-level missing facts and returns them
/// joined with ", " (for a finding message).
std::string take_missing(check_context& cx, std::size_t from);

}  // namespace exportctl::detail
