// normalize.hpp: the screening key of a name (party or Entity List entry). Two names screen
// alike when their keys are equal, so every listed name and every party name goes through the
// same pipeline:
//
//   1. Unicode NFKC with case folding and removal of default-ignorable code points
//      (ICU's NFKC_Casefold): full-width letters and ligatures become their plain letters, every
//      Unicode space (no-break, ideographic, en, em...) a space, and zero-width spaces and
//      joiners, soft hyphens and byte-order marks disappear;
//   2. every code point that is not a letter, number or mark (punctuation, symbols, spaces,
//      controls) separates words;
//   3. the UTS #39 confusables skeleton (ICU uspoof), folded again: a Cyrillic "е" in "Huawei"
//      is a Latin "e" (the skeleton also maps Latin look-alikes: "m" → "rn", "0" → "o");
//   4. words joined by one space, and trailing legal-form suffixes (from the pack) stripped.
//
// ASCII names (nearly all parties) take a table-driven fast path that gives the same bytes as
// the ICU path without allocating; the table is computed from the ICU path itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace exportctl::detail {

/// Steps 1–3 (no suffix stripping) into `out`, reusing its capacity: the ASCII fast path when
/// `name` is ASCII, else the ICU path.
void fold_name(std::string_view name, std::string& out);
/// Steps 1–3 through ICU whatever the input (what the fast path must equal; for tests).
void fold_name_unicode(std::string_view name, std::string& out);
[[nodiscard]] std::string fold_name(std::string_view name);

/// `name` with non-Latin scripts transliterated to Latin and Latin letters to ASCII (ICU
/// "Any-Latin; Latin-ASCII"), so that a name and its romanization meet: "Газпром" → "Gazprom",
/// "Müller" → "Muller", "华为" → "hua wei" (Han syllables come apart: screening joins them back,
/// list_index.cpp). ASCII passes through unchanged without calling ICU. Used by fuzzy screening
/// only: the curated Entity List's exact keys (name_normalizer) stay as they are.
void latin_ascii(std::string_view name, std::string& out);

/// ICU's English display name of an ISO 3166-1 alpha-2 code ("DE" → "Germany"), UTF-8; empty
/// when ICU has none. Here because this file is the one that includes ICU.
[[nodiscard]] std::string english_country_name(const std::string& code);

/// The legal-form suffixes of a pack, folded and sorted longest first, and the full key.
class name_normalizer {
 public:
  name_normalizer() = default;
  explicit name_normalizer(const std::vector<std::string>& legal_suffixes);

  /// The screening key of `name` into `out` (capacity reused).
  void key(std::string_view name, std::string& out) const;
  [[nodiscard]] std::string key(std::string_view name) const;

  /// The folded suffixes, longest first.
  [[nodiscard]] const std::vector<std::string>& suffixes() const { return suffixes_; }

 private:
  std::vector<std::string> suffixes_;
};

/// The screening key with suffixes given as written in a pack (folded here).
[[nodiscard]] std::string normalize_name(std::string_view name,
                                         const std::vector<std::string>& suffixes);

/// A name ending in a parenthetical, as the Consolidated Screening List writes an alias
/// ("Huawei Technologies Co., Ltd. (Huawei)"): the name before it and the text inside it.
/// ASCII and full-width parentheses; nothing when the name does not end so.
struct parenthetical_split {
  std::string_view base;
  std::string_view inner;
};
[[nodiscard]] bool split_trailing_parenthetical(std::string_view name, parenthetical_split& out);

}  // namespace exportctl::detail
