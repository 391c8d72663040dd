// exportctl — export-control rules engine for AI chips.
// lint.hpp: checks rule packs without building an engine (`exportctl lint`): every problem as a
// diagnostic, and counts of what the packs hold when they load.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"

namespace exportctl {

/// What a set of packs that loads holds.
struct pack_summary {
  std::size_t packs = 0;
  std::size_t classification_rules = 0;
  std::size_t requirements = 0;
  std::size_t entity_list_entries = 0;
  std::size_t products = 0;
  /// With `lint_options::update_manifests`: each directory's pack-set manifest (pack-set.yaml)
  /// rewritten for the packs as they are, for the caller to write after review.
  struct manifest_text {
    std::string file;
    std::string text;
  };
  std::vector<manifest_text> manifests;
};

struct lint_options {
  /// Accept packs that differ from their directory's manifest and return the manifests
  /// rewritten (`exportctl lint --update-manifest`); every other check still applies.
  bool update_manifests = false;
};

/// Loads, validates and compiles the packs under `paths` (files or directories; scenario packs
/// are checked too) and appends every problem to `out`. Returns the summary when no error was
/// found (warnings alone do not prevent loading).
[[nodiscard]] std::optional<pack_summary> lint_packs(const std::vector<std::string>& paths,
                                                     std::vector<diagnostic>& out,
                                                     const lint_options& options = {});

}  // namespace exportctl
