// tables.cpp: exportctl.tables(): decisions as four tidy tables (shipments, items, hops,
// findings), built column by column from the C++ decisions, never from their JSON. The columns
// are filled without the GIL; repeated text (rule ids, citations, countries, outcomes) becomes
// pandas categoricals, so a million finding rows cost a few million small integers and one
// Python string per distinct value.
#include "tables.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace exportctl::python {
namespace {

/// A text column: codes into a table of distinct values (-1 is missing). Views point into the
/// decisions (kept alive by the caller's list) or into `owned`, for text composed here.
struct text_column {
  std::vector<std::int32_t> codes;
  std::vector<std::string_view> values;
  // Categorical columns intern by content. Most of their text (rule ids, citations, outcome
  // names) is the same bytes of the packs in every decision, so a small direct-mapped cache of
  // addresses is tried first and the bytes are hashed only on a miss. (Bounded: party ids and
  // item fields live in each decision's own block, so their addresses never repeat.)
  struct slot {
    const char* data = nullptr;
    std::size_t size = 0;
    std::int32_t code = -1;
  };
  static constexpr std::size_t cache_slots = 4096;
  std::vector<slot> by_address = std::vector<slot>(cache_slots);
  std::unordered_map<std::string_view, std::int32_t> by_text;
  bool categorical = true;  ///< false: plain object strings (ids, messages), mostly distinct
  const char* last = nullptr;
  std::size_t last_size = 0;

  void push(std::string_view v) {
    if (!values.empty() && v.data() == last && v.size() == last_size) {
      codes.push_back(codes.back() >= 0 ? codes.back() : intern(v));
      return;
    }
    last = v.data();
    last_size = v.size();
    codes.push_back(intern(v));
  }
  void push_missing() { codes.push_back(-1); }
  void push_or_missing(std::string_view v) { v.empty() ? push_missing() : push(v); }

 private:
  std::int32_t intern(std::string_view v) {
    const auto next = static_cast<std::int32_t>(values.size());
    if (!categorical) {
      values.push_back(v);
      return next;
    }
    slot& c = by_address[(reinterpret_cast<std::uintptr_t>(v.data()) >> 3) % cache_slots];
    if (c.data == v.data() && c.size == v.size()) return c.code;
    auto [it, fresh] = by_text.try_emplace(v, next);
    if (fresh) values.push_back(v);
    c = {v.data(), v.size(), it->second};
    return it->second;
  }
};

/// A number column; NaN is missing (pandas' float convention).
struct number_column {
  std::vector<double> values;
  void push(std::optional<double> v) { values.push_back(v ? *v : std::nan("")); }
};

/// An integer column, with a mask for missing values (pandas' nullable Int64).
struct int_column {
  std::vector<std::int64_t> values;
  std::vector<std::uint8_t> missing;
  bool nullable = false;
  void push(std::int64_t v) {
    values.push_back(v);
    missing.push_back(0);
  }
  void push_missing() {
    values.push_back(0);
    missing.push_back(1);
    nullable = true;
  }
};

/// Text composed for the tables (joined lists); a deque-like store whose views stay valid.
struct text_store {
  std::vector<std::unique_ptr<std::string>> parts;
  std::unordered_map<std::string_view, std::string_view> seen;
  std::string_view keep(std::string s) {
    if (auto it = seen.find(s); it != seen.end()) return it->second;
    parts.push_back(std::make_unique<std::string>(std::move(s)));
    std::string_view v = *parts.back();
    seen.emplace(v, v);
    return v;
  }
};

template <typename Range>
std::string join_text(const Range& r, std::string_view sep) {
  std::string out;
  for (const auto& x : r) {
    if (!out.empty()) out += sep;
    out += x;
  }
  return out;
}

/// A list's text: its one element as is, else the elements joined into `store`.
template <typename Range>
std::string_view joined(text_store& store, const Range& r, std::string_view sep) {
  if (std::size(r) == 0) return {};
  if (std::size(r) == 1) return std::string_view(*std::begin(r));
  return store.keep(join_text(r, sep));
}

struct table {
  // Deques: the builders hold references to columns while later ones are added.
  std::deque<std::pair<std::string_view, text_column>> texts;
  std::deque<std::pair<std::string_view, number_column>> numbers;
  std::deque<std::pair<std::string_view, int_column>> ints;
  std::vector<std::string_view> order;  ///< column names in display order

