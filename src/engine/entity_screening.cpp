// entity_screening.cpp: party names against the Entity List (Supp. No. 4 to 15 CFR Part 744).
#include <algorithm>
#include <array>

#include "engine/evaluate.hpp"

namespace exportctl::detail {
namespace {

// Per byte: the byte a key keeps (ASCII letters lower-cased, digits and bytes >= 0x80 as they
// are), or 0 for punctuation and spaces, which separate words.
constexpr std::array<char, 256> fold_table = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x80) {
      t[static_cast<std::size_t>(c)] = static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      t[static_cast<std::size_t>(c)] = static_cast<char>(c + ('a' - 'A'));
    }
  }
  return t;
}();

// normalize_name(name, {}) into `out`: case folded, every run of punctuation or spaces between
// words reduced to one space; bytes >= 0x80 (UTF-8 letters) are kept as they are. Every output
// byte stands for an input byte, so the name's length bounds the key's.
void fold_words(std::string_view name, std::string& out) {
  out.resize(name.size());
  char* const key = out.data();
  std::size_t n = 0;
  bool pending_space = false;
  for (const char ch : name) {
    const char c = fold_table[static_cast<unsigned char>(ch)];
    if (c == 0) {
      pending_space = true;
      continue;
    }
    if (pending_space && n) key[n++] = ' ';
    pending_space = false;
    key[n++] = c;
  }
  out.resize(n);
}

}  // namespace

void screening_key(const engine_state& st, std::string_view name, std::string& key) {
  if (!st.fast_screening) {
    key = normalize_name(name, st.packs->legal_suffixes);
    return;
  }
  // normalize_name() with no suffixes only folds case and punctuation; the trailing legal forms
  // are then stripped with the suffixes folded once at load (same algorithm as the loader's
  // index: longest suffix first, repeated while a name remains).
  fold_words(name, key);
  bool stripped = true;
  // A key whose last byte ends no suffix keeps its end.
  while (stripped && !key.empty() &&
         st.suffix_last_bytes.test(static_cast<unsigned char>(key.back()))) {
    stripped = false;
    for (const auto& suffix : st.folded_suffixes) {
      // The last byte first: it rejects almost every suffix without a comparison call.
      if (suffix.empty() || key.size() <= suffix.size() + 1 || suffix.back() != key.back()) {
        continue;
      }
      const std::size_t at = key.size() - suffix.size();
      if (key[at - 1] == ' ' && key.compare(at, suffix.size(), suffix) == 0) {
        key.resize(at - 1);
        stripped = true;
        break;
      }
    }
  }
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
