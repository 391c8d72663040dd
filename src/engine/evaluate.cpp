// evaluate.cpp: one shipment → one decision. Parties and items are prepared once; then every
// path from the exporter is walked hop by hop and every item judged on every hop; outcomes are
// aggregated as the maximum (decision.hpp: outcomes are ordered by restrictiveness).
#include "engine/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/list_screening.hpp"
#include "exportctl/version.hpp"

namespace exportctl::detail {
namespace {

void raise_to(outcome& o, outcome to) {
  if (to > o) o = to;
}

int party_index(const shipment& s, const std::string& id) {
  for (std::size_t i = 0; i < s.parties.size(); ++i) {
    if (s.parties[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

// Classifies every item; records classification findings, missing facts and the shipment's
// TPP total (for shipment_tpp_with_ytd).
void prepare_items(check_context& cx, decision& d) {
  const std::size_t n = cx.s.items.size();
  // classify_cached appends at most n: references into these stay valid.
  cx.computed.reserve(n);
  if (cx.computed_candidates.size() < n) cx.computed_candidates.resize(n);
  cx.items.resize(n);
  d.items.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const exportctl::item& it = cx.s.items[k];
    const int line = static_cast<int>(k) + 1;
    const product_class* cached = nullptr;
    const classified_item& c =
        classify_cached(cx.st, it, static_cast<int>(k), cx.on, cx.computed, &cached);
    prepared_item& p = cx.items[k];
    p.c = &c;
    p.facts = c.facts;
    p.facts.source = &it;
    p.facts.index = static_cast<int>(k);
    if (cached) {
      p.answers = cached->answers;
      p.candidates = &cached->candidates;
    } else {
      const eval_context ctx{&cx.packs, cx.on, &p.facts, nullptr, nullptr};
      p.answers = answer_item_leaves(cx.st.plan, ctx);
      find_candidates(cx.st.plan, cx.packs, ctx, p.answers, cx.computed_candidates[k]);
      p.candidates = &cx.computed_candidates[k];
    }
    d.items.push_back(make_item_result(it, line, c));
    for (const auto& note : c.notes) {
      if (note.rule)
        cx.findings.add_message(note.kind, *note.rule, line, note.effect, note.message);
    }
    for (const auto& f : c.missing) cx.missing_facts.push_back(fmt::format("item {}: {}", line, f));
    if (!c.facts.eccn.empty()) cx.any_controlled = true;
    // Σ quantity × TPP over the classified items. A held item counts too (it may be
    // classified), so that a total under a cap is never reached by leaving an item out.
    if ((c.facts.eccn.empty() && !c.held()) || c.facts.hbm) continue;
    if (c.tpp()) {
      cx.classified_tpp += static_cast<double>(it.quantity) * *c.tpp();
    } else {
      cx.tpp_unknown.push_back(static_cast<int>(k));
    }
  }
}

std::size_t max_path_parties(const graph_facts& g) {
  std::size_t most = 0;
  for (std::size_t i = 0; i < g.path_count(); ++i) most = std::max(most, g.path(i).size());
  return most;
}

// Walks one path: hop kinds, every item on every hop.
path_result walk_path(check_context& cx, std::span<const int> nodes,
                      std::vector<outcome>& item_outcomes) {
  path_result pr;
  pr.parties.reserve(nodes.size());
  for (int p : nodes) pr.parties.push_back(cx.party_at(p).id);
  pr.decision = outcome::no_license_required;
  if (nodes.size() < 2) return pr;
  pr.hops.reserve(nodes.size() - 1);
  cx.hq_scanned.clear();

  hop_facts hf;
  hf.parties = cx.parties;
  hf.path = nodes;
  hf.tpp_unknown_items = cx.tpp_unknown;
  // The AI Diffusion low-processing-performance cap counts what the ultimate consignee already
  // received this calendar year (90 FR 4544); absent means 0 (and the exception says so).
  const party& last = cx.party_at(nodes.back());
  if (cx.tpp_unknown.empty()) {
    hf.shipment_tpp_with_ytd = cx.classified_tpp + year_to_date_tpp(cx, last).tpp;
    hf.shipment_tpp = cx.classified_tpp;
  }
  // The AI Diffusion Tier 2 country allocation counts licensed exports to the country so far,
  // all exporters together; the ledger knows this exporter's (a lower bound, conditions/).
  if (cx.facts != nullptr) hf.licensed = &cx.facts->licensed;

  for (std::size_t h = 0; h + 1 < nodes.size(); ++h) {
    hf.sender = nodes[h];
    hf.recipient = nodes[h + 1];
    hf.kind = classify_hop(cx, hf.sender, hf.recipient);
    hf.downstream = nodes.subspan(h + 1);

    hop_result& hr = pr.hops.emplace_back();
    hr.from = cx.party_at(hf.sender).id;
    hr.to = cx.party_at(hf.recipient).id;
    hr.kind = hf.kind;
    hr.decision = outcome::no_license_required;

    // Every hop leaf the items' candidate rules test, answered once for the hop.
    cx.reset_hop();
    std::uint64_t need = 0;
    for (const auto& item : cx.items) need |= item.candidates->hop_leaves;
    cx.answer_hop(need, hf);
    add_information(cx, hf);
    for (std::size_t k = 0; k < cx.items.size(); ++k) {
      const item_hop_outcome o = evaluate_item_on_hop(cx, static_cast<int>(k), hf, hr);
      raise_to(hr.decision, o.result);
      raise_to(item_outcomes[k], o.result);
      if (o.licence_required) hr.policy = std::max(hr.policy, o.policy);
    }
    std::sort(hr.license_exceptions.begin(), hr.license_exceptions.end());
    raise_to(pr.decision, hr.decision);
  }
  return pr;
}

}  // namespace

void check_context::answer_hop(std::uint64_t need, const hop_facts& hop) {
  const eval_context ctx{&packs, on, nullptr, &hop, nullptr, selector_bits.data()};
  answer_hop_leaves(st.plan, ctx, need, hop_answers, hop_known);
}

tri check_context::test_tree(const condition& when, int k, const hop_facts* hop, bool record) {
  const item_facts* item = k >= 0 ? &items[static_cast<std::size_t>(k)].facts : nullptr;
  return evaluate(when, {&packs, on, item, hop, record ? &missing : nullptr, selector_bits.data()});
}

void check_buffers::clear() {
  parties.clear();
  entity_hit.clear();
  entity_reported.clear();
  end_user.clear();
  affiliates.clear();
  items.clear();
  computed.clear();
  tpp_unknown.clear();
  missing.clear();
  selector_bits.clear();
  review_state.clear();
  superseded.clear();
  findings.clear();
  flag_count = 0;
  missing_facts.clear();
  exceptions_used.clear();
  hq_noted.clear();
  hq_scanned.clear();
  edges.clear();
  item_outcomes.clear();
  path_outcomes.clear();
}

decision evaluate_shipment(const engine_state& st, const shipment& s, date on,
                           const ledger_facts* facts, const std::vector<supply_note>* supplies) {
  // One set of buffers per thread: engines are shared between threads, checks are not.
  thread_local check_buffers buffers;
  check_context cx(st, s, on, buffers);
  cx.facts = facts;
  cx.supplies = supplies;
  cx.missing.reserve(16);
  cx.selector_bits.assign(cx.packs.selectors.size(), nullptr);

  decision d;
  d.shipment = s.id;
  d.as_of = on;
  d.result = outcome::no_license_required;

  resolve_parties(cx);
  // Every party's name against the Entity List entries in force (src/screening/).
  screen_parties(st.entity_names, cx.packs, s.parties, on, cx.entity_hit);
  // And by score against the curated entries and the official lists (--lists): near misses,
  // acronyms and other lists' hits.
  const outcome list_outcome = screen_lists(cx);
  cx.entity_reported.assign(s.parties.size(), 0);
  // The owners, screened like parties, and the Affiliates (50%) rule (ownership.cpp).
  walk_ownership(cx);
  prepare_items(cx, d);

  // The party graph: vertices = parties, edges = transfers in input order.
  auto& edges = buffers.edges;
  edges.reserve(s.transfers.size());
  for (const auto& t : s.transfers)
    edges.emplace_back(party_index(s, t.from), party_index(s, t.to));
  int exporter = 0;
  for (std::size_t i = 0; i < s.parties.size(); ++i) {
    if (s.parties[i].role == party_role::exporter) exporter = static_cast<int>(i);
  }
  analyze_party_graph({static_cast<int>(s.parties.size()), exporter, cx.end_user, edges}, st.graph,
                      cx.graph);

  // Past the path bound the shipment is held as a whole: deciding (and printing) thousands of
  // paths would tell the user nothing more and costs time proportional to the input's blow-up.
  std::size_t paths = cx.graph.truncated ? 0 : cx.graph.path_count();
  // The work bound: every item is judged on every hop of every path (a path of n parties has
  // n - 1 hops), so a few thousand items on a few thousand long paths would take minutes.
  // Past the bound the shipment is held as a whole, like past the path bound.
  const std::size_t item_hops = (cx.graph.nodes.size() - paths) * s.items.size();
  // A hop's downstream conditions (any party after it headquartered in D:5, ...) look at every
  // party after the hop, so a path of n parties costs ~n²/2 party checks per item: a 960-party
  // chain with 12 diamonds (4,096 paths of ~975 hops) took 21 s within the item-hop bound.
  std::size_t party_checks = 0;
  for (std::size_t i = 0; i < paths && party_checks <= st.limits.max_party_checks; ++i) {
    const std::size_t n = cx.graph.path(i).size();
    party_checks += n * (n - 1) / 2 * std::max<std::size_t>(s.items.size(), 1);
  }
  const bool over_work_bound = paths > 0 && (item_hops > st.limits.max_item_hops ||
                                             party_checks > st.limits.max_party_checks);
  if (over_work_bound) paths = 0;
  auto& item_outcomes = buffers.item_outcomes;
  auto& path_outcomes = buffers.path_outcomes;
  item_outcomes.assign(s.items.size(), outcome::no_license_required);
  // One slot per enumerated path, decided or not: the red flags mark the paths they hold, also
  // past the path or work bound where no path is walked (sized `paths`, a flag on path 5 of a
  // truncated graph wrote past the end: found by fuzz_shipment).
  path_outcomes.assign(cx.graph.path_count(), outcome::no_license_required);
  // Every path is decided; only the first ones are listed with their hops (max_reported_paths,
  // max_reported_hops). A 960-party chain with 12 diamonds has 4,096 paths of ~975 hops: listing
  // them all wrote 571 MB for one 100 KB shipment. The rest are counted per outcome.
  std::size_t listed = 0;
  std::size_t listed_hops = 0;
  review_policy omitted_policy = review_policy::none;
  d.paths.reserve(std::min(paths, st.limits.max_reported_paths));
  for (std::size_t i = 0; i < paths; ++i) {
    path_result pr = walk_path(cx, cx.graph.path(i), item_outcomes);
    path_outcomes[i] = pr.decision;
    if (listed == i && (i == 0 || (i < st.limits.max_reported_paths &&
                                   listed_hops + pr.hops.size() <= st.limits.max_reported_hops))) {
      listed_hops += pr.hops.size();
      ++listed;
      d.paths.push_back(std::move(pr));
    } else {
      ++d.paths_omitted.count;
      d.paths_omitted.hops += pr.hops.size();
      for (const auto& h : pr.hops) omitted_policy = std::max(omitted_policy, h.policy);
    }
  }

  outcome result = raise_red_flags(cx, path_outcomes, buffers.flags, buffers.flag_count);
  raise_to(result, list_outcome);
  const bool limit_flagged = std::any_of(
      cx.packs.red_flags.begin(), cx.packs.red_flags.end(), [&](const red_flag_rule& r) {
        return r.k == red_flag_rule::kind::path_limit && r.effect == outcome::hold &&
               r.meta.valid.contains(on);
      });
  if (cx.graph.truncated && !limit_flagged) {
    // Fail closed even if no pack flags it: paths beyond the bound were not decided.
    raise_to(result, outcome::hold);
    cx.missing_facts.push_back(
        fmt::format("shipment: more than {} paths from the exporter (no path was decided)",
                    st.graph.max_paths));
  }
  if (over_work_bound && item_hops <= st.limits.max_item_hops) {
    raise_to(result, outcome::hold);
    cx.missing_facts.push_back(fmt::format(
        "shipment: {} items on {} paths of up to {} parties exceed {} checks of a party after a "
        "hop (no path was decided)",
        s.items.size(), cx.graph.path_count(),
        cx.graph.nodes.size() ? max_path_parties(cx.graph) : 0, st.limits.max_party_checks));
  } else if (over_work_bound) {
    raise_to(result, outcome::hold);
    cx.missing_facts.push_back(fmt::format(
        "shipment: {} items on {} hops of {} paths exceed {} item-hop evaluations (no path was "
        "decided)",
        s.items.size(), cx.graph.nodes.size() - cx.graph.path_count(), cx.graph.path_count(),
        st.limits.max_item_hops));
  }
  // A ship date outside the dates the packs are complete for (before the rules they encode, a
  // typo such as 2015 for 2025): what applied then is not encoded, so nothing can clear.
  if (st.coverage && !st.coverage->contains(on)) {
    raise_to(result, outcome::hold);
    const auto end = [](date x) {
      return x == date::min() || x == date::max() ? std::string("open") : x.to_string();
    };
    cx.missing_facts.push_back(fmt::format(
        "shipment: ship date {} is outside the coverage of the rule packs, {}..{} ({}): a date "
        "within it, or packs that cover {}",
        on.to_string(), end(st.coverage->from), end(st.coverage->to), st.coverage_packs,
        on.to_string()));
  }
  // An item that cannot be classified cannot be cleared on any path either (fail closed): every
  // path carries it, so every path is at least `hold`, whatever its hops could decide.
  const bool item_held = std::any_of(d.items.begin(), d.items.end(), [](const item_result& it) {
    return it.decision == outcome::hold;
  });
  for (std::size_t i = 0; i < paths; ++i) {
    outcome o = path_outcomes[i];
    if (item_held) raise_to(o, outcome::hold);
    if (i < listed) {
      path_result& pr = d.paths[i];
      raise_to(pr.decision, o);
      o = pr.decision;
      for (const auto& h : pr.hops) d.policy = std::max(d.policy, h.policy);
    } else {
      ++d.paths_omitted.by_outcome[static_cast<std::size_t>(o)];
    }
    raise_to(result, o);
  }
  d.policy = std::max(d.policy, omitted_policy);
  for (std::size_t k = 0; k < d.items.size(); ++k) {
    raise_to(d.items[k].decision, item_outcomes[k]);
    raise_to(result, d.items[k].decision);
  }
  d.result = result;

  std::sort(cx.exceptions_used.begin(), cx.exceptions_used.end());
  d.license_exceptions = cx.exceptions_used;
  // Findings and red flags view the packs' text and the text composed for this decision.
  cx.findings.finish({buffers.flags.data(), buffers.flag_count}, st.packs, d);
  std::sort(cx.missing_facts.begin(), cx.missing_facts.end());
  cx.missing_facts.erase(std::unique(cx.missing_facts.begin(), cx.missing_facts.end()),
                         cx.missing_facts.end());
  d.missing_facts = cx.missing_facts;
  d.rulepacks = st.applied_refs;
  d.lists = st.list_refs;
  d.fingerprint = st.packs->fingerprint;
  d.pack_set = st.packs->pack_set;
  d.scenario = st.scenario;
  d.engine = engine_name;
  return d;
}

}  // namespace exportctl::detail