  text_column& text(std::string_view name, bool categorical = true) {
    order.push_back(name);
    texts.emplace_back(name, text_column{});
    texts.back().second.categorical = categorical;
    return texts.back().second;
  }
  number_column& number(std::string_view name) {
    order.push_back(name);
    numbers.emplace_back(name, number_column{});
    return numbers.back().second;
  }
  int_column& integer(std::string_view name) {
    order.push_back(name);
    ints.emplace_back(name, int_column{});
    return ints.back().second;
  }
};

std::string_view policy_text(review_policy p) {
  return p == review_policy::none ? std::string_view{} : to_string(p);
}

struct tables_built {
  table shipments, items, hops, findings;
  text_store store;
};

void build(const std::vector<const py_decision*>& ds, tables_built& t) {
  auto& S = t.shipments;
  auto& s_pos = S.integer("position");
  auto& s_id = S.text("shipment", false);
  auto& s_asof = S.text("as_of");
  auto& s_dec = S.text("decision");
  auto& s_pol = S.text("review_policy");
  auto& s_exc = S.text("license_exceptions");
  auto& s_miss = S.text("missing_facts", false);
  auto& s_items = S.integer("items");
  auto& s_paths = S.integer("paths");
  auto& s_find = S.integer("findings");
  auto& s_flags = S.integer("red_flags");
  auto& s_scen = S.text("scenario");
  auto& s_fp = S.text("fingerprint");

  auto& I = t.items;
  auto& i_pos = I.integer("position");
  auto& i_id = I.text("shipment", false);
  auto& i_line = I.integer("item");
  auto& i_prod = I.text("product");
  auto& i_desc = I.text("description", false);
  auto& i_qty = I.integer("quantity");
  auto& i_eccn = I.text("eccn");
  auto& i_par = I.text("paragraph");
  auto& i_tpp = I.number("tpp");
  auto& i_pd = I.number("performance_density");
  auto& i_dec = I.text("decision");
  auto& i_rules = I.text("rules");
  auto& i_miss = I.text("missing_facts", false);

  auto& H = t.hops;
  auto& h_pos = H.integer("position");
  auto& h_id = H.text("shipment", false);
  auto& h_path = H.integer("path");
  auto& h_hop = H.integer("hop");
  auto& h_from = H.text("from");
  auto& h_to = H.text("to");
  auto& h_kind = H.text("kind");
  auto& h_dec = H.text("decision");
  auto& h_pol = H.text("review_policy");
  auto& h_exc = H.text("license_exceptions");
  auto& h_pdec = H.text("path_decision");

  auto& F = t.findings;
  auto& f_pos = F.integer("position");
  auto& f_id = F.text("shipment", false);
  auto& f_kind = F.text("kind");
  auto& f_item = F.integer("item");
  auto& f_rule = F.text("rule");
  auto& f_cit = F.text("citation");
  auto& f_pack = F.text("pack");
  auto& f_eff = F.text("effect");
  auto& f_parties = F.text("parties");
  auto& f_msg = F.text("message", false);

  std::vector<std::string_view> rules;
  for (std::size_t n = 0; n < ds.size(); ++n) {
    const decision& d = ds[n]->d;
    const auto pos = static_cast<std::int64_t>(n);
    s_pos.push(pos);
    s_id.push(d.shipment);
    s_asof.push(t.store.keep(d.as_of.to_string()));
    s_dec.push(to_string(d.result));
    s_pol.push_or_missing(policy_text(d.policy));
    s_exc.push(joined(t.store, d.license_exceptions, ";"));
    s_miss.push(joined(t.store, d.missing_facts, "; "));
    s_items.push(static_cast<std::int64_t>(d.items.size()));
    s_paths.push(static_cast<std::int64_t>(d.paths.size() + d.paths_omitted.count));
    s_find.push(static_cast<std::int64_t>(d.findings.size()));
    s_flags.push(static_cast<std::int64_t>(d.red_flags.size()));
    s_scen.push_or_missing(d.scenario);
    s_fp.push(d.fingerprint);

    for (const auto& it : d.items) {
      i_pos.push(pos);
      i_id.push(d.shipment);
      i_line.push(it.line);
      i_prod.push_or_missing(it.product);
      i_desc.push_or_missing(it.description);
      i_qty.push(it.quantity);
      i_eccn.push_or_missing(it.eccn);
      i_par.push_or_missing(it.paragraph);
      i_tpp.push(it.tpp);
      i_pd.push(it.performance_density);
      i_dec.push(to_string(it.decision));
      // The item's own rules: its findings, not the shipment's (an H20 line does not cite the
      // H100's 3A090 paragraph).
      rules.clear();
      for (const auto& f : d.findings)
        if (f.item && *f.item == it.line) rules.push_back(f.rule);
      std::sort(rules.begin(), rules.end());
      rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
      i_rules.push(joined(t.store, rules, ";"));
      i_miss.push(joined(t.store, it.missing_facts, "; "));
    }
    for (std::size_t p = 0; p < d.paths.size(); ++p) {
      const auto& path = d.paths[p];
      for (std::size_t h = 0; h < path.hops.size(); ++h) {
        const auto& hop = path.hops[h];
        h_pos.push(pos);
        h_id.push(d.shipment);
        h_path.push(static_cast<std::int64_t>(p + 1));
        h_hop.push(static_cast<std::int64_t>(h + 1));
        h_from.push(hop.from);
        h_to.push(hop.to);
        h_kind.push(to_string(hop.kind));
        h_dec.push(to_string(hop.decision));
        h_pol.push_or_missing(policy_text(hop.policy));
        h_exc.push(joined(t.store, hop.license_exceptions, ";"));
        h_pdec.push(to_string(path.decision));
      }
    }
    for (const auto& f : d.findings) {
      f_pos.push(pos);
      f_id.push(d.shipment);
      f_kind.push(to_string(f.kind));
      if (f.item)
        f_item.push(*f.item);
      else
        f_item.push_missing();
      f_rule.push(f.rule);
      f_cit.push_or_missing(f.citation);
      f_pack.push_or_missing(f.pack);
      f_eff.push(to_string(f.effect));
      f_parties.push(joined(t.store, f.parties, ";"));
      f_msg.push(f.message);
    }
  }
}

template <typename T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
  return a;
}

