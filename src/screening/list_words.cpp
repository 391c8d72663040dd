// list_words.cpp: the dictionary of name_words.cpp, parsed and folded once (names are folded
// through the confusables skeleton, where "m" is "rn", so the dictionary is folded the same way
// before use), and the phrase replacement of list_words.hpp.
#include "screening/list_words.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "screening/normalize.hpp"

namespace exportctl::detail {

extern const char* const name_words_text;

namespace {

struct phrase {
  std::vector<std::string> rest;  ///< the words after the first
  std::string word;               ///< what the phrase is written as
};

struct dictionary {
  std::vector<std::string> legal, business, number, article, connective;  // sorted
  std::unordered_map<std::string, std::vector<phrase>> phrases;  // by first word, longest first
  std::map<std::string, std::vector<std::string>, std::less<>> spellings;  // one-word phrases
  std::size_t longest = 1;

  dictionary() {
    std::string_view text = name_words_text;
    std::vector<std::string>* section = nullptr;
    std::string buf, folded;
    const auto fold_words = [&](std::string_view s) {
      screen_fold(s, buf, folded);
      std::vector<std::string> out;
      std::string_view rest = folded;
      while (!rest.empty()) {
        const auto sp = rest.find(' ');
        if (sp != 0) out.emplace_back(rest.substr(0, sp));
        if (sp == std::string_view::npos) break;
        rest.remove_prefix(sp + 1);
      }
      return out;
    };
    while (!text.empty()) {
      const auto nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
      if (const auto hash = line.find('#'); hash != std::string_view::npos)
        line = line.substr(0, hash);
      if (line.empty()) continue;
      if (line.front() == '[') {
        section = line == "[legal]"        ? &legal
                  : line == "[business]"   ? &business
                  : line == "[number]"     ? &number
                  : line == "[article]"    ? &article
                  : line == "[connective]" ? &connective
                                           : nullptr;  // [abbreviation]: no word class
        continue;
      }
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) {
        if (section)
          for (auto& w : fold_words(line)) section->push_back(std::move(w));
        continue;
      }
      const auto head = fold_words(line.substr(0, colon));
      if (head.size() != 1) continue;  // a canonical word is one word
      if (section) section->push_back(head[0]);
      std::string_view list = line.substr(colon + 1);
      while (!list.empty()) {
        const auto comma = list.find(',');
        auto words = fold_words(list.substr(0, comma));
        list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
        if (words.empty()) continue;
        if (section) section->push_back(words.size() == 1 ? words[0] : head[0]);
        if (words.size() == 1 && words[0] == head[0]) continue;
        if (words.size() == 1) spellings[head[0]].push_back(words[0]);
        longest = std::max(longest, words.size());
        phrase p{{words.begin() + 1, words.end()}, head[0]};
        phrases[words[0]].push_back(std::move(p));
      }
    }
    // Articles and connectives weigh as legal forms do: one list of them, not two.
    legal.insert(legal.end(), article.begin(), article.end());
    legal.insert(legal.end(), connective.begin(), connective.end());
    for (auto* v : {&legal, &business, &number, &article, &connective}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    for (auto& [first, list] : phrases)
      std::stable_sort(list.begin(), list.end(), [](const phrase& a, const phrase& b) {
        return a.rest.size() > b.rest.size();
      });
  }
};

const dictionary& words() {
  static const dictionary d;
  return d;
}

bool in_sorted(const std::vector<std::string>& v, std::string_view t) {
  return std::binary_search(v.begin(), v.end(), t);
}

}  // namespace

void screen_fold(std::string_view name, std::string& buf, std::string& out) {
  // After transliteration a name is ASCII (nearly always), and ASCII needs no confusables
  // skeleton: a look-alike of another script is transliterated as the letter it looks like,
  // and the skeleton would fold digits into letters ("101" into "lol"), which the number rules
  // must see. So: ASCII letters and digits lower-cased, anything else a word break. What
  // transliteration leaves outside ASCII goes through the full ICU folding.
  std::string_view src = name;
  const auto ascii = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  if (!ascii(src)) {
    latin_ascii(name, buf);
    src = buf;
    if (!ascii(src)) {
      fold_name(src, out);
      return;
    }
  }
  out.clear();
  bool pending = false;
  for (const char ch : src) {
    const auto c = static_cast<unsigned char>(ch);
    const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!word) {
      pending = true;
      continue;
    }
    if (pending && !out.empty()) out += ' ';
    pending = false;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
}

bool romanization_key(std::string_view w, std::string& out) {
  out.clear();
  if (w.size() < 5 || w.size() > 64) return false;
  const auto vowel = [](char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c < 'a' || c > 'z') return false;
    if (i == 0 && vowel(c)) {
      out += 'a';
      continue;
    }
    if (vowel(c) || (c == 'h' && i > 0)) continue;
    if (c == 'p' && i + 1 < w.size() && w[i + 1] == 'h') c = 'f';
    if (c == 'g' && i + 1 < w.size() && w[i + 1] == 'h') c = 'k';
    if (c == 'c' || c == 'q') c = 'k';
    if (c == 'w') c = 'v';
    if (c == 'x') {
      if (out.empty() || out.back() != 'k') out += 'k';
      c = 's';
    }
    if (out.empty() || out.back() != c) out += c;
  }
  return out.size() >= 4;
}

