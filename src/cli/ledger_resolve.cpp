// ledger_resolve.cpp: `exportctl ledger resolve ORDER` — a reviewer's resolution of a held
// order, kept in the journal and used by the order's next release (docs/ledger.md).
#include <iostream>

#include "cli/common.hpp"
#include "cli/ledger_common.hpp"
#include "exportctl/ledger.hpp"

namespace exportctl::cli {

void add_resolve_command(CLI::App& parent, std::shared_ptr<ledger_flags> db,
                         std::shared_ptr<std::function<int()>> run) {
  auto* cmd = parent.add_subcommand(
      "resolve",
      "Record who resolved a held order, when and why, which possible screening matches they "
      "cleared and which missing facts they supplied (--facts). The order's next `exportctl "
      "release` uses the review and its decision names it; a review clears possible matches and "
      "fills facts the hold asked for, never a listing, a stated fact or a licence "
      "requirement.\n"
      "Example: exportctl ledger resolve SO-7 --reviewer 'J. Doe' --reason 'not the listed "
      "entity: different registration number' --facts review.yaml");
  struct args {
    std::string order, reviewer, reason, facts;
  };
  auto a = std::make_shared<args>();
  cmd->add_option("ORDER", a->order, "The held order's id")->required();
  cmd->add_option("--reviewer", a->reviewer, "Who decided (kept in the journal)")->required();
  cmd->add_option("--reason", a->reason, "Why (kept in the journal)")->required();
  cmd->add_option("--facts", a->facts,
                  "YAML or JSON: `clear: [{source, entry, name, country}]`, the possible matches "
                  "cleared, as the hold's missing facts name them; `supply: [{item: 1, fact: "
                  "die_area_mm2, value: 814}, {party: eu, fact: headquarters, value: MY}]`, the "
                  "missing facts the hold asked for");
  add_ledger_flags(*cmd, *db);
  cmd->callback([db, a, run] {
    *run = [db, a]() -> int {
      std::vector<reviewed_clearance> clears;
      std::vector<supplied_fact> supplies;
      if (!a->facts.empty()) {
        auto text = read_input(a->facts, input_limits{}.max_input_bytes, "review facts file");
        if (!text) return exit_error;
        auto parsed = parse_review_facts(*text, a->facts == "-" ? "<stdin>" : a->facts);
        print_diagnostics(parsed.diagnostics);
        if (has_errors(parsed.diagnostics)) return exit_error;
        clears = std::move(parsed.value);
        supplies = std::move(parsed.supplies);
      }
      auto l = open_ledger(*db);
      if (!l) return exit_error;
      auto st = l->resolve(a->order, a->reviewer, a->reason, clears, supplies);
      print_diagnostics(st.diagnostics);
      if (!st.ok()) return exit_error;
      std::cout << "Resolved order " << a->order << " (" << clears.size()
                << " possible match(es) cleared, " << supplies.size()
                << " fact(s) supplied); release it again to decide it with the review.\n";
      return exit_ok;
    };
  });
}

}  // namespace exportctl::cli
