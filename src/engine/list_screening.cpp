// list_screening.cpp: parties against the curated Entity List and the official lists, inside a
// decision (list_screening.hpp). A confirmed hit acts as a listing; a possible one holds for a
// reviewer with the candidate, the name matched, the score and the reasons (docs/screening.md).
#include "engine/list_screening.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "engine/engine_state.hpp"
#include "engine/evaluate.hpp"
#include "model/text.hpp"

namespace exportctl::detail {
namespace {

constexpr std::size_t curated_weight_corpus = 20000;

/// The curated entries as list 0 of the index: entry i is compiled_packs::entities[i].
lists::screening_list curated_list(const compiled_packs& packs) {
  lists::screening_list l;
  l.source = curated_source;
  l.file = "rules";
  l.rows = packs.entities.size();
  for (const auto& e : packs.entities) {
    lists::list_entry le;
    le.id = e.meta.id;
    le.source = curated_source;
    le.names.push_back(e.name);
    le.names.insert(le.names.end(), e.alt_names.begin(), e.alt_names.end());
    for (std::size_t at = 0; at < e.country.size();) {
      const std::size_t comma = std::min(e.country.find(',', at), e.country.size());
      std::string code = e.country.substr(at, comma - at);
      code.erase(std::remove(code.begin(), code.end(), ' '), code.end());
      if (!code.empty()) le.countries.push_back(std::move(code));
      at = comma + 1;
    }
    std::sort(le.countries.begin(), le.countries.end());
    le.file = e.meta.loc.file;
    le.line = e.meta.loc.line;
    l.entries.push_back(std::move(le));
  }
  return l;
}

/// An official Entity List row as an entry of the 744.11 rule: its review policy by the first
/// of the rule's phrases its text contains; none (e.g. "See §744.3(d)") makes it grade U, so a
/// hit holds instead of asserting a policy the text does not state.
entity_entry official_entity(const lists::list_entry& row, const lists::screening_list& list,
                             const list_source_rule& rule) {
  entity_entry e;
  e.meta.id = row.id.empty() ? fmt::format("{}:{}", list.file, row.line) : row.id;
  e.meta.pack = rule.meta.pack;
  e.meta.source_grade = rule.meta.source_grade;
  e.meta.loc.file = row.file;
  e.meta.loc.line = row.line;
  e.name = row.names.empty() ? std::string() : row.names[0];
  e.federal_register_notice = row.federal_register_notice;
  e.license_requirement = row.license_requirement;
  e.license_policy_text =
      row.license_policy.empty() ? "(no review policy stated)" : row.license_policy;
  const std::string text = ascii_lower(row.license_policy);
  bool mapped = false;
  for (const auto& [phrase, policy] : rule.policy_phrases) {
    if (text.find(phrase) != std::string::npos) {
      e.policy = policy;
      mapped = true;
      break;
    }
  }
  if (!mapped) e.meta.source_grade = grade::U;
  return e;
}

}  // namespace

std::shared_ptr<const list_screening> make_list_screening(
    const compiled_packs& packs, std::vector<lists::screening_list> official,
    std::vector<lists::reviewed_file> reviewed, std::vector<diagnostic>& diags) {
  auto ls = std::make_shared<list_screening>();
  const name_normalizer norm(packs.legal_suffixes);
  for (auto& file : reviewed) {
    for (auto& r : file.entries) {
      ls->reviewed_by.emplace(r.source + '\x1f' + r.entry, ls->reviewed.size());
      ls->reviewed_keys.push_back(norm.key(r.name));
      ls->reviewed.push_back(std::move(r));
    }
  }
  for (std::size_t r = 0; r < packs.list_sources.size(); ++r) {
    if (packs.list_sources[r].k == list_source_rule::kind::possible_match &&
        ls->possible_rule < 0) {
      ls->possible_rule = static_cast<int>(r);
    }
  }
  bool ok = true;
  for (const auto& list : official) {
    auto& rules = ls->rule.emplace_back();
    auto& entities = ls->entity.emplace_back();
    std::vector<std::string> reported;
    for (const auto& row : list.entries) {
      int found = -1;
      for (std::size_t r = 0; r < packs.list_sources.size() && found < 0; ++r) {
        const auto& srcs = packs.list_sources[r].sources;
        if (std::find(srcs.begin(), srcs.end(), row.source) != srcs.end()) {
          found = static_cast<int>(r);
        }
      }
      rules.push_back(found);
      entities.push_back(-1);
      if (found < 0) {
        // Fail closed: a hit on a list the packs say nothing about would mean nothing.
        ok = false;
        if (std::find(reported.begin(), reported.end(), row.source) != reported.end()) continue;
        reported.push_back(row.source);
        diagnostic d;
        d.code = "EXC-E8010";
        d.message =
            fmt::format("no rule pack says what a hit on list source `{}` means", row.source);
        d.file = row.file;
        d.line = row.line;
        d.help = "add the source to a `list_sources` rule (rules/list-sources.yaml)";
        diags.push_back(std::move(d));
        continue;
      }
      const auto& rule = packs.list_sources[static_cast<std::size_t>(found)];
      if (rule.k == list_source_rule::kind::entity_list) {
        entities.back() = static_cast<int>(ls->entities.size());
        ls->entities.push_back(official_entity(row, list, rule));
      }
    }
  }
  if (!ok) return nullptr;
  ls->official = official.size();
  std::vector<lists::screening_list> all;
  all.reserve(official.size() + 1);
  all.push_back(curated_list(packs));
  for (auto& l : official) all.push_back(std::move(l));
  // Weights as among the ~20,000 names and aliases of the SDN list at least (docs/screening.md):
  // alone, the curated entries would make "Huawei" and "Technologies" common words.
  ls->index = list_index(std::move(all), curated_weight_corpus);
  return ls;
}

int unified_entity(const engine_state& st, int entity_hit) {
  if (entity_hit >= -1) return entity_hit;
  return static_cast<int>(st.packs->entities.size()) + (-2 - entity_hit);
}

const entity_entry& entity_at(const engine_state& st, int unified) {
  const auto u = static_cast<std::size_t>(unified);
  const std::size_t curated = st.packs->entities.size();
  return u < curated ? st.packs->entities[u] : st.lists->entities[u - curated];
}

std::vector<loaded_list> list_identities(const std::vector<lists::screening_list>& official,
                                         const std::vector<lists::reviewed_file>& reviewed) {
  std::vector<loaded_list> out;
  for (const auto& l : official) out.push_back({l.source, l.file, l.rows, l.sha256});
  for (const auto& r : reviewed) out.push_back({"reviewed matches", r.file, r.rows, r.sha256});
  return out;
}

}  // namespace exportctl::detail
