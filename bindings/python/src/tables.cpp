// tables.cpp: exportctl.tables(): decisions as four tidy tables (shipments, items, hops,
// findings), built column by column from the C++ decisions, never from their JSON. The columns
// are filled without the GIL; repeated text (rule ids, citations, countries, outcomes) becomes
// pandas categoricals, so a million finding rows cost a few million small integers and one
// Python string per distinct value.
#include "tables.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columns.hpp"

namespace exportctl::python {
namespace {

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
      item_rules(d, it.line, rules);
      i_rules.push(joined(t.store, rules, ";"));
      i_miss.push(t.store.keep(item_missing_facts(d, it)));
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

}  // namespace

void item_rules(const decision& d, int line, std::vector<std::string_view>& out) {
  out.clear();
  for (const auto& f : d.findings)
    if (!f.item || *f.item == line) out.push_back(f.rule);
  for (const auto& r : d.red_flags) out.push_back(r.rule);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::string item_missing_facts(const decision& d, const item_result& it) {
  // The shipment's list names item facts "item N: fact"; the others (parties, paths) concern
  // every line.
  const std::string mine = "item " + std::to_string(it.line) + ":";
  std::string out;
  for (const auto& m : d.missing_facts) {
    if (m.rfind("item ", 0) == 0 && m.rfind(mine, 0) != 0) continue;
    if (!out.empty()) out += "; ";
    out += m;
  }
  return out;
}

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
