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
  r.lasting = true;
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
    f->lasting = false;
  } else if (f->message().find(message) == std::string_view::npos) {
    f->append_message(message);
  }
  if (effect > f->effect) f->effect = effect;
  return *f;
}

namespace {

// Copies text into a decision_texts block sized beforehand (so that it never moves).
struct text_writer {
  char* next = nullptr;

  std::string_view put(std::string_view text) {
    if (text.empty()) return {};
    std::copy(text.begin(), text.end(), next);
    const std::string_view out(next, text.size());
    next += text.size();
    return out;
  }
};

}  // namespace

void finding_set::finish(std::span<const flag_record> flags,
                         const std::shared_ptr<const compiled_packs>& packs, decision& d) {
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

  // Sizes first, so that the text block is allocated once and never moves.
  copied_.clear();
  std::size_t chars = 0;
  std::size_t views = 0;
  const auto count_party = [&](const std::string* p) {
    ++views;
    for (const auto& c : copied_) {
      if (c.first == p) return;
    }
    copied_.emplace_back(p, std::string_view());
    chars += p->size();
  };
  for (std::size_t i = 0; i < n; ++i) {
    const record& r = records_[i];
    if (r.composed || !r.lasting) chars += r.message().size();
    chars += r.citation.size();
    for (std::size_t p = 0; p < r.party_count; ++p) count_party(r.parties[p]);
    for (const auto* p : r.more_parties) count_party(p);
  }
  for (const auto& fl : flags) {
    chars += fl.message.size();
    for (const auto* p : fl.parties) count_party(p);
  }

  std::shared_ptr<decision_texts> texts;
  text_writer out;
  std::string_view* party_views = nullptr;
  if (chars + views > 0) {
    texts = std::make_shared<decision_texts>();
    texts->packs = packs;
    if (chars) texts->chars = std::make_unique_for_overwrite<char[]>(chars);
    if (views) texts->parties = std::make_unique_for_overwrite<std::string_view[]>(views);
    out.next = texts->chars.get();
    party_views = texts->parties.get();
    for (auto& c : copied_) c.second = out.put(*c.first);
  }
  const auto party_view = [this](const std::string* p) {
    for (const auto& c : copied_) {
      if (c.first == p) return c.second;
    }
    return std::string_view();  // not reached: every party was counted above
  };

  d.findings.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const record& r = records_[order_[i]];
    finding& f = d.findings[i];
    f.kind = r.kind;
    f.rule = r.rule->id;
    f.citation = r.citation.empty() ? std::string_view(r.rule->citation) : out.put(r.citation);
    f.pack = r.rule->pack;
    f.item = r.item;
    const std::size_t count = r.party_count + r.more_parties.size();
    if (count) {
      f.parties = {party_views, count};
      for (std::size_t p = 0; p < r.party_count; ++p) *party_views++ = party_view(r.parties[p]);
      for (const auto* p : r.more_parties) *party_views++ = party_view(p);
    }
    f.effect = r.effect;
    f.message = r.composed || !r.lasting ? out.put(r.message()) : r.fixed;
  }
  d.red_flags.resize(flags.size());
  for (std::size_t i = 0; i < flags.size(); ++i) {
    const flag_record& fl = flags[i];
    red_flag& f = d.red_flags[i];
    f.rule = fl.rule->id;
    f.citation = fl.rule->citation;
    f.severity = fl.hold ? "hold" : "warning";
    if (!fl.parties.empty()) {
      f.parties = {party_views, fl.parties.size()};
      for (const auto* p : fl.parties) *party_views++ = party_view(p);
    }
    f.message = out.put(fl.message);
  }
  count_ = 0;
  if (texts) {
    d.keepalive = std::move(texts);
  } else {
    d.keepalive = packs;
  }
}

std::vector<finding> note_findings(const std::vector<classification_note>& notes, int line,
                                   const std::shared_ptr<const compiled_packs>& packs,
                                   std::shared_ptr<const void>& keepalive) {
  std::size_t chars = 0;
  for (const auto& note : notes) chars += note.message.size();
  auto texts = std::make_shared<decision_texts>();
  texts->packs = packs;
  if (chars) texts->chars = std::make_unique_for_overwrite<char[]>(chars);
  text_writer out{texts->chars.get()};
  std::vector<finding> found(notes.size());
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const classification_note& note = notes[i];
    finding& f = found[i];
    f.kind = note.kind;
    if (note.rule) {
      f.rule = note.rule->id;
      f.citation = note.rule->citation;
      f.pack = note.rule->pack;
    }
    f.item = line;
    f.effect = note.effect;
    f.message = out.put(note.message);
  }
  keepalive = std::move(texts);
  return found;
}

item_result make_item_result(const exportctl::item& it, int line, const classified_item& c) {
  item_result r;
  r.line = line;
  r.product = it.product;
  r.description = it.description;
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
