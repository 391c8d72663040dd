// license_coverage.cpp: whether a licence covers one item of a decision (covers(), license.hpp).
// Every test that fails names the licence and what it lacks, since the reasons reach the user as
// the release's "blocked" text. Quantities are left to the ledger (release.cpp).
#include <algorithm>
#include <array>
#include <string_view>

#include "exportctl/license.hpp"
#include "model/text.hpp"

namespace exportctl {
namespace {

// The licence's name key of a party name. Not the screening key (screening/normalize.hpp): that
// key takes its legal forms from a pack, which only a loaded engine has, and it maps confusable
// letters together ("rn" and "m"), which is right for screening, where a false match is the safe
// error, and wrong here, where a false match would let an order ship under a licence that does
// not name its party. So: the ledger's end-user key (model/text.hpp: ASCII case folded, every
// other ASCII run one word break, bytes of other scripts kept), and trailing legal forms from
// this fixed list dropped, as long as a word remains.
constexpr std::array<std::string_view, 15> legal_forms = {
    "ag", "co",      "company", "corp", "corporation", "gmbh", "inc", "incorporated",
    "kk", "limited", "llc",     "ltd",  "plc",         "pte",  "sa"};

std::string license_name_key(std::string_view name) {
  std::string key = detail::end_user_key(name);
  // Trailing legal forms, as long as a word remains before them.
  for (;;) {
    const auto space = key.rfind(' ');
    if (space == std::string::npos) break;
    const std::string_view last = std::string_view(key).substr(space + 1);
    if (std::find(legal_forms.begin(), legal_forms.end(), last) == legal_forms.end()) break;
    key.resize(space);
  }
  return key;
}

bool names_party(const std::vector<std::string>& listed, std::string_view name) {
  const std::string key = license_name_key(name);
  return !key.empty() && std::any_of(listed.begin(), listed.end(), [&](const std::string& l) {
    return license_name_key(l) == key;
  });
}

// "3A090.a" covers 3A090.a and its paragraphs (3A090.a.1), not 3A090.b nor 3A090.aa.
bool eccn_covers(std::string_view listed, std::string_view eccn) {
  if (eccn.empty()) return false;
  return eccn == listed || (eccn.size() > listed.size() &&
                            eccn.substr(0, listed.size()) == listed && eccn[listed.size()] == '.');
}

const party* find_party(const shipment& s, std::string_view id) {
  for (const auto& p : s.parties)
    if (p.id == id) return &p;
  return nullptr;
}

std::string party_label(const shipment& s, std::string_view id) {
  const party* p = find_party(s, id);
  return p != nullptr && !p->name.empty() ? p->name : std::string(id);
}

// The decision records an outcome per path and per hop, not per item on each hop: a hop that
// requires a licence for any item is taken to require one for this item too (fail closed: the
// licence must name that destination). A holding hop counts as well; a held shipment is not
// released anyway.
bool needs_license(outcome o) { return o >= outcome::license_required; }

license_coverage not_covered(const license& l, const std::string& why) {
  return {false, "licence " + l.number + " " + why};
}

}  // namespace

license_coverage covers(const license& l, const decision& d, const shipment& s, int item_line) {
  const auto it = std::find_if(d.items.begin(), d.items.end(),
                               [&](const item_result& r) { return r.line == item_line; });
  if (it == d.items.end())
    return not_covered(l, "cannot cover item " + std::to_string(item_line) + ": the decision for " +
                              d.shipment + " has no item " + std::to_string(item_line));

  if (d.as_of < l.valid_from || l.valid_to < d.as_of)
    return not_covered(l, "is valid " + l.valid_from.to_string() + " to " + l.valid_to.to_string() +
                              ", not on " + d.as_of.to_string());

  const bool by_product = !it->product.empty() && std::find(l.products.begin(), l.products.end(),
                                                            it->product) != l.products.end();
  const bool by_eccn = std::any_of(l.eccns.begin(), l.eccns.end(), [&](const std::string& e) {
    return eccn_covers(e, it->eccn) || eccn_covers(e, it->paragraph);
  });
  if (!by_product && !by_eccn) {
    std::string what;
    if (!it->product.empty()) what = "product " + it->product;
    if (!it->eccn.empty()) what += (what.empty() ? "" : " or ") + std::string("ECCN ") + it->eccn;
    if (what.empty())
      return not_covered(l, "cannot cover item " + std::to_string(item_line) +
                                ": it has neither a product id nor an ECCN");
    return not_covered(l, "does not name " + what + " (item " + std::to_string(item_line) + ")");
  }

  // Paths past the report bound are decided but not listed: their hops cannot be checked.
  const auto& om = d.paths_omitted;
  if (om.count > 0 && om.by_outcome[static_cast<int>(outcome::license_required)] +
                              om.by_outcome[static_cast<int>(outcome::hold)] >
                          0)
    return not_covered(l, "cannot be checked against the " + std::to_string(om.count) +
                              " paths the decision does not list");

  const bool several = d.paths.size() > 1;
  bool checked = false;
  for (std::size_t pi = 0; pi < d.paths.size(); ++pi) {
    const path_result& p = d.paths[pi];
    if (!needs_license(p.decision)) continue;
    checked = true;
    const std::string on_path = several ? "path " + std::to_string(pi + 1) + ", " : std::string();
    for (std::size_t hi = 0; hi < p.hops.size(); ++hi) {
      const hop_result& h = p.hops[hi];
      if (!needs_license(h.decision)) continue;
      const std::string where = "(" + on_path + "hop " + std::to_string(hi + 1) + ": " +
                                party_label(s, h.from) + " \u2192 " + party_label(s, h.to) + ")";
      const party* to = find_party(s, h.to);
      if (to == nullptr) return not_covered(l, "cannot find the destination of " + where);
      // As given, without the packs' aliases: a licence for CN does not cover HK.
      if (std::find(l.destinations.begin(), l.destinations.end(), to->country) ==
          l.destinations.end())
        return not_covered(l, "does not cover destination " + to->country + " " + where);
    }
    // The path's consignee: its parties in that role, else the last party, who receives the
    // goods (the ultimate consignee). Its end user: its parties in that role, none otherwise.
    std::vector<const party*> consignees;
    std::vector<const party*> end_users;
    for (const auto& id : p.parties) {
      const party* q = find_party(s, id);
      if (q == nullptr) continue;
      if (q->role == party_role::consignee) consignees.push_back(q);
      if (q->role == party_role::end_user) end_users.push_back(q);
    }
    if (consignees.empty() && !p.parties.empty()) {
      if (const party* last = find_party(s, p.parties.back())) consignees.push_back(last);
    }
    if (!l.consignees.empty()) {
      for (const party* q : consignees)
        if (!names_party(l.consignees, q->name))
          return not_covered(l, "does not name consignee " + q->name);
    }
    if (!l.end_users.empty()) {
      if (end_users.empty())
        return not_covered(l, "names end users but the path to " +
                                  party_label(s, p.parties.empty() ? "" : p.parties.back()) +
                                  (several ? " (path " + std::to_string(pi + 1) + ")" : "") +
                                  " has no end user");
      for (const party* q : end_users)
        if (!names_party(l.end_users, q->name))
          return not_covered(l, "does not name end user " + q->name);
    }
  }
  // Fail closed: a decision that lists no path needing a licence (a graph past its bound holds
  // with no path) does not say where the goods go, so no licence can be said to cover them.
  if (!checked)
    return not_covered(l, "cannot be checked: the decision lists no path that needs it");
  return {true, {}};
}

}  // namespace exportctl
