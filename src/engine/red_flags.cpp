// red_flags.cpp: diversion red flags over the party graph ("Know Your Customer" guidance and
// red flags, Supp. No. 3 to 15 CFR Part 732; BIS diversion guidance of 2025-05-13). The packs
// say which flags exist and how severe they are; the graph facts come from src/graph.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <span>
#include <unordered_set>
#include <utility>

#include "engine/evaluate.hpp"
#include "model/text.hpp"

namespace exportctl::detail {
namespace {

using flag_kind = red_flag_rule::kind;

// Bounds on what one decision reports (docs/limits.md): parties shown in one chain, cycles
// listed one by one (the rest are counted in one flag).
constexpr std::size_t max_chain_shown = 24;
constexpr std::size_t max_cycles_listed = 16;

struct flag_raiser {
  check_context& cx;
  std::vector<outcome>& path_outcomes;
  std::vector<flag_record>& flags;
  std::size_t& count;
  outcome shipment = outcome::no_license_required;
  struct rule_party_hash {
    std::size_t operator()(const std::pair<const red_flag_rule*, int>& k) const noexcept {
      return std::hash<const void*>()(k.first) * 31 + std::hash<int>()(k.second);
    }
  };
  std::unordered_set<std::pair<const red_flag_rule*, int>, rule_party_hash> single;

  // Records the flag once per (rule, parties); a hold applies to path `path` (or to the whole
  // shipment when path < 0). describe(std::string&) appends the specifics to the message; it
  // runs only for a new flag, so a repeated flag formats nothing.
  template <class Describe>
  void raise(const red_flag_rule& rule, std::span<const int> parties, int path,
             Describe&& describe) {
    const bool hold = rule.effect == outcome::hold;
    if (hold) {
      if (path >= 0) {
        path_outcomes[static_cast<std::size_t>(path)] = outcome::hold;
      } else {
        shipment = outcome::hold;
      }
    }
    // A flag on one party (the commonest, raised again on every path through it) is found in
    // a set: the linear search below made a long chain with diamonds (4,096 paths of ~975
    // intermediaries) take seconds.
    if (parties.size() == 1) {
      if (!single.insert({&rule, parties[0]}).second) return;
    } else {
      for (std::size_t i = 0; i < count; ++i) {
        const flag_record& f = flags[i];
        if (f.rule->id == rule.meta.id && same_parties(f.parties, parties)) return;
      }
    }
    if (count == flags.size()) flags.emplace_back();
    flag_record& f = flags[count++];
    f.rule = &rule.meta;
    f.hold = hold;
    f.parties.clear();
    for (int p : parties) f.parties.push_back(&id(p));
    // "message: specifics", or the message alone when there are none.
    f.message = rule.meta.message;
    const std::size_t base = f.message.size();
    f.message += ": ";
    describe(f.message);
    if (f.message.size() == base + 2) f.message.resize(base);
  }

  [[nodiscard]] bool same_parties(const std::vector<const std::string*>& ids,
                                  std::span<const int> parties) const {
    if (ids.size() != parties.size()) return false;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (*ids[i] != id(parties[i])) return false;
    }
    return true;
  }

  [[nodiscard]] const std::string& id(int p) const { return cx.party_at(p).id; }

  // Appends "a → b → c" (the separator goes between non-empty text only). A chain longer than
  // max_chain_shown parties shows its ends and the count between them, so that a message stays
  // small however long the path or cycle (a thousand parties with 256-byte ids).
  void chain(std::span<const int> nodes, std::string& s) const {
    const std::size_t start = s.size();
    const std::size_t n = nodes.size();
    const std::size_t half = max_chain_shown / 2;
    for (std::size_t i = 0; i < n; ++i) {
      if (n > max_chain_shown && i == half) {
        fmt::format_to(std::back_inserter(s), " → … {} more …", n - 2 * half);
        i = n - half - 1;
        continue;
      }
      if (s.size() != start) s += " → ";
      s += id(nodes[i]);
    }
  }
};

// Serial numbers: how many a flag lists one by one (the rest are counted).
constexpr std::size_t max_serials_listed = 8;

// The shipment's serial numbers with the 1-based line of the top-level item they are on
// (serials of contained items count for the item that contains them), in input order.
void collect_serials(const std::vector<item>& items, int line,
                     std::vector<std::pair<const std::string*, int>>& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const int at = line > 0 ? line : static_cast<int>(i) + 1;
    for (const auto& sn : items[i].serials) out.emplace_back(&sn, at);
    collect_serials(items[i].contains, at, out);
  }
}

}  // namespace

