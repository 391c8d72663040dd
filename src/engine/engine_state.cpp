// engine_state.cpp: the engine's immutable state, built once at load (engine_state.hpp): the
// compiled packs, per-rule indexes, the condition plan, every catalog product classified once
// per rule epoch, and the Entity List name index.
#include "engine/engine_state.hpp"

#include <algorithm>
#include <tuple>

#include "classify/classifier.hpp"
#include "engine/list_screening.hpp"

namespace exportctl {
namespace detail {

const classified_item& classify_cached(const engine_state& st, const exportctl::item& it, int index,
                                       date on, std::vector<classified_item>& computed,
                                       const product_class** cached) {
  if (cached) *cached = nullptr;
  if (!it.product.empty() && !it.specs && it.contains.empty()) {
    const auto found = st.product_classes.find(it.product);
    if (found != st.product_classes.end()) {
      const auto epoch = std::upper_bound(st.epoch_starts.begin(), st.epoch_starts.end(), on) -
                         st.epoch_starts.begin() - 1;
      const product_class& pc = found->second[static_cast<std::size_t>(epoch)];
      if (cached) *cached = &pc;
      return pc.c;
    }
  }
  computed.push_back(classify_item(it, index, *st.packs, on));
  return computed.back();
}

namespace {

bool tests_headquarters(const condition& c) {
  if (c.k == condition::kind::any_party_hq || c.k == condition::kind::all_parties_hq) return true;
  return std::any_of(c.children.begin(), c.children.end(),
                     [](const condition& child) { return tests_headquarters(child); });
}

}  // namespace

std::shared_ptr<const engine_state> make_engine_state(std::shared_ptr<const compiled_packs> packs,
                                                      std::vector<std::string> scenarios,
                                                      const input_limits& limits,
                                                      bool require_headquarters,
                                                      std::shared_ptr<const list_screening> lists) {
  auto st = std::make_shared<engine_state>();
  st->limits = limits;
  st->require_headquarters = require_headquarters;
  for (const auto& r : packs->requirements) {
    st->tests_headquarters.push_back(tests_headquarters(r.when) ? 1 : 0);
  }
  st->graph.max_paths = limits.max_paths;
  const compiled_packs& p = *packs;

  std::sort(scenarios.begin(), scenarios.end());
  scenarios.erase(std::unique(scenarios.begin(), scenarios.end()), scenarios.end());
  for (const auto& name : scenarios) {
    if (!st->scenario.empty()) st->scenario += ',';
    st->scenario += name;
  }

  for (const auto& info : p.packs) {
    rulepack_ref ref{info.id, info.version, info.sha256};
    st->refs.push_back(ref);
    const bool applied = info.status != "scenario" ||
                         std::binary_search(scenarios.begin(), scenarios.end(), info.scenario);
    if (applied) st->applied_refs.push_back(std::move(ref));
    if (applied && info.coverage) {
      interval& c = st->coverage ? *st->coverage : st->coverage.emplace();
      c.from = std::max(c.from, info.coverage->from);
      c.to = std::min(c.to, info.coverage->to);
      if (!st->coverage_packs.empty()) st->coverage_packs += ", ";
      st->coverage_packs += info.id;
    }
  }
  const auto by_id = [](const rulepack_ref& a, const rulepack_ref& b) {
    return std::tie(a.id, a.version, a.sha256) < std::tie(b.id, b.version, b.sha256);
  };
  std::sort(st->refs.begin(), st->refs.end(), by_id);
  std::sort(st->applied_refs.begin(), st->applied_refs.end(), by_id);
  st->scenarios = std::move(scenarios);

  st->product_ids.reserve(p.products.size());
  for (const auto& [id, prod] : p.products) st->product_ids.push_back(id);
  std::sort(st->product_ids.begin(), st->product_ids.end());

  // Exceptions by the requirements they cover (a requirement id may have several dated
  // versions; an exception covers all of them), in pack order.
  st->exceptions_for.resize(p.requirements.size());
  for (std::size_t e = 0; e < p.exceptions.size(); ++e) {
    for (const auto& id : p.exceptions[e].covers) {
      for (std::size_t r = 0; r < p.requirements.size(); ++r) {
        if (p.requirements[r].meta.id == id) st->exceptions_for[r].push_back(static_cast<int>(e));
      }
    }
  }
  for (auto& list : st->exceptions_for) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }

  st->supersedes.resize(p.review_policies.size());
  for (std::size_t r = 0; r < p.review_policies.size(); ++r) {
    for (const auto& id : p.review_policies[r].supersedes) {
      for (std::size_t o = 0; o < p.review_policies.size(); ++o) {
        if (o != r && p.review_policies[o].meta.id == id) {
          st->supersedes[r].push_back(static_cast<int>(o));
        }
      }
    }
  }

  for (const auto& info : p.information) {
    st->information_tests_item.push_back(tests_item(info.when) ? 1 : 0);
  }
  for (const auto& ex : p.exceptions) {
    st->exception_uses_ytd.push_back(uses_param(ex.when, param::shipment_tpp_with_ytd) ? 1 : 0);
  }
  st->united_states = parse_country("US").value_or(0);

  st->packs = std::move(packs);
  st->plan = make_condition_plan(*st->packs);

  // Epochs: every date on which a classification, exclusion, containment or per-hop rule starts
  // or stops being in force.
  st->epoch_starts.push_back(date::min());
  const auto add_window = [&st](const rule_meta& m) {
    if (m.valid.from != date::min()) st->epoch_starts.push_back(m.valid.from);
    if (m.valid.to < date::max()) st->epoch_starts.push_back(date{m.valid.to.days + 1});
  };
  for (const auto& r : p.classifications) add_window(r.meta);
  for (const auto& r : p.exclusions) add_window(r.meta);
  for (const auto& r : p.containments) add_window(r.meta);
  for (const auto& r : p.requirements) add_window(r.meta);
  for (const auto& r : p.exceptions) add_window(r.meta);
  for (const auto& r : p.review_policies) add_window(r.meta);
  std::sort(st->epoch_starts.begin(), st->epoch_starts.end());
  st->epoch_starts.erase(std::unique(st->epoch_starts.begin(), st->epoch_starts.end()),
                         st->epoch_starts.end());
  for (const auto& [id, prod] : p.products) {
    exportctl::item it;
    it.product = id;
    auto& per_epoch = st->product_classes[id];
    per_epoch.reserve(st->epoch_starts.size());
    for (date start : st->epoch_starts) {
      product_class pc{classify_item(it, 0, p, start), {}, {}};
      // Item leaves depend on the item's facts and product only, so a check of the plain
      // product gets the same answers.
      const eval_context ctx{&p, start, &pc.c.facts, nullptr, nullptr};
      pc.answers = answer_item_leaves(st->plan, ctx);
      find_candidates(st->plan, p, ctx, pc.answers, pc.candidates);
      pc.c.facts.source = nullptr;
      per_epoch.push_back(std::move(pc));
    }
  }

  st->entity_names = entity_name_index(*st->packs);
  // Without official lists, the curated entries alone are screened by score too.
  if (!lists) {
    std::vector<diagnostic> unused;
    lists = make_list_screening(*st->packs, {}, {}, unused);
  }
  st->lists = std::move(lists);
  for (const auto& l : st->packs->lists)
    st->list_refs.push_back({l.source, l.file, l.rows, l.sha256});
  return st;
}

}  // namespace detail

}  // namespace exportctl
