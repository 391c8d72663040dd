// reader.cpp: `when` mappings → condition trees, and country selectors → selector_ast.
// A `when` holds when all of its keys hold; each key becomes one child, in input order, so that
// explanations follow the pack's wording.
#include <algorithm>
#include <array>

#include "model/names.hpp"
#include "model/text.hpp"
#include "rules/pack_ast.hpp"

namespace exportctl::detail {
namespace {

using kind = condition::kind;

// Codes people write that ISO 3166-1 spells differently.
std::optional<std::string> well_known_mistake(std::string_view code) {
  if (code == "UK") return "GB";                   // the United Kingdom is GB in ISO 3166-1
  if (code == "EL") return "GR";                   // the EU's code for Greece
  if (code == "KV" || code == "KOS") return "XK";  // Kosovo, as US agencies code it
  if (code == "PRC") return "CN";
  return std::nullopt;
}

std::optional<cmp> parse_cmp(std::string_view s) {
  static const std::pair<std::string_view, cmp> names[] = {{">=", cmp::ge}, {">", cmp::gt},
                                                           {"<=", cmp::le}, {"<", cmp::lt},
                                                           {"==", cmp::eq}, {"!=", cmp::ne}};
  for (const auto& [name, op] : names) {
    if (name == s) return op;
  }
  return std::nullopt;
}

std::optional<condition> read_threshold(const pack_context& pc, const doc_node& n,
                                        const std::string& path) {
  map_reader m(pc.c, n, path, {"param", "op", "value", "since_year"});
  if (!m.ok()) return std::nullopt;
  condition leaf;
  leaf.k = condition::kind::threshold;
  bool ok = true;
  if (const auto* p = m.required("param")) {
    static constexpr auto names = [] {
      std::array<std::string_view, param_count> out{};
      for (std::size_t i = 0; i < param_count; ++i) out[i] = params[i].name;
      return out;
    }();
    auto s = read_enum(pc.c, *p, m.path("param"), names);
    ok = ok && s.has_value();
    if (s) leaf.p = *param_named(*s);
  } else {
    ok = false;
  }
  if (const auto* op = m.required("op")) {
    auto s = read_enum(pc.c, *op, m.path("op"), {">=", ">", "<=", "<", "==", "!="});
    ok = ok && s.has_value();
    if (s) leaf.op = *parse_cmp(*s);
  } else {
    ok = false;
  }
  if (const auto* v = m.required("value")) {
    // Every parameter (TPP, density, bandwidth, area) is non-negative: a negative threshold is
    // a typo that would make a comparison always or never hold.
    auto d = read_non_negative(pc.c, *v, m.path("value"));
    ok = ok && d.has_value();
    leaf.value = d.value_or(0);
  } else {
    ok = false;
  }
  // The first calendar year a cumulative figure counts: required by the parameter that sums
  // years (destination_licensed_tpp), refused on any other (it would be silently ignored).
  const doc_node* since = m.optional("since_year");
  const bool wants_since = ok && leaf.p == param::destination_licensed_tpp;
  if (wants_since && since == nullptr) {
    pc.c.error(n, "EXC-E2001", "`destination_licensed_tpp` needs `since_year`", path,
               "the first calendar year the cumulative figure counts, e.g. `since_year: 2025`");
    ok = false;
  } else if (since != nullptr && ok && !wants_since) {
    pc.c.error(*since, "EXC-E2003", "`since_year` is only for `destination_licensed_tpp`",
               m.path("since_year"));
    ok = false;
  } else if (since != nullptr) {
    const auto y = read_integer(pc.c, *since, m.path("since_year"));
    if (y && (*y < 1900 || *y > 9999)) {
      pc.c.error(*since, "EXC-E2004", "`since_year` is a calendar year", m.path("since_year"));
      ok = false;
    }
    ok = ok && y.has_value();
    leaf.since_year = static_cast<int>(y.value_or(0));
  }
  m.finish();
  if (!ok) return std::nullopt;
  return leaf;
}

std::vector<condition> read_condition_list(const pack_context& pc, const doc_node& n,
                                           const std::string& path) {
  std::vector<condition> out;
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    out.push_back(read_condition(pc, &item, p));
  });
  return out;
}

