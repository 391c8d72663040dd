// list_build.cpp: building the postings of list_index.hpp (tokens, weights, the deletion
// neighbourhood, near spellings, words written together), and the small lookups.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>
#include <unordered_map>

#include "model/text.hpp"
#include "screening/list_hash.hpp"
#include "screening/list_index.hpp"
#include "screening/list_words.hpp"
#include "screening/normalize.hpp"

namespace exportctl::detail {

using namespace list_hash;

std::uint8_t token_flags(std::string_view t) {
  return static_cast<std::uint8_t>(
      (is_legal_form(t) ? legal_form : 0) | (is_business_word(t) ? business_word : 0) |
      (is_number_word(t) ? number_word : 0) | (is_connective(t) ? connective : 0));
}

bool is_individual(const lists::list_entry& entry) {
  return ascii_lower(entry.type) == "individual";
}

std::string_view band_name(screen_band b) {
  switch (b) {
    case screen_band::match:
      return "match";
    case screen_band::possible:
      return "possible";
    case screen_band::none:
      break;
  }
  return "none";
}

void hash_postings::build(std::vector<std::pair<std::uint64_t, std::uint32_t>> pairs) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  keys_.clear();
  offsets_.clear();
  values_.clear();
  for (const auto& [k, v] : pairs) {
    if (keys_.empty() || keys_.back() != k) {
      keys_.push_back(k);
      offsets_.push_back(static_cast<std::uint32_t>(values_.size()));
    }
    values_.push_back(v);
  }
  offsets_.push_back(static_cast<std::uint32_t>(values_.size()));
  std::size_t cap = 16;
  while (cap < keys_.size() * 2) cap <<= 1;
  mask_ = cap - 1;
  slots_.assign(cap, slot{});
  for (std::uint32_t i = 0; i < keys_.size(); ++i) {
    std::uint64_t s = keys_[i] & mask_;
    while (slots_[s].index != 0) s = (s + 1) & mask_;
    slots_[s] = {keys_[i], i + 1};
  }
}

std::pair<const std::uint32_t*, const std::uint32_t*> hash_postings::find(std::uint64_t key) const {
  if (slots_.empty()) return {nullptr, nullptr};
  for (std::uint64_t s = key & mask_;; s = (s + 1) & mask_) {
    const auto& sl = slots_[s];
    if (sl.index == 0) return {nullptr, nullptr};
    if (sl.key == key)
      return {values_.data() + offsets_[sl.index - 1], values_.data() + offsets_[sl.index]};
  }
}

void name_tokens(std::string_view name, std::string& folded, std::vector<std::string_view>& out,
                 std::size_t max, std::vector<token_span>* spans) {
  thread_local std::string buf;
  screen_fold(name, buf, folded);
  out.clear();
  std::string_view rest = folded;
  while (!rest.empty() && out.size() < max) {
    const auto sp = rest.find(' ');
    const auto tok = rest.substr(0, sp);
    if (!tok.empty()) out.push_back(tok);
    if (sp == std::string_view::npos) break;
    rest.remove_prefix(sp + 1);
  }
  apply_phrases(out, spans);
}

namespace {

/// A vessel or company listed under its current and former name, "A (ex-B)", "A (f.k.a. B)",
/// "A (formerly B)": the marker's length in `inner`, else 0.
std::size_t former_name_marker(std::string_view inner) {
  for (std::string_view m :
       {"ex-", "ex ", "ex.", "f.k.a.", "f.k.a", "fka ", "formerly ", "former ", "previously "}) {
    if (inner.size() <= m.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < m.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(inner[i])) == m[i];
    if (same) return m.size();
  }
  return 0;
}

}  // namespace