/// One table as {name: (kind, data, extra)}: ("category", codes, categories), ("object",
/// codes, values) for pandas to take values[codes], ("float", array, None), ("int", array,
/// None) or ("Int64", values, mask).
py::dict to_python(const table& t) {
  py::dict cols;
  for (const auto& [name, c] : t.texts) {
    py::list values(c.values.size());
    for (std::size_t i = 0; i < c.values.size(); ++i)
      values[i] = py::str(c.values[i].data(), c.values[i].size());
    cols[py::str(name.data(), name.size())] =
        py::make_tuple(c.categorical ? "category" : "object", to_array(c.codes), values);
  }
  for (const auto& [name, c] : t.numbers)
    cols[py::str(name.data(), name.size())] =
        py::make_tuple("float", to_array(c.values), py::none());
  for (const auto& [name, c] : t.ints)
    cols[py::str(name.data(), name.size())] =
        c.nullable ? py::make_tuple("Int64", to_array(c.values), to_array(c.missing))
                   : py::make_tuple("int", to_array(c.values), py::none());
  py::list order;
  for (auto name : t.order) order.append(py::str(name.data(), name.size()));
  py::dict out;
  out["columns"] = cols;
  out["order"] = order;
  return out;
}

}  // namespace

py::dict decision_tables(const py::list& decisions) {
  std::vector<const py_decision*> ds;
  ds.reserve(decisions.size());
  for (py::handle h : decisions) ds.push_back(&h.cast<const py_decision&>());
  tables_built t;
  {
    // The decisions are immutable and the list holds them: safe to read without the GIL.
    py::gil_scoped_release unlocked;
    build(ds, t);
  }
  py::dict out;
  out["shipments"] = to_python(t.shipments);
  out["items"] = to_python(t.items);
  out["hops"] = to_python(t.hops);
  out["findings"] = to_python(t.findings);
  return out;
}

}  // namespace exportctl::python
