// engine.cpp: the public engine: loading packs once, deciding shipments, classifying items.
#include "exportctl/engine.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <tuple>

#include "classify/classifier.hpp"
#include "engine/engine_state.hpp"
#include "engine/evaluate.hpp"
#include "engine/list_screening.hpp"
#include "engine/validate.hpp"
#include "rules/loader.hpp"

namespace exportctl {
namespace {

// The environment variable `env` if set, else `subdir` beside an installed binary (so any
// --prefix works), else `install_dir`, else `fallback`.
std::string default_dir(const char* env, const char* subdir, const char* install_dir,
                        std::string fallback) {
  namespace fs = std::filesystem;
  if (const char* v = std::getenv(env); v && *v) return v;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path candidate = (exe.parent_path() / ".." / subdir).lexically_normal();
    if (fs::is_directory(candidate, ec)) return candidate.string();
  }
  if (fs::is_directory(install_dir, ec)) return install_dir;
  return fallback;
}

}  // namespace

std::string default_rules_dir() {
  return default_dir("EXPORTCTL_RULES", EXPORTCTL_RULES_INSTALL_SUBDIR, EXPORTCTL_RULES_INSTALL_DIR,
                     EXPORTCTL_SOURCE_RULES_DIR);
}

// No fallback: the lists are the user's downloads, never the source tree's test samples.
std::string default_lists_dir() {
  return default_dir("EXPORTCTL_LISTS", EXPORTCTL_LISTS_INSTALL_SUBDIR, EXPORTCTL_LISTS_INSTALL_DIR,
                     {});
}

engine_result engine::load(const engine_options& options) { return load(options, {}); }

engine_result engine::load(const engine_options& options, const input_limits& limits) {
  engine_result out;
  detail::load_options lo;
  lo.paths = options.rule_paths;
  if (lo.paths.empty() && options.rule_texts.empty()) lo.paths.push_back(default_rules_dir());
  lo.scenarios = options.scenarios;
  lo.limits = limits;
  lo.texts = options.rule_texts;
  auto packs = detail::load_packs(lo, out.diagnostics);
  if (!packs) return out;
  std::vector<std::string> list_paths = options.list_paths;
  if (list_paths.empty() && options.default_lists) {
    if (std::string dir = default_lists_dir(); !dir.empty()) list_paths.push_back(std::move(dir));
  }
  // Lists fail closed like packs: a list that cannot be read refuses the engine, never
  // screens as if it were empty.
  std::vector<detail::lists::screening_list> official =
      detail::lists::read_lists(list_paths, out.diagnostics);
  std::vector<detail::lists::reviewed_file> reviewed;
  for (const auto& path : options.reviewed_paths) {
    if (auto r = detail::lists::read_reviewed(path, out.diagnostics))
      reviewed.push_back(std::move(*r));
  }
  if (has_errors(out.diagnostics)) return out;
  packs->lists = detail::list_identities(official, reviewed);
  auto screening = detail::make_list_screening(*packs, std::move(official), std::move(reviewed),
                                               out.diagnostics);
  if (!screening) return out;
  out.value = engine(detail::make_engine_state(std::move(packs), options.scenarios, limits,
                                               options.require_headquarters, std::move(screening)));
  return out;
}

check_result engine::check(const shipment& s, const check_options& options) const {
  check_result out;
  detail::validate_shipment(s, *state_->packs, state_->entity_names.normalizer(), state_->limits,
                            out.diagnostics);
  if (has_errors(out.diagnostics)) return out;
  const date on = options.as_of ? *options.as_of : s.ship_date ? *s.ship_date : date::today();
  if (options.facts != nullptr && detail::has_supplies(*options.facts)) {
    // A reviewer supplied missing facts (docs/ledger.md): the shipment decided is a copy with
    // them, validated like the original (a receipt's facts are input too), and the decision
    // names each supplied fact and whether it was used.
    shipment with = s;
    const auto notes = detail::apply_supplies(*state_, with, on, *options.facts);
    detail::validate_shipment(with, *state_->packs, state_->entity_names.normalizer(),
                              state_->limits, out.diagnostics);
    if (has_errors(out.diagnostics)) return out;
    out.value = detail::evaluate_shipment(*state_, with, on, options.facts, &notes);
    return out;
  }
  out.value = detail::evaluate_shipment(*state_, s, on, options.facts);
  return out;
}

std::optional<classification> engine::classify(const item& it, date as_of,
                                               std::vector<diagnostic>* diagnostics) const {
  std::vector<diagnostic> local;
  std::vector<diagnostic>& diags = diagnostics ? *diagnostics : local;
  std::vector<diagnostic> found;
  detail::validate_item(it, "item", "<item>", *state_->packs, state_->limits, found);
  const bool bad = has_errors(found);
  diags.insert(diags.end(), found.begin(), found.end());
  if (bad) return std::nullopt;

  std::vector<detail::classified_item> computed;
  const auto& c = detail::classify_cached(*state_, it, 0, as_of, computed);
  classification out;
  out.as_of = as_of;
  out.item = detail::make_item_result(it, 1, c);
  out.missing_facts = out.item.missing_facts;
  // The findings view pack text and their messages, copied out of the classification.
  out.findings = detail::note_findings(c.notes, 1, state_->packs, out.keepalive);
  return out;
}

const input_limits& engine::limits() const { return state_->limits; }

const std::string& engine::fingerprint() const { return state_->packs->fingerprint; }

const std::vector<rulepack_ref>& engine::packs() const { return state_->refs; }

const std::vector<screening_list_ref>& engine::lists() const { return state_->list_refs; }

std::vector<std::string> engine::product_ids() const { return state_->product_ids; }

}  // namespace exportctl