std::vector<id_ref> read_id_refs(const pack_context& pc, const doc_node& n,
                                 const std::string& path) {
  std::vector<id_ref> out;
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    if (auto s = read_string(pc.c, item, p))
      out.push_back(id_ref{*s, pack_context::site_of(item, p)});
  });
  return out;
}

std::vector<country_code> read_countries(const pack_context& pc, const doc_node& n,
                                         const std::string& path) {
  std::vector<country_code> out;
  for_each_item(pc.c, n, path, [&](const doc_node& item, const std::string& p) {
    if (auto c = read_country(pc.c, item, p)) out.push_back(*c);
  });
  return out;
}

// One key of a `when` mapping. std::nullopt when the value was bad (already reported).
std::optional<condition> read_key(const pack_context& pc, const std::string& key,
                                  const doc_node& value, const std::string& p) {
  const auto& c = pc.c;
  condition r;
  if (key == "all_of" || key == "any_of") {
    r.k = key == "all_of" ? kind::all_of : kind::any_of;
    r.children = read_condition_list(pc, value, p);
  } else if (key == "not") {
    r.k = kind::not_;
    r.children.push_back(read_condition(pc, &value, p));
  } else if (key == "thresholds") {
    // Always an all_of, even with one comparison, so explanations can list "thresholds".
    r.k = kind::all_of;
    bool ok = true;
    for_each_item(c, value, p, [&](const doc_node& item, const std::string& ip) {
      auto leaf = read_threshold(pc, item, ip);
      ok = ok && leaf.has_value();
      if (leaf) r.children.push_back(std::move(*leaf));
    });
    if (!ok || !value.is_sequence()) return std::nullopt;
  } else if (key == "datacenter" || key == "hbm" || key == "commercially_available_us_2026_01_15") {
    r.k = key == "hbm" ? kind::hbm : key == "datacenter" ? kind::datacenter : kind::us_available;
    auto b = read_bool(c, value, p);
    if (!b) return std::nullopt;
    r.flag = *b;
  } else if (key == "eccn" || key == "paragraph") {
    r.k = key == "eccn" ? kind::eccn_in : kind::paragraph_in;
    bool ok = true;
    for_each_item(c, value, p, [&](const doc_node& item, const std::string& ip) {
      auto s = read_eccn(c, item, ip);
      ok = ok && s.has_value();
      if (s) r.strings.push_back(std::move(*s));
    });
    if (!ok || !value.is_sequence()) return std::nullopt;
  } else if (key == "products") {
    r.k = kind::product_in;
    if (!value.is_sequence()) {
      (void)expect_list(c, value, p);
      return std::nullopt;
    }
    for (auto& ref : read_id_refs(pc, value, p)) {
      r.strings.push_back(ref.id);
      pc.pack.refs.push_back(pending_ref{pending_ref::kind::product, std::move(ref)});
    }
  } else if (key == "hop") {
    r.k = kind::hop_kind_in;
    for_each_item(c, value, p, [&](const doc_node& item, const std::string& ip) {
      auto s = read_enum(c, item, ip, {"export", "reexport", "in_country_transfer", "within_us"});
      if (s)
        r.hop_mask |= static_cast<std::uint8_t>(1U << static_cast<unsigned>(*parse_hop_kind(*s)));
    });
  } else if (key == "path_party_role") {
    r.k = kind::path_party_role;
    if (!value.is_sequence()) {
      (void)expect_list(c, value, p);
      return std::nullopt;
    }
    for_each_item(c, value, p, [&](const doc_node& item, const std::string& ip) {
      auto s = read_enum(c, item, ip,
                         {"exporter", "distributor", "reseller", "integrator", "freight_forwarder",
                          "consignee", "end_user"});
      if (s) {
        r.role_mask |=
            static_cast<std::uint8_t>(1U << static_cast<unsigned>(*parse_party_role(*s)));
      }
    });
  } else {
    static const std::pair<std::string_view, kind> selector_keys[] = {
        {"destination", kind::destination},
        {"exporter_country", kind::exporter_country},
        {"party_headquarters", kind::any_party_hq},
        {"party_located", kind::any_party_located},
        {"all_parties_headquartered", kind::all_parties_hq}};
    const auto it = std::find_if(std::begin(selector_keys), std::end(selector_keys),
                                 [&](const auto& e) { return e.first == key; });
    if (it == std::end(selector_keys))
      return std::nullopt;  // unknown: map_reader::finish reports it
    r.k = it->second;
    r.selector = read_selector(pc, value, p);
    if (r.selector < 0) return std::nullopt;
  }
  return r;
}

}  // namespace

