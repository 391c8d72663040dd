// exportctl — export-control rules engine for AI chips.
// pack_text.hpp: a rule pack given as text. Its own header because both the engine's options
// (engine.hpp) and the pack loader take it, and the loader sits below the engine.
#pragma once

#include <string>

namespace exportctl {

/// A rule pack given as text rather than a file (e.g. edited in memory by the Python package).
struct pack_text {
  std::string name;  ///< shown as the file name in diagnostics, e.g. "<eccn-3a090 (edited)>"
  std::string text;  ///< the pack's YAML or JSON
};

}  // namespace exportctl
