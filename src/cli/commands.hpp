// commands.hpp: one function per subcommand; each registers its options on the app and returns
// a callback that runs it and yields the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace exportctl::cli {

struct engine_flags;  // cli/common.hpp

/// Adds a repeatable option that takes exactly one value per occurrence, so that
/// `--rules DIR FILE` never takes FILE as a second pack.
CLI::Option* add_repeatable(CLI::App& cmd, const std::string& name, std::vector<std::string>& to,
                            const std::string& help);
/// --rules, --scenario and --lists.
void add_pack_and_list_flags(CLI::App& cmd, engine_flags& f);
/// Those, --as-of, --format, --pretty and --require-headquarters (`check`, `classify`, `release`).
void add_engine_flags(CLI::App& cmd, engine_flags& f);

using command = std::function<int()>;

command add_check(CLI::App& app);
command add_classify(CLI::App& app);
command add_lint(CLI::App& app);
command add_products(CLI::App& app);
command add_batch(CLI::App& app);
command add_verify(CLI::App& app);
command add_screen(CLI::App& app);
command add_release(CLI::App& app);
command add_ledger(CLI::App& app);
command add_serve(CLI::App& app);

}  // namespace exportctl::cli
