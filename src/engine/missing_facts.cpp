// missing_facts.cpp: the facts a held decision asks for, as text.
#include <fmt/format.h>

#include "engine/evaluate.hpp"

namespace exportctl::detail {

std::string render_missing(const check_context& cx, const missing_ref& m) {
  if (m.t == missing_ref::type::item_fact) {
    return fmt::format("item {}: {}", m.index + 1, fact_name(m.f));
  }
  std::string_view aspect = "country";
  if (m.a == missing_ref::aspect::headquarters) aspect = "headquarters";
  if (m.a == missing_ref::aspect::parent_headquarters) aspect = "ultimate parent headquarters";
  const auto& sel = cx.packs.selectors[static_cast<std::size_t>(m.selector)];
  // A grade-U membership never clears a shipment (rule-pack format, "country_groups").
  return fmt::format("party {}: whether {} {} is in {} (unconfirmed)", cx.party_at(m.index).id,
                     aspect, country_text(m.code), sel.text);
}

std::string take_missing(check_context& cx, std::size_t from) {
  std::string joined;
  for (std::size_t i = from; i < cx.missing.size(); ++i) {
    bool seen = false;
    for (std::size_t j = from; j < i && !seen; ++j) seen = cx.missing[j] == cx.missing[i];
    if (seen) continue;
    std::string text = render_missing(cx, cx.missing[i]);
    if (!joined.empty()) joined += ", ";
    joined += text;
    cx.missing_facts.push_back(std::move(text));
  }
  cx.missing.resize(from);
  return joined;
}

}  // namespace exportctl::detail
