// validate_owners.cpp: the owners of parties and entities (EXC-E4012 .. EXC-E4016,
// docs/diagnostics.md). The ownership walk (ownership.cpp) may then assume that every
// `entity:` reference resolves, that every share is in (0, 100] and that no one is owned more
// than 100%; cycles are allowed here (cross-holdings exist) and held by the walk.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/validate.hpp"
#include "model/country.hpp"
#include "model/diag_codes.hpp"
#include "model/text.hpp"
#include "shipment/schema.hpp"

namespace exportctl::detail {
namespace {

constexpr std::string_view entities_field =
    schema::shipment_fields[schema::shipment_key::entities].name;
constexpr std::string_view parties_field =
    schema::shipment_fields[schema::shipment_key::parties].name;
constexpr std::string_view owners_field = schema::party_fields[schema::party_key::owners].name;

struct owner_checker {
  const shipment& s;
  const name_normalizer& names;
  std::vector<diagnostic>& out;
  std::unordered_map<std::string_view, std::size_t> ids;  ///< entity and party ids
  std::vector<std::string> id_list;                       ///< for "did you mean"
  std::string key;
  /// "Did you mean" compares with every id: bounded per shipment, as for transfers.
  std::size_t suggestions_left = 16;

  void error(diag_code code, std::string message, const source_position& pos, std::string path,
             std::string help = {}) {
    out.push_back(shipment_error(code, std::move(message), s.source_name, pos, std::move(path),
                                 std::move(help)));
  }

  // Paths are callables: valid input builds no strings (this runs before every check).
  template <class Path>
  void country(const std::string& code, const source_position& pos, Path&& path) {
    if (parse_country(code)) return;
    error("EXC-E4005", fmt::format("unknown country code `{}`", code), pos, path(),
          "countries are ISO 3166-1 alpha-2 codes such as `DE`");
  }

  template <class Path>
  void name(const std::string& n, std::string_view what, const source_position& pos, Path&& path) {
    const std::string_view reason = unscreenable_name(names, n, key);
    if (reason.empty()) return;
    error("EXC-E4011", fmt::format("{} name `{}` cannot be screened: {}", what, n, reason), pos,
          path(), "give the owner's legal name as it appears on its documents");
  }

  // The owners of the party or entity `owned` (its id) at logical path `base`.
  template <class Base>
  void owners(const std::vector<owner>& list, const std::string& owned, Base&& base) {
    double total = 0;
    for (std::size_t k = 0; k < list.size(); ++k) {
      const owner& o = list[k];
      const auto p = [&] { return fmt::format("{}.{}[{}]", base(), owners_field, k); };
      const bool by_entity = !o.entity.empty();
      const bool by_name = !o.name.empty();
      if (by_entity == by_name) {
        error("EXC-E4015",
              by_entity ? "owner has both `entity` and `name`"
                        : "owner has neither `entity` nor `name`",
              o.position, p(),
              "an owner is `{entity: ID, percent: P}` (an entity or party of the shipment) or "
              "`{name: NAME, country: CC, percent: P}`");
      } else if (by_entity) {
        if (!o.country.empty()) {
          error("EXC-E4015", "owner has both `entity` and `country`", o.position, p() + ".country",
                "the entity's country is stated on the entity");
        }
        if (ids.find(o.entity) == ids.end()) {
          if (id_list.empty()) {
            for (const auto& [id, _] : ids) id_list.emplace_back(id);
            std::sort(id_list.begin(), id_list.end());
          }
          const auto best = suggestions_left > 0 && suggestions_left-- > 0
                                ? closest_match(o.entity, id_list)
                                : std::nullopt;
          error("EXC-E4012", fmt::format("owner names unknown entity `{}`", o.entity), o.position,
                p() + ".entity",
                best ? fmt::format("did you mean `{}`?", *best)
                     : fmt::format("list it under `{}` with its name and country", entities_field));
        } else if (o.entity == owned) {
          error("EXC-E4012", fmt::format("`{}` is stated as its own owner", owned), o.position,
                p() + ".entity");
        }
      } else {
        name(o.name, "owner", o.position, [&] { return p() + ".name"; });
        if (o.country.empty()) {
          error("EXC-E4015", fmt::format("named owner `{}` has no `country`", o.name), o.position,
                p(), "a named owner is screened with its country: give `country`");
        } else {
          country(o.country, o.position, [&] { return p() + ".country"; });
        }
      }
      if (o.percent) {
        // 0 < percent <= 100: a share of 0 owns nothing, and an absent share is how an unknown
        // one is written (Red Flag 29, 90 FR 47201).
        if (!(*o.percent > 0) || *o.percent > 100) {
          error("EXC-E4013", fmt::format("owner share {} is outside (0, 100]", *o.percent),
                o.position, p() + ".percent",
                "a share is a percentage above 0 and at most 100; leave `percent` out when it "
                "is not known");
        } else {
          total += *o.percent;
        }
      }
    }
    // Known shares only: unknown ones can only add to the total.
    if (total > 100 + 1e-9) {
      error("EXC-E4014",
            fmt::format("the owners of `{}` hold {}% together, more than 100%", owned, total),
            list.front().position, base() + "." + std::string(owners_field),
            "check the shares: they are percentages of the one owned");
    }
  }
};

}  // namespace

void validate_owners(const shipment& s, const name_normalizer& names,
                     std::vector<diagnostic>& out) {
  bool any = !s.entities.empty();
  for (const auto& p : s.parties) any = any || !p.owners.empty();
  if (!any) return;  // the common case: nothing to check, nothing built
  owner_checker c{s, names, out, {}, {}, {}, 16};
  for (std::size_t i = 0; i < s.parties.size(); ++i) c.ids.emplace(s.parties[i].id, i);
  for (std::size_t i = 0; i < s.entities.size(); ++i) {
    const entity& e = s.entities[i];
    const auto p = [&] { return fmt::format("{}[{}]", entities_field, i); };
    const auto [first, inserted] = c.ids.emplace(e.id, s.parties.size() + i);
    if (!inserted) {
      const std::size_t j = first->second;
      c.error("EXC-E4016", fmt::format("duplicate entity id `{}`", e.id), e.position, p() + ".id",
              j < s.parties.size() ? fmt::format("`{}` is already {}[{}]", e.id, parties_field, j)
                                   : fmt::format("`{}` is already {}[{}]", e.id, entities_field,
                                                 j - s.parties.size()));
    }
    c.name(e.name, "entity", e.position, [&] { return p() + ".name"; });
    c.country(e.country, e.position, [&] { return p() + ".country"; });
  }
  for (std::size_t i = 0; i < s.parties.size(); ++i) {
    if (s.parties[i].owners.empty()) continue;
    c.owners(s.parties[i].owners, s.parties[i].id,
             [&] { return fmt::format("{}[{}]", parties_field, i); });
  }
  for (std::size_t i = 0; i < s.entities.size(); ++i) {
    if (s.entities[i].owners.empty()) continue;
    c.owners(s.entities[i].owners, s.entities[i].id,
             [&] { return fmt::format("{}[{}]", entities_field, i); });
  }
}

}  // namespace exportctl::detail
