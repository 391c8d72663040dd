// entity_screening.cpp: party names against the Entity List (Supp. No. 4 to 15 CFR Part 744).
#include <algorithm>

#include "engine/evaluate.hpp"

namespace exportctl::detail {

void screening_key(const engine_state& st, std::string_view name, std::string& key) {
  // The loader's normalization, with the suffixes it folded once at load.
  normalize_name_into(name, st.packs->folded_suffixes, key);
}

std::string screening_key(const engine_state& st, std::string_view name) {
  std::string key;
  screening_key(st, name, key);
  return key;
}

std::uint32_t screening_prefix(std::string_view key) {
  std::uint32_t prefix = 0;
  int taken = 0;
  for (std::size_t i = 0; i < key.size() && taken < 4; ++i) {
    if (key[i] == ' ') continue;
    prefix = (prefix << 8) | static_cast<unsigned char>(key[i]);
    ++taken;
  }
  return taken == 0 ? 0 : prefix << (8 * (4 - taken));
}

std::string compact_key(std::string key) {
  key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
  return key;
}

void screen_entities(check_context& cx) {
  cx.entity_hit.assign(cx.s.parties.size(), -1);
  cx.entity_reported.assign(cx.s.parties.size(), 0);
  if (cx.st.entity_index.empty()) return;
  // Keys are built in per-thread buffers: screening allocates nothing once they have grown.
  thread_local std::string key;
  thread_local std::string compact;
  for (std::size_t i = 0; i < cx.s.parties.size(); ++i) {
    // The exporter is never downstream of a hop (744.11 concerns the other parties).
    if (cx.s.parties[i].role == party_role::exporter) continue;
    // Names and aliases are compared after normalization (case, punctuation, spacing, trailing
    // legal-form suffixes), as screening against the Consolidated Screening List does.
    screening_key(cx.st, cx.s.parties[i].name, key);
    if (!std::binary_search(cx.st.entity_prefixes.begin(), cx.st.entity_prefixes.end(),
                            screening_prefix(key))) {
      continue;
    }
    const std::vector<int>* entries = nullptr;
    if (const auto hit = cx.st.entity_index.find(std::string_view(key));
        hit != cx.st.entity_index.end()) {
      entries = &hit->second;
    } else {
      compact.clear();
      std::copy_if(key.begin(), key.end(), std::back_inserter(compact),
                   [](char c) { return c != ' '; });
      if (const auto found = cx.st.entity_compact_index.find(std::string_view(compact));
          found != cx.st.entity_compact_index.end()) {
        entries = &found->second;
      }
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
