// list_index.cpp: finding and ranking the candidates of a query (list_index.hpp); the index
// is built in list_build.cpp, candidates are scored in list_score.cpp.
#include "screening/list_index.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "screening/list_hash.hpp"
#include "screening/list_words.hpp"
#include "screening/normalize.hpp"

namespace exportctl::detail {

using namespace list_hash;

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
  const bool query_abjad = non_ascii && has_abjad_script(s.raw);
  // Compounds join the words as folded, before the dictionary ("Sino-Tech" is "sinotech", not
  // "sinotechnologies"); a dictionary phrase or a legal form of two letters or more takes no
  // part (single letters do: "A.B.C." is "abc"; so does an article: "Al Nour" is "alnour").
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
    return joins_in_compounds(w, s.qflags[k] & legal_form) ? w : std::string_view{};
  };
  for (std::size_t i = 0; i + 1 < q && s.tokens.size() < 48; ++i)
    for (std::size_t len = 2; len <= max_initials && i + len <= q; ++len) {
      std::size_t bytes = 0;
      bool plain = true;
      for (std::size_t k = i; k < i + len; ++k) {
        bytes += word_of(k).size();
        plain = plain && !word_of(k).empty();
      }
      // Past three words, only single letters: an initialism written apart ("I.R.I.S.L.").
      if (len > 3 && bytes != len) break;
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
  // Acronyms: the initials of three to twelve query words that are a listed word ("National
  // Iranian Oil Company" / "NIOC", "Continuity Irish Republican Army" / "Continuity IRA") join
  // the query as one more token covering those words, matched at acronym_similarity and at most
  // possible (list_score.cpp). Not a listed legal form, business word or number ("Jurong Steel
  // Corp" is not a "JSC").
  s.initials.clear();
  for (std::size_t i = 0; i < q; ++i)
    s.initials.push_back(acronym_initial(
        s.tokens[i], s.spans[i], s.qflags[i],
        s.spans[i].first < s.words.size() ? s.words[s.spans[i].first] : std::string_view{}));
  for_each_acronym(s.initials, s.buf, [&](std::size_t i, std::size_t len, std::string_view a) {
    if (!maybe_acronym(hash_bytes(a))) return;
    const auto exact = token_id(a);
    if (exact < 0 || s.tokens.size() >= 48 ||
        (flags_[static_cast<std::size_t>(exact)] & exact_only) ||
        s.compounds.size() + a.size() > s.compounds.capacity())
      return;
    const auto at = s.compounds.size();
    s.compounds += a;
    s.tokens.push_back(std::string_view(s.compounds.data() + at, a.size()));
    s.qexact.push_back(exact);
    s.qflags.push_back(acronym);
    s.qspan.push_back({static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(len)});
  });
  const std::size_t qt = s.tokens.size();
  if (s.matches.size() < qt) s.matches.resize(qt);
  s.qweights.resize(qt);
  float query_weight = 0, query_legal = 0;
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
    if (exact >= 0)
      m.emplace_back(static_cast<std::uint32_t>(exact),
                     (s.qflags[i] & acronym) ? acronym_similarity : 1.0f);
    // Near spellings, unless the word must match exactly (business words, numbers) or weighs
    // little (legal forms): a listed word's were found when the index was built; a word no list
    // has probes the deletion neighbourhood.
    const bool strict = s.qflags[i] & (exact_only | acronym);
    if (strict) {
    } else if (exact >= 0) {
      const auto t = static_cast<std::size_t>(exact);
      for (auto k = near_offsets_[t]; k < near_offsets_[t + 1]; ++k) m.push_back(near_[k]);
    } else if (tok.size() >= min_fuzzy_length && (i < q || non_ascii)) {
      near_tokens(tok, -1, s.probe, s.buf, m);
    }
    // A word of a name written in an abjad meets a listed word by consonant skeleton, and a
    // query word a listed word written in one ("mlt" / "Mellat": list_words.hpp
    // abjad_skeleton), at romanization_similarity, so at most possible (list_score.cpp).
    // A word the lists have as written in Latin is not looked for by skeleton: "mahan" is
    // Mahan, and its skeleton "mn" would only add noise ("Amina"). One they have only from a
    // name written in an abjad is: its Latin spellings are what is unknown.
    const bool unspelt = exact < 0 || !(flags_[static_cast<std::size_t>(exact)] & latin_origin);
    if (!strict && i < q && unspelt && (query_abjad || has_abjad_) && abjad_skeleton(tok, s.buf))
      for (auto [b, e] = skeletons_.find(hash_bytes(s.buf)); b != e; ++b) {
        const auto t = *b;
        if (!query_abjad && !(flags_[t] & abjad_origin)) continue;
        if (std::none_of(m.begin(), m.end(), [t](const auto& x) { return x.first == t; }))
          m.emplace_back(t, romanization_similarity);
      }
  }
  // Query words that are two or three words of a listed name written together, or the
  // initials of three or more of its words (an acronym of three letters or more).
  s.joined_hits.clear();
  for (std::size_t i = 0; i < q; ++i) {
    const auto size = s.tokens[i].size();
    if (s.qflags[i] & (legal_form | number_word) || size < 3) continue;
    // Told apart by their 64-bit hash alone (the text is not kept): a collision among the
    // tens of thousands of joined words has a chance of about 1e-10.
    const auto h = hash_bytes(s.tokens[i]);
    for (auto [b, e] = joined_ids_.find(h); b != e; ++b)
      // Three letters find an acronym or an initialism written apart (its words are single
      // letters, so it has as many words as letters); other joined words need four.
      if (joined_[*b].hash == h &&
          (size >= min_fuzzy_length || joined_[*b].acronym || joined_[*b].count == size))
        s.joined_hits.push_back({static_cast<std::uint32_t>(i), *b});
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
  // Which postings to walk: the matched listed tokens, rarest first, until the tokens left could
  // not lift a name they alone find to min_score. Such a name aligns at most those tokens (each
  // query token once, with its query weight and the listed token's) and pairs leftover legal
  // forms (a listed one weighs at most 0.1), over at least the query weight plus what it
  // aligned; the bound grows with the aligned listed weight, so summing it over all the tokens
  // left over-estimates safely. So every name that can reach min_score is found, however common
  // its words ("Al-Aqsa Foundation": both words are in hundreds of names) and the walk skips
  // the common words of a query that has distinctive ones.
  s.walk.clear();
  for (std::size_t i = 0; i < qt; ++i)
    for (const auto& [t, sim] : s.matches[i])
      s.walk.push_back({df_[t], static_cast<std::uint32_t>(i), t, sim});
  std::sort(s.walk.begin(), s.walk.end(), [](const auto& a, const auto& b) {
    return a.df != b.df ? a.df < b.df : a.token != b.token ? a.token < b.token : a.query < b.query;
  });
  std::size_t query_legal_n = 0;
  for (std::size_t i = 0; i < q; ++i) query_legal_n += (s.qflags[i] & legal_form) ? 1 : 0;
  const float legal_max = query_legal + 0.1f * static_cast<float>(query_legal_n);
  std::size_t walk_end = s.walk.size();
  {
    std::uint64_t qmask = 0;
    float aq = 0, ac = 0;
    for (std::size_t k = s.walk.size(); k > 0; --k) {
      const auto& w = s.walk[k - 1];
      if (!(qmask >> w.query & 1)) {
        qmask |= std::uint64_t{1} << w.query;
        aq += s.qweights[w.query];
      }
      ac += w.sim * weights_[w.token];
      const float ub = (std::min(aq, query_weight) + ac + legal_max) / (query_weight + ac) + 0.031f;
      if (ub >= options.min_score) break;
      walk_end = k - 1;
    }
  }
  // The tokens left out of the walk still count in the bounds below (which must hold for
  // every name): each touched name's own tokens are looked up among them.
  s.common.clear();
  for (std::size_t k = walk_end; k < s.walk.size(); ++k)
    s.common.push_back({s.walk[k].query, s.walk[k].token, s.walk[k].sim});
  for (std::size_t k = 0; k < walk_end; ++k) {
    const auto& w = s.walk[k];
    const auto t = w.token;
    for (auto p = post_offsets_[t]; p < post_offsets_[t + 1] && s.touched.size() < max_touched;
         ++p) {
      const auto r = post_names_[p];
      if (s.acc[r] == 0.0f) s.touched.push_back(r);
      s.acc[r] += w.sim * weights_[t];
      s.accq[r] += s.qweights[w.query];
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
  // One candidate per entry: its name of the highest band, then the best score (a name that
  // holds for review outranks a name that scores higher but is capped lower or clears).
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    if (a.list != b.list) return a.list < b.list;
    if (a.entry != b.entry) return a.entry < b.entry;
    if (a.band != b.band) return a.band > b.band;
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
  if (options.explain) explain(out, options, s);
  return out;
}

void list_index::explain(std::vector<screen_candidate>& candidates, const screen_options& options,
                         screen_scratch& s) const {
  for (auto& c : candidates) score(c.ref, options, s, c, true);
}

}  // namespace exportctl::detail
