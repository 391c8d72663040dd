// entity_screening.cpp: party names against the Entity List (Supp. No. 4 to 15 CFR Part 744).
#include <algorithm>

#include "engine/evaluate.hpp"

namespace exportctl::detail {

std::string screening_key(const engine_state& st, std::string_view name) {
  const auto& suffixes = st.packs->legal_suffixes;
  if (!st.fast_screening) return normalize_name(name, suffixes);
  // normalize_name() with no suffixes only folds case and punctuation; the trailing legal forms
  // are then stripped with the suffixes folded once at load (same algorithm as the loader's
  // index: longest suffix first, repeated while a name remains).
  std::string key = normalize_name(name, {});
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (const auto& suffix : st.folded_suffixes) {
      if (suffix.empty() || key.size() <= suffix.size() + 1) continue;
      const std::size_t at = key.size() - suffix.size();
      if (key[at - 1] == ' ' && key.compare(at, suffix.size(), suffix) == 0) {
        key.erase(at - 1);
        stripped = true;
        break;
      }
    }
  }
  return key;
}

std::string compact_key(std::string key) {
  key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
  return key;
}

void screen_entities(check_context& cx) {
  cx.entity_hit.assign(cx.s.parties.size(), -1);
  cx.entity_reported.assign(cx.s.parties.size(), 0);
  if (cx.packs.entity_index.empty()) return;
  for (std::size_t i = 0; i < cx.s.parties.size(); ++i) {
    // The exporter is never downstream of a hop (744.11 concerns the other parties).
    if (cx.s.parties[i].role == party_role::exporter) continue;
    // Names and aliases are compared after normalization (case, punctuation, spacing, trailing
    // legal-form suffixes), as screening against the Consolidated Screening List does.
    std::string key = screening_key(cx.st, cx.s.parties[i].name);
    const std::vector<int>* entries = nullptr;
    if (const auto hit = cx.packs.entity_index.find(key); hit != cx.packs.entity_index.end()) {
      entries = &hit->second;
    } else if (const auto compact = cx.st.entity_compact_index.find(compact_key(std::move(key)));
               compact != cx.st.entity_compact_index.end()) {
      entries = &compact->second;
    }
    if (!entries) continue;
    for (int e : *entries) {
      // An entry applies from its start date until its end date (removal).
      if (cx.packs.entities[static_cast<std::size_t>(e)].meta.valid.contains(cx.on)) {
        cx.entity_hit[i] = e;
        break;
      }
    }
  }
}

}  // namespace exportctl::detail
