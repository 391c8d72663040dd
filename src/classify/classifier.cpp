// classifier.cpp: ECCN paragraphs from the packs' classification, exclusion and containment rules.
#include "classify/classifier.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace exportctl::detail {
namespace {

bool in_force(const rule_meta& m, date on) { return m.valid.contains(on); }

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

// Fact names of the item-fact references, in a stable order (by fact), without duplicates.
std::vector<std::string> fact_names(const std::vector<missing_ref>& refs) {
  std::vector<fact> facts;
  for (const auto& r : refs) {
    if (r.t == missing_ref::type::item_fact &&
        std::find(facts.begin(), facts.end(), r.f) == facts.end()) {
      facts.push_back(r.f);
    }
  }
  std::sort(facts.begin(), facts.end());
  std::vector<std::string> out;
  out.reserve(facts.size());
  for (fact f : facts) out.emplace_back(fact_name(f));
  return out;
}

std::string describe_holding(const condition& c, const eval_context& ctx) {
  std::string s;
  describe(c, {ctx.packs, ctx.on, ctx.item, ctx.hop, nullptr}, s);
  return s;
}

// "TPP 2368 (fp16 148 × 16), performance density 2.91"
std::string figures(const item_facts& f, const std::optional<tpp_basis>& basis) {
  std::string s;
  const auto& tpp = f.value(param::tpp);
  s += tpp ? fmt::format("TPP {}", format_number(*tpp)) : std::string("TPP unknown");
  if (basis && basis->rate) {
    s += fmt::format(" ({} {} × {})", basis->rate->first, format_number(basis->rate->second),
                     basis->bits);
  }
  if (const auto& pd = f.value(param::performance_density)) {
    s += fmt::format(", performance density {}", format_number(*pd));
  }
  return s;
}

// Held when the item's own specs would lower a catalog figure or flip its datacenter flag:
// which figure is right is a fact the shipment must settle, and the lower one would clear what
// the catalog's controls. True (and `out` held, with both values named) on a conflict.
bool hold_on_conflicts(const exportctl::item& it, const merged_specs& m,
                       const compiled_packs& packs, classified_item& out) {
  if (m.conflicts.empty()) return false;
  out.facts.classified = false;
  std::string texts;
  for (const auto& c : m.conflicts) {
    out.missing.push_back(c.text);
    if (!texts.empty()) texts += "; ";
    texts += c.text;
  }
  out.notes.push_back(
      {finding_kind::missing_fact, &packs.precisions.meta,
       fmt::format("cannot classify: the item's specs contradict the catalog entry `{}` ({}); "
                   "stated figures may add facts the catalog lacks or raise its figures, never "
                   "lower them or change the datacenter flag",
                   it.product, texts),
       outcome::hold});
  return true;
}

classified_item classify_chip(const exportctl::item& it, int index, const compiled_packs& packs,
                              date on) {
  merged_specs m = merge_specs(it, packs);
  classified_item out;
  out.facts = m.facts;
  out.facts.index = index;
  std::vector<missing_ref> missing;
  missing.reserve(8);
  const eval_context ctx{&packs, on, &out.facts, nullptr, &missing};
  if (hold_on_conflicts(it, m, packs, out)) return out;

  // Exclusions first (Note 2 to 3A090): one that definitely holds takes the item out.
  const rule_meta* first_unknown = nullptr;
  bool exclusion_unknown = false;
  for (const auto& ex : packs.exclusions) {
    if (!in_force(ex.meta, on) || ex.applies_to_hbm != out.facts.hbm) continue;
    const tri t = evaluate(ex.when, ctx);
    if (t == tri::yes) {
      out.notes.push_back({finding_kind::classification, &ex.meta,
                           fmt::format("{}: {} ({})", ex.meta.message,
                                       describe_holding(ex.when, ctx), ex.meta.citation),
                           outcome::no_license_required});
      return out;
    }
    if (t == tri::unknown) {
      exclusion_unknown = true;
      if (!first_unknown) first_unknown = &ex.meta;
    }
  }

  // Paragraphs in pack order: the first that definitely holds wins, provided no earlier one is
  // unknown.
  const classification_rule* decided = nullptr;
  bool paragraph_unknown = false;
  for (const auto& cr : packs.classifications) {
    if (!in_force(cr.meta, on) || cr.applies_to_hbm != out.facts.hbm) continue;
    const tri t = evaluate(cr.when, ctx);
    if (t == tri::yes) {
      decided = &cr;
      break;
    }
    if (t == tri::unknown) {
      paragraph_unknown = true;
      if (!first_unknown) first_unknown = &cr.meta;
    }
  }

  if (decided && !paragraph_unknown && !exclusion_unknown) {
    out.facts.eccn = decided->eccn;
    out.facts.paragraph = decided->paragraph;
    // "TPP 15832 ≥ 4800 (3A090.a.1, 88 FR 73458)"; the paragraph once if the citation has it.
    const std::string& cite = decided->meta.citation;
    out.notes.push_back(
        {finding_kind::classification, &decided->meta,
         fmt::format("{}: {} ({}{})", decided->meta.message, describe_holding(decided->when, ctx),
                     cite.find(decided->paragraph) == std::string::npos ? decided->paragraph + ", "
                                                                        : std::string(),
                     cite),
         outcome::no_license_required});
    return out;
  }
  if (!decided && !paragraph_unknown) {
    // No paragraph can hold, whatever the excluded facts are.
    out.notes.push_back(
        {finding_kind::classification, &packs.precisions.meta,
         fmt::format("{}: no classification paragraph in force holds", figures(out.facts, m.basis)),
         outcome::no_license_required});
    return out;
  }

  // Held: the answer depends on facts the item does not give.
  out.facts.classified = false;
  out.missing = fact_names(missing);
  std::string what = first_unknown->message;
  for (const auto& cr : packs.classifications) {
    if (&cr.meta == first_unknown) what += fmt::format(" ({})", cr.paragraph);
  }
  out.notes.push_back(
      {finding_kind::missing_fact, first_unknown,
       fmt::format("cannot classify without {}: whether \"{}\" holds is unknown ({})",
                   join(out.missing, ", "), what, figures(out.facts, m.basis)),
       outcome::hold});
  return out;
}

classified_item classify_computer(const exportctl::item& it, int index, const compiled_packs& packs,
                                  date on) {
  // A computer's own facts (catalog or specs) still count for conditions such as DRAM
  // bandwidth; its TPP is the aggregate of the ICs it contains (Technical Note to 3A090: ICs
  // are aggregated at the highest level of integration).
  merged_specs m = merge_specs(it, packs);
  classified_item out;
  out.computer = true;
  out.facts = m.facts;
  out.facts.index = index;
  out.facts.hbm = false;
  out.facts.values[static_cast<std::size_t>(param::performance_density)].reset();
  hold_on_conflicts(it, m, packs, out);

  std::vector<classified_item> subs;
  subs.reserve(it.contains.size());
  double tpp = 0;
  bool tpp_known = true;
  bool any_datacenter = false;
  bool all_not_datacenter = true;
  bool all_available = true;
  bool any_unavailable = false;
  for (std::size_t k = 0; k < it.contains.size(); ++k) {
    const auto& sub_item = it.contains[k];
    classified_item sub = classify_item(sub_item, index, packs, on);
    const std::string prefix = fmt::format("contains[{}].", k);
    for (const auto& f : sub.missing) out.missing.push_back(prefix + f);
    if (sub.held()) out.facts.classified = false;
    if (sub.tpp()) {
      tpp += static_cast<double>(sub_item.quantity) * *sub.tpp();
    } else if (!sub.facts.hbm) {
      tpp_known = false;
    }
    if (sub.facts.datacenter == true) any_datacenter = true;
    if (sub.facts.datacenter != false) all_not_datacenter = false;
    if (!sub.facts.hbm) {
      if (sub.facts.us_available != true) all_available = false;
      if (sub.facts.us_available == false) any_unavailable = true;
    }
    const std::string label = sub_item.product.empty()
                                  ? fmt::format("contains[{}]", k)
                                  : fmt::format("contains[{}] {}", k, sub_item.product);
    for (auto& n : sub.notes) {
      n.message = fmt::format("{}: {}", label, n.message);
      out.notes.push_back(std::move(n));
    }
    subs.push_back(std::move(sub));
  }
  auto& tpp_value = out.facts.values[static_cast<std::size_t>(param::tpp)];
  tpp_value.reset();
  if (tpp_known) tpp_value = tpp;
  if (!out.facts.datacenter && !it.contains.empty()) {
    // A computer built from datacenter ICs is itself designed for datacenters.
    if (any_datacenter) {
      out.facts.datacenter = true;
    } else if (all_not_datacenter) {
      out.facts.datacenter = false;
    }
  }
  if (!out.facts.us_available && !it.contains.empty()) {
    // A computer was commercially available in the US (91 FR 1684) when every processor it
    // contains was; one that was not makes the computer not; otherwise the fact is unknown.
    if (any_unavailable) {
      out.facts.us_available = false;
    } else if (all_available) {
      out.facts.us_available = true;
    }
  }
  if (out.held()) return out;

  // 4A090: the most restrictive contained ECCN (the order of the containment map) maps to the
  // computer's ECCN. A contained computer already in the target ECCN counts as such.
  for (const auto& rule : packs.containments) {
    if (!in_force(rule.meta, on)) continue;
    for (const auto& [from, to] : rule.map) {
      for (std::size_t k = 0; k < subs.size(); ++k) {
        const auto eccn = subs[k].facts.eccn;
        if (eccn.empty() || !(eccn_matches(from, eccn) || eccn == to)) continue;
        out.facts.eccn = to;
        out.facts.paragraph = to;
        const auto& sub_item = it.contains[k];
        out.notes.push_back(
            {finding_kind::classification, &rule.meta,
             fmt::format(
                 "{}: contains {} × {} ({}) → {} ({})", rule.meta.message, sub_item.quantity,
                 sub_item.product.empty() ? fmt::format("contains[{}]", k) : sub_item.product,
                 subs[k].facts.paragraph.empty() ? eccn : subs[k].facts.paragraph, to,
                 rule.meta.citation),
             outcome::no_license_required});
        return out;
      }
    }
  }
  return out;
}

}  // namespace

classified_item classify_item(const exportctl::item& it, int index, const compiled_packs& packs,
                              date on) {
  if (!it.contains.empty()) return classify_computer(it, index, packs, on);
  return classify_chip(it, index, packs, on);
}

}  // namespace exportctl::detail
