// loader.hpp: rule packs on disk → compiled_packs. The only entry point of the rules module.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "exportctl/limits.hpp"
#include "exportctl/pack_text.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

struct pack_set_manifest;  // rules/pack_set.hpp

struct load_options {
  /// Files or directories (directories are searched recursively for *.yaml, sorted by path).
  std::vector<std::string> paths;
  /// Scenario names whose `status: scenario` packs are applied; other scenario packs are loaded
  /// and checked, listed in compiled_packs::packs, but contribute no rules.
  std::vector<std::string> scenarios;
  /// Bounds on each pack's size and nesting (max_pack_bytes, max_document_depth).
  input_limits limits;
  /// Packs given as text (name, text), read after the files; the name stands for the file name
  /// in diagnostics.
  std::vector<pack_text> texts;
  /// Read the pack-set manifests without checking them (`lint --update-manifest`).
  bool update_manifests = false;
  /// If set, receives the pack-set manifests read (pack_set.hpp).
  std::vector<pack_set_manifest>* manifests_out = nullptr;
};

/// Loads, validates and compiles the packs. Every problem is appended to `out`; returns nullptr
/// when any error was found (warnings alone do not prevent loading). An unknown scenario name is
/// an error (EXC-E3010).
[[nodiscard]] std::shared_ptr<compiled_packs> load_packs(const load_options& options,
                                                         std::vector<diagnostic>& out);

}  // namespace exportctl::detail
