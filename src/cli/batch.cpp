// batch.cpp: `exportctl batch [FILE|-]` — decides a stream of shipments on all cores and writes
// one JSON record per shipment, in input order (the machinery is in batch_pipeline.cpp).
#include <unistd.h>
#if defined(__GLIBC__)
#endif

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/batch_pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/ledger_common.hpp"

namespace exportctl::cli {
namespace {

struct batch_flags {
  engine_flags engine;
  std::string input = "-";
  std::string input_format;
  std::string output;
  std::string summary_json;
  std::string fail_on;
  unsigned threads = 0;
  bool receipts = false;
  bool quiet = false;
  std::string db;  ///< --db: release into this ledger
  std::string principal;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

command add_batch(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "batch",
      "Decide many shipments: JSON Lines (one shipment object per line) or a CSV of shipment lines "
      "(docs/shipment-lines.md), on all cores. Writes one JSON record per shipment to standard "
      "output in input order: the decision (as `check --format json`), or, for a line that cannot "
      "be decided, {\"error\": MESSAGE, \"line\": N, \"diagnostics\": [...], \"input_sha256\": "
      "SHA-256 of the line}; a bad line never stops the run. Each record ends with its input "
      "`line` and `prev_sha256`, the hash chain of the records before it, and a last "
      "{\"summary\": {\"records\": N, \"last_sha256\": ...}} record closes a run that read its "
      "input to the end (README \"Batch screening\"; `verify` checks the chain). Blank lines are "
      "skipped. At the end, a summary on standard error: counts by "
      "decision, by destination (end users' countries) and by rule that fired. A progress bar is "
      "drawn on standard error only when it is a terminal.");
  auto f = std::make_shared<batch_flags>();
  cmd->add_option("FILE", f->input,
                  "JSON Lines or CSV file; `-` (the default) reads standard input");
  cmd->add_option("--input-format", f->input_format,
                  "`jsonl` or `csv` (default: `csv` for a *.csv FILE, otherwise `jsonl`)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  cmd->add_option("--output,-o", f->output,
                  "Write the records to this file instead of standard output (through a temporary "
                  "file renamed into place at the end; an output that is the input is refused)");
  cmd->add_option("--threads,-j", f->threads, "Worker threads (default: the number of cores)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--fail-on", f->fail_on,
                  "Exit with the code of the most restrictive decision at or above this outcome: "
                  "`license_required` (2 if any licence is required, 3 if any hold) or `hold` (3 "
                  "if any hold). Without it, decisions do not change the exit code")
      ->check(CLI::IsMember({"license_required", "hold"}));
  cmd->add_flag("--receipts", f->receipts,
                "Add an audit receipt to each decision record as its last member, `receipt` "
                "(check one with `exportctl verify`)");
  cmd->add_option("--summary-json", f->summary_json, "Also write the summary as JSON to this file");
  cmd->add_option("--db", f->db,
                  "Release every shipment into this ledger (`sqlite:PATH` or `postgresql://...`, "
                  "docs/ledger.md) as `exportctl release` does, each chunk of input in one "
                  "transaction, in input order: the records are those of `release --format "
                  "json`. A rerun replays the orders already released (their order ids)");
  cmd->add_option("--principal", f->principal,
                  "With --db: who acts, recorded in the journal (default: $USER, else `cli`)");
  cmd->add_flag("--quiet,-q", f->quiet, "No summary on standard error");
  add_pack_and_list_flags(*cmd, f->engine);
  cmd->add_flag("--require-headquarters", f->engine.require_headquarters,
                "A party's omitted `headquarters` or `ultimate_parent_headquarters` is a missing "
                "fact that holds, where a headquarters rule could apply (default: assumed to be "
                "its country, and the decision says so)");
  cmd->add_option("--as-of", f->engine.as_of,
                  "Decide every shipment as of this date (YYYY-MM-DD) instead of its own date");
  cmd->footer(
      "Exit codes: 1 if the input or output could not be read or written, the packs did not "
      "load, the CSV header was refused, or any line got an error record (all other lines are "
      "still decided and written); otherwise 0, or with --fail-on, 2 (licence required) or 3 "
      "(hold) as described there.\n"
      "Examples:\n"
      "  exportctl batch orders.jsonl > decisions.jsonl\n"
      "  exportctl batch --fail-on hold --threads 4 orders.csv -o decisions.jsonl\n"
      "  erp-export | exportctl batch --receipts - | tee decisions.jsonl | jq .decision\n"
      "  exportctl verify decisions.jsonl      # re-checks every receipt");

