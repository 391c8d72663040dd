// text.hpp: text helpers shared by every reader: edit distance and the closest candidate for a
// "did you mean" help line (pack keys and ids, shipment keys, CSV columns, country codes).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exportctl::detail {

/// Levenshtein distance between `a` and `b` (bytes, case-sensitive).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate by edit distance, if close enough to suggest ("did you mean"): a
/// case-only difference first, then the nearest within a third of the word's length, then a
/// candidate the word is a prefix of.
[[nodiscard]] std::optional<std::string> closest_match(std::string_view word,
                                                       const std::vector<std::string>& candidates);

/// `s` with ASCII letters lowered (file names, extensions, pack phrases, list policy texts).
[[nodiscard]] std::string ascii_lower(std::string s);

/// "key[i]", the path of a list element in diagnostics, built in one allocation (readers build
/// a few per row).
[[nodiscard]] std::string index_path(std::string_view key, std::size_t i);

/// A name as the ledger compares end users (serial history, compute accounting): ASCII letters
/// and digits without case, any other ASCII run as one space, other bytes as they are. Stricter
/// than the screening key on purpose (no look-alike letters): a name that differs is another
/// end user, which can only flag or count more.
[[nodiscard]] std::string end_user_key(std::string_view name);

}  // namespace exportctl::detail
