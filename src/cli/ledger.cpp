// ledger.cpp: `exportctl ledger ...` — the ledger's subcommands (docs/ledger.md): init, licences,
// commit and cancel of released orders, an order's record, the journal and its verification.
#include "exportctl/ledger.hpp"

#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/ledger_common.hpp"
#include "exportctl/license.hpp"

namespace exportctl::cli {
namespace {

constexpr int exit_journal_broken = 4;  // as `exportctl verify` reports a receipt mismatch

struct output_flags {
  std::string format;
  bool pretty = false;
  [[nodiscard]] bool json() const {
    return format.empty() ? isatty(STDOUT_FILENO) == 0 : format == "json";
  }
};

void add_output_flags(CLI::App& cmd, output_flags& f) {
  cmd.add_option("--format", f.format, "Output format: `text` (default on a terminal) or `json`")
      ->check(CLI::IsMember({"json", "text"}));
  cmd.add_flag("--pretty", f.pretty, "Indent JSON output");
}

int report(const ledger_status& st, const std::string& done) {
  print_diagnostics(st.diagnostics);
  if (!st.ok()) return exit_error;
  std::cout << done << '\n';
  return exit_ok;
}

std::string licenses_text(const std::vector<license_state>& ls) {
  if (ls.empty())
    return "No licences in the ledger (add one with `exportctl ledger license add FILE`).\n";
  std::string out =
      "number        valid                     quantity  reserved      used  remaining\n";
  for (const auto& l : ls) {
    char line[256];
    std::snprintf(line, sizeof line, "%-12s  %s to %s  %8lld  %8lld  %8lld  %9lld\n",
                  l.terms.number.c_str(), l.terms.valid_from.to_string().c_str(),
                  l.terms.valid_to.to_string().c_str(), static_cast<long long>(l.terms.quantity),
                  static_cast<long long>(l.reserved), static_cast<long long>(l.used),
                  static_cast<long long>(l.remaining));
    out += line;
  }
  return out;
}

void add_license_commands(CLI::App& parent, std::shared_ptr<ledger_flags> db,
                          std::shared_ptr<std::function<int()>> run) {
  auto* lic =
      parent.add_subcommand("license", "Licences the exporter holds")->require_subcommand(1);
  auto* add = lic->add_subcommand(
      "add",
      "Add licences from YAML or JSON files (one licence, or a list). Every file is validated "
      "first; any error adds none of them. A licence's terms are never edited in place.");
  auto files = std::make_shared<std::vector<std::string>>();
  add->add_option("FILE", *files, "Licence files, e.g. examples/licenses/d1234567.yaml")
      ->required();
  add_ledger_flags(*add, *db);
  add->callback([db, files, run] {
    *run = [db, files]() -> int {
      std::vector<license> all;
      bool bad = false;
      for (const auto& f : *files) {
        auto text = read_input(f, input_limits{}.max_input_bytes, "licence file");
        if (!text) {
          bad = true;
          continue;
        }
        auto parsed = parse_licenses(*text, f == "-" ? "<stdin>" : f);
        print_diagnostics(parsed.diagnostics);
        if (has_errors(parsed.diagnostics)) bad = true;
        for (auto& l : parsed.value) all.push_back(std::move(l));
      }
      if (bad) {
        std::cerr << "no licence was added\n";
        return exit_error;
      }
      auto l = open_ledger(*db);
      if (!l) return exit_error;
      std::string names;
      for (const auto& x : all) names += (names.empty() ? "" : ", ") + x.number;
      return report(l->add_licenses(all), "Added " + std::to_string(all.size()) +
                                              (all.size() == 1 ? " licence: " : " licences: ") +
                                              names);
    };
  });
  auto* list = lic->add_subcommand(
      "list", "List the licences with their quantity, reserved, used and remaining units");
  auto out = std::make_shared<output_flags>();
  add_ledger_flags(*list, *db);
  add_output_flags(*list, *out);
  list->callback([db, out, run] {
    *run = [db, out]() -> int {
      auto l = open_ledger(*db);
      if (!l) return exit_error;
      std::vector<diagnostic> diags;
      auto ls = l->licenses(&diags);
      print_diagnostics(diags);
      if (has_errors(diags)) return exit_error;
      std::cout << (out->json() ? to_json(ls, out->pretty) + "\n" : licenses_text(ls));
      return exit_ok;
    };
  });
}

// commit and cancel: the same shape.
void add_settle_command(CLI::App& parent, std::shared_ptr<ledger_flags> db,
                        std::shared_ptr<std::function<int()>> run, bool commit) {
  auto* cmd = parent.add_subcommand(
      commit ? "commit" : "cancel",
      commit ? "A released order shipped: its reserved quantities become used. Repeating it is "
               "a no-op."
             : "A released, blocked or held order will not ship: its reserved quantities return "
               "to the licences. Repeating it is a no-op; a committed order cannot be cancelled.");
  auto order = std::make_shared<std::string>();
  cmd->add_option("ORDER", *order, "The order id (as released)")->required();
  add_ledger_flags(*cmd, *db);
  cmd->callback([db, order, run, commit] {
    *run = [db, order, commit]() -> int {
      auto l = open_ledger(*db);
      if (!l) return exit_error;
      return report(commit ? l->commit(*order) : l->cancel(*order),
                    std::string(commit ? "Committed" : "Cancelled") + " order " + *order);
    };
  });
}

void add_read_commands(CLI::App& parent, std::shared_ptr<ledger_flags> db,
                       std::shared_ptr<std::function<int()>> run) {
  auto out = std::make_shared<output_flags>();
  auto* show = parent.add_subcommand("show", "An order's state, licences and decision");
  auto order = std::make_shared<std::string>();
  show->add_option("ORDER", *order, "The order id")->required();
  add_ledger_flags(*show, *db);
  add_output_flags(*show, *out);
  show->callback([db, out, order, run] {
    *run = [db, out, order]() -> int {
      auto l = open_ledger(*db);
      if (!l) return exit_error;
      std::vector<diagnostic> diags;
      auto o = l->order(*order, &diags);
      print_diagnostics(diags);
      if (!o) return exit_error;
      if (out->json()) {
        std::cout << to_json(*o, out->pretty) << '\n';
        return exit_ok;
      }
      std::cout << "Order " << o->order_id << " (shipment " << o->shipment << "): " << o->state
                << "; decided " << o->outcome << " on " << o->decided_on << '\n';
      for (const auto& u : o->licenses)
        std::cout << "  licence " << u.number << ": item " << u.item << ", " << u.units
                  << " units\n";
      return exit_ok;
    };
  });
  auto* journal = parent.add_subcommand(
      "journal", "Every journal record, oldest first (JSON: one record per line)");
  add_ledger_flags(*journal, *db);
  add_output_flags(*journal, *out);
  journal->callback([db, out, run] {
    *run = [db, out]() -> int {
      auto l = open_ledger(*db);
      if (!l) return exit_error;
      std::vector<diagnostic> diags;
      auto records = l->journal(&diags);
      print_diagnostics(diags);
      if (has_errors(diags)) return exit_error;
      for (const auto& r : records) {
        if (out->json())
          std::cout << to_json(r, out->pretty) << '\n';
        else
          std::cout << r.seq << "  " << r.at << "  " << r.kind << "  "
                    << (r.order_id.empty() ? "-" : r.order_id) << "  " << r.principal << "  "
                    << r.sha256.substr(0, 16) << '\n';
      }
      return exit_ok;
    };
  });
  auto* serial = parent.add_subcommand(
      "serial", "Where a serial number went: every release of it, oldest first, with its order");
  auto sn = std::make_shared<std::string>();
  serial->add_option("SERIAL", *sn, "The serial number, as in a shipment's `items[].serials`")
      ->required();
  add_ledger_flags(*serial, *db);
  add_output_flags(*serial, *out);
  serial->callback([db, out, sn, run] {
    *run = [db, out, sn]() -> int {
      auto l = open_ledger(*db);
      if (!l) return exit_error;
      std::vector<diagnostic> diags;
      auto uses = l->serial(*sn, &diags);
      print_diagnostics(diags);
      if (has_errors(diags)) return exit_error;
      if (out->json()) {
        std::cout << to_json(uses, out->pretty) << '\n';
        return exit_ok;
      }
      if (uses.empty()) std::cout << "Serial " << *sn << " was never released.\n";
      for (const auto& u : uses)
        std::cout << u.release.on.to_string() << "  order " << u.release.order_id << " (shipment "
                  << u.release.shipment << ", " << u.state << ") to " << u.release.end_user << " ("
                  << u.release.country << ")\n";
      return exit_ok;
    };
  });
  auto* verify = parent.add_subcommand(
      "verify",
      "Re-hash the whole journal: proves no record was altered or removed, or names the first "
      "bad one. Exit codes: 0 intact, 4 broken, 1 error.");
  add_ledger_flags(*verify, *db);
  add_output_flags(*verify, *out);
  verify->callback([db, out, run] {
    *run = [db, out]() -> int {
      auto l = open_ledger(*db);
      if (!l) return exit_error;
      std::vector<diagnostic> diags;
      auto c = l->verify(&diags);
      print_diagnostics(diags);
      if (has_errors(diags)) return exit_error;
      if (out->json())
        std::cout << to_json(c, out->pretty) << '\n';
      else if (c.ok)
        std::cout << "Journal intact: " << c.records << " records, each chained to the one "
                  << "before it by SHA-256.\n";
      else
        std::cout << "Journal broken at record " << c.first_bad << ": " << c.problem << '\n';
      return c.ok ? exit_ok : exit_journal_broken;
    };
  });
}

}  // namespace

command add_ledger(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "ledger",
      "The shipment ledger (docs/ledger.md): licences and what is left of them, released orders, "
      "and an append-only journal chained by SHA-256. The database is `--db` (default `" +
          std::string(default_ledger_url) +
          "`, or $EXPORTCTL_DB).\n"
          "Example: exportctl ledger init && exportctl ledger license add "
          "examples/licenses/d1234567.yaml && exportctl ledger license list");
  cmd->require_subcommand(1);
  auto db = std::make_shared<ledger_flags>();
  auto run = std::make_shared<std::function<int()>>();

  auto* init = cmd->add_subcommand(
      "init",
      "Create the ledger's tables (a new SQLite file, or an empty PostgreSQL database), or "
      "upgrade an older ledger. Repeating it changes nothing.");
  add_ledger_flags(*init, *db);
  init->callback([db, run] {
    *run = [db]() -> int {
      return report(ledger::init(db->url, ledger_options_of(*db)),
                    "The ledger at " + db->url + " is ready.");
    };
  });
  add_license_commands(*cmd, db, run);
  add_settle_command(*cmd, db, run, true);
  add_settle_command(*cmd, db, run, false);
  add_read_commands(*cmd, db, run);
  add_resolve_command(*cmd, db, run);

  return [run]() -> int {
    if (!*run) return exit_error;  // require_subcommand makes this unreachable
    return (*run)();
  };
}

}  // namespace exportctl::cli
