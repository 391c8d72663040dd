// validate.hpp: semantic checks of a shipment against the loaded packs. The shipment reader only
// checks structure; here unknown parties, countries, products and precisions are found, every one
// of them, each with file:line:column, a stable code (EXC-E4xxx, docs/diagnostics.md), the
// logical path and a "did you mean" hint where one is close.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "exportctl/limits.hpp"
#include "exportctl/shipment.hpp"
#include "rules/compiled.hpp"
#include "screening/normalize.hpp"

namespace exportctl::detail {

/// An error about the shipment at `pos` in `file`; validate.cpp and validate_limits.cpp both
/// report through it, so their diagnostics have one shape.
[[nodiscard]] inline diagnostic shipment_error(std::string_view code, std::string message,
                                               const std::string& file, const source_position& pos,
                                               std::string path, std::string help) {
  diagnostic d;
  d.level = severity::error;
  d.code = std::string(code);
  d.message = std::move(message);
  d.file = file;
  d.line = pos.line;
  d.column = pos.column;
  d.path = std::move(path);
  d.help = std::move(help);
  return d;
}

/// Appends every problem of `s` to `out`. The shipment may be decided when none is an error.
/// The limits are checked first; past one, nothing else is checked.
void validate_shipment(const shipment& s, const compiled_packs& packs, const name_normalizer& names,
                       const input_limits& limits, std::vector<diagnostic>& out);

/// Why `name` leaves nothing to screen (empty after normalization, only a legal form, a
/// placeholder), or empty when it can be screened. `key` is scratch space.
[[nodiscard]] std::string_view unscreenable_name(const name_normalizer& names,
                                                 std::string_view name, std::string& key);

/// The owners of the parties and the entities (validate_owners.cpp, EXC-E4012 .. E4016): known
/// entity ids, shares in (0, 100] summing to 100 at most, owner names that can be screened.
void validate_owners(const shipment& s, const name_normalizer& names, std::vector<diagnostic>& out);

/// Checks one item (and what it contains) found at logical `path` in `file`.
void validate_item(const item& it, const std::string& path, const std::string& file,
                   const compiled_packs& packs, const input_limits& limits,
                   std::vector<diagnostic>& out);

/// The size and shape of `s` against `limits` (validate_limits.cpp): false, with diagnostics
/// appended to `out`, when a limit is exceeded. Never recursive, so safe on any input.
[[nodiscard]] bool check_shipment_limits(const shipment& s, const input_limits& limits,
                                         std::vector<diagnostic>& out);
/// As above for one item and what it contains.
[[nodiscard]] bool check_item_limits(const item& it, const std::string& path,
                                     const std::string& file, const input_limits& limits,
                                     std::vector<diagnostic>& out);

}  // namespace exportctl::detail
