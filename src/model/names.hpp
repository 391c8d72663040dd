// names.hpp: parsers for the stable names that the public headers only print (hop kinds,
// finding kinds). Internal: rule packs need them, the public API does not.
#pragma once

#include <optional>
#include <string_view>

#include "exportctl/decision.hpp"

namespace exportctl::detail {

/// "export", "reexport", "in_country_transfer", "within_us".
[[nodiscard]] std::optional<hop_kind> parse_hop_kind(std::string_view s);
/// The names printed by to_string(finding_kind).
[[nodiscard]] std::optional<finding_kind> parse_finding_kind(std::string_view s);

}  // namespace exportctl::detail