outcome raise_red_flags(check_context& cx, std::vector<outcome>& path_outcomes,
                        std::vector<flag_record>& flags, std::size_t& count) {
  flag_raiser fr{cx, path_outcomes, flags, count, outcome::no_license_required, {}};
  const graph_facts& g = cx.graph;
  const std::size_t paths = g.path_count();

  // The shipment's serial numbers with their item lines, for both serial rules (most shipments
  // have none: nothing is allocated then).
  std::vector<std::pair<const std::string*, int>> serials;
  collect_serials(cx.s.items, 0, serials);

  for (const red_flag_rule& rule : cx.packs.red_flags) {
    if (!rule.meta.valid.contains(cx.on)) continue;
    if (rule.controlled_items_only && !cx.any_controlled) continue;
    switch (rule.k) {
      case flag_kind::cycle: {
        // Goods that come back to a party they passed: abnormal routing. Linear in the cycles'
        // and the paths' lengths: the parties on any cycle are marked once, and a path that
        // passes one holds (thousands of cycles next to thousands of long paths took minutes
        // when every cycle was compared with every path).
        if (g.cycles.empty()) break;
        std::vector<std::uint8_t> on_cycle(cx.s.parties.size(), 0);
        for (std::size_t c = 0; c < g.cycles.size(); ++c) {
          const auto& cycle = g.cycles[c];
          for (int p : cycle) on_cycle[static_cast<std::size_t>(p)] = 1;
          if (c < max_cycles_listed) {
            fr.raise(rule, cycle, -1, [&](std::string& out) {
              out += "transfers form a cycle ";
              fr.chain(cycle, out);
              out += " → ";
              out += fr.id(cycle.front());
            });
          } else if (c == max_cycles_listed) {
            fr.raise(rule, {}, -1, [&](std::string& out) {
              fmt::format_to(std::back_inserter(out), "{} further cycles are not listed",
                             g.cycles.size() - max_cycles_listed);
            });
          }
        }
        if (rule.effect != outcome::hold) break;
        for (std::size_t i = 0; i < paths; ++i) {
          const auto nodes = g.path(i);
          if (std::any_of(nodes.begin(), nodes.end(),
                          [&](int p) { return on_cycle[static_cast<std::size_t>(p)] != 0; })) {
            path_outcomes[i] = outcome::hold;
          }
        }
        break;
      }
      case flag_kind::path_not_to_end_user:
        for (std::size_t i = 0; i < paths; ++i) {
          const auto nodes = g.path(i);
          const int last = nodes.back();
          if (cx.end_user[static_cast<std::size_t>(last)]) continue;
          fr.raise(rule, {&last, 1}, static_cast<int>(i), [&](std::string& out) {
            out += "the path ";
            fr.chain(nodes, out);
            fmt::format_to(std::back_inserter(out), " ends at `{}` ({}), not at an end user",
                           fr.id(last), to_string(cx.party_at(last).role));
          });
        }
        if (!g.off_path.empty()) {
          fr.raise(rule, g.off_path, -1, [&](std::string& out) {
            out += "no path from the exporter to an end user passes through ";
            fr.chain(g.off_path, out);
          });
        }
        break;
      case flag_kind::final_party_role:
        for (std::size_t i = 0; i < paths; ++i) {
          const auto nodes = g.path(i);
          const int last = nodes.back();
          const party_role role = cx.party_at(last).role;
          if (std::find(rule.roles.begin(), rule.roles.end(), role) == rule.roles.end()) continue;
          fr.raise(rule, {&last, 1}, static_cast<int>(i), [&](std::string& out) {
            out += "the path ";
            fr.chain(nodes, out);
            fmt::format_to(std::back_inserter(out), " ends at `{}`, a {}", fr.id(last),
                           to_string(role));
          });
        }
        break;
      case flag_kind::no_end_user:
        if (!g.end_user_reached) {
          fr.raise(rule, {}, -1, [](std::string& out) {
            out += "no path from the exporter reaches an end user";
          });
        }
        break;
      case flag_kind::intermediary_in: {
        if (rule.selector < 0) break;
        const auto& sel = cx.packs.selectors[static_cast<std::size_t>(rule.selector)];
        for (std::size_t i = 0; i < paths; ++i) {
          const auto nodes = g.path(i);
          // Intermediate parties only: neither the exporter nor the path's final party.
          for (std::size_t j = 1; j + 1 < nodes.size(); ++j) {
            const int p = nodes[j];
            // The location as given and as aliased both count: a hub list may name Hong Kong
            // itself, which the aliases otherwise treat as China.
            const party_facts& pf = cx.parties[static_cast<std::size_t>(p)];
            country_code c = pf.located_as_given;
            tri t = cx.member(rule.selector, c);
            if (t != tri::yes && pf.located != pf.located_as_given) {
              const tri aliased = cx.member(rule.selector, pf.located);
              if (aliased == tri::yes || (aliased == tri::unknown && t == tri::no)) {
                c = pf.located;
                t = aliased;
              }
            }
            if (t == tri::no) continue;
            fr.raise(rule, nodes.subspan(j, 1), static_cast<int>(i), [&](std::string& out) {
              out += "intermediate party `";
              out += fr.id(p);
              out += "` is located in ";
              out += country_text(c);
              out += " (";
              out += sel.text;
              if (t == tri::unknown) out += ", unconfirmed";
              out += ')';
            });
          }
        }
        break;
      }
      case flag_kind::party_hq_unconfirmed: {
        if (rule.selector < 0) break;
        const auto& sel = cx.packs.selectors[static_cast<std::size_t>(rule.selector)];
        for (std::size_t i = 0; i < paths; ++i) {
          const auto nodes = g.path(i);
          for (std::size_t j = 0; j < nodes.size(); ++j) {
            const int p = nodes[j];
            const party_facts& pf = cx.parties[static_cast<std::size_t>(p)];
            for (country_code c : {pf.headquarters, pf.parent_headquarters}) {
              if (cx.member(rule.selector, c) != tri::unknown) continue;
              fr.raise(rule, nodes.subspan(j, 1), static_cast<int>(i), [&](std::string& out) {
                fmt::format_to(std::back_inserter(out),
                               "whether the headquarters {} of `{}` is in {} is unconfirmed",
                               country_text(c), fr.id(p), sel.text);
              });
              break;
            }
          }
        }
        break;
      }
      case flag_kind::serial_repeated: {
        // A serial number twice in one shipment: one unit cannot ship twice.
        if (serials.size() < 2) break;
        std::map<std::string_view, int> first;
        std::vector<std::string> repeated;
        for (const auto& [sn, line] : serials) {
          const auto [it, fresh] = first.emplace(*sn, line);
          if (fresh) continue;
          repeated.push_back(it->second == line
                                 ? fmt::format("`{}` twice on item {}", *sn, line)
                                 : fmt::format("`{}` on items {} and {}", *sn, it->second, line));
        }
        if (repeated.empty()) break;
        fr.raise(rule, {}, -1, [&](std::string& out) {
          for (std::size_t i = 0; i < repeated.size() && i < max_serials_listed; ++i)
            out += (i == 0 ? "serial " : "; serial ") + repeated[i];
          if (repeated.size() > max_serials_listed)
            fmt::format_to(std::back_inserter(out), "; {} more repeated serials",
                           repeated.size() - max_serials_listed);
        });
        break;
      }
      case flag_kind::serial_shipped_before: {
        // A serial the ledger released before to an end user or country this shipment does not
        // go to (history.hpp): the unit came back from where it was sent.
        if (serials.empty() || cx.facts == nullptr || cx.facts->serials.empty()) break;
        std::map<std::string_view, int> here;
        for (const auto& [sn, line] : serials) here.emplace(*sn, line);
        std::vector<std::pair<std::string, std::string>> end_users;
        for (const auto& p : cx.s.parties)
          if (p.role == party_role::end_user)
            end_users.emplace_back(end_user_key(p.name), p.country);
        std::vector<std::string> earlier;
        for (const serial_record& r : cx.facts->serials) {
          const auto it = here.find(r.serial);
          if (it == here.end()) continue;
          const bool same = std::any_of(end_users.begin(), end_users.end(), [&](const auto& eu) {
            return eu.first == end_user_key(r.end_user) && eu.second == r.country;
          });
          if (same) continue;
          earlier.push_back(fmt::format(
              "serial `{}` (item {}) was released on {} in order `{}` (shipment `{}`) to `{}` ({})",
              r.serial, it->second, r.on.to_string(), r.order_id, r.shipment, r.end_user,
              r.country));
        }
        if (earlier.empty()) break;
        fr.raise(rule, {}, -1, [&](std::string& out) {
          for (std::size_t i = 0; i < earlier.size() && i < max_serials_listed; ++i)
            out += (i == 0 ? "" : "; ") + earlier[i];
          if (earlier.size() > max_serials_listed)
            fmt::format_to(std::back_inserter(out), "; {} more serials shipped before",
                           earlier.size() - max_serials_listed);
          out += " (ledger ";
          out += cx.facts->source;
          out += ')';
        });
        break;
      }
      case flag_kind::path_limit:
        if (g.truncated) {
          fr.raise(rule, {}, -1, [&](std::string& out) {
            fmt::format_to(std::back_inserter(out),
                           "more than {} paths from the exporter; no path was decided",
                           cx.st.graph.max_paths);
          });
        }
        break;
      case flag_kind::review_supplied_fact:
        // The decision rests on a reviewer's word for these facts, not on the shipment's
        // documents: it says so, with who, when, which order and why (supplied_facts.cpp).
        if (cx.supplies == nullptr || cx.supplies->empty()) break;
        fr.raise(rule, {}, -1, [&](std::string& out) {
          for (std::size_t i = 0; i < cx.supplies->size(); ++i)
            out += (i == 0 ? "" : "; ") + describe_supply((*cx.supplies)[i]);
        });
        break;
    }
  }
  return fr.shipment;
}

}  // namespace exportctl::detail
