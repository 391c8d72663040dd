// lint.cpp: lint_packs (include/exportctl/lint.hpp), the loader behind a public header so that
// the command line needs no rules internals.
#include "exportctl/lint.hpp"

#include "rules/loader.hpp"
#include "rules/pack_set.hpp"

namespace exportctl {

std::optional<pack_summary> lint_packs(const std::vector<std::string>& paths,
                                       std::vector<diagnostic>& out, const lint_options& lint) {
  std::vector<detail::pack_set_manifest> manifests;
  detail::load_options options;
  options.paths = paths;
  options.update_manifests = lint.update_manifests;
  options.manifests_out = &manifests;
  auto packs = detail::load_packs(options, out);
  if (!packs) return std::nullopt;
  pack_summary s;
  s.packs = packs->packs.size();
  s.classification_rules = packs->classifications.size();
  s.requirements = packs->requirements.size();
  s.entity_list_entries = packs->entities.size();
  s.products = packs->products.size();
  if (lint.update_manifests) {
    for (const auto& m : manifests)
      s.manifests.push_back({m.file, detail::write_pack_set(m, packs->packs)});
  }
  return s;
}

}  // namespace exportctl
