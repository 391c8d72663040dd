// pack_linker.cpp: the cross-pack half of loading. Once every pack has been read, ids must be
// unique (or dated apart), references must resolve, and the applied packs are compiled into one
// compiled_packs. Packs of scenarios that are not applied are checked the same way but compiled
// into a scratch table that is thrown away; their own definitions are visible only to them.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "model/text.hpp"
#include "rules/pack_ast.hpp"

namespace exportctl::detail {
namespace {

bool unbounded(interval w) { return w.from == date::min() && w.to == date::max(); }

class linker {
 public:
  linker(std::vector<pack_ast>& packs, compiled_packs& out, std::vector<diagnostic>& diags)
      : packs_(packs), out_(out), diags_(diags) {}

  void run() {
    check_pack_ids();
    check_definitions();
    check_singletons();
    index_visible();
    std::vector<const pack_ast*> applied;
    for (auto& p : packs_) {
      check_refs(p);
      if (p.applied) {
        compile_pack(p, out_, selector_index_);
        applied.push_back(&p);
      } else {
        // Compiled (so that every check runs) into tables that are then dropped.
        compiled_packs scratch;
        std::unordered_map<std::string, int> scratch_index;
        compile_pack(p, scratch, scratch_index);
      }
    }
    // compiled_packs::requirements lists CCL requirements first, then notices, in pack order.
    for (const auto* p : applied) {
      out_.requirements.insert(out_.requirements.end(), p->notices.begin(), p->notices.end());
    }
    check_aliases();
  }

 private:
  void report(const pack_ast& p, const site& at, diag_code code, std::string message,
              std::string help = {}) {
    diagnostic d;
    d.code = code;
    d.message = std::move(message);
    d.file = p.info.file;
    d.line = at.line;
    d.column = at.column;
    d.path = at.path;
    d.help = std::move(help);
    diags_.push_back(std::move(d));
  }

  // "line 12" within the same file, "rules/x.yaml:12:5" across files.
  static std::string where(const pack_ast& from, const pack_ast& other, const site& at) {
    if (&from == &other) return "line " + std::to_string(at.line);
    return other.info.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  }

  // Two definitions clash unless they come from different packs that are both unapplied
  // scenarios (each of those is checked only against what would be loaded with it).
  bool may_clash(const pack_ast& a, const pack_ast& b) const {
    return &a == &b || a.applied || b.applied;
  }

  void check_pack_ids() {
    std::unordered_map<std::string, const pack_ast*> seen;
    for (const auto& p : packs_) {
      if (p.info.id.empty()) continue;
      auto [it, fresh] = seen.emplace(p.info.id, &p);
      if (!fresh) {
        report(
            p, p.at, "EXC-E3006",
            "duplicate pack id `" + p.info.id + "` (also the id of " + it->second->info.file + ")",
            "pack ids are unique across the loaded packs; rename one or load only one of them");
      }
    }
  }