  return [f]() -> int {
    bool ok = true;
    batch_settings s;
    s.as_of = parse_as_of(f->engine, ok);
    if (!ok) return exit_error;
    s.path = f->input;
    s.source_name = f->input == "-" ? "<stdin>" : f->input;
    const std::string fmt =
        f->input_format.empty() ? (ends_with(f->input, ".csv") ? "csv" : "jsonl") : f->input_format;
    s.format = fmt == "csv" ? batch_input::csv : batch_input::jsonl;
    s.threads = f->threads ? f->threads : std::max(1u, std::thread::hardware_concurrency());
    s.receipts = f->receipts;
    s.progress = isatty(STDERR_FILENO) != 0 && !f->quiet;

    // Before anything is opened for writing: `-o orders.jsonl orders.jsonl` must not truncate
    // the input, and the summary must not overwrite the records.
    if (!refuse_aliases({f->output, f->summary_json}, {f->input})) return exit_error;
    auto eng = build_engine(f->engine);
    if (!eng) return exit_error;
    std::unique_ptr<ledger> db;
    if (!f->db.empty()) {
      if (f->receipts) {
        std::cerr << "error: --receipts with --db: each release's receipt is in the ledger's "
                     "journal (`exportctl ledger journal`)\n";
        return exit_error;
      }
      ledger_flags lf;
      lf.url = f->db;
      lf.principal = f->principal;
      db = open_ledger(lf);
      if (!db) return exit_error;
      s.db = db.get();
    }

    // Records go to a temporary file renamed into place at the end, so a run that fails to
    // write leaves the old output whole and a reader never sees half a file as the result.
    output_file file;
    std::FILE* out = stdout;
    if (!f->output.empty()) {
      if (!file.open(f->output)) return exit_error;
      out = file.get();
    }
    static char buffer[1 << 20];
    std::setvbuf(out, buffer, _IOFBF, sizeof buffer);

    // Each decision's JSON lives from its worker until the writer has written it, so the heap top
    // is freed and regrown all the time; by default glibc hands it back to the kernel each time
    // and faults fresh pages in again (~10% of CPU on a 1M-line run). Keep it.
    keep_heap_top();
    const auto start = std::chrono::steady_clock::now();
    batch_outcome r = run_batch(*eng, s, out);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (out != stdout && !r.io_error && !file.commit()) r.io_error = true;

    if (!f->quiet && !r.header_error) print_summary(r.counts, secs);
    if (!f->summary_json.empty() && !write_file(f->summary_json, summary_json(r.counts)))
      r.io_error = true;
    if (r.io_error || r.header_error || r.counts.bad > 0) return exit_error;
    const auto& d = r.counts.decisions;
    const bool any_hold = d[static_cast<std::size_t>(outcome::hold)] > 0;
    const bool any_required = d[static_cast<std::size_t>(outcome::license_required)] > 0;
    if (f->fail_on == "hold") return any_hold ? exit_code(outcome::hold) : exit_ok;
    if (f->fail_on == "license_required") {
      if (any_hold) return exit_code(outcome::hold);
      if (any_required) return exit_code(outcome::license_required);
    }
    return exit_ok;
  };
}

}  // namespace exportctl::cli
