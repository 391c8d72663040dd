// commands.hpp: one function per subcommand; each registers its options on the app and returns
// a callback that runs it and yields the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace exportctl::cli {

using command = std::function<int()>;

command add_check(CLI::App& app);
command add_classify(CLI::App& app);
command add_lint(CLI::App& app);
command add_products(CLI::App& app);
command add_batch(CLI::App& app);
command add_verify(CLI::App& app);
command add_screen(CLI::App& app);

}  // namespace exportctl::cli