  void check_definitions() {
    struct seen_def {
      const pack_ast* pack;
      const rule_def* def;
    };
    std::unordered_map<std::string, std::vector<seen_def>> seen;
    // Ids are global: a requirement and a review policy (or any two kinds) with one id would
    // make `covers` and `supersedes` lists, and the findings that name rules, ambiguous.
    std::unordered_map<std::string, seen_def> first_of_id;
    for (const auto& p : packs_) {
      for (const auto& d : p.defs) {
        const auto [other, fresh] = first_of_id.emplace(d.id, seen_def{&p, &d});
        if (!fresh && other->second.def->kind != d.kind && may_clash(*other->second.pack, p)) {
          report(p, d.at, "EXC-E3004",
                 "duplicate id `" + d.id + "`: this " + d.kind + " has the id of the " +
                     other->second.def->kind + " at " +
                     where(p, *other->second.pack, other->second.def->at),
                 "ids are global across kinds; rename one");
        }
        auto& bucket = seen[d.kind + '\n' + d.id];
        for (const auto& prior : bucket) {
          if (!may_clash(*prior.pack, p) || !overlaps(prior.def->valid, d.valid)) continue;
          const std::string first = where(p, *prior.pack, prior.def->at);
          if (unbounded(prior.def->valid) && unbounded(d.valid)) {
            report(p, d.at, "EXC-E3004",
                   "duplicate " + d.kind + " id `" + d.id + "` (first defined at " + first + ")",
                   "ids are unique per kind; rename one, or date them apart with "
                   "`effective_from`/`effective_to`");
          } else {
            report(p, d.at, "EXC-E3003",
                   d.kind + " `" + d.id + "` is in force " + describe_window(d.valid) +
                       ", overlapping its definition at " + first + " (in force " +
                       describe_window(prior.def->valid) + ")",
                   "end the earlier definition (`effective_to`) before the later one starts");
          }
          break;
        }
        bucket.push_back(seen_def{&p, &d});
      }
    }
    // A gap between two windows of one id: on the days between them the rule is not in force,
    // which is rarely meant (an `effective_to` one day short, or a year typed wrong).
    for (auto& [key, defs] : seen) {
      if (defs.size() < 2) continue;
      std::sort(defs.begin(), defs.end(), [](const seen_def& a, const seen_def& b) {
        return a.def->valid.from < b.def->valid.from;
      });
      for (std::size_t i = 1; i < defs.size(); ++i) {
        const rule_def& prev = *defs[i - 1].def;
        const rule_def& next = *defs[i].def;
        if (!may_clash(*defs[i - 1].pack, *defs[i].pack)) continue;
        if (prev.valid.to == date::max() || next.valid.from.days <= prev.valid.to.days + 1)
          continue;
        diagnostic d;
        d.level = severity::warning;
        d.code = "EXC-E3013";
        d.message = next.kind + " `" + next.id + "` is not in force from " +
                    date{prev.valid.to.days + 1}.to_string() + " to " +
                    date{next.valid.from.days - 1}.to_string() + ": its window " +
                    describe_window(next.valid) + " starts after the one at " +
                    where(*defs[i].pack, *defs[i - 1].pack, prev.at) + " (" +
                    describe_window(prev.valid) + ") ends";
        d.file = defs[i].pack->info.file;
        d.line = next.at.line;
        d.column = next.at.column;
        d.path = next.at.path;
        d.help =
            "if the rule applies throughout, end the earlier window the day before the later "
            "one starts";
        diags_.push_back(std::move(d));
      }
    }
  }

  void check_singletons() {
    const pack_ast* precisions = nullptr;
    const pack_ast* entities = nullptr;
    for (const auto& p : packs_) {
      if (p.precisions) {
        if (precisions != nullptr && may_clash(*precisions, p)) {
          report(p, p.precisions_at, "EXC-E3007",
                 "more than one `precisions` table (the first is at " +
                     where(p, *precisions, precisions->precisions_at) + ")",
                 "keep one table of precision bit lengths across all packs");
        } else if (precisions == nullptr || p.applied) {
          precisions = &p;
        }
      }
      if (p.entities) {
        if (entities != nullptr && may_clash(*entities, p)) {
          report(p, p.entities->at, "EXC-E3007",
                 "more than one `entity_list` section (the first is at " +
                     where(p, *entities, entities->entities->at) + ")",
                 "keep the Entity List in one pack");
        } else if (entities == nullptr || p.applied) {
          entities = &p;
        }
      }
    }
  }

  // What applied packs define, visible to every pack; and where unapplied ones define things,
  // to explain a dangling reference.
  void index_visible() {
    for (const auto& p : packs_) {
      for (const auto& g : p.groups) {
        if (p.applied) {
          auto& view = groups_[g.meta.id];
          if (view.defs.empty()) view.label = g.label;
          view.defs.push_back(&g);
        } else {
          hidden_.emplace(g.meta.id, &p);
        }
      }
      for (const auto& pr : p.products)
        (p.applied ? products_ : hidden_products_).emplace(pr.id, &p);
      for (const auto* list : {&p.requirements, &p.notices}) {
        for (const auto& r : *list)
          (p.applied ? requirements_ : hidden_reqs_).emplace(r.meta.id, &p);
      }
      for (const auto& r : p.review_policies)
        (p.applied ? reviews_ : hidden_reviews_).emplace(r.meta.id, &p);
      if (p.applied && p.precisions && !precisions_) precisions_ = &*p.precisions;
    }
  }

  using id_table = std::unordered_map<std::string, const pack_ast*>;

  // Candidates for "did you mean", sorted so that the hint does not depend on hashing.
  static std::vector<std::string> keys(const id_table& t, const std::vector<std::string>& own) {
    std::vector<std::string> v;
    for (const auto& [k, owner] : t) v.push_back(k);
    v.insert(v.end(), own.begin(), own.end());
    std::sort(v.begin(), v.end());
    return v;
  }

