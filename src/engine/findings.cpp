// findings.cpp: merging and ordering findings; item results.
#include "engine/findings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace exportctl::detail {

finding_set::record* finding_set::find(finding_kind kind, const rule_meta& rule,
                                       std::optional<int> item) {
  // One rule object per rule in force, so identity is enough (no string compares).
  for (std::size_t i = 0; i < count_; ++i) {
    record& r = records_[i];
    if (r.rule == &rule && r.kind == kind && r.item == item) return &r;
  }
  return nullptr;
}

finding_set::record& finding_set::create(finding_kind kind, const rule_meta& rule,
                                         std::optional<int> item) {
  if (count_ == records_.size()) records_.emplace_back();
  record& r = records_[count_++];
  r.kind = kind;
  r.rule = &rule;
  r.item = item;
  r.effect = outcome::no_license_required;
  r.fixed = {};
  r.text.clear();
  r.composed = false;
  r.citation.clear();
  r.party_count = 0;
  r.more_parties.clear();
  return r;
}

void finding_set::record::append_message(std::string_view more) {
  if (!composed) {
    text.assign(fixed);
    composed = true;
  }
  text += "; ";
  text += more;
}

void finding_set::add_party(record& f, const std::string& party) {
  // Parties are added by their shipment's id strings: the same object is the same party.
  for (std::size_t i = 0; i < f.party_count; ++i) {
    if (f.parties[i] == &party || *f.parties[i] == party) return;
  }
  for (const auto* p : f.more_parties) {
    if (p == &party || *p == party) return;
  }
  if (f.party_count < f.parties.size()) {
    f.parties[f.party_count++] = &party;
  } else {
    f.more_parties.push_back(&party);
  }
}

finding_set::record& finding_set::add_message(finding_kind kind, const rule_meta& rule,
                                              std::optional<int> item, outcome effect,
                                              std::string_view message) {
  record* f = find(kind, rule, item);
  if (!f) {
    f = &create(kind, rule, item);
    f->fixed = message;
  } else if (f->message().find(message) == std::string_view::npos) {
    f->append_message(message);
  }
  if (effect > f->effect) f->effect = effect;
  return *f;
}

std::vector<finding> finding_set::take_sorted(std::shared_ptr<decision_texts>& texts,
                                              const std::shared_ptr<const compiled_packs>& packs) {
  const std::size_t n = count_;
  order_.resize(n);
  for (std::size_t i = 0; i < n; ++i) order_[i] = static_cast<std::uint32_t>(i);
  const auto before = [this](std::uint32_t a, std::uint32_t b) {
    const record& x = records_[a];
    const record& y = records_[b];
    // Item findings first, in line order; shipment-wide findings (no item) after them.
    const int xi = x.item.value_or(0x7fffffff);
    const int yi = y.item.value_or(0x7fffffff);
    if (xi != yi) return xi < yi;
    if (x.kind != y.kind) return x.kind < y.kind;
    return x.rule->id < y.rule->id;
  };
  if (n <= 64) {
    // Insertion sort: stable like std::stable_sort, without its temporary buffer (a decision
    // has a handful of findings).
    for (std::size_t i = 1; i < n; ++i) {
      const std::uint32_t v = order_[i];
      std::size_t j = i;
      for (; j > 0 && before(v, order_[j - 1]); --j) order_[j] = order_[j - 1];
      order_[j] = v;
    }
  } else {
    std::stable_sort(order_.begin(), order_.end(), before);
  }
  std::vector<finding> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    record& r = records_[order_[i]];
    finding& f = out[i];
    f.kind = r.kind;
    f.rule = r.rule->id;
    f.citation = r.rule->citation;
    if (!r.citation.empty()) {
      if (!texts) {
        texts = std::make_shared<decision_texts>();
        texts->packs = packs;
      }
      f.citation = texts->texts.emplace_back(std::move(r.citation));
    }
    f.pack = r.rule->pack;
    f.item = r.item;
    f.parties.reserve(r.party_count + r.more_parties.size());
    for (std::size_t p = 0; p < r.party_count; ++p) f.parties.push_back(*r.parties[p]);
    for (const auto* p : r.more_parties) f.parties.push_back(*p);
    f.effect = r.effect;
    f.message = r.message();
  }
  count_ = 0;
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
