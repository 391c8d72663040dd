// name_index.cpp: party names against the Entity List (Supp. No. 4 to 15 CFR Part 744): the
// index of listed names, built once per engine, and the per-party lookup.
#include "screening/name_index.hpp"

#include <algorithm>

namespace exportctl::detail {

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

entity_name_index::entity_name_index(const compiled_packs& packs)
    : normalizer_(packs.legal_suffixes) {
  exact_.reserve(packs.entities.size() * 4);
  for (std::size_t i = 0; i < packs.entities.size(); ++i) {
    const entity_entry& e = packs.entities[i];
    const auto entry = static_cast<int>(i);
    add(e.name, entry);
    for (const auto& alt : e.alt_names) add(alt, entry);
  }
  for (const text_index* index : {&exact_, &compact_}) {
    for (const auto& [key, entries] : *index) prefixes_.push_back(screening_prefix(key));
  }
  std::sort(prefixes_.begin(), prefixes_.end());
  prefixes_.erase(std::unique(prefixes_.begin(), prefixes_.end()), prefixes_.end());
}

void entity_name_index::add(std::string_view name, int entry) {
  // A name and its alias often normalize alike: list the entry once per key.
  const auto list = [entry](std::vector<int>& slot) {
    if (slot.empty() || slot.back() != entry) slot.push_back(entry);
  };
  std::string key = normalizer_.key(name);
  if (key.empty()) return;
  list(exact_[key]);
  list(compact_[compact_key(std::move(key))]);
  // The CSL writes an alias in a trailing parenthetical: index the name without it and the
  // alias itself.
  if (parenthetical_split split; split_trailing_parenthetical(name, split)) {
    add(split.base, entry);
    add(split.inner, entry);
  }
}

const std::vector<int>* entity_name_index::find_key(screening_scratch& scratch) const {
  const std::string& key = scratch.key;
  if (key.empty() ||
      !std::binary_search(prefixes_.begin(), prefixes_.end(), screening_prefix(key))) {
    return nullptr;
  }
  if (const auto hit = exact_.find(std::string_view(key)); hit != exact_.end()) {
    return &hit->second;
  }
  scratch.compact.clear();
  std::copy_if(key.begin(), key.end(), std::back_inserter(scratch.compact),
               [](char c) { return c != ' '; });
  if (const auto hit = compact_.find(std::string_view(scratch.compact)); hit != compact_.end()) {
    return &hit->second;
  }
  return nullptr;
}

const std::vector<int>* entity_name_index::find(std::string_view name,
                                                screening_scratch& scratch) const {
  normalizer_.key(name, scratch.key);
  if (const auto* entries = find_key(scratch)) return entries;
  if (parenthetical_split split; split_trailing_parenthetical(name, split)) {
    for (const std::string_view part : {split.base, split.inner}) {
      normalizer_.key(part, scratch.key);
      if (const auto* entries = find_key(scratch)) return entries;
    }
  }
  return nullptr;
}

void screen_parties(const entity_name_index& index, const compiled_packs& packs,
                    const std::vector<party>& parties, date on, std::vector<int>& hit) {
  hit.assign(parties.size(), -1);
  if (index.empty()) return;
  // Keys are built in per-thread buffers: screening allocates nothing once they have grown.
  thread_local screening_scratch scratch;
  for (std::size_t i = 0; i < parties.size(); ++i) {
    // The exporter is never downstream of a hop (744.11 concerns the other parties).
    if (parties[i].role == party_role::exporter) continue;
    // Names and aliases are compared by their screening keys (normalize.hpp), as screening
    // against the Consolidated Screening List does.
    const std::vector<int>* entries = index.find(parties[i].name, scratch);
    if (!entries) continue;
    for (const int e : *entries) {
      // An entry applies from its start date until its end date (removal).
      if (packs.entities[static_cast<std::size_t>(e)].meta.valid.contains(on)) {
        hit[i] = e;
        break;
      }
    }
  }
}

}  // namespace exportctl::detail
