// text_encoding.hpp: the byte-level check every document passes before a parser sees it. YAML
// and JSON text is UTF-8; yaml-cpp passes invalid sequences and control characters through
// (or fails on them with a misleading message), and they would reach names, screening and
// JSON output.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace exportctl::detail
