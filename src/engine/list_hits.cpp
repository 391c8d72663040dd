// list_hits.cpp: one check's parties against the lists (list_screening.hpp): the curated Entity
// List by screening key (name_index.hpp) and by fuzzy score, and the official lists loaded with
// --lists, each hit judged by the packs' `list_sources` rules.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "engine/evaluate.hpp"
#include "engine/list_screening.hpp"

namespace exportctl::detail {
namespace {

constexpr std::size_t max_candidates = 4;
// The lowest score screened for: low enough that a listed name inside a longer one (scored low,
// then raised to possible by the containment rule of list_score.cpp) is still a candidate.
constexpr double candidate_floor = 0.35;

std::string score_text(double s) {
  return fmt::format("{:.4f}", std::round(s * 10000.0) / 10000.0);
}

/// The possible-match rule, or the Entity List rule when the packs have none (a possible
/// match must hold whatever the packs say: fail closed).
const rule_meta& possible_rule(const check_context& cx) {
  const int r = cx.st.lists->possible_rule;
  return r >= 0 ? cx.packs.list_sources[static_cast<std::size_t>(r)].meta : cx.packs.entity_rule;
}

/// "`Name` (party p) <what> `Listed` (alias `Alias`) of LIST entry ID, score S (band): reasons".
std::string describe_candidate(const list_index& index, const screen_candidate& c, const party& pt,
                               std::string_view what) {
  const auto& list = index.lists()[c.list];
  const auto& e = list.entries[c.entry];
  std::string out = fmt::format("`{}` (party {}) {} `{}`", pt.name, pt.id, what, e.names[0]);
  if (c.name != 0) fmt::format_to(std::back_inserter(out), " (alias `{}`)", e.names[c.name]);
  fmt::format_to(std::back_inserter(out), " of {} entry {}", e.source, e.id);
  if (c.list != 0)
    fmt::format_to(std::back_inserter(out), " (list {}, sha256 {})", list.file, list.sha256);
  fmt::format_to(std::back_inserter(out), ", score {} ({})", score_text(c.score),
                 band_name(c.band));
  if (!c.reasons.empty()) {
    out += ": ";
    for (std::size_t i = 0; i < c.reasons.size(); ++i) {
      if (i) out += "; ";
      out += c.reasons[i];
    }
  }
  return out;
}

void add_finding(check_context& cx, const rule_meta& rule, outcome effect, const party& pt,
                 std::string text) {
  bool created = false;
  auto& f =
      cx.findings.add(finding_kind::screening_list, rule, std::nullopt, effect, pt.id,
                      [&](finding_set::record& rec) {
                        created = true;
                        rec.composed = true;
                        fmt::format_to(std::back_inserter(rec.text), "{}: {}", rule.message, text);
                      });
  if (!created && f.text.find(text) == std::string::npos) f.append_message(text);
}

/// The reviewed match that cleared `name` (a party or an owner) of candidate `c`, if any: the same
/// list source and entry, the same screening key of the name and the same country.
const lists::reviewed_match* cleared_by(const check_context& cx, const list_index& index,
                                        const screen_candidate& c, std::string_view name,
                                        std::string_view country) {
  const list_screening& ls = *cx.st.lists;
  if (ls.reviewed.empty()) return nullptr;
  const auto& e = index.lists()[c.list].entries[c.entry];
  const auto [from, to] = ls.reviewed_by.equal_range(e.source + '\x1f' + e.id);
  if (from == to) return nullptr;
  const std::string key = cx.st.entity_names.normalizer().key(name);
  for (auto it = from; it != to; ++it) {
    const auto& r = ls.reviewed[it->second];
    if (r.country == country && ls.reviewed_keys[it->second] == key) return &r;
  }
  return nullptr;
}

/// The ledger review of this order that cleared `name` of candidate `c`, if any (history.hpp):
/// the same list source and entry, the same screening key of the name and the same country.
std::pair<const review_record*, const reviewed_clearance*> cleared_by_review(
    const check_context& cx, const list_index& index, const screen_candidate& c,
    std::string_view name, std::string_view country) {
  if (cx.facts == nullptr) return {};
  const auto& e = index.lists()[c.list].entries[c.entry];
  const name_normalizer& norm = cx.st.entity_names.normalizer();
  std::string key;
  for (const review_record& r : cx.facts->reviews) {
    for (const reviewed_clearance& k : r.clears) {
      if (k.source != e.source || k.entry != e.id || k.country != country) continue;
      if (key.empty()) key = norm.key(name);
      if (norm.key(k.name) == key) return {&r, &k};
    }
  }
  return {};
}

/// Whether a reviewed match or a ledger review cleared `name` in `country` of candidate `c`;
/// if so, appends who cleared it, when and why to `text`.
bool append_clearance(const check_context& cx, const list_index& index, const screen_candidate& c,
                      std::string_view name, std::string_view country, std::string& text) {
  if (const auto* r = cleared_by(cx, index, c, name, country)) {
    fmt::format_to(std::back_inserter(text), "; cleared by {} on {} ({}:{}): {}", r->reviewer,
                   r->date, r->file, r->line, r->reason);
    return true;
  }
  if (const auto [review, clear] = cleared_by_review(cx, index, c, name, country);
      review != nullptr) {
    fmt::format_to(std::back_inserter(text),
                   "; cleared by {} on {} (ledger review of order `{}`): {}", review->reviewer,
                   review->at, review->order_id, review->reason);
    return true;
  }
  return false;
}

/// A possible match holds the shipment until a reviewer decides it; the missing fact names the
/// candidate. Returns false when a reviewed match cleared it (reported, not held).
bool add_possible(check_context& cx, const list_index& index, const screen_candidate& c,
                  const party& pt, std::string_view why) {
  std::string text = describe_candidate(index, c, pt, "may be");
  if (!why.empty()) fmt::format_to(std::back_inserter(text), " ({})", why);
  if (append_clearance(cx, index, c, pt.name, pt.country, text)) {
    add_finding(cx, possible_rule(cx), outcome::no_license_required, pt, std::move(text));
    return false;
  }
  add_finding(cx, possible_rule(cx), outcome::hold, pt, std::move(text));
  const auto& e = index.lists()[c.list].entries[c.entry];
  cx.missing_facts.push_back(fmt::format(
      "party {}: whether `{}` is the listed `{}` ({} entry {}, score {}): a reviewer's decision",
      pt.id, pt.name, e.names[0], e.source, e.id, score_text(c.score)));
  return true;
}

/// An acronym as the entry lists it: one word of at most five capital letters or digits
/// ("HMC", "SMIC", "NUDT"), not a short name ("Sugon").
bool is_acronym(std::string_view listed) {
  if (listed.empty() || listed.size() > 5) return false;
  return std::all_of(listed.begin(), listed.end(),
                     [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
}

/// updates-2026-12.md §4: a short acronym alone ("HMC", "SMIC") does not identify a listed
/// entity, and a hit whose country the entry does not list is for review, not a listing.
std::string_view exact_hit_doubt(const check_context& cx, const party& pt, const party_facts& pf,
                                 const entity_entry& entry, std::string& key) {
  const name_normalizer& norm = cx.st.entity_names.normalizer();
  norm.key(pt.name, key);
  // Which of the entry's names the party's key is: only acronyms means an acronym-only hit.
  bool named = false, acronym = false;
  const auto judge = [&](const std::string& listed) {
    if (norm.key(listed) != key) return;
    (is_acronym(listed) ? acronym : named) = true;
  };
  judge(entry.name);
  for (const auto& a : entry.alt_names) judge(a);
  if (acronym && !named) return "an acronym alone does not identify a listed entity";
  if (!entry.country.empty() && !pt.country.empty() &&
      entry.country.find(pt.country) == std::string::npos) {
    const std::string resolved = country_text(pf.located);
    if (entry.country.find(resolved) == std::string::npos) {
      return "the party's country is not among the entry's";
    }
  }
  return {};
}

}  // namespace

owner_screening screen_owner(const check_context& cx, std::string_view name,
                             std::string_view country) {
  owner_screening out;
  const list_screening* ls = cx.st.lists.get();
  if (ls == nullptr) return out;
  // Unscreenable (only with a raised max_name_length): it cannot be shown clear.
  if (name.size() > max_screened_name) {
    out.doubt = fmt::format("its name of {} bytes is longer than the {} bytes screening scores",
                            name.size(), max_screened_name);
    return out;
  }
  thread_local screen_scratch scratch;
  screen_options opt;
  opt.limit = max_candidates;
  opt.min_score = candidate_floor;
  opt.country = country;  // a country the entry does not list is at most possible (updates §4)
  opt.explain = false;
  const list_index& index = ls->index;
  for (const auto& c : index.screen(name, opt, scratch)) {
    if (c.band == screen_band::none) continue;
    if (c.list == 0 && !cx.packs.entities[c.entry].meta.valid.contains(cx.on)) continue;
    const auto& e = index.lists()[c.list].entries[c.entry];
    const list_source_rule* rule =
        c.list == 0
            ? nullptr
            : &cx.packs.list_sources[static_cast<std::size_t>(ls->rule[c.list - 1][c.entry])];
    const bool entity_list = rule && rule->k == list_source_rule::kind::entity_list;
    if (c.band == screen_band::match && entity_list) {
      // An official Entity List row: a listing, whatever else the owner may be.
      out.entry = unified_entity(cx.st, -2 - ls->entity[c.list - 1][c.entry]);
      out.doubt.clear();
      return out;
    }
    if (!out.doubt.empty()) continue;
    const bool possible = c.list == 0 || c.band == screen_band::possible;
    // A possible match that a reviewer cleared for this name and country, as for a party
    // (docs/screening.md, "Reviewed matches"): the owner is not that entry, and the decision
    // says who cleared it.
    if (possible) {
      std::string text =
          fmt::format("owner `{}` ({}) may be `{}` of {} entry {}, score {} (possible)", name,
                      country.empty() ? std::string_view("country not stated") : country,
                      e.names[c.name], e.source, e.id, score_text(c.score));
      if (append_clearance(cx, index, c, name, country, text)) {
        out.cleared.push_back(std::move(text));
        continue;
      }
    }
    // The curated list by score, like any possible match: a candidate for review, never a
    // listing (as for parties). A match on another list: the Affiliates rule extends "Entity
    // List, Military End-User and certain SDN" restrictions (updates-2026-12.md §5), and which
    // restriction flows down from such an owner is not in the packs, so its affiliates hold.
    out.doubt =
        possible ? fmt::format("it may be `{}` of {} entry {}, score {} (possible): review it",
                               e.names[c.name], e.source, e.id, score_text(c.score))
                 : fmt::format(
                       "it matches `{}` of {} entry {}, score {}; what the Affiliates rule extends "
                       "from an owner on that list is not encoded (updates §5: Entity List, "
                       "Military End-User and certain SDN restrictions)",
                       e.names[c.name], e.source, e.id, score_text(c.score));
  }
  return out;
}

void report_owner_clearance(check_context& cx, const party& pt, std::string text) {
  add_finding(cx, possible_rule(cx), outcome::no_license_required, pt, std::move(text));
}

outcome screen_lists(check_context& cx) {
  const list_screening* ls = cx.st.lists.get();
  if (ls == nullptr) return outcome::no_license_required;
  const list_index& index = ls->index;
  thread_local screen_scratch scratch;
  thread_local std::string key;
  thread_local std::string cache_key;
  thread_local screening_scratch exact_scratch;
  outcome result = outcome::no_license_required;
  screen_options quick;
  quick.limit = max_candidates;
  quick.min_score = candidate_floor;
  quick.explain = false;
  for (std::size_t p = 0; p < cx.s.parties.size(); ++p) {
    const party& pt = cx.s.parties[p];
    if (pt.role == party_role::exporter) continue;
    // Only an engine built with a larger max_name_length lets such a name through; unscreened,
    // it cannot clear.
    if (pt.name.size() > max_screened_name) {
      result = outcome::hold;
      cx.missing_facts.push_back(
          fmt::format("party {}: a name of at most {} bytes (its {} bytes cannot be screened "
                      "against the lists)",
                      pt.id, max_screened_name, pt.name.size()));
      continue;
    }
    int& hit = cx.entity_hit[p];
    int doubted = -1;  ///< the curated entry of a doubted key hit, already a possible match
    // A curated exact hit that the reference says cannot identify the entity on its own.
    if (hit >= 0) {
      // Of the entries in force under the party's key ("Skyverse" in CN, "Skyverse Pte" in
      // SG: one key once legal forms go), the first without doubt, else the first.
      std::string_view doubt;
      if (const auto* entries = cx.st.entity_names.find(pt.name, exact_scratch)) {
        for (const int e : *entries) {
          const entity_entry& other = cx.packs.entities[static_cast<std::size_t>(e)];
          if (!other.meta.valid.contains(cx.on)) continue;
          doubt = exact_hit_doubt(cx, pt, cx.parties[p], other, key);
          if (doubt.empty()) {
            hit = e;
            break;
          }
        }
      }
      if (!doubt.empty()) {
        screen_candidate c;
        c.entry = static_cast<std::uint32_t>(hit);
        c.score = 1.0;
        c.band = screen_band::possible;
        if (add_possible(cx, index, c, pt, doubt)) result = outcome::hold;
        doubted = hit;
        hit = -1;
        // On to the official lists: the party may be on another list (DPL, OFAC), which the
        // decision must name whatever this entry turns out to be.
      }
    }
    // One scoring per (country, name) and engine (screen_cache).
    cache_key.assign(pt.country);
    cache_key.push_back('\x1f');
    cache_key.append(pt.name);
    screen_cache::found cached = ls->cache.find(cache_key);
    if (!cached.hit) {
      quick.country = pt.country;
      auto all = index.screen(pt.name, quick, scratch);
      std::vector<screen_candidate> kept;
      for (auto& c : all)
        if (c.band != screen_band::none) kept.push_back(std::move(c));
      // Only a name with a candidate pays for the reasons, and only the kept candidates.
      index.explain(kept, quick, scratch);
      if (!kept.empty())
        cached.value = std::make_shared<const std::vector<screen_candidate>>(std::move(kept));
      ls->cache.put(cache_key, cached.value);
    }
    static const std::vector<screen_candidate> no_candidates;
    const std::vector<screen_candidate>& cands = cached.value ? *cached.value : no_candidates;
    for (const auto& c : cands) {
      if (c.band == screen_band::none) continue;
      if (c.list == 0) {
        // The curated list: an entry applies only while it is in force. Its names are the
        // listed ones, so a name that reaches an entry only by score (another word order, a
        // branch's name, a near spelling) is a candidate for review, never a listing of its own
        // (updates-2026-12.md §4: erroneous names in a quarter of recent China entries).
        // A party listed by its exact name is identified: its listing's sister entries
        // ("Huawei Cloud" beside "Wulanchabu Huawei Cloud") are not candidates.
        const entity_entry& entry = cx.packs.entities[c.entry];
        if (!entry.meta.valid.contains(cx.on) || hit >= 0 || doubted == static_cast<int>(c.entry))
          continue;
        if (add_possible(cx, index, c, pt, {})) result = outcome::hold;
        continue;
      }
      const std::size_t l = c.list - 1;
      const int r = ls->rule[l][c.entry];
      const list_source_rule& rule = cx.packs.list_sources[static_cast<std::size_t>(r)];
      if (c.band == screen_band::possible) {
        if (add_possible(cx, index, c, pt, {})) result = outcome::hold;
      } else if (rule.k == list_source_rule::kind::entity_list) {
        const int e = ls->entity[l][c.entry];
        if (hit == -1) hit = -2 - e;
        add_finding(cx, rule.meta, outcome::license_required, pt,
                    describe_candidate(index, c, pt, "matches"));
      } else {
        // A prohibition (DPL, OFAC, State): no fact the exporter can add clears it.
        add_finding(cx, rule.meta, outcome::hold, pt, describe_candidate(index, c, pt, "matches"));
        result = outcome::hold;
      }
    }
  }
  return result;
}

}  // namespace exportctl::detail