  std::string unresolved_help(const std::string& id, const id_table& hidden,
                              const std::vector<std::string>& candidates) const {
    if (auto it = hidden.find(id); it != hidden.end()) {
      return "`" + id + "` is defined in " + it->second->info.file + ", a scenario pack (`" +
             it->second->info.scenario + "`) that is not applied";
    }
    if (auto guess = closest_match(id, candidates)) return "did you mean `" + *guess + "`?";
    return {};
  }

  void check_refs(const pack_ast& p) {
    // Ids an unapplied pack defines itself are visible to it.
    std::vector<std::string> own_reqs, own_reviews, own_products;
    if (!p.applied) {
      for (const auto* list : {&p.requirements, &p.notices}) {
        for (const auto& r : *list) own_reqs.push_back(r.meta.id);
      }
      for (const auto& r : p.review_policies) own_reviews.push_back(r.meta.id);
      for (const auto& pr : p.products) own_products.push_back(pr.id);
    }
    const precision_table* table = p.precisions ? &*p.precisions : precisions_;
    for (const auto& ref : p.refs) {
      const std::string& id = ref.ref.id;
      const auto known = [&](const id_table& t, const std::vector<std::string>& own) {
        return t.count(id) != 0 || std::find(own.begin(), own.end(), id) != own.end();
      };
      switch (ref.k) {
        case pending_ref::kind::requirement:
          if (!known(requirements_, own_reqs)) {
            report(p, ref.ref.at, "EXC-E3002", "unknown requirement `" + id + "`",
                   unresolved_help(id, hidden_reqs_, keys(requirements_, own_reqs)));
          }
          break;
        case pending_ref::kind::review_rule:
          if (!known(reviews_, own_reviews)) {
            report(p, ref.ref.at, "EXC-E3002", "unknown review policy `" + id + "`",
                   unresolved_help(id, hidden_reviews_, keys(reviews_, own_reviews)));
          }
          break;
        case pending_ref::kind::product:
          if (!known(products_, own_products)) {
            report(p, ref.ref.at, "EXC-E3002", "unknown product `" + id + "`",
                   unresolved_help(id, hidden_products_, keys(products_, own_products)));
          }
          break;
        case pending_ref::kind::precision:
          if (table == nullptr) {
            report(p, ref.ref.at, "EXC-E3009", "unknown precision `" + id + "`",
                   "no `precisions` table is loaded");
          } else if (table->bits.find(id) == table->bits.end()) {
            std::vector<std::string> names;
            for (const auto& [name, bits] : table->bits) names.push_back(name);
            auto guess = closest_match(id, names);
            std::string all;
            for (const auto& n : names) all += (all.empty() ? "`" : ", `") + n + "`";
            report(p, ref.ref.at, "EXC-E3009", "unknown precision `" + id + "`",
                   guess ? "did you mean `" + *guess + "`?" : "known precisions: " + all);
          }
          break;
      }
    }
  }

  // Resolves a selector's group ids in the scope of pack `p`; nullptr entries are unresolved.
  const group_view* find_group(const pack_ast& p, const std::string& id,
                               std::unordered_map<std::string, group_view>& local) {
    if (!p.applied) {
      if (auto it = local.find(id); it != local.end()) return &it->second;
    }
    auto it = groups_.find(id);
    return it == groups_.end() ? nullptr : &it->second;
  }

