// list_index.cpp: building the postings of list_index.hpp and finding candidates.
#include "screening/list_index.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "screening/list_words.hpp"
#include "screening/normalize.hpp"

namespace exportctl::detail {

namespace {

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0) {
  std::uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

/// Tokens shorter than this match only exactly: one edit in "hmc" is another company.
constexpr std::size_t min_fuzzy_length = 4;

/// Calls f(hash) for the token and each of its one-character deletions (UTF-8 lead bytes only,
/// so a deletion never splits a code point).
template <typename F>
void for_each_deletion(std::string_view t, std::string& buf, F f) {
  f(hash_bytes(t));
  if (t.size() < min_fuzzy_length || t.size() > 64) return;
  for (std::size_t i = 0; i < t.size();) {
    std::size_t len = 1;
    while (i + len < t.size() && (static_cast<unsigned char>(t[i + len]) & 0xC0) == 0x80) ++len;
    buf.assign(t.substr(0, i));
    buf.append(t.substr(i + len));
    f(hash_bytes(buf));
    i += len;
  }
}

}  // namespace

std::uint8_t token_flags(std::string_view t) {
  return static_cast<std::uint8_t>((is_legal_form(t) ? legal_form : 0) |
                                   (is_business_word(t) ? business_word : 0) |
                                   (is_number_word(t) ? number_word : 0));
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

list_index::list_index(std::vector<lists::screening_list> lists) : lists_(std::move(lists)) {
  std::unordered_map<std::string, std::uint32_t> ids;
  std::string folded;
  std::vector<std::string_view> toks;
  std::vector<std::uint32_t> seen;
  std::vector<token_span> spans;
  std::vector<std::string_view> words, plain_words;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_joined;
  std::string joined;
  const auto add = [&](std::uint32_t l, std::uint32_t e, std::uint32_t n, std::string_view text,
                       std::size_t offset) {
    name_tokens(text, folded, toks, 32, &spans);
    if (toks.empty()) return;
    // Two or three adjacent words of the name written together ("Future Bank" as "Futurebank",
    // "Al Nour" as "Alnour", Han syllables "hua wei" as "Huawei"): a query word equal to one
    // finds the name and aligns with those words (list_score.cpp). The folded words before the
    // dictionary; no dictionary phrase or legal form of two letters or more takes part.
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
      if (w.size() > 1 && is_legal_form(toks[k])) w = {};
      plain_words.push_back(w);
    }
    const auto word_of = [&](std::size_t k) { return plain_words[k]; };
    for (std::size_t j = 0; j + 1 < toks.size() && j < 62; ++j)
      for (std::size_t len = 2; len <= 3 && j + len <= toks.size(); ++len) {
        joined.clear();
        bool plain = true;
        for (std::size_t k = j; k < j + len && plain; ++k) {
          plain = !word_of(k).empty();
          joined += word_of(k);
        }
        if (!plain || joined.size() < min_fuzzy_length || joined.size() > 32) continue;
        const auto h = hash_bytes(joined);
        by_joined.emplace_back(h, static_cast<std::uint32_t>(joined_.size()));
        joined_.push_back({static_cast<std::uint32_t>(refs_.size()), static_cast<std::uint8_t>(j),
                           static_cast<std::uint8_t>(len), h});
      }
    name_ref r{l,
               e,
               n,
               static_cast<std::uint32_t>(name_tokens_.size()),
               0,
               static_cast<std::uint16_t>(offset),
               static_cast<std::uint16_t>(text.size())};
    seen.clear();
    for (const auto t : toks) {
      auto [it, fresh] =
          ids.try_emplace(std::string(t), static_cast<std::uint32_t>(tokens_.size()));
      if (fresh) {
        tokens_.emplace_back(t);
        df_.push_back(0);
      }
      name_tokens_.push_back(it->second);
      if (std::find(seen.begin(), seen.end(), it->second) == seen.end()) {
        seen.push_back(it->second);
        ++df_[it->second];
      }
    }
    r.end = static_cast<std::uint32_t>(name_tokens_.size());
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
          }
        }
      }
    }
  // Weights: idf scaled so that a token in one name weighs 1 (docs/screening.md).
  const double n = std::max<double>(2.0, static_cast<double>(refs_.size()));
  weights_.resize(tokens_.size());
  flags_.resize(tokens_.size());
  for (std::size_t t = 0; t < tokens_.size(); ++t) {
    flags_[t] = token_flags(tokens_[t]);
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
  // Tokens in more than 0.25% of the names (at least 50) find no candidates on their own when
  // the query has a rarer token: they would touch hundreds of names and decide nothing (their
  // weight is below 0.4 of a unique token's; the rarer token finds the names that matter).
  stop_df_ = std::max<std::uint32_t>(50, static_cast<std::uint32_t>(refs_.size() / 400));

  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_token, by_deletion;
  std::string buf;
  for (std::uint32_t t = 0; t < tokens_.size(); ++t) {
    by_token.emplace_back(hash_bytes(tokens_[t]), t);
    // Business words are in the neighbourhood ("Tradiing", "Mrine" are typos of them), but a
    // query's business word matches only exactly (below), so "Imports" never finds "Exports".
    if (!(flags_[t] & number_word))
      for_each_deletion(tokens_[t], buf, [&](std::uint64_t h) { by_deletion.emplace_back(h, t); });
  }
  token_ids_.build(std::move(by_token));
  joined_ids_.build(std::move(by_joined));
  deletions_.build(std::move(by_deletion));
  // Each listed word's near spellings among the listed words, once, so that a query word the
  // lists have costs one lookup instead of a probe per deletion.
  near_offsets_.assign(1, 0);
  {
    std::vector<std::uint32_t> probe;
    std::vector<std::pair<std::uint32_t, float>> found;
    for (std::uint32_t t = 0; t < tokens_.size(); ++t) {
      found.clear();
      if (!(flags_[t] & (business_word | number_word | legal_form)) &&
          tokens_[t].size() >= min_fuzzy_length)
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
  for (const auto t : probe) {
    if (static_cast<std::int64_t>(t) == exact) continue;
    const double jw = jaro_winkler(tok, tokens_[t]);
    if (jw >= ((flags_[t] & business_word) ? 0.9 : 0.85))
      out.emplace_back(t, static_cast<float>(jw));
  }
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

std::vector<screen_candidate> list_index::screen(std::string_view name,
                                                 const screen_options& options,
                                                 screen_scratch& s) const {
  std::vector<screen_candidate> out;
  s.raw = name.substr(0, 1024);
  s.qshow_ready = false;
  name_tokens(s.raw, s.folded, s.tokens, 32, &s.spans);
  if (s.tokens.empty() || refs_.empty()) return out;
  const std::size_t q = s.tokens.size();
  s.nreal = q;
  s.qspan.clear();
  s.qexact.clear();
  s.qflags.clear();
  for (std::size_t i = 0; i < q; ++i) {
    s.qspan.push_back({static_cast<std::uint8_t>(i), 1});
    const auto exact = token_id(s.tokens[i]);
    s.qexact.push_back(exact);
    s.qflags.push_back(exact >= 0 ? flags_[static_cast<std::size_t>(exact)]
                                  : token_flags(s.tokens[i]));
  }
  // Compounds: two or three adjacent query words written together in a list ("Paek Sol" /
  // "Paeksol", "Al Nour" / "Alnour", and Han syllables, which transliterate one by one: "hua wei"
  // / "Huawei"). Only those that are a listed token join the query, as one more token covering
  // its words; the text lives in s.compounds, reserved so that the views stay valid.
  s.compounds.clear();
  s.compounds.reserve(4096);
  const bool non_ascii = std::any_of(s.raw.begin(), s.raw.end(),
                                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  // Compounds join the words as folded, before the dictionary ("Sino-Tech" is "sinotech", not
  // "sinotechnologies"); a dictionary phrase or a legal form of two letters or more takes no
  // part (single letters do: "A.B.C." is "abc").
  s.words.clear();
  for (std::string_view rest = s.folded; !rest.empty();) {
    const auto sp = rest.find(' ');
    if (sp != 0) s.words.push_back(rest.substr(0, sp));
    if (sp == std::string_view::npos) break;
    rest.remove_prefix(sp + 1);
  }
  const auto word_of = [&](std::size_t k) -> std::string_view {
    if (s.spans[k].count != 1 || s.spans[k].first >= s.words.size()) return {};
    const auto w = s.words[s.spans[k].first];
    return (s.qflags[k] & legal_form) && w.size() > 1 ? std::string_view{} : w;
  };
  for (std::size_t i = 0; i + 1 < q && s.tokens.size() < 48; ++i)
    for (std::size_t len = 2; len <= 3 && i + len <= q; ++len) {
      std::size_t bytes = 0;
      bool plain = true;
      for (std::size_t k = i; k < i + len; ++k) {
        bytes += word_of(k).size();
        plain = plain && !word_of(k).empty();
      }
      if (!plain || bytes > 32 || s.compounds.size() + bytes > s.compounds.capacity()) continue;
      const auto at = s.compounds.size();
      for (std::size_t k = i; k < i + len; ++k) s.compounds += word_of(k);
      const std::string_view c(s.compounds.data() + at, bytes);
      // Exact for Latin-script queries (cheap: one probe); near ones too for transliterated
      // names, whose romanization differs from the listed one ("fana mowj" / "Fanamoj").
      const auto exact = token_id(c);
      if (exact >= 0 || (non_ascii && bytes >= min_fuzzy_length)) {
        s.tokens.push_back(c);
        s.qexact.push_back(exact);
        s.qflags.push_back(exact >= 0 ? flags_[static_cast<std::size_t>(exact)] : 0);
        s.qspan.push_back({static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(len)});
      } else {
        s.compounds.resize(at);
      }
    }
  const std::size_t qt = s.tokens.size();
  if (s.matches.size() < qt) s.matches.resize(qt);
  s.qweights.resize(qt);
  float query_weight = 0, query_legal = 0;
  bool rare = false;
  for (std::size_t i = 0; i < qt; ++i) {
    auto& m = s.matches[i];
    m.clear();
    const auto tok = s.tokens[i];
    const auto exact = s.qexact[i];
    if (i < q) {
      // A word no list has is distinctive (weight 1), unless it is a legal form.
      s.qweights[i] = exact >= 0                   ? weights_[static_cast<std::size_t>(exact)]
                      : (s.qflags[i] & legal_form) ? 0.1f
                                                   : 1.0f;
      query_weight += s.qweights[i];
      if (s.qflags[i] & legal_form) query_legal += s.qweights[i];
    } else {
      // A compound weighs what its words weigh together (it replaces them when aligned).
      s.qweights[i] = 0;
      for (std::size_t k = s.qspan[i].first; k < s.qspan[i].first + s.qspan[i].count; ++k)
        s.qweights[i] += s.qweights[k];
    }
    if (exact >= 0) m.emplace_back(static_cast<std::uint32_t>(exact), 1.0f);
    // Near spellings, unless the word must match exactly (business words, numbers) or weighs
    // little (legal forms): a listed word's were found when the index was built; a word no list
    // has probes the deletion neighbourhood.
    const bool strict = s.qflags[i] & (business_word | number_word | legal_form);
    if (strict) {
    } else if (exact >= 0) {
      const auto t = static_cast<std::size_t>(exact);
      for (auto k = near_offsets_[t]; k < near_offsets_[t + 1]; ++k) m.push_back(near_[k]);
    } else if (tok.size() >= min_fuzzy_length && (i < q || non_ascii)) {
      near_tokens(tok, -1, s.probe, s.buf, m);
    }
    for (const auto& [t, sim] : m)
      if (df_[t] <= stop_df_) rare = true;
  }
  // Query words that are two or three words of a listed name written together.
  s.joined_hits.clear();
  for (std::size_t i = 0; i < q; ++i) {
    if (s.qflags[i] & (legal_form | number_word) || s.tokens[i].size() < min_fuzzy_length) continue;
    // Told apart by their 64-bit hash alone (the text is not kept): a collision among the
    // tens of thousands of joined words has a chance of about 1e-10.
    const auto h = hash_bytes(s.tokens[i]);
    for (auto [b, e] = joined_ids_.find(h); b != e; ++b)
      if (joined_[*b].hash == h) s.joined_hits.push_back({static_cast<std::uint32_t>(i), *b});
  }
  // Candidates: names sharing a (near) token with the query, by summed weight.
  if (s.acc.size() < refs_.size()) {
    s.acc.assign(refs_.size(), 0.0f);
    s.accq.assign(refs_.size(), 0.0f);
  }
  s.touched.clear();
  constexpr std::size_t max_touched = 20000;  // bounded time for a query of common words only
  // The common words left out of the postings still count in the bounds below (which must
  // hold for every name): each touched name's own tokens are looked up among them.
  s.common.clear();
  for (std::size_t i = 0; i < qt; ++i)
    for (const auto& [t, sim] : s.matches[i])
      if (rare && df_[t] > stop_df_) s.common.push_back({static_cast<std::uint32_t>(i), t, sim});
  for (std::size_t i = 0; i < qt; ++i)
    for (const auto& [t, sim] : s.matches[i]) {
      if (rare && df_[t] > stop_df_) continue;
      for (auto p = post_offsets_[t]; p < post_offsets_[t + 1] && s.touched.size() < max_touched;
           ++p) {
        const auto r = post_names_[p];
        if (s.acc[r] == 0.0f) s.touched.push_back(r);
        s.acc[r] += sim * weights_[t];
        s.accq[r] += s.qweights[i];
      }
    }
  for (const auto& h : s.joined_hits) {
    const auto& jn = joined_[h.joined];
    if (s.touched.size() >= max_touched) break;
    if (s.acc[jn.ref] == 0.0f) s.touched.push_back(jn.ref);
    for (std::size_t k = jn.first; k < jn.first + jn.count; ++k)
      s.acc[jn.ref] += weights_[name_tokens_[refs_[jn.ref].begin + k]];
    s.accq[jn.ref] += s.qweights[h.query];
  }
  // Upper bounds of the score (list_score.cpp): the weight aligned on both sides, plus what
  // leftover legal forms can add, over all query weight and all the name's weight (the
  // score's denominator); over-counts of a token matching twice only loosen it, and 0.031
  // covers the country bonus. Names that cannot reach
  // min_score are not scored. The others are scored best bound first, and scoring stops once
  // `limit` entries are certain to rank above every name left: by band (what band a name can
  // still reach: match from 0.88, possible from 0.70 or when it may contain the listed name
  // whole, which needs aligned listed weight of 0.8 at similarity 0.85), then by score.
  s.bounds.clear();
  for (const auto r : s.touched) {
    float acc = s.acc[r], accq = s.accq[r];
    s.acc[r] = 0.0f;
    s.accq[r] = 0.0f;
    if (!s.common.empty())
      for (auto k = refs_[r].begin; k < refs_[r].end; ++k)
        for (const auto& cm : s.common)
          if (cm.token == name_tokens_[k]) {
            acc += cm.sim * weights_[cm.token];
            accq += s.qweights[cm.query];
          }
    accq = std::min(accq, query_weight);
    float ub =
        (accq + acc + query_legal + name_legal_[r]) / (query_weight + name_weight_[r]) + 0.031f;
    // The containment rule (list_score.cpp) makes a name possible whatever its score: it
    // needs aligned listed weight of 0.8 at similarity 0.85 or more.
    const bool may_contain = acc >= 0.68f;
    if (ub < options.min_score) continue;
    const int band = ub >= 0.88f ? 2 : (ub >= 0.70f || may_contain) ? 1 : 0;
    s.bounds.push_back({band, ub, r});
  }
  std::sort(s.bounds.begin(), s.bounds.end(), [](const auto& a, const auto& b) {
    if (a.band != b.band) return a.band > b.band;
    if (a.ub != b.ub) return a.ub > b.ub;
    return a.ref < b.ref;
  });
  std::vector<screen_candidate> scored;
  // The best `limit` (band, score) of distinct entries so far, and the worst of them.
  s.top.clear();
  for (const auto& b : s.bounds) {
    if (s.top.size() >= options.limit && options.limit > 0) {
      const auto& worst =
          *std::min_element(s.top.begin(), s.top.end(), [](const auto& x, const auto& y) {
            return x.band != y.band ? x.band < y.band : x.score < y.score;
          });
      if (b.band < worst.band || (b.band == worst.band && b.ub < worst.score)) break;
    }
    screen_candidate c;
    score(b.ref, options, s, c, false);
    if (c.score < options.min_score) continue;
    const auto key = (static_cast<std::uint64_t>(c.list) << 32) | c.entry;
    const int band = static_cast<int>(c.band);
    auto it =
        std::find_if(s.top.begin(), s.top.end(), [&](const auto& t) { return t.entry == key; });
    if (it != s.top.end()) {
      if (band > it->band || (band == it->band && c.score > it->score)) {
        it->band = band;
        it->score = static_cast<float>(c.score);
      }
    } else if (s.top.size() < options.limit) {
      s.top.push_back({key, band, static_cast<float>(c.score)});
    } else {
      auto w = std::min_element(s.top.begin(), s.top.end(), [](const auto& x, const auto& y) {
        return x.band != y.band ? x.band < y.band : x.score < y.score;
      });
      if (band > w->band || (band == w->band && c.score > w->score))
        *w = {key, band, static_cast<float>(c.score)};
    }
    scored.push_back(std::move(c));
  }
  // One candidate per entry: its best-scoring name.
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    if (a.list != b.list) return a.list < b.list;
    if (a.entry != b.entry) return a.entry < b.entry;
    if (a.score != b.score) return a.score > b.score;
    return a.name < b.name;
  });
  for (auto& c : scored)
    if (out.empty() || out.back().list != c.list || out.back().entry != c.entry)
      out.push_back(std::move(c));
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.band != b.band) return a.band > b.band;
    return a.score > b.score;
  });
  if (out.size() > options.limit) out.resize(options.limit);
  if (options.explain)
    for (auto& c : out) score(c.ref, options, s, c, true);
  return out;
}

}  // namespace exportctl::detail