bool abjad_skeleton(std::string_view w, std::string& out) {
  out.clear();
  if (w.size() < 3 || w.size() > 64) return false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c < 'a' || c > 'z') return false;
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'w' ||
        c == 'v' || (c == 'h' && i > 0))
      continue;
    if (c == 'c' || c == 'q') c = 'k';
    if (c == 'x') {
      if (out.empty() || out.back() != 'k') out += 'k';
      c = 's';
    }
    if (out.empty() || out.back() != c) out += c;
  }
  return out.size() >= 2;
}

bool has_abjad_script(std::string_view text) {
  // UTF-8 lead bytes: U+0590-U+07BF (Hebrew, Arabic, Syriac, Arabic Supplement, Thaana) lead
  // with D6 90-BF and D7-DE; U+0800-U+08FF (Samaritan, Mandaic, Syriac Supplement, Arabic
  // Extended-A and -B) with E0 A0-A3; U+FB1D-U+FDFF and U+FE70-U+FEFF (presentation forms)
  // with EF AC 9D-BF, EF AD-B7 and EF B9-BB (EF AC below 9D: the Latin and Armenian ligatures).
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0xD6 || i + 1 >= text.size()) continue;
    const auto d = static_cast<unsigned char>(text[i + 1]);
    if (c == 0xD6) {
      if (d >= 0x90) return true;  // D6 80-8F is Armenian
      continue;
    }
    if (c <= 0xDE) return true;
    if (c == 0xE0 && d >= 0xA0 && d <= 0xA3) return true;
    if (c != 0xEF) continue;
    if (d == 0xAC) {
      if (i + 2 < text.size() && static_cast<unsigned char>(text[i + 2]) >= 0x9D) return true;
      continue;
    }
    if ((d >= 0xAD && d <= 0xB7) || (d >= 0xB9 && d <= 0xBB)) return true;
  }
  return false;
}

const std::vector<std::string>& spellings_of(std::string_view word) {
  static const std::vector<std::string> none;
  const auto& d = words();
  const auto it = d.spellings.find(word);
  return it == d.spellings.end() ? none : it->second;
}

bool is_legal_form(std::string_view t) { return in_sorted(words().legal, t); }

bool is_business_word(std::string_view t) { return in_sorted(words().business, t); }

bool joins_in_compounds(std::string_view w, bool legal) {
  return !legal || w.size() <= 1 || in_sorted(words().article, w);
}

bool is_connective(std::string_view w) { return in_sorted(words().connective, w); }

bool is_number_word(std::string_view t) {
  if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return true;
  return in_sorted(words().number, t);
}

void apply_phrases(std::vector<std::string_view>& tokens, std::vector<token_span>* spans) {
  const auto& d = words();
  if (spans) spans->clear();
  std::size_t out = 0;
  std::string key;
  for (std::size_t i = 0; i < tokens.size();) {
    const phrase* hit = nullptr;
    key.assign(tokens[i]);
    if (const auto it = d.phrases.find(key); it != d.phrases.end())
      for (const auto& p : it->second) {
        if (i + 1 + p.rest.size() > tokens.size()) continue;
        bool same = true;
        for (std::size_t k = 0; k < p.rest.size() && same; ++k)
          same = tokens[i + 1 + k] == p.rest[k];
        if (same) {
          hit = &p;
          break;
        }
      }
    const std::size_t n = hit ? 1 + hit->rest.size() : 1;
    if (spans)
      spans->push_back(
          {static_cast<std::uint8_t>(std::min<std::size_t>(i, 255)), static_cast<std::uint8_t>(n)});
    tokens[out++] = hit ? std::string_view(hit->word) : tokens[i];
    i += n;
  }
  tokens.resize(out);
}

}  // namespace exportctl::detail
