// flags.cpp: options several commands share.
#include "cli/commands.hpp"
#include "cli/common.hpp"

namespace exportctl::cli {

CLI::Option* add_repeatable(CLI::App& cmd, const std::string& name, std::vector<std::string>& to,
                            const std::string& help) {
  return cmd.add_option(name, to, help)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_pack_and_list_flags(CLI::App& cmd, engine_flags& f) {
  add_repeatable(cmd, "--rules", f.rules,
                 "Rule-pack file or directory; repeat to load several (default: the installed "
                 "packs)");
  add_repeatable(cmd, "--scenario", f.scenarios,
                 "Apply a scenario pack as if enforced, e.g. `ai-diffusion-2025` (repeatable)");
  add_repeatable(cmd, "--lists", f.lists,
                 "Official screening list file or directory, screened for every party besides "
                 "the curated Entity List: OFAC sdn.csv (alt.csv and add.csv beside it), the BIS "
                 "Denied Persons List .txt, a trade.gov Consolidated Screening List .csv; repeat "
                 "for several (default: the installed share/exportctl/lists, if any; "
                 "docs/screening.md)");
  add_repeatable(cmd, "--reviewed", f.reviewed,
                 "Reviewed matches (CSV: source,entry,name,country,reviewer,date,reason): a "
                 "possible match a reviewer cleared for that party name and country no longer "
                 "holds, and the decision says who cleared it and when; repeatable");
}

void add_engine_flags(CLI::App& cmd, engine_flags& f) {
  add_pack_and_list_flags(cmd, f);
  cmd.add_option("--as-of", f.as_of,
                 "Decide as of this date (YYYY-MM-DD); overrides the shipment's date");
  cmd.add_option("--format", f.format, "Output format: `text` (default on a terminal) or `json`")
      ->check(CLI::IsMember({"json", "text"}));
  cmd.add_flag("--pretty", f.pretty, "Indent JSON output");
  cmd.add_flag("--require-headquarters", f.require_headquarters,
               "A party's omitted `headquarters` or `ultimate_parent_headquarters` is a missing "
               "fact that holds, where a headquarters rule could apply (default: assumed to be its "
               "country, and the decision says so)");
}

}  // namespace exportctl::cli
