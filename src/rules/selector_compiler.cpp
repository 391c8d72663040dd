// selector_compiler.cpp: dated country sets. Group memberships change on dates (Nicaragua joined
// D:5 on 2024-03-15); a selector over several groups therefore changes whenever any of them
// does. Both are precomputed as step functions so that a test on the hot path is one binary
// search and one bit lookup.
#include <algorithm>
#include <array>

#include "rules/pack_ast.hpp"

namespace exportctl::detail {
namespace {

bool same_bits(const country_bits& a, const country_bits& b) {
  return a.confirmed == b.confirmed && a.unconfirmed == b.unconfirmed;
}

// Appends a step unless it repeats the previous one (steps mark changes only).
void push_step(dated_country_set& set, date d, const country_bits& bits) {
  if (!set.steps.empty() && same_bits(set.steps.back().second, bits)) return;
  set.steps.emplace_back(d, bits);
}

const country_set& assigned_countries() {
  static const country_set all = [] {
    country_set s;
    for (const auto& code : all_country_codes()) s.set(*parse_country(code));
    return s;
  }();
  return all;
}

date day_after(date d) { return d == date::max() ? d : date{d.days + 1}; }

struct group_bits {
  country_set confirmed;
  country_set unconfirmed;
};

// Union over every definition of a group (at most one is in force on a date, the linker has
// checked; each definition's set is empty outside its window).
group_bits members_at(const group_view& g, date d) {
  group_bits b;
  for (const country_group* def : g.defs) {
    const country_bits& bits = def->members.at(d);
    b.confirmed |= bits.confirmed;
    b.unconfirmed |= bits.unconfirmed;
  }
  return b;
}

void add_breakpoints(const group_view& g, std::vector<date>& out) {
  for (const country_group* def : g.defs) {
    for (const auto& step : def->members.steps) out.push_back(step.first);
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string r;
  for (const auto& p : parts) {
    if (!r.empty()) r += sep;
    r += p;
  }
  return r;
}

std::string code_list(const std::vector<country_code>& codes) {
  std::vector<std::string> texts;
  texts.reserve(codes.size());
  for (auto c : codes) texts.push_back(country_text(c));
  return "{" + join(texts, ", ") + "}";
}

std::string selector_text(const selector_ast& s, const std::vector<const group_view*>& groups,
                          const std::vector<const group_view*>& except) {
  std::vector<std::string> inc;
  if (s.all_countries) inc.emplace_back("all countries");
  for (const auto* g : groups) inc.push_back(g->label);
  if (!s.countries.empty()) inc.push_back(code_list(s.countries));
  std::vector<std::string> exc;
  for (const auto* g : except) exc.push_back(g->label);
  if (!s.except_countries.empty()) exc.push_back(code_list(s.except_countries));
  std::string text = join(inc, " ∪ ");
  if (exc.size() == 1) text += " − " + exc.front();
  if (exc.size() > 1) text += " − (" + join(exc, " ∪ ") + ")";
  return text;
}

}  // namespace

dated_country_set build_member_set(const std::vector<member_span>& members, interval window) {
  // Sweep over start/end events with a count per code, so the cost is O(events · log events)
  // plus one bitset copy per change, however many members and dates a group has.
  struct event {
    date when;
    country_code code;
    int delta;
    bool unconfirmed;
  };
  std::vector<event> events;
  events.reserve(members.size() * 2);
  for (const auto& m : members) {
    const interval v{std::max(m.valid.from, window.from), std::min(m.valid.to, window.to)};
    if (v.from > v.to) continue;
    events.push_back({v.from, m.code, +1, m.unconfirmed});
    if (v.to != date::max()) events.push_back({day_after(v.to), m.code, -1, m.unconfirmed});
  }
  std::sort(events.begin(), events.end(),
            [](const event& a, const event& b) { return a.when < b.when; });
  std::array<int, country_slots> confirmed_count{};
  std::array<int, country_slots> unconfirmed_count{};
  dated_country_set set;
  country_bits bits;
  set.steps.emplace_back(date::min(), bits);
  for (std::size_t i = 0; i < events.size();) {
    const date when = events[i].when;
    for (; i < events.size() && events[i].when == when; ++i) {
      const event& e = events[i];
      auto& counts = e.unconfirmed ? unconfirmed_count : confirmed_count;
      counts[e.code] += e.delta;
    }
    country_bits next;
    for (std::size_t c = 0; c < country_slots; ++c) {
      // A confirmed membership wins over an unconfirmed one for the same day.
      if (confirmed_count[c] > 0) {
        next.confirmed.set(c);
      } else if (unconfirmed_count[c] > 0) {
        next.unconfirmed.set(c);
      }
    }
    if (when == date::min()) {
      set.steps.front().second = next;
    } else {
      push_step(set, when, next);
    }
  }
  return set;
}

country_selector compile_selector(const selector_ast& s,
                                  const std::vector<const group_view*>& groups,
                                  const std::vector<const group_view*>& except) {
  country_set listed;
  for (auto c : s.countries) listed.set(c);
  country_set unlisted;
  for (auto c : s.except_countries) unlisted.set(c);

  std::vector<date> dates{date::min()};
  for (const auto* g : groups) add_breakpoints(*g, dates);
  for (const auto* g : except) add_breakpoints(*g, dates);
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());

  country_selector out;
  out.text = selector_text(s, groups, except);
  for (date d : dates) {
    // Union of the groups' memberships on `d`, confirmed and unconfirmed kept apart.
    const auto union_at = [d](const auto& gs) {
      group_bits u;
      for (const auto* g : gs) {
        const group_bits b = members_at(*g, d);
        u.confirmed |= b.confirmed;
        u.unconfirmed |= b.unconfirmed;
      }
      return u;
    };
    group_bits in;
    if (s.all_countries) {
      in.confirmed = assigned_countries();
    } else {
      in = union_at(groups);
      in.confirmed |= listed;
    }
    group_bits out_of = union_at(except);
    out_of.confirmed |= unlisted;
    // Definitely in: surely included and surely not excluded. Maybe in: possibly included and
    // not surely excluded, but not definitely in (three-valued set difference).
    country_bits bits;
    bits.confirmed = in.confirmed & ~out_of.confirmed & ~out_of.unconfirmed;
    bits.unconfirmed = (in.confirmed | in.unconfirmed) & ~out_of.confirmed & ~bits.confirmed;
    push_step(out.sets, d, bits);
  }
  return out;
}

std::string selector_key(const selector_ast& s) {
  const auto ids = [](const std::vector<id_ref>& refs) {
    std::vector<std::string> v;
    for (const auto& r : refs) v.push_back(r.id);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return join(v, ",");
  };
  const auto codes = [](std::vector<country_code> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::string r;
    for (auto c : v) r += country_text(c);
    return r;
  };
  return std::string(s.all_countries ? "all" : "") + "|" + ids(s.groups) + "|" +
         codes(s.countries) + "|" + ids(s.except_groups) + "|" + codes(s.except_countries);
}

}  // namespace exportctl::detail
