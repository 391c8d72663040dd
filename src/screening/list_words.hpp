// list_words.hpp (internal): the words screening treats specially (docs/screening.md), from the
// dictionary of name_words.cpp, and the folding of names for fuzzy screening.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace exportctl::detail {

/// Legal forms and connectives ("co", "ltd", "gmbh", "of"): a tenth of their weight, because
/// "Alpha Co" and "Alpha Ltd" are the same name for screening.
[[nodiscard]] bool is_legal_form(std::string_view folded_token);
/// Whether a folded word of a name takes part when two or three adjacent words are matched
/// written together ("Future Bank" / "Futurebank"): not a legal form of two letters or more
/// (`legal`: its token is one), except an article of the dictionary's [article] section, which
/// romanizations write apart or attached ("Al Nour" / "Alnour", "Al-Resafa" / "Alresafa").
[[nodiscard]] bool joins_in_compounds(std::string_view folded_word, bool legal);
/// Connectives an acronym leaves out (the dictionary's [connective] section: "of", "and",
/// "the", "de", ...): "Islamic State of Iraq and the Levant" is ISIL.
[[nodiscard]] bool is_connective(std::string_view folded_word);
/// Words that tell sister companies apart ("exports" / "imports", "shipping" / "trading"):
/// they match only exactly, and an unmatched one on each side caps a candidate at possible.
[[nodiscard]] bool is_business_word(std::string_view folded_token);
/// Digits, number words and ordinals ("8", "three", "third"): numbered vehicles and funds
/// ("Shipping Three", "No. 8") are different parties, so numbers match only exactly.
[[nodiscard]] bool is_number_word(std::string_view folded_token);

/// The one-word spellings the dictionary writes as `word` ("industries": industrial, industry,
/// inds, industria, industrias), folded; empty for a word that is no phrase's.
[[nodiscard]] const std::vector<std::string>& spellings_of(std::string_view word);

/// The romanization key of a folded word, into `out`: its consonants, in order, repeats
/// collapsed, a leading vowel as `a`, h after the first letter dropped, c and q as k, x as ks,
/// w as v, ph as f, gh as k (Persian "Eghtesad" / "Eqtesad"), y a vowel. Romanizations of one name
/// in another script differ in vowels, doubled letters and these spellings ("Dimashq" / ICU's
/// consonant-only "dmshq", "Yandex" / "yandeks", "Samsung" / "samseong", "Modabberan" /
/// "Modaberan"), rarely in consonants. False (and `out` unspecified) for a word of fewer than 5
/// bytes or not only the letters a-z, or a key under 4 letters, which says too little ("Hyundai"
/// and "Honda" are both "hnd").
[[nodiscard]] bool romanization_key(std::string_view folded_word, std::string& out);

/// The consonant skeleton of a folded word for a name written in an abjad (Arabic, Persian,
/// Hebrew, Syriac, Thaana), into `out`: such scripts leave short vowels out, so ICU's
/// romanization of "بانک ملت" is "bank mlt" where the SDN writes "Bank Mellat". The letters
/// other than a, e, i, o, u, y, w and v (the long vowels are written with alef, yeh and waw, which
/// romanize as vowels or as y, w, v), h after the first letter dropped (kh, sh, th: ICU's
/// "ḵ", "š", "ṯ" fold to k, s, t), c and q as k, x as ks, repeats collapsed: "mellat" and "mlt"
/// are both "mlt", "sepah" and "sph" both "sp". False for a word of fewer than 3 bytes or not
/// only a-z, or a skeleton under 2 letters.
[[nodiscard]] bool abjad_skeleton(std::string_view folded_word, std::string& out);

/// Whether `text` (UTF-8) has a letter of an abjad: Hebrew, Arabic (with its supplements and
/// presentation forms), Syriac, Thaana, Samaritan or Mandaic.
[[nodiscard]] bool has_abjad_script(std::string_view text);

/// The fuzzy-screening form of a name: transliterated to Latin ASCII (normalize.hpp
/// latin_ascii), then folded (fold_name). `buf` is scratch.
void screen_fold(std::string_view name, std::string& buf, std::string& out);

/// Where a token of a name came from: `count` words of the folded name from word `first`
/// (more than one when the dictionary wrote a phrase as one word: "Sp. z o.o." is `llc`).
struct token_span {
  std::uint8_t first = 0, count = 1;
};

/// Replaces the dictionary's phrases in `tokens` (folded words) by their one word, longest
/// phrase first; `spans` (when not null) gets where each resulting token came from. The
/// replacement words live as long as the program.
void apply_phrases(std::vector<std::string_view>& tokens, std::vector<token_span>* spans);

/// How many letters initials have, as an acronym ("KCST") or an initialism written apart
/// ("I.R.I.S.L."): fewer say too little, more are not how names are shortened.
inline constexpr std::size_t min_initials = 3, max_initials = 8;
/// The most words an acronym stands for (connectives included).
inline constexpr std::size_t max_acronym_words = 12;

/// Acronyms of a name (list_index.cpp): calls `f(first, count, initials)` for each run of its
/// tokens [first, first + count) whose initials (`initial[k]` for token k: its first letter, ' '
/// for a connective, which the initials leave out, or '\0' for a token no acronym spans: a
/// number, a dictionary phrase) are 3 to 8 letters, over at most 12 tokens, neither starting
/// nor ending with a connective. `buf` is scratch.
template <class F>
void for_each_acronym(const std::vector<char>& initial, std::string& buf, F&& f) {
  for (std::size_t i = 0; i + 2 < initial.size(); ++i) {
    if (initial[i] == '\0' || initial[i] == ' ') continue;
    buf.clear();
    for (std::size_t k = i; k < initial.size() && k < i + max_acronym_words; ++k) {
      if (initial[k] == '\0') break;
      if (initial[k] == ' ') continue;
      if (buf.size() == max_initials) break;
      buf += initial[k];
      if (buf.size() >= min_initials) f(i, k + 1 - i, std::string_view(buf));
    }
  }
}

}  // namespace exportctl::detail
