// ledger_common.cpp: ledger flags and opening (ledger_common.hpp).
#include "cli/ledger_common.hpp"

#include <cstdlib>

#include "cli/common.hpp"

namespace exportctl::cli {

void add_ledger_flags(CLI::App& cmd, ledger_flags& f) {
  cmd.add_option("--db", f.url,
                 "The ledger database: `sqlite:PATH` (one file) or `postgresql://[user@]host/db` "
                 "(shared by many processes); default `" +
                     std::string(default_ledger_url) + "`")
      ->envname("EXPORTCTL_DB");
  cmd.add_option("--principal", f.principal,
                 "Who acts, recorded in the journal (default: $USER, else `cli`)");
  cmd.add_option("--busy-timeout", f.busy_timeout_ms,
                 "Milliseconds to wait for another writer before failing (default 5000)")
      ->check(CLI::Range(0, 600000));
}

ledger_options ledger_options_of(const ledger_flags& f) {
  ledger_options o;
  o.busy_timeout_ms = f.busy_timeout_ms;
  o.principal = f.principal;
  if (o.principal.empty()) {
    const char* user = std::getenv("USER");
    o.principal = user != nullptr && *user != '\0' ? user : "cli";
  }
  return o;
}

std::unique_ptr<ledger> open_ledger(const ledger_flags& f) {
  std::vector<diagnostic> diags;
  auto l = ledger::open(f.url, ledger_options_of(f), &diags);
  print_diagnostics(diags);
  return l;
}

}  // namespace exportctl::cli
