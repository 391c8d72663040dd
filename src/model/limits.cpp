// limits.cpp: the size bound shared by every reader of user text (docs/limits.md).
#include "model/limits.hpp"

#include <fmt/format.h>

namespace exportctl::detail {

std::optional<diagnostic> input_too_large(std::size_t size, std::size_t max, std::string_view what,
                                          std::string_view file) {
  if (size <= max) return std::nullopt;
  // Refused before parsing: reading a huge document only to reject it would let one request
  // hold a shared engine's memory and time.
  diagnostic d;
  d.code = "EXC-E5001";
  d.message = fmt::format("{} is {} bytes; the limit is {} bytes", what, size, max);
  d.file = std::string(file);
  d.help = "split the input, or raise input_limits in the engine's configuration";
  return d;
}

}  // namespace exportctl::detail
