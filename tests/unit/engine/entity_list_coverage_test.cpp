// entity_list_coverage_test.cpp: every Entity List entry of the real packs (rules/entity-list.yaml)
// is screened. For each entry, a US exporter ships an item outside 3A090 (so that nothing but the
// listing can require a licence) to an end user named
//   - with the entry's name, and separately with each alt_name,
//   - with that name upper-cased,
//   - with its punctuation removed (deleted, and replaced by spaces),
// on the entry's start date (inside its validity; start and end are inclusive), and the decision
// must be license_required (hold for an unconfirmed, grade-U entry) with a finding of the Entity
// List requirement (15 CFR 744.11); a name the entry lists only as an acronym ("SMIC", "HMC")
// holds as a possible match instead (updates-2026-12.md §4). The day before the start date nothing
// must match, and near-miss names that merely contain a listed name must never match.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine_state.hpp"
#include "exportctl/engine.hpp"
#include "rules/compiled.hpp"
#include "screening/normalize.hpp"

using namespace exportctl;

namespace {

const engine& real_packs() {
  static const engine eng = [] {
    auto built = engine::load({{EXPORTCTL_SOURCE_DIR "/rules"}, {}});
    if (!built.value) {
      for (const auto& d : built.diagnostics) UNSCOPED_INFO(format(d));
    }
    REQUIRE(built.value);
    return *built.value;
  }();
  return eng;
}

/// The first country code of an entry's comma-separated country list ("CN,SG" → "CN").
std::string first_country(const std::string& countries) {
  const auto comma = countries.find(',');
  std::string c = countries.substr(0, comma);
  return c.empty() ? "CN" : c;
}

shipment to_end_user(const std::string& name, const std::string& country, date on) {
  shipment s;
  s.id = "EL-COVERAGE";
  s.ship_date = on;
  s.source_name = "entity_list_coverage_test";
  item it;
  it.product = "nvidia-t4";  // TPP 1040: outside 3A090, no notice names it
  it.quantity = 1;
  s.items.push_back(it);
  party exp;
  exp.id = "exp";
  exp.name = "Example Inc.";
  exp.country = "US";
  exp.role = party_role::exporter;
  party eu;
  eu.id = "eu";
  eu.name = name;
  eu.country = country;
  eu.role = party_role::end_user;
  s.parties = {exp, eu};
  s.transfers.push_back({"exp", "eu", {}});
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_punct(char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; }

std::string punctuation_deleted(const std::string& s) {
  std::string out;
  for (char c : s)
    if (!is_punct(c)) out += c;
  return out;
}

std::string punctuation_spaced(const std::string& s) {
  std::string out;
  for (char c : s) out += is_punct(c) ? ' ' : c;
  return out;
}

/// As the engine judges an acronym (list_hits.cpp): one word of at most five capitals or digits.
bool is_acronym(const std::string& n) {
  return !n.empty() && n.size() <= 5 && std::all_of(n.begin(), n.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

struct screened {
  bool decided = false;
  outcome result = outcome::no_license_required;
  review_policy policy = review_policy::none;
  bool entity_finding = false;       ///< a finding of kind entity_list
  bool requirement_finding = false;  ///< a finding whose rule is the Entity List requirement
  bool possible_finding = false;     ///< a screening_list finding that holds
  std::string findings;              ///< for messages
};

screened screen(const engine& eng, const std::string& name, const std::string& country, date on) {
  screened out;
  const auto r = eng.check(to_end_user(name, country, on));
  if (!r.value) return out;
  out.decided = true;
  out.result = r.value->result;
  out.policy = r.value->policy;
  const std::string& requirement = eng.state().packs->entity_rule.id;
  for (const auto& f : r.value->findings) {
    if (f.kind == finding_kind::entity_list) out.entity_finding = true;
    if (f.kind == finding_kind::screening_list && f.effect == outcome::hold)
      out.possible_finding = true;
    if (f.rule == requirement) out.requirement_finding = true;
    out.findings += " " + std::string(f.rule) + "(" + std::string(to_string(f.kind)) + ")";
  }
  return out;
}

std::string describe(const std::string& entry, const std::string& variant, const std::string& name,
                     date on, const screened& s) {
  std::ostringstream ss;
  ss << entry << " [" << variant << "] \"" << name << "\" on " << on.to_string() << ": "
     << (s.decided ? std::string(to_string(s.result)) : std::string("no decision"))
     << ", findings:" << s.findings;
  return ss.str();
}

}  // namespace

TEST_CASE("every Entity List entry matches by name, alias, case and punctuation variants",
          "[engine][entity][coverage]") {
  const engine& eng = real_packs();
  const auto& packs = *eng.state().packs;
  const std::string& requirement = packs.entity_rule.id;
  REQUIRE(requirement == "EAR_744_11_ENTITY_LIST");
  REQUIRE(packs.entities.size() >= 50);

  std::vector<std::string> not_matched;     // screening misses (no entity_list finding)
  std::vector<std::string> wrong_outcome;   // matched, but not license_required / hold
  std::vector<std::string> no_requirement;  // matched, but no finding of EAR_744_11_ENTITY_LIST
  std::vector<std::string> matched_before;  // matched the day before the entry's start date
  std::size_t screenings = 0;

  for (const auto& entry : packs.entities) {
    const date start = entry.meta.valid.from;
    const date on = start == date::min() ? date::from_ymd(2025, 6, 2) : start;
    REQUIRE(entry.meta.valid.contains(on));
    const std::string country = first_country(entry.country);
    const bool unconfirmed = entry.meta.source_grade == detail::grade::U;

    std::vector<std::pair<std::string, std::string>> names;  // (variant, name)
    std::vector<std::string> listed{entry.name};
    listed.insert(listed.end(), entry.alt_names.begin(), entry.alt_names.end());
    for (std::size_t i = 0; i < listed.size(); ++i) {
      const std::string label = i == 0 ? "name" : "alt_names[" + std::to_string(i - 1) + "]";
      const std::string& n = listed[i];
      names.emplace_back(label, n);
      names.emplace_back(label + " upper-cased", upper(n));
      if (punctuation_deleted(n) != n) {
        names.emplace_back(label + " punctuation removed", punctuation_deleted(n));
        names.emplace_back(label + " punctuation as spaces", punctuation_spaced(n));
      }
    }

    for (const auto& [variant, name] : names) {
      ++screenings;
      const screened s = screen(eng, name, country, on);
      const std::string what = describe(entry.meta.id, variant, name, on, s);
      // An acronym alone is a possible match: the shipment holds for review.
      if (is_acronym(name) && s.decided && !s.entity_finding) {
        if (!(s.possible_finding && s.result == outcome::hold)) not_matched.push_back(what);
        continue;
      }
      if (!s.decided || !s.entity_finding) {
        not_matched.push_back(what);
        continue;
      }
      // A confirmed listing requires a licence under the entry's policy; an unconfirmed (grade
      // U) entry holds for review. A name shared with an unconfirmed entry may also hold.
      const bool outcome_ok =
          unconfirmed ? s.result == outcome::hold
                      : (s.result == outcome::license_required || s.result == outcome::hold);
      if (!outcome_ok) wrong_outcome.push_back(what);
      if (!s.requirement_finding) no_requirement.push_back(what);
    }

    // The day before the listing the name is not on the list.
    if (start != date::min()) {
      const date before{start.days - 1};
      const screened s = screen(eng, entry.name, country, before);
      // Before the packs' coverage every shipment holds (for that reason, not the listing).
      const bool covered = !eng.state().coverage || eng.state().coverage->contains(before);
      // A possible match of another entry may hold it (a reviewer decides); a listing may not.
      if (s.entity_finding ||
          (covered && s.result != outcome::no_license_required && !s.possible_finding)) {
        // Another entry with the same normalized name may be in force earlier: only report
        // when no in-force entry shares the key.
        const auto key = detail::normalize_name(entry.name, packs.legal_suffixes);
        const auto& keys = eng.state().entity_names.keys();
        bool other_in_force = false;
        if (const auto hit = keys.find(key); hit != keys.end()) {
          for (int e : hit->second) {
            if (packs.entities[static_cast<std::size_t>(e)].meta.valid.contains(before))
              other_in_force = true;
          }
        }
        if (!other_in_force)
          matched_before.push_back(describe(entry.meta.id, "day before", entry.name, before, s));
      }
    }
  }

  const auto joined = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += "\n  " + x;
    return s;
  };
  INFO(screenings << " screenings of " << packs.entities.size() << " entries");
  {
    INFO("names that did not match their Entity List entry:" << joined(not_matched));
    CHECK(not_matched.empty());
  }
  {
    INFO("matches that are not license_required (or hold for grade-U entries):"
         << joined(wrong_outcome));
    CHECK(wrong_outcome.empty());
  }
  {
    INFO("matches with no finding whose rule is " << requirement << ":" << joined(no_requirement));
    CHECK(no_requirement.empty());
  }
  {
    INFO("names matched the day before the entry's start date:" << joined(matched_before));
    CHECK(matched_before.empty());
  }
}

TEST_CASE("a confirmed listing carries the entry's review policy and no licence exceptions",
          "[engine][entity][coverage]") {
  const engine& eng = real_packs();
  const auto& packs = *eng.state().packs;
  std::vector<std::string> problems;
  for (const auto& entry : packs.entities) {
    if (entry.meta.source_grade == detail::grade::U) continue;
    // Only names no other entry shares, so that the policy is this entry's.
    const auto key = detail::normalize_name(entry.name, packs.legal_suffixes);
    const auto& keys = eng.state().entity_names.keys();
    const auto hit = keys.find(key);
    if (hit == keys.end() || hit->second.size() != 1) continue;
    date on =
        entry.meta.valid.from == date::min() ? date::from_ymd(2025, 6, 2) : entry.meta.valid.from;
    // A listing older than the packs' coverage is checked on the coverage's first day.
    if (eng.state().coverage) on = std::max(on, eng.state().coverage->from);
    const auto r = eng.check(to_end_user(entry.name, first_country(entry.country), on));
    if (!r.value) {
      problems.push_back(entry.meta.id + ": no decision");
      continue;
    }
    if (r.value->result != outcome::license_required || r.value->policy != entry.policy ||
        !r.value->license_exceptions.empty()) {
      problems.push_back(entry.meta.id + ": " + std::string(to_string(r.value->result)) + ", " +
                         std::string(to_string(r.value->policy)) + " (entry policy " +
                         std::string(to_string(entry.policy)) + ")");
    }
  }
  std::string text;
  for (const auto& p : problems) text += "\n  " + p;
  INFO("entries whose match did not give license_required with the entry's policy:" << text);
  CHECK(problems.empty());
}

// They are not listings, but candidates a reviewer must see (issue 12: "Huawei Technologies
// Japan K.K." holds as a possible match): never cleared, never asserted as listed.
TEST_CASE("near-miss names that contain a listed name do not match", "[engine][entity][coverage]") {
  const engine& eng = real_packs();
  const date on = date::from_ymd(2025, 6, 2);
  for (const std::string name :
       {"Huawei Technologies Research Institute of Ohio", "Huawei Technologies Research Institute",
        "Huaweii Technologies Co., Ltd.", "Sugon Ohio LLC", "Zhipu AI Research Foundation",
        "SMIC Americas Inc.", "Inspur Taiwan Trading Co., Ltd.",
        "National Supercomputing Center"}) {
    INFO(name);
    const screened s = screen(eng, name, "DE", on);
    REQUIRE(s.decided);
    CHECK_FALSE(s.entity_finding);
    CHECK_FALSE(s.requirement_finding);
    CHECK(s.possible_finding);
    CHECK(s.result == outcome::hold);
  }
}

TEST_CASE("Unicode, CSL and legal-form variants of a listed name match",
          "[engine][entity][coverage][unicode]") {
  // Each of these cleared when names were folded byte by byte: invisible and Unicode spaces
  // glued or split words, full-width letters and a Cyrillic "е" were kept as other letters, the
  // CSL's trailing alias and these legal forms were part of the name.
  const engine& eng = real_packs();
  const date on = date::from_ymd(2025, 6, 2);
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"no-break space", "Huawei\u00A0Technologies Co.,\u00A0Ltd."},
      {"zero-width space in a word", "Hua\u200Bwei Technologies Co., Ltd."},
      {"zero-width joiner", "Huawei Tech\u200Dnologies Co., Ltd."},
      {"zero-width non-joiner between words", "Huawei\u200CTechnologies Co., Ltd."},
      {"soft hyphen", "Hua\u00ADwei Technologies Co., Ltd."},
      {"byte-order mark", "\uFEFFHuawei Technologies Co., Ltd."},
      {"ideographic space", "Huawei\u3000Technologies\u3000Co., Ltd."},
      {"en space", "Huawei\u2002Technologies Co., Ltd."},
      {"full-width letters", "\uFF28\uFF35\uFF21\uFF37\uFF25\uFF29 Technologies Co., Ltd."},
      {"Cyrillic e", "Huaw\u0435i Technologies Co., Ltd."},
      {"CSL trailing alias", "Huawei Technologies Co., Ltd. (Huawei)"},
      {"AG", "Huawei Technologies AG"},
      {"S.A.", "Huawei Technologies S.A."},
      {"Ltda.", "Huawei Technologies Ltda."},
      {"PLC", "Huawei Technologies PLC"},
      {"K.K.", "Huawei Technologies K.K."},
      {"Sdn. Bhd.", "Huawei Technologies Sdn. Bhd."},
      {"GmbH & Co. KG", "Huawei Technologies GmbH & Co. KG"},
      {"Joint Stock Co.", "Huawei Technologies Joint Stock Co."},
  };
  for (const auto& [what, name] : variants) {
    INFO(what << ": " << name);
    const auto r = eng.check(to_end_user(name, "CN", on));
    REQUIRE(r.value);
    CHECK(r.value->result == outcome::license_required);
    bool listed = false;
    for (const auto& f : r.value->findings) listed = listed || f.kind == finding_kind::entity_list;
    CHECK(listed);
  }
}
