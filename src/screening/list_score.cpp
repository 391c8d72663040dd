// list_score.cpp: the score and band of one candidate name (list_index.hpp, docs/screening.md).
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "screening/list_index.hpp"

namespace exportctl::detail {

namespace {

/// Bands (docs/screening.md): a score at or above `match_at` acts as a listing unless a cap
/// applies; at or above `possible_at` the shipment would hold for review.
constexpr double match_at = 0.88;
constexpr double possible_at = 0.70;
/// A country the entry's addresses confirm adds this much (at most 1).
constexpr double country_bonus = 0.03;
/// An unmatched number on each side ("Shipping Three" / "Shipping Five") or business word on
/// each side ("Exports" / "Imports") multiplies the score by these.
constexpr double number_conflict = 0.75;
constexpr double business_conflict = 0.7;

/// `v` with two decimals, as "%.2f" writes it for the values reasons show (similarities and
/// weights in [0, 1]), without printf's cost: reasons are written for every candidate shown.
std::string fixed(double v) {
  if (!(v >= 0.0 && v < 1000.0)) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
  }
  const auto hundredths = static_cast<unsigned>(v * 100.0 + 0.5);
  std::string out = std::to_string(hundredths / 100);
  out += '.';
  out += static_cast<char>('0' + (hundredths / 10) % 10);
  out += static_cast<char>('0' + hundredths % 10);
  return out;
}

/// The words of `name` as a reader wrote them, lower-cased, when they line up one to one with
/// its folded words (an ASCII name: folding maps letters and digits, never splits or joins
/// words), joined as the dictionary joined them (`spans`); else the folded tokens. Explanations
/// quote these, not the confusables skeleton ("hmc", not "hrnc").
std::vector<std::string> display_tokens(std::string_view name,
                                        const std::vector<std::string_view>& folded,
                                        const std::vector<token_span>& spans) {
  std::vector<std::string> words;
  bool ascii = true;
  std::string cur;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) ascii = false;
    if (std::isalnum(c)) {
      cur += static_cast<char>(std::tolower(c));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  std::vector<std::string> out;
  if (ascii && spans.size() == folded.size()) {
    for (const auto& sp : spans) {
      if (sp.first + sp.count > words.size()) {
        out.clear();
        break;
      }
      std::string w;
      for (std::size_t k = sp.first; k < sp.first + sp.count; ++k)
        w += (w.empty() ? "" : " ") + words[k];
      out.push_back(std::move(w));
    }
    if (out.size() == folded.size()) return out;
  }
  out.assign(folded.begin(), folded.end());
  return out;
}

}  // namespace

double jaro_winkler(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a == b ? 1.0 : 0.0;
  if (a == b) return 1.0;
  if (a.size() > 64 || b.size() > 64) return 0.0;  // bounded: long tokens match only exactly
  const std::size_t range = std::max<std::size_t>(1, std::max(a.size(), b.size()) / 2) - 1;
  bool am[64] = {}, bm[64] = {};
  std::size_t m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > range ? i - range : 0, hi = std::min(b.size(), i + range + 1);
    for (std::size_t j = lo; j < hi; ++j)
      if (!bm[j] && a[i] == b[j]) {
        am[i] = bm[j] = true;
        ++m;
        break;
      }
  }
  if (m == 0) return 0.0;
  std::size_t t = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!am[i]) continue;
    while (!bm[j]) ++j;
    if (a[i] != b[j]) ++t;
    ++j;
  }
  const double md = static_cast<double>(m);
  const double jaro = (md / static_cast<double>(a.size()) + md / static_cast<double>(b.size()) +
                       (md - static_cast<double>(t) / 2.0) / md) /
                      3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

