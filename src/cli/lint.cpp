// lint.cpp: `exportctl lint [PATH...]` — validates rule packs and prints every problem.
// `exportctl products` — lists the product catalog.
#include "exportctl/lint.hpp"

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"

namespace exportctl::cli {

command add_lint(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "lint",
      "Check rule packs: syntax, unknown keys, types, country codes, references, overlapping "
      "dates. Prints every problem as file:line:column with a code (docs/diagnostics.md); exit 1 "
      "if any error. Scenario packs are checked too.");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto update = std::make_shared<bool>(false);
  cmd->add_option("PATH", *paths, "Pack files or directories (default: the installed packs)");
  cmd->add_flag("--update-manifest", *update,
                "Rewrite each directory's pack-set manifest (pack-set.yaml) with the packs as "
                "they are, after every other check passes; review the diff like a pack change");
  return [paths, update]() -> int {
    std::vector<std::string> use = *paths;
    if (use.empty()) use.push_back(default_rules_dir());
    std::vector<diagnostic> diags;
    lint_options options;
    options.update_manifests = *update;
    auto packs = lint_packs(use, diags, options);
    print_diagnostics(diags);
    if (*update && packs) {
      for (const auto& m : packs->manifests) {
        if (!write_file(m.file, m.text)) return exit_error;
        std::cout << "updated " << m.file << '\n';
      }
    }
    std::size_t errors = 0, warnings = 0;
    for (const auto& d : diags) (d.level == severity::error ? errors : warnings) += 1;
    if (packs) {
      std::cout << packs->packs << " packs, " << packs->classification_rules
                << " classification rules, " << packs->requirements << " requirements, "
                << packs->entity_list_entries << " Entity List entries, " << packs->products
                << " products: ";
    }
    std::cout << errors << " error(s), " << warnings << " warning(s)\n";
    return errors == 0 ? exit_ok : exit_error;
  };
}

command add_products(CLI::App& app) {
  auto* cmd = app.add_subcommand("products", "List the catalog's product ids");
  auto flags = std::make_shared<engine_flags>();
  cmd->add_option("--rules", flags->rules, "Rule-pack file or directory (repeatable)");
  return [flags]() -> int {
    auto eng = build_engine(*flags);
    if (!eng) return exit_error;
    for (const auto& id : eng->product_ids()) std::cout << id << '\n';
    return exit_ok;
  };
}

}  // namespace exportctl::cli
