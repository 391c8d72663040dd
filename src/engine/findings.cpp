// findings.cpp: merging and ordering findings; item results.
#include "engine/findings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace exportctl::detail {

finding_set::record* finding_set::find(finding_kind kind, const rule_meta& rule,
                                       std::optional<int> item) {
  // One rule object per rule in force, so identity is enough (no string compares).
  for (auto& r : records_) {
    if (r.rule == &rule && r.kind == kind && r.item == item) return &r;
  }
  return nullptr;
}

finding_set::record& finding_set::create(finding_kind kind, const rule_meta& rule,
                                         std::optional<int> item) {
  if (records_.empty()) records_.reserve(8);
  record& r = records_.emplace_back();
  r.kind = kind;
  r.rule = &rule;
  r.item = item;
  return r;
}

void finding_set::add_party(record& f, const std::string& party) {
  for (std::size_t i = 0; i < f.party_count; ++i) {
    if (*f.parties[i] == party) return;
  }
  for (const auto* p : f.more_parties) {
    if (*p == party) return;
  }
  if (f.party_count < f.parties.size()) {
    f.parties[f.party_count++] = &party;
  } else {
    f.more_parties.push_back(&party);
  }
}

finding_set::record& finding_set::add_message(finding_kind kind, const rule_meta& rule,
                                              std::optional<int> item, outcome effect,
                                              std::string message) {
  record* f = find(kind, rule, item);
  if (!f) {
    f = &create(kind, rule, item);
    f->message = std::move(message);
  } else if (f->message.find(message) == std::string::npos) {
    f->message += "; ";
    f->message += message;
  }
  if (effect > f->effect) f->effect = effect;
  return *f;
}

std::vector<finding> finding_set::take_sorted() {
  const std::size_t n = records_.size();
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
    const record& x = records_[a];
    const record& y = records_[b];
    // Item findings first, in line order; shipment-wide findings (no item) after them.
    const int xi = x.item.value_or(0x7fffffff);
    const int yi = y.item.value_or(0x7fffffff);
    if (xi != yi) return xi < yi;
    if (x.kind != y.kind) return x.kind < y.kind;
    return x.rule->id < y.rule->id;
  });
  std::vector<finding> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    record& r = records_[order[i]];
    finding& f = out[i];
    f.kind = r.kind;
    f.rule = r.rule->id;
    f.citation = r.citation.empty() ? r.rule->citation : std::move(r.citation);
    f.pack = r.rule->pack;
    f.item = r.item;
    f.parties.reserve(r.party_count + r.more_parties.size());
    for (std::size_t p = 0; p < r.party_count; ++p) f.parties.push_back(*r.parties[p]);
    for (const auto* p : r.more_parties) f.parties.push_back(*p);
    f.effect = r.effect;
    f.message = std::move(r.message);
  }
  records_.clear();
  return out;
}

finding note_finding(const classification_note& note, int line) {
  finding f;
  f.kind = note.kind;
  if (note.rule) {
    f.rule = note.rule->id;
    f.citation = note.rule->citation;
    f.pack = note.rule->pack;
  }
  f.item = line;
  f.effect = note.effect;
  f.message = note.message;
  return f;
}

item_result make_item_result(const exportctl::item& it, int line, const classified_item& c) {
  item_result r;
  r.line = line;
  r.product = it.product;
  r.eccn = std::string(c.facts.eccn);
  r.paragraph = std::string(c.facts.paragraph);
  r.tpp = c.tpp();
  if (const auto& pd = c.facts.value(param::performance_density)) {
    r.performance_density = std::round(*pd * 100.0) / 100.0;
  }
  r.quantity = it.quantity;
  r.decision = c.held() ? outcome::hold : outcome::no_license_required;
  r.missing_facts = c.missing;
  return r;
}

}  // namespace exportctl::detail