std::optional<country_code> read_country(const read_context& c, const doc_node& n,
                                         const std::string& path) {
  auto s = read_string(c, n, path);
  if (!s) return std::nullopt;
  if (auto code = parse_country(*s)) return code;
  auto guess = well_known_mistake(*s);
  if (!guess) guess = closest_match(*s, all_country_codes());
  c.error(n, "EXC-E3001", "unknown country code `" + *s + "`", path,
          guess ? "did you mean `" + *guess + "`? (codes are ISO 3166-1 alpha-2)"
                : "codes are ISO 3166-1 alpha-2, upper case");
  return std::nullopt;
}

int read_selector(const pack_context& pc, const doc_node& n, const std::string& path) {
  map_reader m(pc.c, n, path,
               {"groups", "countries", "except_groups", "except_countries", "all_countries"});
  if (!m.ok()) return -1;
  const std::size_t before = pc.c.out->size();
  selector_ast s;
  s.at = pack_context::site_of(n, path);
  const doc_node* all = m.optional("all_countries");
  if (all != nullptr)
    s.all_countries = read_bool(pc.c, *all, m.path("all_countries")).value_or(false);
  const doc_node* groups = m.optional("groups");
  const doc_node* countries = m.optional("countries");
  if (groups != nullptr) s.groups = read_id_refs(pc, *groups, m.path("groups"));
  if (countries != nullptr) s.countries = read_countries(pc, *countries, m.path("countries"));
  if (const auto* eg = m.optional("except_groups"))
    s.except_groups = read_id_refs(pc, *eg, m.path("except_groups"));
  if (const auto* ec = m.optional("except_countries")) {
    s.except_countries = read_countries(pc, *ec, m.path("except_countries"));
  }
  m.finish();
  if (pc.c.out->size() != before) return -1;
  if (s.all_countries && (!s.groups.empty() || !s.countries.empty())) {
    pc.c.error(n, "EXC-E3011",
               "`all_countries: true` cannot be combined with `groups` or `countries`", path,
               "drop `groups`/`countries`, or `all_countries`");
    return -1;
  }
  if (!s.all_countries && s.groups.empty() && s.countries.empty()) {
    pc.c.error(n, "EXC-E3011", "the selector selects no countries", path,
               "give `groups`, `countries` or `all_countries: true`");
    return -1;
  }
  pc.pack.selectors.push_back(std::move(s));
  return static_cast<int>(pc.pack.selectors.size()) - 1;
}

condition read_condition(const pack_context& pc, const doc_node* n, const std::string& path) {
  condition result;  // kind::always: an absent `when` always holds
  if (n == nullptr) return result;
  map_reader m(pc.c, *n, path,
               {"all_of", "any_of", "not", "thresholds", "datacenter", "hbm", "eccn", "paragraph",
                "products", "destination", "exporter_country", "party_headquarters",
                "party_located", "all_parties_headquartered", "hop", "path_party_role",
                "commercially_available_us_2026_01_15"});
  if (!m.ok()) return result;
  std::vector<condition> parts;
  for (const auto& [key, value] : n->entries) {
    if (auto part = read_key(pc, key.text, value, m.path(key.text)))
      parts.push_back(std::move(*part));
  }
  m.finish();
  if (parts.size() == 1) return std::move(parts.front());
  if (parts.empty()) return result;
  result.k = condition::kind::all_of;
  result.children = std::move(parts);
  return result;
}

}  // namespace exportctl::detail
