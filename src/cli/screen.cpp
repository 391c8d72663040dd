// screen.cpp: `exportctl screen [--lists PATH]... NAME... | -` — screens names against official
// screening lists (docs/screening.md), read as `check --lists` reads them; here no rule pack
// judges the hits: each candidate is shown with its score, band and reasons.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/screen_json.hpp"
#include "model/country.hpp"
#include "model/file_read.hpp"
#include "screening/list_index.hpp"

namespace exportctl::cli {
namespace {

namespace lists = detail::lists;

struct screen_flags {
  std::vector<std::string> lists;
  std::vector<std::string> names;
  std::string country, format;
  std::size_t limit = 10;
  double min_score = 0.5;
};

void write_text(std::string& out, std::string_view query, const std::string& country,
                const detail::list_index& index,
                const std::vector<detail::screen_candidate>& cands) {
  out += std::string(query);
  if (!country.empty()) out += " (" + country + ")";
  out += ": ";
  out += detail::band_name(cands.empty() ? detail::screen_band::none : cands[0].band);
  out += '\n';
  for (const auto& c : cands) {
    const auto& list = index.lists()[c.list];
    const auto& e = list.entries[c.entry];
    char score[16];
    std::snprintf(score, sizeof score, "%.4f", screen_rounded(c.score));
    out += "  " + std::string(score) + " " + std::string(detail::band_name(c.band)) + "  " +
           e.source + " entry " + e.id + ": " + e.names[0] + "\n";
    for (const auto& r : c.reasons) out += "      " + r + "\n";
  }
}

}  // namespace

command add_screen(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "screen",
      "Screen names against official screening lists (OFAC SDN.CSV with ALT.CSV and ADD.CSV "
      "beside it, the BIS Denied Persons List file, the trade.gov Consolidated Screening List "
      "CSV). Each candidate has a score in [0, 1], a band (match: acts as a listing; possible: "
      "a person must review it; none) and the reasons, token by token. Exit code: 0 no match or "
      "possible match, 2 a match, 3 a possible match (and no match), 1 error. `check --lists` "
      "screens parties against the same "
      "files inside decisions, where the packs say what a hit means (docs/screening.md).");
  cmd->footer(
      "Examples:\n"
      "  exportctl screen --lists lists/sdn.csv 'Banco Nacional de Cuba'\n"
      "  exportctl screen --lists lists/sdn.csv --lists lists/dpl.txt --country IR --format text "
      "'Tidewater Middle East Co'\n"
      "  exportctl screen --lists csl.csv --min-score 0 --limit 5 - < parties.txt\n"
      "Scores and bands are described in docs/screening.md.");
  auto f = std::make_shared<screen_flags>();
  cmd->add_option("NAME", f->names,
                  "Names to screen, or `-` to read one name a line from standard input")
      ->required();
  // One value per occurrence, so `--lists FILE NAME` never takes NAME as a second list.
  add_repeatable(*cmd, "--lists", f->lists,
                 "A list file, or a directory of them (repeat for several): sdn.csv (with "
                 "alt.csv and add.csv beside it), the Denied Persons List .txt, a CSL .csv")
      ->required();
  cmd->add_option("--country", f->country,
                  "The party's country (ISO alpha-2, e.g. CN): an entry whose addresses name "
                  "another country is at most a possible match");
  cmd->add_option("--limit", f->limit, "At most this many candidates per name (default 10)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--min-score", f->min_score,
                  "Leave out candidates scoring below this (default 0.5; 0 shows weak ones too)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--format", f->format,
                  "Output: `json` (one object per name, default when not a terminal) or `text`")
      ->check(CLI::IsMember({"json", "text"}));

  return [f]() -> int {
    if (!f->country.empty() && !detail::parse_country(f->country)) {
      std::cerr << "error: --country `" << f->country
                << "` is not an ISO 3166-1 alpha-2 code (upper case, e.g. CN)\n";
      return exit_error;
    }
    std::vector<diagnostic> diags;
    // The same files as `check --lists` (a directory: its .csv, .tsv and .txt lists).
    std::vector<lists::screening_list> loaded = lists::read_lists(f->lists, diags);
    print_diagnostics(diags);
    if (has_errors(diags)) return exit_error;
    if (loaded.empty()) {
      std::cerr << "error: no screening list found in the --lists paths\n";
      return exit_error;
    }
    const detail::list_index index(std::move(loaded));

    std::vector<std::string> queries;
    for (const auto& n : f->names) {
      if (n != "-") {
        queries.push_back(n);
        continue;
      }
      std::vector<diagnostic> in_diags;
      auto text = detail::read_bounded_stream(0, input_limits{}.max_input_bytes, "name list",
                                              "<stdin>", in_diags);
      print_diagnostics(in_diags);
      if (!text) return exit_error;
      std::string_view rest = *text;
      while (!rest.empty()) {
        auto eol = rest.find('\n');
        auto line = rest.substr(0, eol);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") != std::string_view::npos) queries.emplace_back(line);
        if (eol == std::string_view::npos) break;
        rest.remove_prefix(eol + 1);
      }
    }
    bool json = f->format == "json" || (f->format.empty() && !isatty(1));
    detail::screen_options opt;
    opt.country = f->country;
    opt.limit = f->limit;
    opt.min_score = f->min_score;
    detail::screen_scratch scratch;
    bool error = false, any_match = false, any_possible = false;
    std::string out;
    for (const auto& q : queries) {
      if (q.size() > screen_max_query_bytes) {
        diagnostic d;
        d.code = "EXC-E5005";
        d.message = "name is " + std::to_string(q.size()) + " bytes; the limit is " +
                    std::to_string(screen_max_query_bytes);
        d.file = "<query>";
        print_diagnostics({d});
        error = true;
        continue;
      }
      const auto cands = index.screen(q, opt, scratch);
      const auto band = cands.empty() ? detail::screen_band::none : cands[0].band;
      any_match |= band == detail::screen_band::match;
      any_possible |= band == detail::screen_band::possible;
      out.clear();
      if (json)
        write_screen_json(out, q, f->country, index, cands);
      else
        write_text(out, q, f->country, index, cands);
      std::cout << out;
    }
    if (!json) {
      std::cout << "\nscreened against:\n";
      for (const auto& l : index.lists())
        std::cout << "  " << l.file << " (" << l.source << ", " << l.rows << " rows, sha256 "
                  << l.sha256 << ")\n";
    }
    if (error) return exit_error;
    return any_match ? 2 : any_possible ? 3 : exit_ok;
  };
}

}  // namespace exportctl::cli