  std::vector<int> compile_selectors(const pack_ast& p, compiled_packs& target,
                                     std::unordered_map<std::string, int>& dedupe) {
    std::unordered_map<std::string, group_view> local;
    if (!p.applied) {
      for (const auto& g : p.groups) {
        auto& view = local[g.meta.id];
        if (view.defs.empty()) {
          if (auto it = groups_.find(g.meta.id); it != groups_.end())
            view = it->second;
          else
            view.label = g.label;
        }
        view.defs.push_back(&g);
      }
    }
    std::vector<int> index(p.selectors.size(), -1);
    for (std::size_t i = 0; i < p.selectors.size(); ++i) {
      const selector_ast& s = p.selectors[i];
      bool ok = true;
      const auto resolve = [&](const std::vector<id_ref>& refs) {
        std::vector<const group_view*> views;
        for (const auto& ref : refs) {
          const group_view* v = find_group(p, ref.id, local);
          if (v == nullptr) {
            ok = false;
            std::vector<std::string> candidates;
            for (const auto& [id, view] : groups_) candidates.push_back(id);
            for (const auto& [id, view] : local) candidates.push_back(id);
            std::sort(candidates.begin(), candidates.end());
            report(p, ref.at, "EXC-E3002", "unknown country group `" + ref.id + "`",
                   unresolved_help(ref.id, hidden_, candidates));
          }
          views.push_back(v);
        }
        return views;
      };
      const auto groups = resolve(s.groups);
      const auto except = resolve(s.except_groups);
      if (!ok) continue;
      const std::string key = selector_key(s);
      auto [it, fresh] = dedupe.emplace(key, static_cast<int>(target.selectors.size()));
      if (fresh) target.selectors.push_back(compile_selector(s, groups, except));
      index[i] = it->second;
    }
    return index;
  }

  static void remap(condition& c, const std::vector<int>& index) {
    if (c.selector >= 0) c.selector = index[static_cast<std::size_t>(c.selector)];
    for (auto& child : c.children) remap(child, index);
  }

  void compile_pack(pack_ast& p, compiled_packs& target,
                    std::unordered_map<std::string, int>& dedupe) {
    const std::vector<int> index = compile_selectors(p, target, dedupe);
    const auto fix = [&](auto& rules) {
      for (auto& r : rules) remap(r.when, index);
    };
    fix(p.classifications);
    fix(p.exclusions);
    fix(p.requirements);
    fix(p.notices);
    fix(p.review_policies);
    fix(p.exceptions);
    fix(p.information);
    for (auto& r : p.red_flags) {
      if (r.selector >= 0) r.selector = index[static_cast<std::size_t>(r.selector)];
    }
    const auto append = [](auto& to, const auto& from) {
      to.insert(to.end(), from.begin(), from.end());
    };
    append(target.groups, p.groups);
    append(target.aliases, p.aliases);
    append(target.classifications, p.classifications);
    append(target.exclusions, p.exclusions);
    append(target.containments, p.containments);
    append(target.requirements, p.requirements);
    append(target.review_policies, p.review_policies);
    append(target.exceptions, p.exceptions);
    append(target.information, p.information);
    append(target.red_flags, p.red_flags);
    append(target.list_sources, p.list_sources);
    append(target.affiliates, p.affiliates);
    if (p.precisions && target.precisions.meta.id.empty()) target.precisions = *p.precisions;
    if (p.entities) {
      append(target.entities, p.entities->entries);
      target.legal_suffixes = p.entities->legal_suffixes;
      target.entity_rule = p.entities->requirement;
    }
    for (const auto& pr : p.products) target.products.emplace(pr.id, pr);
  }

  void check_aliases() {
    std::unordered_map<country_code, std::vector<const country_alias*>> by_code;
    for (const auto& a : out_.aliases) {
      auto& prior = by_code[a.code];
      for (const auto* other : prior) {
        if (!overlaps(other->meta.valid, a.meta.valid)) continue;
        const auto owner = std::find_if(packs_.begin(), packs_.end(), [&](const pack_ast& p) {
          return p.info.file == a.meta.loc.file;
        });
        if (owner == packs_.end()) break;
        report(*owner, site{a.meta.loc.line, a.meta.loc.column, "country_aliases"}, "EXC-E3003",
               "country `" + country_text(a.code) +
                   "` has two aliases in force on overlapping dates (`" + other->meta.id +
                   "` and `" + a.meta.id + "`)",
               "date the aliases apart with `effective_from`/`effective_to`");
        break;
      }
      prior.push_back(&a);
    }
  }

  std::vector<pack_ast>& packs_;
  compiled_packs& out_;
  std::vector<diagnostic>& diags_;
  std::unordered_map<std::string, int> selector_index_;  // selector_key → index in out_
  std::unordered_map<std::string, group_view> groups_;
  id_table hidden_;  // group ids defined only by unapplied scenario packs
  id_table products_, hidden_products_, requirements_, hidden_reqs_, reviews_, hidden_reviews_;
  const precision_table* precisions_ = nullptr;
};

}  // namespace

void link_packs(std::vector<pack_ast>& packs, compiled_packs& out, std::vector<diagnostic>& diags) {
  linker(packs, out, diags).run();
}

}  // namespace exportctl::detail
