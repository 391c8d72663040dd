#include "cli/batch_summary.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <vector>

#include "doc/json_writer.hpp"
#include "exportctl/shipment.hpp"

namespace exportctl::cli {
namespace {

bool counted(finding_kind k) {
  // Classification and information findings explain; they do not decide anything.
  return k != finding_kind::classification && k != finding_kind::information;
}

template <class Map>
std::vector<std::pair<std::string_view, std::size_t>> by_count(const Map& m) {
  std::vector<std::pair<std::string_view, std::size_t>> v(m.begin(), m.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

constexpr std::array<outcome, 4> outcomes = {outcome::no_license_required,
                                             outcome::license_exception, outcome::license_required,
                                             outcome::hold};

}  // namespace

void batch_counts::add(const decision& d, const shipment& s) {
  ++shipments;
  ++decisions[static_cast<std::size_t>(d.result)];
  // A shipment with two end users in one country counts once for that country.
  std::string_view seen[8];
  std::size_t n_seen = 0;
  for (const auto& p : s.parties) {
    if (p.role != party_role::end_user) continue;
    if (std::find(seen, seen + n_seen, p.country) != seen + n_seen) continue;
    if (n_seen < 8) seen[n_seen++] = p.country;
    auto it = destinations.find(p.country);
    if (it == destinations.end()) it = destinations.emplace(p.country, 0).first;
    ++it->second;
  }
  std::vector<std::string_view>& fired = fired_;  // reused: no allocation per shipment
  fired.clear();
  for (const auto& f : d.findings)
    if (counted(f.kind) && !f.rule.empty()) fired.push_back(f.rule);
  for (const auto& r : d.red_flags)
    if (!r.rule.empty()) fired.push_back(r.rule);
  std::sort(fired.begin(), fired.end());
  fired.erase(std::unique(fired.begin(), fired.end()), fired.end());
  for (auto r : fired) {
    auto it = rules.find(r);
    if (it == rules.end()) it = rules.emplace(std::string(r), 0).first;
    ++it->second;
  }
}

void batch_counts::merge(const batch_counts& o) {
  shipments += o.shipments;
  bad += o.bad;
  for (std::size_t i = 0; i < decisions.size(); ++i) decisions[i] += o.decisions[i];
  for (const auto& [k, v] : o.destinations) destinations[k] += v;
  for (const auto& [k, v] : o.rules) rules[k] += v;
}

void print_summary(const batch_counts& c, double seconds) {
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f s, %.0f shipments/s", seconds,
                seconds > 0 ? static_cast<double>(c.shipments + c.bad) / seconds : 0.0);
  std::cerr << "batch: " << c.shipments << " decided, " << c.bad << " bad line(s) in " << rate
            << '\n';
  std::cerr << "decisions:";
  for (auto o : outcomes)
    std::cerr << ' ' << to_string(o) << ' ' << c.decisions[static_cast<std::size_t>(o)];
  std::cerr << "\ndestinations:";
  for (const auto& [k, v] : by_count(c.destinations)) std::cerr << ' ' << k << ' ' << v;
  std::cerr << "\nrules:\n";
  for (const auto& [k, v] : by_count(c.rules)) std::cerr << "  " << v << ' ' << k << '\n';
}

std::string summary_json(const batch_counts& c) {
  std::string out;
  {  // the writer may grow `out` ahead of the text; it is exact once the writer is gone
    detail::json_writer w(out, false);
    w.begin_object();
    w.key("shipments");
    w.integer(static_cast<long long>(c.shipments));
    w.key("bad_lines");
    w.integer(static_cast<long long>(c.bad));
    w.key("decisions");
    w.begin_object();
    for (auto o : outcomes) {
      w.key(to_string(o));
      w.integer(static_cast<long long>(c.decisions[static_cast<std::size_t>(o)]));
    }
    w.end_object();
    for (const auto* section : {"destinations", "rules"}) {
      w.key(section);
      w.begin_object();
      const auto& m = std::string_view(section) == "rules" ? c.rules : c.destinations;
      for (const auto& [k, v] : m) {
        w.key(k);
        w.integer(static_cast<long long>(v));
      }
      w.end_object();
    }
    w.end_object();
  }
  out += '\n';
  return out;
}

}  // namespace exportctl::cli
