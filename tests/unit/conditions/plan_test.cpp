// plan_test.cpp: the compiled conditions (conditions/plan.hpp) answer exactly as
// evaluate() does on the trees, for every per-hop rule of the real packs, every catalog product
// in every epoch, and hops over a spread of countries, headquarters and hop kinds.
#include "conditions/plan.hpp"

#include <catch2/catch.hpp>

#include "engine/engine_state.hpp"
#include "unit/engine/fixtures.hpp"

using namespace exportctl;
using namespace exportctl::test;
using namespace exportctl::detail;

namespace {

struct hop_case {
  std::vector<party_facts> parties;
  std::vector<int> downstream;
  hop_facts hop;
};

// Sender, recipient and a third party downstream of the recipient.
hop_case make_hop(const char* from, const char* to, const char* parent_hq, hop_kind kind) {
  hop_case h;
  const auto code = [](const char* c) { return *parse_country(c); };
  h.parties = {{code(from), code(from), code(from), code(from)},
               {code(to), code(to), code(to), code(to)},
               {code(to), code(to), code(to), code(parent_hq)}};
  h.downstream = {1, 2};
  h.hop.sender = 0;
  h.hop.recipient = 1;
  h.hop.kind = kind;
  h.hop.parties = h.parties;
  h.hop.downstream = h.downstream;
  return h;
}

template <class Rule>
void check_rules(const engine_state& st, const std::vector<Rule>& rules,
                 const std::vector<rule_plan>& plans, const eval_context& ctx,
                 const leaf_answers& item) {
  leaf_answers hop;
  std::uint64_t known = 0;
  answer_hop_leaves(st.plan, ctx, ~std::uint64_t{0}, hop, known);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (!plans[r].compiled) continue;
    INFO(rules[r].meta.id);
    CHECK(plan_value(st.plan, plans[r], item, hop) == evaluate(rules[r].when, ctx));
  }
}

}  // namespace

TEST_CASE("compiled conditions answer as the trees do", "[engine][plan]") {
  const auto& eng = real_engine({"ai-diffusion-2025"});
  const engine_state& st = eng.state();
  const compiled_packs& packs = *st.packs;
  REQUIRE_FALSE(st.plan.requirements.empty());
  for (const auto& p : st.plan.requirements) CHECK(p.compiled);
  for (const auto& p : st.plan.review_policies) CHECK(p.compiled);

  const char* countries[] = {"US", "CN", "HK", "MO", "SG", "MY", "VN", "DE", "IL", "CY", "AE"};
  const char* parents[] = {"CN", "DE", "CY", "MO"};
  const hop_kind kinds[] = {hop_kind::export_from_us, hop_kind::reexport,
                            hop_kind::in_country_transfer};
  std::vector<const country_bits*> bits(packs.selectors.size());
  for (const auto& [id, per_epoch] : st.product_classes) {
    INFO(id);
    exportctl::item it = product_item(id);
    for (std::size_t e = 0; e < per_epoch.size(); ++e) {
      const date on = st.epoch_starts[e];
      std::fill(bits.begin(), bits.end(), nullptr);
      item_facts facts = per_epoch[e].c.facts;
      facts.source = &it;
      for (const char* to : countries) {
        for (const char* parent : parents) {
          for (hop_kind kind : kinds) {
            hop_case h = make_hop(kind == hop_kind::export_from_us ? "US" : "SG", to, parent, kind);
            const eval_context ctx{&packs, on, &facts, &h.hop, nullptr, bits.data()};
            const leaf_answers& item = per_epoch[e].answers;
            check_rules(st, packs.requirements, st.plan.requirements, ctx, item);
            check_rules(st, packs.exceptions, st.plan.exceptions, ctx, item);
            check_rules(st, packs.review_policies, st.plan.review_policies, ctx, item);
            check_rules(st, packs.information, st.plan.information, ctx, item);
          }
        }
      }
    }
  }
}

TEST_CASE("candidates are the rules in force that are not ruled out by the item",
          "[engine][plan]") {
  const engine_state& st = real_engine().state();
  const compiled_packs& packs = *st.packs;
  for (const auto& [id, per_epoch] : st.product_classes) {
    INFO(id);
    exportctl::item it = product_item(id);
    for (std::size_t e = 0; e < per_epoch.size(); ++e) {
      const date on = st.epoch_starts[e];
      item_facts facts = per_epoch[e].c.facts;
      facts.source = &it;
      const eval_context ctx{&packs, on, &facts, nullptr, nullptr};
      std::vector<std::uint32_t> expected;
      for (std::size_t r = 0; r < packs.requirements.size(); ++r) {
        const auto& rule = packs.requirements[r];
        if (rule.meta.valid.contains(on) && evaluate(rule.when, ctx) != tri::no) {
          expected.push_back(static_cast<std::uint32_t>(r));
        }
      }
      CHECK(per_epoch[e].candidates.requirements == expected);
    }
  }
}