void list_index::score(std::uint32_t r, const screen_options& options, screen_scratch& s,
                       screen_candidate& out, bool explain) const {
  const auto& ref = refs_[r];
  out.list = ref.list;
  out.entry = ref.entry;
  out.name = ref.name;
  out.ref = r;
  out.reasons.clear();
  const std::size_t q = s.nreal, qt = s.tokens.size();
  const std::size_t c = ref.end - ref.begin;
  // Query weights: a listed token's weight, 1 for a word no list has (it is distinctive).
  float qw[64], cw[64];
  for (std::size_t i = 0; i < qt; ++i) qw[i] = s.qweights[i];
  const std::size_t cn = std::min<std::size_t>(c, 64);
  for (std::size_t j = 0; j < cn; ++j) cw[j] = weights_[name_tokens_[ref.begin + j]];
  // Pairs (query token, listed token) with their similarity, aligned greedily by value. A
  // compound query token (list_index.cpp) covers two or three query words.
  struct pair_t {
    float value, sim;
    std::uint8_t i, j, jn;  ///< listed tokens [j, j + jn): more than one when written together
    bool acronym;           ///< one side is the initials of the other's words
  };
  pair_t pairs[256];  // trivially constructible: left uninitialized, filled up to np
  std::size_t np = 0;
  // No acronym of the query stands for a person's name (is_individual).
  const bool person = qt > q && is_individual(lists_[ref.list].entries[ref.entry]);
  for (std::size_t i = 0; i < qt; ++i) {
    if (person && (s.qflags[i] & acronym)) continue;
    for (const auto& [t, sim] : s.matches[i])
      for (std::size_t j = 0; j < cn && np < 256; ++j)
        if (name_tokens_[ref.begin + j] == t)
          pairs[np++] = {sim * (qw[i] + cw[j]),        sim, static_cast<std::uint8_t>(i),
                         static_cast<std::uint8_t>(j), 1,   (s.qflags[i] & acronym) != 0};
  }
  // A query word equal to two or three of the name's words written together.
  for (const auto& h : s.joined_hits) {
    const auto& jw = joined_[h.joined];
    if (jw.ref != r || np >= 256 || jw.first + jw.count > cn) continue;
    float w = qw[h.query];
    for (std::size_t k = jw.first; k < jw.first + jw.count; ++k) w += cw[k];
    const float sim = jw.acronym ? acronym_similarity : 1.0f;
    pairs[np++] = {w * sim,  sim,      static_cast<std::uint8_t>(h.query),
                   jw.first, jw.count, jw.acronym};
  }
  std::sort(pairs, pairs + np, [](const pair_t& a, const pair_t& b) {
    if (a.value != b.value) return a.value > b.value;
    if (a.i != b.i) return a.i < b.i;
    return a.j < b.j;
  });
  bool qused[64] = {}, cused[64] = {};
  const auto free_q = [&](std::size_t i) {
    for (std::size_t k = s.qspan[i].first; k < s.qspan[i].first + s.qspan[i].count; ++k)
      if (qused[k]) return false;
    return true;
  };
  double num = 0, den = 0;
  for (std::size_t i = 0; i < q; ++i) den += qw[i];
  for (std::size_t j = 0; j < cn; ++j) den += cw[j];
  std::size_t aligned = 0, aligned_len = 0;
  bool near_short = false;  // a distinctive short word matched only approximately
  bool initials = false;    // an acronym aligned with the words it may stand for
  bool alike = false;       // a distinctive word matched by its key or skeleton only
  std::vector<std::string>* why = explain ? &out.reasons : nullptr;
  const auto& entry = lists_[ref.list].entries[ref.entry];
  std::vector<std::string> cshow;
  const std::vector<std::string>& qshow = s.qshow;
  if (explain) {
    if (!s.qshow_ready) {  // once per query, for all its candidates
      std::vector<std::string_view> real(s.tokens.begin(), s.tokens.begin() + q);
      s.qshow = display_tokens(s.raw, real, s.spans);
      for (std::size_t i = q; i < qt; ++i) {
        std::string w;
        for (std::size_t k = s.qspan[i].first; k < s.qspan[i].first + s.qspan[i].count; ++k)
          w += (w.empty() ? "" : " ") + s.qshow[k];
        s.qshow.push_back(std::move(w));
      }
      s.qshow_ready = true;
    }
    const std::string_view text =
        std::string_view(entry.names[ref.name]).substr(ref.text_begin, ref.text_len);
    std::string folded;
    std::vector<std::string_view> listed;
    std::vector<token_span> spans;
    name_tokens(text, folded, listed, 64, &spans);
    std::vector<std::string_view> mine;
    for (std::size_t j = 0; j < cn; ++j) mine.push_back(tokens_[name_tokens_[ref.begin + j]]);
    cshow = display_tokens(text, mine, listed == mine ? spans : std::vector<token_span>{});
  }
  for (std::size_t k = 0; k < np; ++k) {
    const auto& p = pairs[k];
    bool listed_free = true;
    for (std::size_t x = p.j; x < p.j + p.jn; ++x) listed_free = listed_free && !cused[x];
    if (!free_q(p.i) || !listed_free) continue;
    for (std::size_t x = s.qspan[p.i].first; x < s.qspan[p.i].first + s.qspan[p.i].count; ++x)
      qused[x] = true;
    for (std::size_t x = p.j; x < p.j + p.jn; ++x) cused[x] = true;
    num += p.value;
    ++aligned;
    initials = initials || p.acronym;
    aligned_len = std::max(aligned_len, s.tokens[p.i].size());
    const auto& listed_tok = tokens_[name_tokens_[ref.begin + p.j]];
    if (p.sim < 1.0f && cw[p.j] >= 0.3f && std::max(s.tokens[p.i].size(), listed_tok.size()) < 10)
      near_short = true;
    alike = alike || (p.sim == romanization_similarity && cw[p.j] >= 0.3f);
    if (why) {
      std::string listed = cshow[p.j];
      float lw = cw[p.j];
      for (std::size_t x = p.j + 1; x < p.j + p.jn; ++x) {
        listed += " " + cshow[x];
        lw += cw[x];
      }
      why->push_back("`" + qshow[p.i] + "` ~ `" + listed + "` " + fixed(p.sim) +
                     (p.acronym ? " as initials" : "") + " (weights " + fixed(qw[p.i]) + ", " +
                     fixed(lw) + ")");
    }
  }
  // Legal forms left over on both sides pair up ("Co" with "Company", "Ltd" with "GmbH"): the
  // form of a company is no evidence against it being the listed one.
  for (std::size_t i = 0; i < q; ++i) {
    if (qused[i] || !(s.qflags[i] & legal_form)) continue;
    for (std::size_t j = 0; j < cn; ++j)
      if (!cused[j] && (flags_[name_tokens_[ref.begin + j]] & legal_form)) {
        qused[i] = cused[j] = true;
        num += qw[i] + cw[j];
        if (why) why->push_back("legal forms `" + qshow[i] + "` ~ `" + cshow[j] + "`");
        break;
      }
  }
  double score = den > 0 ? num / den : 0.0;
  // Caps: what a near string cannot tell apart, a person must (docs/screening.md).
  bool cap = false;
  auto capped = [&](std::string reason) {
    cap = true;
    if (why) why->push_back(std::move(reason) + ": at most possible");
  };
  bool q_num = false, c_num = false, q_biz = false, c_biz = false;
  for (std::size_t i = 0; i < q; ++i)
    if (!qused[i]) {
      if (why) why->push_back("query `" + qshow[i] + "` unmatched (weight " + fixed(qw[i]) + ")");
      q_num |= (s.qflags[i] & number_word) != 0;
      q_biz |= (s.qflags[i] & business_word) != 0;
    }
  for (std::size_t j = 0; j < cn; ++j)
    if (!cused[j]) {
      const auto f = flags_[name_tokens_[ref.begin + j]];
      if (why) why->push_back("listed `" + cshow[j] + "` unmatched (weight " + fixed(cw[j]) + ")");
      c_num |= (f & number_word) != 0;
      c_biz |= (f & business_word) != 0;
    }
  // A number or business word on each side that the other lacks is evidence of another
  // company, not only a missing word: the score drops as well as the band.
  if (q_num && c_num) score *= number_conflict;
  if (q_biz && c_biz) score *= business_conflict;
  if (q_num || c_num) capped("numbers differ");
  if (q_biz && c_biz) capped("business words differ");
  if (near_short) capped("a short distinctive word matched only approximately");
  if (initials) capped("an acronym matched as initials");
  if (alike)
    capped("a distinctive word spelled alike only by its romanization key or consonant skeleton");
  if (aligned == 1 && aligned_len <= 5 && (q > 1 || c > 1 || aligned_len <= 3))
    capped("acronym or short-word-only hit");
  if (!options.country.empty() && !entry.countries.empty()) {
    if (std::binary_search(entry.countries.begin(), entry.countries.end(), options.country)) {
      score = std::min(1.0, score + country_bonus * (score >= possible_at ? 1 : 0));
      if (why) why->push_back("country " + options.country + " in the entry's addresses");
    } else {
      std::string listed;
      for (const auto& cc : entry.countries) listed += (listed.empty() ? "" : ", ") + cc;
      capped("country " + options.country + " not in the entry's addresses (" + listed + ")");
    }
  }
  score = std::clamp(score, 0.0, 1.0);
  out.score = score;
  out.band = score >= match_at && !cap ? screen_band::match
             : score >= possible_at    ? screen_band::possible
                                       : screen_band::none;
  // The listed name whole inside a longer query ("Huawei Technologies Co Ltd Shenzhen",
  // "Huawei Technologies Japan K.K."): a subsidiary or branch named after the listed entity is
  // for a person to review, whatever the extra words weigh.
  if (out.band == screen_band::none) {
    double listed = 0, covered = 0;
    for (std::size_t j = 0; j < cn; ++j) {
      listed += cw[j];
      if (cused[j]) covered += cw[j];
    }
    double strong = 0;
    for (std::size_t k = 0; k < np; ++k)
      if (pairs[k].i < q && qused[pairs[k].i] && cused[pairs[k].j] && pairs[k].sim >= 0.9f)
        strong = std::max<double>(strong, cw[pairs[k].j]);
    if (listed > 0 && covered >= 0.9 * listed && covered >= 0.8 && strong >= 0.5 && c == cn) {
      out.band = screen_band::possible;
      if (why) why->push_back("the query contains the listed name: possible");
    }
  }
  if (why && ref.name > 0)
    why->insert(why->begin(), "matched alias `" + entry.names[ref.name] + "`");
  if (why && ref.name == 0) why->insert(why->begin(), "matched the listed name");
}

}  // namespace exportctl::detail
