// hops.cpp: the countries of the parties and the kind of each hop.
#include "engine/evaluate.hpp"

namespace exportctl::detail {

void resolve_parties(check_context& cx) {
  cx.parties.resize(cx.s.parties.size());
  cx.end_user.resize(cx.s.parties.size());
  for (std::size_t i = 0; i < cx.s.parties.size(); ++i) {
    const party& p = cx.s.parties[i];
    // Validation guarantees the codes parse. Aliases apply to every test (HK is treated as CN
    // since 2020-12-23, 85 FR 83765), headquarters included.
    const auto code = [&cx](const std::string& text) {
      return cx.packs.resolve(parse_country(text).value_or(0), cx.on);
    };
    party_facts& f = cx.parties[i];
    f.located_as_given = parse_country(p.country).value_or(0);
    f.located = cx.packs.resolve(f.located_as_given, cx.on);
    // docs/rule-pack-format.md: headquarters default to the country, the ultimate parent's to
    // the headquarters.
    f.headquarters = p.headquarters.empty() ? f.located : code(p.headquarters);
    f.parent_headquarters = p.ultimate_parent_headquarters.empty()
                                ? f.headquarters
                                : code(p.ultimate_parent_headquarters);
    f.role = p.role;
    cx.end_user[i] = p.role == party_role::end_user ? 1 : 0;
  }
}

hop_kind classify_hop(const check_context& cx, int sender, int recipient) {
  const country_code from = cx.parties[static_cast<std::size_t>(sender)].located;
  const country_code to = cx.parties[static_cast<std::size_t>(recipient)].located;
  // 15 CFR 734.16: an in-country transfer is a transfer within one *foreign* country; 734.13:
  // an export is a shipment out of the United States; 734.14: a reexport is a shipment from one
  // foreign country to another. A hop within the United States is none of them (a domestic
  // sale, e.g. to the US subsidiary of a foreign company, is not subject to EAR licensing;
  // deemed exports of technology are out of scope).
  if (from == to) {
    return from == cx.st.united_states ? hop_kind::within_us : hop_kind::in_country_transfer;
  }
  if (from == cx.st.united_states) return hop_kind::export_from_us;
  return hop_kind::reexport;
}

}  // namespace exportctl::detail
