// entity_list_reader.cpp: the Entity List section of a pack (15 CFR 744.11, Supp. No. 4 to Part
// 744): its requirement, legal-form suffixes and entries. Names are normalized and indexed for
// screening by src/screening/.
#include <algorithm>

#include "rules/pack_ast.hpp"

namespace exportctl::detail {

void read_entity_list(const pack_context& pc, const doc_node& n, const std::string& path) {
  const auto& c = pc.c;
  map_reader m(c, n, path, {"requirement", "legal_suffixes", "entries"});
  if (!m.ok()) return;
  entity_section sec;
  sec.at = pack_context::site_of(n, path);
  bool ok = true;
  if (const auto* req = m.required("requirement")) {
    map_reader rm(c, *req, m.path("requirement"), {EXPORTCTL_RULE_KEYS});
    ok = read_rule_meta(pc, rm, sec.requirement, "entity list requirement");
    rm.finish();
  } else {
    ok = false;
  }
  if (const auto* suffixes = m.optional("legal_suffixes")) {
    sec.legal_suffixes = read_string_list(c, *suffixes, m.path("legal_suffixes"))
                             .value_or(std::vector<std::string>{});
  }
  if (const auto* entries = m.required("entries")) {
    for_each_item(c, *entries, m.path("entries"), [&](const doc_node& item, const std::string& p) {
      map_reader e(
          c, item, p,
          {"id", "name", "alt_names", "addresses", "countries", "federal_register_notice",
           "start_date", "end_date", "license_requirement", "license_policy", "license_policy_text",
           "footnotes", "grade", "sources", "note", "citation", "message"});
      if (!e.ok()) return;
      entity_entry entry;
      entry.meta.pack = pc.pack.info.id;
      entry.meta.source_grade = pc.pack.default_grade;
      entry.meta.loc = source_loc{c.file, item.line, item.column};
      bool entry_ok = false;
      site id_site = pack_context::site_of(item, p);
      if (const auto* id = e.required("id")) {
        id_site = pack_context::site_of(*id, e.path("id"));
        if (auto s = read_string(c, *id, e.path("id"))) {
          entry_ok = is_rule_id(*s);
          if (entry_ok) {
            entry.meta.id = *s;
          } else {
            c.error(*id, "EXC-E2008", "entry id `" + *s + "` is not UPPER_SNAKE", e.path("id"),
                    "e.g. `EL_HUAWEI_TECHNOLOGIES`");
          }
        }
      }
      if (const auto* name = e.required("name")) {
        entry.name = read_string(c, *name, e.path("name")).value_or("");
        entry.meta.message = entry.name;  // what a match reports next to the rule's message
      }
      if (const auto* alt = e.optional("alt_names")) {
        entry.alt_names =
            read_string_list(c, *alt, e.path("alt_names")).value_or(std::vector<std::string>{});
      }
      if (const auto* addr = e.optional("addresses")) {
        entry.addresses =
            read_string_list(c, *addr, e.path("addresses")).value_or(std::vector<std::string>{});
      }
      if (const auto* countries = e.required("countries")) {
        for_each_item(c, *countries, e.path("countries"),
                      [&](const doc_node& cn, const std::string& cp) {
                        if (auto code = read_country(c, cn, cp)) {
                          if (!entry.country.empty()) entry.country += ',';
                          entry.country += country_text(*code);
                        }
                      });
      }
      if (const auto* frn = e.optional("federal_register_notice")) {
        entry.federal_register_notice =
            read_string(c, *frn, e.path("federal_register_notice")).value_or("");
        entry.meta.citation = entry.federal_register_notice;
      }
      interval own;
      const doc_node* end = e.optional("end_date");
      if (const auto* start = e.optional("start_date")) {
        if (auto d = read_date(c, *start, e.path("start_date"))) own.from = *d;
      }
      if (end != nullptr) {
        if (auto d = read_date(c, *end, e.path("end_date"))) own.to = *d;
      }
      if (own.from > own.to) {
        c.error(
            *end, "EXC-E3005",
            "`end_date` " + own.to.to_string() + " is before `start_date` " + own.from.to_string(),
            e.path("end_date"));
        own = interval{};
      }
      // An entry outside the pack's window simply never matches; that is not an error for
      // list data (the pack may be a dated snapshot).
      entry.meta.valid = interval{std::max(own.from, pc.pack.info.valid.from),
                                  std::min(own.to, pc.pack.info.valid.to)};
      if (const auto* lr = e.optional("license_requirement")) {
        entry.license_requirement = read_string(c, *lr, e.path("license_requirement")).value_or("");
      }
      if (const auto* lp = e.optional("license_policy")) {
        auto s = read_enum(c, *lp, e.path("license_policy"),
                           {"presumption_of_approval", "case_by_case", "presumption_of_denial",
                            "policy_of_denial"});
        if (s)
          entry.policy = parse_review_policy(*s).value_or(review_policy::presumption_of_denial);
      }
      if (const auto* lpt = e.optional("license_policy_text")) {
        entry.license_policy_text =
            read_string(c, *lpt, e.path("license_policy_text")).value_or("");
      }
      if (const auto* fns = e.optional("footnotes")) {
        for_each_item(c, *fns, e.path("footnotes"), [&](const doc_node& fn, const std::string& fp) {
          if (auto v = read_integer(c, fn, fp)) entry.footnotes.push_back(static_cast<int>(*v));
        });
      }
      if (const auto* g = e.optional("grade")) {
        entry.meta.source_grade =
            read_grade(c, *g, e.path("grade")).value_or(entry.meta.source_grade);
      }
      // Entries are rules too: an own `citation`/`message` overrides the defaults taken from
      // the notice and the name.
      if (const auto* cit = e.optional("citation")) {
        entry.meta.citation =
            read_string(c, *cit, e.path("citation")).value_or(entry.meta.citation);
      }
      if (const auto* msg = e.optional("message")) {
        entry.meta.message = read_string(c, *msg, e.path("message")).value_or(entry.meta.message);
      }
      if (const auto* src = e.optional("sources"))
        (void)read_string_list(c, *src, e.path("sources"));
      if (const auto* note = e.optional("note")) (void)read_string(c, *note, e.path("note"));
      e.finish();
      if (!entry_ok) return;
      pc.pack.defs.push_back(
          rule_def{"entity list entry", entry.meta.id, entry.meta.valid, id_site});
      sec.entries.push_back(std::move(entry));
    });
  }
  m.finish();
  if (ok) pc.pack.entities = std::move(sec);
}

}  // namespace exportctl::detail
