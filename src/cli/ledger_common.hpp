// ledger_common.hpp: what `release` and the `ledger` subcommands share: --db, --principal and
// opening the ledger with its diagnostics printed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "exportctl/ledger.hpp"

namespace exportctl::cli {

struct ledger_flags {
  std::string url = default_ledger_url;
  std::string principal;  ///< empty: the login name (USER), else "cli"
  int busy_timeout_ms = 5000;
};

/// --db, --principal and --busy-timeout.
void add_ledger_flags(CLI::App& cmd, ledger_flags& f);
/// The ledger options the flags give (the principal defaulted).
[[nodiscard]] ledger_options ledger_options_of(const ledger_flags& f);
/// `ledger resolve` (ledger_resolve.cpp), registered on the `ledger` command.
void add_resolve_command(CLI::App& parent, std::shared_ptr<ledger_flags> db,
                         std::shared_ptr<std::function<int()>> run);
/// Opens the ledger; prints diagnostics and returns null on failure.
[[nodiscard]] std::unique_ptr<ledger> open_ledger(const ledger_flags& f);

}  // namespace exportctl::cli
