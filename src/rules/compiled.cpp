// compiled.cpp: the out-of-line members of the compiled tables. They run on the engine's hot
// path, so each is a binary search or a short scan over a handful of entries.
#include "rules/compiled.hpp"

#include <algorithm>

namespace exportctl::detail {

const country_bits& dated_country_set::at(date d) const {
  static const country_bits empty{};
  // The last step whose date is <= d; steps start at date::min(), so one always exists for a
  // set built by the loader (an empty, default-constructed set answers "no members").
  auto it = std::upper_bound(steps.begin(), steps.end(), d,
                             [](date v, const auto& step) { return v < step.first; });
  if (it == steps.begin()) return empty;
  return std::prev(it)->second;
}

tri country_selector::test(country_code c, date d) const {
  const country_bits& bits = sets.at(d);
  if (bits.confirmed.test(c)) return tri::yes;
  if (bits.unconfirmed.test(c)) return tri::unknown;
  return tri::no;
}

country_code compiled_packs::resolve(country_code c, date d) const {
  // One step only: the loader rejects two aliases of one code in force on the same day, and
  // US rules have no chains (HK → CN, MO is its own destination).
  for (const auto& a : aliases) {
    if (a.code == c && a.meta.valid.contains(d)) return a.treat_as;
  }
  return c;
}

}  // namespace exportctl::detail
