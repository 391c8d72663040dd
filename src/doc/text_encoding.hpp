// text_encoding.hpp: the byte-level check every document passes before a parser sees it. YAML
// and JSON text is UTF-8; yaml-cpp passes invalid sequences and control characters through
// (or fails on them with a misleading message), and they would reach names, screening and
// JSON output.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace exportctl::detail {

/// The first problem in `text`: where (byte offset) and what (a message for EXC-E1008).
struct encoding_problem {
  std::size_t offset = 0;
  std::string message;
};

/// Checks that `text` is UTF-8 without control characters other than tab, line feed and
/// carriage return (YAML 1.2's printable set, which JSON text also satisfies). A leading
/// byte-order mark is allowed.
[[nodiscard]] std::optional<encoding_problem> find_encoding_problem(std::string_view text);

/// JSON writes a character beyond U+FFFF as a UTF-16 surrogate-pair escape ("\ud83d\ude00", as
/// Python's json.dumps does); YAML has no such escape and yaml-cpp refuses it, but writes the same
/// character "\U0001F600". The text with every pair inside a double-quoted string so rewritten,
/// and where columns moved; nothing when the text has no pair or when its strings cannot be told
/// apart with certainty (single quotes, comments or a backslash outside strings, a quote that does
/// not open a value or key, a lone carriage return): the text then goes to yaml-cpp as written.
struct surrogate_rewrite {
  std::string text;
  /// (0-based line, 0-based column in `text` just past a rewritten escape), in text order: every
  /// column at or past it on that line stands 2 bytes further right in the text as written.
  std::vector<std::pair<int, int>> shifts;
  /// The 1-based column in the text as written of a 0-based (line, column) in `text`.
  [[nodiscard]] int written_column(int line, int column) const;
};
[[nodiscard]] std::optional<surrogate_rewrite> rewrite_surrogate_pairs(std::string_view text);

}  // namespace exportctl::detail
