// main.cpp: the exportctl command line. Every exception is caught here and reported as an
// internal error (exit 1), never a crash.
#include <exception>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "exportctl/version.hpp"

int main(int argc, char** argv) {
  try {
    CLI::App app{
        "exportctl: decides whether a shipment of AI chips needs a US export licence (ECCN "
        "3A090/4A090), with reasons, citations and rule-pack versions. Not legal advice.\n"};
    app.set_version_flag("--version", std::string(exportctl::version));
    app.require_subcommand(1);
    app.footer(
        "Exit codes of `check`: 0 may ship (no licence required, or a licence exception whose "
        "conditions are listed), 2 licence required, 3 hold, 1 error.\n"
        "Examples:\n"
        "  exportctl check examples/so-1042-singapore-to-malaysia.yaml\n"
        "  exportctl check --format json --as-of 2026-02-01 - < order.json\n"
        "  exportctl batch --fail-on hold orders.jsonl > decisions.jsonl\n"
        "  exportctl classify nvidia-h20 --as-of 2024-01-01\n"
        "  exportctl lint rules/\n"
        "  exportctl ledger init && exportctl release examples/h200-us-to-china-2026.yaml");

    std::map<CLI::App*, exportctl::cli::command> commands;
    auto add = [&](auto adder, const char* name) {
      auto cmd = adder(app);
      commands[app.get_subcommand(name)] = std::move(cmd);
    };
    add(exportctl::cli::add_check, "check");
    add(exportctl::cli::add_classify, "classify");
    add(exportctl::cli::add_lint, "lint");
    add(exportctl::cli::add_products, "products");
    add(exportctl::cli::add_batch, "batch");
    add(exportctl::cli::add_verify, "verify");
    add(exportctl::cli::add_screen, "screen");
    add(exportctl::cli::add_release, "release");
    add(exportctl::cli::add_ledger, "ledger");
    add(exportctl::cli::add_serve, "serve");

    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int code = app.exit(e) == 0 ? 0 : 1;
      return exportctl::cli::flush_stdout() ? code : 1;
    }
    for (auto* sub : app.get_subcommands()) {
      const int code = commands.at(sub)();
      // A decision that never reached its reader is an error, whatever was decided.
      if (!exportctl::cli::flush_stdout()) return exportctl::cli::exit_error;
      return code;
    }
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << '\n';
    return 1;
  } catch (...) {
    std::cerr << "internal error: unknown exception\n";
    return 1;
  }
}