list_index::list_index(std::vector<lists::screening_list> lists, std::size_t weight_corpus)
    : lists_(std::move(lists)) {
  std::unordered_map<std::string, std::uint32_t> ids;
  std::string folded;
  std::vector<std::string_view> toks;
  std::vector<std::uint32_t> seen;
  std::vector<token_span> spans;
  std::vector<std::string_view> words, plain_words;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_joined;
  std::string joined;
  std::vector<char> initials;
  const auto add = [&](std::uint32_t l, std::uint32_t e, std::uint32_t n, std::string_view text,
                       std::size_t offset) {
    name_tokens(text, folded, toks, 32, &spans);
    if (toks.empty()) return;
    name_ref r{l,
               e,
               n,
               static_cast<std::uint32_t>(name_tokens_.size()),
               0,
               static_cast<std::uint16_t>(offset),
               static_cast<std::uint16_t>(text.size())};
    seen.clear();
    const bool abjad = has_abjad_script(text);
    has_abjad_ = has_abjad_ || abjad;
    for (const auto t : toks) {
      auto [it, fresh] =
          ids.try_emplace(std::string(t), static_cast<std::uint32_t>(tokens_.size()));
      if (fresh) {
        tokens_.emplace_back(t);
        df_.push_back(0);
        flags_.push_back(token_flags(t));  // once per distinct token
      }
      flags_[it->second] |= abjad ? abjad_origin : latin_origin;
      name_tokens_.push_back(it->second);
      if (std::find(seen.begin(), seen.end(), it->second) == seen.end()) {
        seen.push_back(it->second);
        ++df_[it->second];
      }
    }
    r.end = static_cast<std::uint32_t>(name_tokens_.size());
    // The word classes of the name's k-th token.
    const auto flags_of = [&](std::size_t k) { return flags_[name_tokens_[r.begin + k]]; };
    // Two or three adjacent words of the name written together ("Future Bank" as "Futurebank",
    // "Al Nour" as "Alnour", Han syllables "hua wei" as "Huawei"): a query word equal to one
    // finds the name and aligns with those words (list_score.cpp). The folded words before the
    // dictionary; no dictionary phrase takes part, nor a legal form of two letters or more
    // other than an article (joins_in_compounds).
    words.clear();
    for (std::string_view rest = folded; !rest.empty();) {
      const auto sp = rest.find(' ');
      if (sp != 0) words.push_back(rest.substr(0, sp));
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
    plain_words.clear();
    for (std::size_t k = 0; k < toks.size(); ++k) {
      std::string_view w;
      if (spans[k].count == 1 && spans[k].first < words.size()) w = words[spans[k].first];
      if (!joins_in_compounds(w, (flags_of(k) & legal_form) != 0)) w = {};
      plain_words.push_back(w);
    }
    const auto word_of = [&](std::size_t k) { return plain_words[k]; };
    for (std::size_t j = 0; j + 1 < toks.size() && j < 62; ++j)
      for (std::size_t len = 2; len <= max_initials && j + len <= toks.size(); ++len) {
        joined.clear();
        bool plain = true;
        for (std::size_t k = j; k < j + len && plain; ++k) {
          plain = !word_of(k).empty();
          joined += word_of(k);
        }
        // Single letters written apart are an initialism ("A.B.C.", "I.R.I.S.L."): up to eight
        // of them, and three letters are enough; other words join two or three at a time.
        const bool letters = plain && joined.size() == len;
        if (len > 3 && !letters) break;
        if (!plain || joined.size() < (letters ? min_initials : min_fuzzy_length) ||
            joined.size() > 32)
          continue;
        const auto h = hash_bytes(joined);
        by_joined.emplace_back(h, static_cast<std::uint32_t>(joined_.size()));
        joined_.push_back({static_cast<std::uint32_t>(refs_.size()), static_cast<std::uint8_t>(j),
                           static_cast<std::uint8_t>(len), false, h});
      }
    // The initials of runs of three to twelve of its words (connectives left out: "Higher
    // Institute of Applied Science and Technology" is HIAST): a query word equal to them finds
    // the name as an acronym of those words, at most possible (list_score.cpp).
    initials.clear();
    if (!is_individual(lists_[l].entries[e]))
      for (std::size_t k = 0; k < toks.size() && k < 64; ++k)
        initials.push_back(acronym_initial(
            toks[k], spans[k], flags_of(k),
            spans[k].first < words.size() ? words[spans[k].first] : std::string_view{}));
    for_each_acronym(initials, joined, [&](std::size_t j, std::size_t len, std::string_view a) {
      if (j >= 62) return;
      const auto h = hash_bytes(a);
      by_joined.emplace_back(h, static_cast<std::uint32_t>(joined_.size()));
      joined_.push_back({static_cast<std::uint32_t>(refs_.size()), static_cast<std::uint8_t>(j),
                         static_cast<std::uint8_t>(len), true, h});
    });
    refs_.push_back(r);
  };
  for (std::uint32_t l = 0; l < lists_.size(); ++l)
    for (std::uint32_t e = 0; e < lists_[l].entries.size(); ++e) {
      const auto& names = lists_[l].entries[e].names;
      for (std::uint32_t n = 0; n < names.size(); ++n) {
        const std::string_view name = names[n];
        add(l, e, n, name.substr(0, 65535), 0);
        // "A (ex-B)": also A alone and B alone, so that either name finds the entry.
        parenthetical_split p;
        if (name.size() < 65535 && split_trailing_parenthetical(name, p)) {
          const auto m = former_name_marker(p.inner);
          if (m > 0) {
            add(l, e, n, p.base, 0);
            const auto former = p.inner.substr(m);
            add(l, e, n, former, static_cast<std::size_t>(former.data() - name.data()));
          } else {
            // "Name (Alias)", as the Consolidated Screening List writes an alias ("China
            // Electronics Technology Group Corporation 13th Research Institute (CETC 13)"):
            // the name and the alias alone too, as the curated index does (name_index.hpp).
            add(l, e, n, p.base, 0);
            add(l, e, n, p.inner, static_cast<std::size_t>(p.inner.data() - name.data()));
          }
        }
      }
    }
  // Weights: idf scaled so that a token in one name weighs 1 (docs/screening.md).
  const double n = std::max<double>(
      {2.0, static_cast<double>(refs_.size()), static_cast<double>(weight_corpus)});
  weights_.resize(tokens_.size());
  for (std::size_t t = 0; t < tokens_.size(); ++t) {
    double w = std::log((n + 1.0) / df_[t]) / std::log(n + 1.0);
    if (flags_[t] & legal_form) w *= 0.1;
    weights_[t] = static_cast<float>(std::clamp(w, 0.01, 1.0));
  }
  name_weight_.assign(refs_.size(), 0.0f);
  name_legal_.assign(refs_.size(), 0.0f);
  for (std::uint32_t r = 0; r < refs_.size(); ++r)
    for (auto i = refs_[r].begin; i < refs_[r].end && i < refs_[r].begin + 64; ++i) {
      const auto t = name_tokens_[i];
      name_weight_[r] += weights_[t];
      if (flags_[t] & legal_form) name_legal_[r] += weights_[t];
    }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_token, by_deletion, by_key, by_skeleton;
  std::string buf;
  acronym_bits_.assign(1024, 0);
  spell_offsets_.assign(1, 0);
  for (std::uint32_t t = 0; t < tokens_.size(); ++t) {
    const auto th = hash_bytes(tokens_[t]);
    by_token.emplace_back(th, t);
    const auto& tok = tokens_[t];
    if (tok.size() >= min_initials && tok.size() <= max_initials && !(flags_[t] & exact_only) &&
        std::all_of(tok.begin(), tok.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      acronym_bits_[(th & 0xffff) >> 6] |= std::uint64_t{1} << (th & 63);
    if (!(flags_[t] & exact_only) && romanization_key(tokens_[t], buf))
      by_key.emplace_back(hash_bytes(buf), t);
    if (!(flags_[t] & exact_only) && abjad_skeleton(tokens_[t], buf))
      by_skeleton.emplace_back(hash_bytes(buf), t);
    // Business words are in the neighbourhood ("Tradiing", "Mrine" are typos of them), but a
    // query's business word matches only exactly (below), so "Imports" never finds "Exports".
    if (!(flags_[t] & number_word))
      for_each_deletion(tokens_[t], buf, [&](std::uint64_t h) { by_deletion.emplace_back(h, t); });
    // A business word as the dictionary spells it too: a name lists "Industrial", which the
    // dictionary writes "industries", so "Indudtrial" is a typo of a listed word.
    if (flags_[t] & business_word)
      for (const auto& v : spellings_of(tokens_[t])) {
        for_each_deletion(v, buf, [&](std::uint64_t h) { by_deletion.emplace_back(h, t); });
        spell_.push_back(v);
      }
    spell_offsets_.push_back(static_cast<std::uint32_t>(spell_.size()));
  }
  token_ids_.build(std::move(by_token));
  joined_ids_.build(std::move(by_joined));
  deletions_.build(std::move(by_deletion));
  keys_.build(std::move(by_key));
  skeletons_.build(std::move(by_skeleton));
  // Each listed word's near spellings among the listed words, once, so that a query word the
  // lists have costs one lookup instead of a probe per deletion.
  near_offsets_.assign(1, 0);
  {
    std::vector<std::uint32_t> probe;
    std::vector<std::pair<std::uint32_t, float>> found;
    for (std::uint32_t t = 0; t < tokens_.size(); ++t) {
      found.clear();
      if (!(flags_[t] & exact_only) && tokens_[t].size() >= min_fuzzy_length)
        near_tokens(tokens_[t], t, probe, buf, found);
      near_.insert(near_.end(), found.begin(), found.end());
      near_offsets_.push_back(static_cast<std::uint32_t>(near_.size()));
    }
  }

  post_offsets_.assign(tokens_.size() + 1, 0);
  for (std::uint32_t r = 0; r < refs_.size(); ++r)
    for (auto i = refs_[r].begin; i < refs_[r].end; ++i) ++post_offsets_[name_tokens_[i] + 1];
  for (std::size_t t = 0; t < tokens_.size(); ++t) post_offsets_[t + 1] += post_offsets_[t];
  post_names_.resize(post_offsets_.back());
  auto fill = post_offsets_;
  for (std::uint32_t r = 0; r < refs_.size(); ++r)
    for (auto i = refs_[r].begin; i < refs_[r].end; ++i) {
      const auto t = name_tokens_[i];
      // A token twice in one name is posted once.
      if (fill[t] > post_offsets_[t] && post_names_[fill[t] - 1] == r) continue;
      post_names_[fill[t]++] = r;
    }
  // Shrink the posting ranges of duplicates: keep offsets, mark unused tail with the last name.
  for (std::size_t t = 0; t < tokens_.size(); ++t)
    for (auto i = fill[t]; i < post_offsets_[t + 1]; ++i) post_names_[i] = post_names_[fill[t] - 1];
}

void list_index::near_tokens(std::string_view tok, std::int64_t exact,
                             std::vector<std::uint32_t>& probe, std::string& buf,
                             std::vector<std::pair<std::uint32_t, float>>& out) const {
  probe.clear();
  for_each_deletion(tok, buf, [&](std::uint64_t h) {
    for (auto [b, e] = deletions_.find(h); b != e; ++b) probe.push_back(*b);
  });
  std::sort(probe.begin(), probe.end());
  probe.erase(std::unique(probe.begin(), probe.end()), probe.end());
  // Words with the same romanization key (keys_ has no business words, numbers or legal
  // forms; the range is short, so membership is a scan). Their similarity is exactly
  // romanization_similarity where the key alone found them or raised it, so that
  // list_score.cpp caps them at possible ("Kristensen" / "Christensen").
  const std::uint32_t *kb = nullptr, *ke = nullptr;
  if (romanization_key(tok, buf)) std::tie(kb, ke) = keys_.find(hash_bytes(buf));
  for (const auto t : probe) {
    if (static_cast<std::int64_t>(t) == exact) continue;
    double sim = jaro_winkler(tok, tokens_[t]);
    if (sim < 0.9)
      for (auto k = spell_offsets_[t]; k < spell_offsets_[t + 1]; ++k)
        sim = std::max(sim, jaro_winkler(tok, spell_[k]));
    if (sim < romanization_similarity && std::find(kb, ke, t) != ke) sim = romanization_similarity;
    if (sim >= ((flags_[t] & business_word) ? 0.9 : 0.85))
      out.emplace_back(t, static_cast<float>(sim));
  }
  for (auto k = kb; k != ke; ++k)
    if (static_cast<std::int64_t>(*k) != exact &&
        !std::binary_search(probe.begin(), probe.end(), *k))
      out.emplace_back(*k, romanization_similarity);
}

std::int64_t list_index::token_id(std::string_view token) const {
  const auto [b, e] = token_ids_.find(hash_bytes(token));
  for (auto p = b; p != e; ++p)
    if (tokens_[*p] == token) return *p;
  return -1;
}

float list_index::weight(std::string_view token) const {
  const auto id = token_id(token);
  if (id >= 0) return weights_[static_cast<std::size_t>(id)];
  return is_legal_form(token) ? 0.1f : 1.0f;
}

}  // namespace exportctl::detail
