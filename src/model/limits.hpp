// limits.hpp (internal): the diagnostics of input past a bound of exportctl::input_limits
// (EXC-E5xxx, docs/limits.md), shared by the shipment reader, the pack loader and validation.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "exportctl/diagnostic.hpp"

namespace exportctl::detail {

/// EXC-E5001 when `size` bytes of `what` ("shipment", "rule pack") exceed `max`.
[[nodiscard]] std::optional<diagnostic> input_too_large(std::size_t size, std::size_t max,
                                                        std::string_view what,
                                                        std::string_view file);

}  // namespace exportctl::detail
