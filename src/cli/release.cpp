// release.cpp: `exportctl release SHIPMENT` — decides a shipment and, where a licence is
// required, reserves the quantities on licences in the ledger that cover every item (all or
// none), in one transaction with its journal record (docs/ledger.md).
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/ledger_common.hpp"
#include "exportctl/io.hpp"
#include "exportctl/ledger.hpp"

namespace exportctl::cli {
namespace {

std::string release_text(const release_block& b) {
  std::string out = "\nRelease: " + std::string(to_string(b.state)) + " (order " + b.order_id;
  out += b.replayed ? ", released before: nothing reserved again)\n" : ")\n";
  switch (b.state) {
    case release_state::released:
      if (b.licenses.empty()) out += "  No licence is required: nothing reserved.\n";
      break;
    case release_state::blocked:
      out +=
          "  A licence is required and the ledger has none that covers it; nothing was "
          "reserved.\n";
      break;
    case release_state::held:
      out +=
          "  The decision holds: resolve the missing facts, then release again; nothing was "
          "reserved.\n";
      break;
  }
  for (const auto& u : b.licenses) {
    out += "  licence " + u.number + ": item " + std::to_string(u.item) + ", " +
           std::to_string(u.units) + " reserved, " + std::to_string(u.remaining) + " left\n";
  }
  for (const auto& x : b.blocked) {
    out += x.item > 0 ? "  item " + std::to_string(x.item) + ": " + x.reason + '\n'
                      : "  " + x.reason + '\n';
  }
  out += "  Journal record " + std::to_string(b.journal_seq) + ".\n";
  return out;
}

}  // namespace

command add_release(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "release",
      "Decide a shipment and record it in the ledger: where a licence is required, reserve the "
      "quantities on licences that cover every item and path (all or none). Exit codes: 0 "
      "released (may ship), 2 blocked (a licence is required and none covers it), 3 held, 1 "
      "error. Releasing an order again returns the stored result and reserves nothing twice. "
      "Then `exportctl ledger commit ORDER` once it ships, or `ledger cancel ORDER`.\n"
      "Example: exportctl ledger init && exportctl ledger license add "
      "examples/licenses/d1234567.yaml && exportctl release examples/h200-us-to-china-2026.yaml");
  auto flags = std::make_shared<engine_flags>();
  auto db = std::make_shared<ledger_flags>();
  auto file = std::make_shared<std::string>();
  auto order_id = std::make_shared<std::string>();
  cmd->add_option("SHIPMENT", *file, "Shipment file (YAML or JSON), or `-` for standard input")
      ->required();
  add_engine_flags(*cmd, *flags);
  add_ledger_flags(*cmd, *db);
  cmd->add_option("--order-id", *order_id,
                  "The order's id in the ledger (default: the shipment's `order_id`, else its "
                  "`id`); the same id again is a retry, never a second reservation");

  return [flags, db, file, order_id]() -> int {
    bool ok = true;
    auto as_of = parse_as_of(*flags, ok);
    if (!ok) return exit_error;
    auto text = read_input(*file);
    if (!text) return exit_error;
    auto parsed = parse_shipment(*text, *file == "-" ? "<stdin>" : *file);
    if (!parsed.value) {
      print_diagnostics(parsed.diagnostics);
      return exit_error;
    }
    auto eng = build_engine(*flags);
    if (!eng) return exit_error;
    auto l = open_ledger(*db);
    if (!l) return exit_error;
    auto r = l->release(*eng, *parsed.value, *order_id, {as_of});
    print_diagnostics(r.diagnostics);
    if (!r.value || !r.release) return exit_error;
    if (want_json(*flags))
      std::cout << to_json(*r.value, *r.release, flags->pretty) << '\n';
    else
      std::cout << to_text(*r.value) << release_text(*r.release);
    return exit_code(r.release->state);
  };
}

}  // namespace exportctl::cli
