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
/// Words that tell sister companies apart ("exports" / "imports", "shipping" / "trading"):
/// they match only exactly, and an unmatched one on each side caps a candidate at possible.
[[nodiscard]] bool is_business_word(std::string_view folded_token);
/// Digits, number words and ordinals ("8", "three", "third"): numbered vehicles and funds
/// ("Shipping Three", "No. 8") are different parties, so numbers match only exactly.
[[nodiscard]] bool is_number_word(std::string_view folded_token);

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

}  // namespace exportctl::detail
