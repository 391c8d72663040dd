// lint.cpp: lint_packs (include/exportctl/lint.hpp), the loader behind a public header so that
// the command line needs no rules internals.
#include "exportctl/lint.hpp"

#include "rules/loader.hpp"

namespace exportctl {

std::optional<pack_summary> lint_packs(const std::vector<std::string>& paths,
                                       std::vector<diagnostic>& out) {
  detail::load_options options;
  options.paths = paths;
  auto packs = detail::load_packs(options, out);
  if (!packs) return std::nullopt;
  pack_summary s;
  s.packs = packs->packs.size();
  s.classification_rules = packs->classifications.size();
  s.requirements = packs->requirements.size();
  s.entity_list_entries = packs->entities.size();
  s.products = packs->products.size();
  return s;
}

}  // namespace exportctl
