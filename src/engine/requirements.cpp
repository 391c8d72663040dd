// requirements.cpp: what one item needs on one hop: the Entity List, the licence requirements
// of the Commerce Control List and the product notices, then exceptions and review policies.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "engine/evaluate.hpp"
#include "engine/list_screening.hpp"

namespace exportctl::detail {
namespace {

bool in_force(const rule_meta& m, date on) { return m.valid.contains(on); }

void raise_to(outcome& o, outcome to) {
  if (to > o) o = to;
}

// 15 CFR 744.11: a listed party downstream of the hop makes a licence required for every item
// subject to the EAR, reviewed under the entry's policy; no licence exception overcomes it.
// Returns whether a confirmed entry was hit.
bool apply_entity_list(check_context& cx, const hop_facts& hop, item_hop_outcome& r) {
  bool listed = false;
  for (int p : hop.downstream) {
    // Restrictions that flow from listed owners (the Affiliates rule, ownership.cpp).
    if (!cx.affiliates.empty() && apply_affiliates(cx, p, r)) listed = true;
    const int e = cx.entity_hit[static_cast<std::size_t>(p)];
    if (e == -1) continue;
    // An official Entity List row (list_screening.hpp) is -2 - its index.
    const entity_entry& entry = e >= 0 ? cx.packs.entities[static_cast<std::size_t>(e)]
                                       : cx.st.lists->entities[static_cast<std::size_t>(-2 - e)];
    const party& pt = cx.party_at(p);
    // An unconfirmed (grade U) entry can neither clear nor convict: hold for review.
    const bool unconfirmed = entry.meta.source_grade == grade::U;
    const outcome effect = unconfirmed ? outcome::hold : outcome::license_required;
    raise_to(r.result, effect);
    if (!unconfirmed) {
      listed = true;
      r.licence_required = true;
      r.policy = std::max(r.policy, entry.policy);
    }
    // One Entity List finding for the shipment (it concerns every item), naming each listed
    // party and its entry once.
    if (cx.entity_reported[static_cast<std::size_t>(p)]) continue;
    cx.entity_reported[static_cast<std::size_t>(p)] = 1;
    const rule_meta& rule = cx.packs.entity_rule;
    const std::string match = fmt::format(
        "`{}` (party {}) matches entry {} `{}` ({}{}); review policy: {}{}", pt.name, pt.id,
        entry.meta.id, entry.name, entry.federal_register_notice,
        entry.meta.valid.from == date::min() ? std::string()
                                             : ", listed " + entry.meta.valid.from.to_string(),
        entry.license_policy_text.empty() ? std::string(to_string(entry.policy))
                                          : entry.license_policy_text,
        unconfirmed ? "; the entry is unconfirmed (grade U), so the shipment is held" : "");
    bool created = false;
    auto& f = cx.findings.add(finding_kind::entity_list, rule, std::nullopt, effect, pt.id,
                              [&](finding_set::record& rec) {
                                created = true;
                                rec.composed = true;
                                fmt::format_to(std::back_inserter(rec.text), "{}: {}", rule.message,
                                               match);
                              });
    if (created) f.citation = rule.citation;
    if (!created) f.append_message(match);
    if (!entry.federal_register_notice.empty() &&
        f.citation.find(entry.federal_register_notice) == std::string::npos) {
      f.citation += "; " + entry.federal_register_notice;
    }
  }
  return listed;
}

void add_exception_name(check_context& cx, hop_result& hop_out, const std::string& name) {
  if (std::find(hop_out.license_exceptions.begin(), hop_out.license_exceptions.end(), name) ==
      hop_out.license_exceptions.end()) {
    hop_out.license_exceptions.push_back(name);
  }
  if (std::find(cx.exceptions_used.begin(), cx.exceptions_used.end(), name) ==
      cx.exceptions_used.end()) {
    cx.exceptions_used.push_back(name);
  }
}

// The downstream parties of `hop` whose headquarters (or ultimate parent's) defaulted: said in
// an information finding of the rule ("headquarters of `eu` assumed MY: not stated"), or, when
// the engine requires headquarters, missing facts that hold the shipment.
void assumed_headquarters(check_context& cx, std::uint32_t ri, const requirement_rule& rule,
                          std::optional<int> line, const hop_facts& hop, item_hop_outcome& r) {
  // Each (rule, item, party) is stated once per check, and a hop whose downstream parties were
  // all scanned on this path already (a suffix of an earlier hop's) is skipped: a 960-party
  // chain with 12 diamonds took minutes here, rescanning and re-searching the note per hop.
  // Keys: rule << 44 | item line << 22 | party (lines and parties far below 2^22, limits.hpp).
  // The information note is the same for every item; a missing fact (headquarters required)
  // is per item.
  const int item_key = cx.st.require_headquarters ? line.value_or(0) : 0;
  const std::uint64_t rule_item =
      (std::uint64_t{ri} << 44) | (static_cast<std::uint64_t>(item_key) << 22);
  const auto offset = static_cast<std::size_t>(hop.downstream.data() - hop.path.data());
  const auto [at, fresh_scan] = cx.hq_scanned.try_emplace(rule_item, offset, SIZE_MAX);
  if (!fresh_scan && offset >= at->second.first) {
    // Scanned already; with headquarters required the hop still holds if a party after it
    // has a defaulted headquarters (the last such party on the path is remembered).
    if (cx.st.require_headquarters && at->second.second != SIZE_MAX && at->second.second >= offset)
      raise_to(r.result, outcome::hold);
    return;
  }
  at->second.first = std::min(at->second.first, offset);
  for (std::size_t pos = 0; pos < hop.downstream.size(); ++pos) {
    const int p = hop.downstream[pos];
    const party& party = cx.party_at(p);
    const bool hq = party.headquarters.empty();
    const bool parent = party.ultimate_parent_headquarters.empty();
    if (!hq && !parent) continue;
    at->second.second = offset + pos;
    if (cx.st.require_headquarters) raise_to(r.result, outcome::hold);
    if (!cx.hq_noted.insert(rule_item | static_cast<std::uint64_t>(p)).second) continue;
    const std::string_view what = hq && parent ? "headquarters and ultimate parent headquarters"
                                  : hq         ? "headquarters"
                                               : "ultimate parent headquarters";
    if (cx.st.require_headquarters) {
      raise_to(r.result, outcome::hold);
      cx.missing_facts.push_back(fmt::format("party {}: {} (not stated)", party.id, what));
      cx.findings.add(finding_kind::missing_fact, rule.meta, line, outcome::hold, party.id,
                      [&](finding_set::record& f) {
                        f.composed = true;
                        fmt::format_to(std::back_inserter(f.text),
                                       "{}: cannot decide without the {} of `{}` (not stated)",
                                       rule.meta.message, what, party.id);
                      });
      continue;
    }
    const std::string& assumed = hq ? party.country : party.headquarters;
    const std::string note =
        fmt::format("{} of `{}` assumed {}: not stated", what, party.id, assumed);
    bool fresh = false;
    auto& f =
        cx.findings.add(finding_kind::information, rule.meta, std::nullopt,
                        outcome::no_license_required, party.id, [&](finding_set::record& rec) {
                          fresh = true;
                          rec.composed = true;
                          rec.text = note;
                        });
    if (!fresh && f.text.find(note) == std::string::npos) f.append_message(note);
  }
}

}  // namespace

item_hop_outcome evaluate_item_on_hop(check_context& cx, int k, const hop_facts& hop,
                                      hop_result& hop_out) {
  item_hop_outcome r;
  const std::optional<int> line = k + 1;
  const std::string& recipient = cx.party_at(hop.recipient).id;

  const bool listed = apply_entity_list(cx, hop, r);
  // A transfer within the United States is not an export, reexport or in-country transfer
  // (15 CFR 734.13, 734.14, 734.16): no licence requirement or notice of the Commerce Control
  // List attaches to it, and the hops after it (an export by the US recipient) are judged on
  // their own. An Entity List match still stops the shipment (fail closed: the engine cannot
  // see that a listed party will not export what it buys, and an unconfirmed entry must hold).
  if (hop.kind == hop_kind::within_us) return r;

  // Only the requirements that may hold for the item (in force, not ruled out by its facts).
  for (const std::uint32_t ri : cx.candidates(k).requirements) {
    const requirement_rule& rule = cx.packs.requirements[ri];
    const std::size_t mark = cx.missing.size();
    const tri t = cx.test(cx.st.plan.requirements[ri], rule.when, k, &hop);
    if (t == tri::no) {
      // A headquarters rule that did not apply may have missed only because a headquarters
      // was not stated and defaulted to the party's country.
      if (cx.st.tests_headquarters[ri]) assumed_headquarters(cx, ri, rule, line, hop, r);
      continue;
    }
    if (t == tri::unknown) {
      // A rule that may apply but cannot be decided holds the shipment (fail closed).
      const std::string needs = take_missing(cx, mark);
      raise_to(r.result, outcome::hold);
      cx.findings.add(finding_kind::missing_fact, rule.meta, line, outcome::hold, recipient,
                      [&](finding_set::record& f) {
                        f.composed = true;
                        fmt::format_to(std::back_inserter(f.text), "{}: cannot decide without {}",
                                       rule.meta.message,
                                       needs.empty() ? std::string_view("the item's classification")
                                                     : std::string_view(needs));
                      });
      continue;
    }
    const finding_kind kind = rule.from == requirement_rule::source::notice
                                  ? finding_kind::notice
                                  : finding_kind::requirement;
    outcome effect = outcome::license_required;
    if (rule.effect == outcome::hold) {
      effect = outcome::hold;
    } else if (!listed && rule.exceptions_allowed) {
      const exception_outcome ex = find_exception(cx, static_cast<int>(ri), k, hop);
      effect = ex.result;
      if (ex.used) add_exception_name(cx, hop_out, ex.used->name);
    }
    if (effect == outcome::license_required) {
      r.licence_required = true;
      r.policy = std::max(r.policy, rule.policy);
    }
    raise_to(r.result, effect);
    cx.findings.add(kind, rule.meta, line, effect, recipient);
  }

  if (r.licence_required) r.policy = std::max(r.policy, review(cx, k, hop));
  return r;
}

void add_information(check_context& cx, const hop_facts& hop) {
  const auto& rules = cx.packs.information;
  const std::string& recipient = cx.party_at(hop.recipient).id;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const information_rule& rule = rules[i];
    if (!in_force(rule.meta, cx.on)) continue;
    const auto add = [&](int k) {
      // Context only: an undecidable information rule is not reported (records nothing).
      const tri t = cx.test(cx.st.plan.information[i], rule.when, k, &hop, false);
      if (t != tri::yes) return;
      const std::optional<int> line = k >= 0 ? std::optional<int>(k + 1) : std::nullopt;
      cx.findings.add(finding_kind::information, rule.meta, line, outcome::no_license_required,
                      recipient);
    };
    if (cx.st.information_tests_item[i]) {
      for (std::size_t k = 0; k < cx.items.size(); ++k) add(static_cast<int>(k));
    } else {
      add(-1);
    }
  }
}

}  // namespace exportctl::detail
