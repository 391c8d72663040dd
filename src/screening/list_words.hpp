// list_words.hpp (internal): the word classes screening treats specially (docs/screening.md).
#pragma once

#include <string_view>

namespace exportctl::detail {

/// Legal forms and connectives ("co", "ltd", "gmbh", "of"): a tenth of their weight, because
/// "Alpha Co" and "Alpha Ltd" are the same name for screening.
[[nodiscard]] bool is_legal_form(std::string_view folded_token);
/// Words that tell sister companies apart ("exports" / "imports", "shipping" / "trading"):
/// they match only exactly, and an unmatched one on each side caps a candidate at possible.
[[nodiscard]] bool is_business_word(std::string_view folded_token);
/// Digits, number words and ordinals ("8", "three", "third"): numbered vehicles and funds
/// ("Shipping Three", "No. 8") are different parties, so numbers match only exactly.
[[nodiscard]] bool is_number_word(std::string_view folded_token);

}  // namespace exportctl::detail
