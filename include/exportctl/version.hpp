// exportctl — export-control rules engine for AI chips.
// version.hpp: the library version, reported in every decision ("engine").
#pragma once

#include <string_view>

namespace exportctl {

/// Library version, major.minor.patch.
inline constexpr std::string_view version = "0.1.0";
/// The engine string every decision carries, e.g. "exportctl 0.1.0".
inline constexpr std::string_view engine_name = "exportctl 0.1.0";

}  // namespace exportctl
