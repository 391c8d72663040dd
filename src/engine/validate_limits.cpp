// validate_limits.cpp: a shipment's size and shape against input_limits (EXC-E5002 .. E5005,
// EXC-E2007; docs/limits.md). Checked first and without recursion, so that a shipment built in
// code with a million parties or `contains` nested a million deep is refused before any of the
// quadratic or recursive passes (validation, classification, the party graph) sees it.
#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "engine/validate.hpp"
#include "shipment/schema.hpp"

namespace exportctl::detail {
namespace {

// Paths in diagnostics spell keys from the schema tables.
constexpr std::string_view items_key = schema::shipment_fields[schema::shipment_key::items].name;
constexpr std::string_view parties_key =
    schema::shipment_fields[schema::shipment_key::parties].name;
constexpr std::string_view transfers_key =
    schema::shipment_fields[schema::shipment_key::transfers].name;
constexpr std::string_view contains_key = schema::item_fields[schema::item_key::contains].name;
constexpr std::string_view entities_key =
    schema::shipment_fields[schema::shipment_key::entities].name;
constexpr std::string_view owners_key = schema::party_fields[schema::party_key::owners].name;

struct limit_sink {
  const std::string& file;
  std::vector<diagnostic>& out;
  bool failed = false;

  void error(std::string_view code, std::string message, const source_position& pos,
             std::string path, std::string help) {
    out.push_back(
        shipment_error(code, std::move(message), file, pos, std::move(path), std::move(help)));
    failed = true;
  }

  // `path` spells the logical path only when the value is too long: valid input builds no
  // strings.
  template <class Path>
  void length(const std::string& value, std::size_t max, std::string_view what,
              const source_position& pos, Path&& path) {
    if (value.size() <= max) return;
    error("EXC-E5005",
          fmt::format("{} is {} bytes long; the limit is {} bytes", what, value.size(), max), pos,
          path(), "shorten it; ids, codes and names are short labels, not documents");
  }
};

// One item to look at: the item, its logical path, and how many `contains` levels are above it.
struct pending {
  const item* it;
  std::string path;
  int depth;
};

// True when the items and everything they contain are within the limits. No recursion and,
// once the thread's stack has grown, no allocation: this runs before every check.
bool items_within(const std::vector<item>& items, const input_limits& lim) {
  thread_local std::vector<std::pair<const std::vector<item>*, int>> stack;
  stack.clear();
  stack.emplace_back(&items, 0);
  std::size_t count = 0;
  while (!stack.empty()) {
    const auto [list, depth] = stack.back();
    stack.pop_back();
    count += list->size();
    if (count > lim.max_items) return false;
    for (const item& it : *list) {
      bool too_long = false;
      for_each_limited<schema::item_fields>(it, [&](const auto& row, const std::string& v) {
        too_long = too_long || v.size() > max_length(lim, row.limit);
      });
      for_each_limited_element<schema::item_fields>(
          it, [&](const auto& row, std::size_t, const std::string& v) {
            too_long = too_long || v.size() > max_length(lim, row.limit);
          });
      if (too_long) return false;
      if (it.contains.empty()) continue;
      if (depth >= lim.max_contains_depth) return false;
      stack.emplace_back(&it.contains, depth + 1);
    }
  }
  return true;
}

// Walks the items (and everything they contain) with an explicit stack: counts them, checks
// string lengths and the nesting depth, and says where each problem is. Stops counting past
// the item limit (reported once). Only run when items_within() found a problem.
void check_items(limit_sink& s, std::vector<pending> todo, const input_limits& lim) {
  std::size_t count = 0;
  bool reported_count = false;
  while (!todo.empty()) {
    pending p = std::move(todo.back());
    todo.pop_back();
    if (++count > lim.max_items) {
      if (!reported_count) {
        s.error("EXC-E5003",
                fmt::format("shipment has more than {} items (counting items inside `contains`)",
                            lim.max_items),
                p.it->position, p.path, "split the shipment into several shipments");
        reported_count = true;
      }
      return;
    }
    const item& it = *p.it;
    for_each_limited<schema::item_fields>(it, [&](const auto& row, const std::string& v) {
      s.length(v, max_length(lim, row.limit), row.label, it.position,
               [&] { return p.path + "." + std::string(row.name); });
    });
    // Serials have no position of their own: the item's, and the serial's index in the path.
    for_each_limited_element<schema::item_fields>(
        it, [&](const auto& row, std::size_t k, const std::string& v) {
          s.length(v, max_length(lim, row.limit), row.label, it.position,
                   [&] { return fmt::format("{}.{}[{}]", p.path, row.name, k); });
        });
    if (it.contains.empty()) continue;
    if (p.depth >= lim.max_contains_depth) {
      // Computers contain boards that contain ICs; deeper nesting is not a real product.
      s.error("EXC-E2007",
              fmt::format("`contains` is nested too deeply (more than {} levels)",
                          lim.max_contains_depth),
              it.position, p.path + "." + std::string(contains_key),
              "list the ICs of each computer directly");
      continue;
    }
    // Pushed in reverse so that items are visited (and reported) in input order.
    for (std::size_t k = it.contains.size(); k-- > 0;) {
      todo.push_back(
          {&it.contains[k], fmt::format("{}.{}[{}]", p.path, contains_key, k), p.depth + 1});
    }
  }
}

// The strings of a party's or an entity's owners; `where` spells the owned one's path.
template <class Where>
void check_owner_limits(limit_sink& s, const std::vector<owner>& owners, const input_limits& lim,
                        Where&& where) {
  for (std::size_t k = 0; k < owners.size(); ++k) {
    const owner& o = owners[k];
    for_each_limited<schema::owner_fields>(o, [&](const auto& row, const std::string& v) {
      s.length(v, max_length(lim, row.limit), row.label, o.position,
               [&] { return fmt::format("{}.{}[{}].{}", where(), owners_key, k, row.name); });
    });
  }
}

}  // namespace

bool check_item_limits(const item& it, const std::string& path, const std::string& file,
                       const input_limits& lim, std::vector<diagnostic>& out) {
  // One item at a time (engine::classify): not a hot path, the detailed walk is fine.
  limit_sink s{file, out};
  check_items(s, {{&it, path, 0}}, lim);
  return !s.failed;
}

bool check_shipment_limits(const shipment& sh, const input_limits& lim,
                           std::vector<diagnostic>& out) {
  limit_sink s{sh.source_name, out};
  const source_position top{};
  for_each_limited<schema::shipment_fields>(sh, [&](const auto& row, const std::string& v) {
    s.length(v, max_length(lim, row.limit), row.label, top, [&] { return std::string(row.name); });
  });

  const auto too_many = [&](std::string_view code, std::size_t n, std::size_t max,
                            std::string_view what, const source_position& pos, std::string path) {
    s.error(code, fmt::format("shipment has {} {}; the limit is {}", n, what, max), pos,
            std::move(path), "split the shipment into several shipments");
  };
  if (sh.parties.size() > lim.max_parties) {
    too_many("EXC-E5002", sh.parties.size(), lim.max_parties, parties_key,
             sh.parties[lim.max_parties].position,
             fmt::format("{}[{}]", parties_key, lim.max_parties));
  } else {
    for (std::size_t i = 0; i < sh.parties.size(); ++i) {
      const party& p = sh.parties[i];
      for_each_limited<schema::party_fields>(p, [&](const auto& row, const std::string& v) {
        s.length(v, max_length(lim, row.limit), row.label, p.position,
                 [&] { return fmt::format("{}[{}].{}", parties_key, i, row.name); });
      });
      check_owner_limits(s, p.owners, lim, [&] { return fmt::format("{}[{}]", parties_key, i); });
    }
  }
  // Entities are owners above the parties: as many as parties at most (the ownership walk is
  // linear in entities and owners, src/engine/ownership.cpp).
  if (sh.entities.size() > lim.max_parties) {
    too_many("EXC-E5002", sh.entities.size(), lim.max_parties, entities_key,
             sh.entities[lim.max_parties].position,
             fmt::format("{}[{}]", entities_key, lim.max_parties));
  } else {
    for (std::size_t i = 0; i < sh.entities.size(); ++i) {
      const entity& e = sh.entities[i];
      for_each_limited<schema::entity_fields>(e, [&](const auto& row, const std::string& v) {
        s.length(v, max_length(lim, row.limit), row.label, e.position,
                 [&] { return fmt::format("{}[{}].{}", entities_key, i, row.name); });
      });
      check_owner_limits(s, e.owners, lim, [&] { return fmt::format("{}[{}]", entities_key, i); });
    }
  }
  if (sh.transfers.size() > lim.max_transfers) {
    too_many("EXC-E5004", sh.transfers.size(), lim.max_transfers, transfers_key,
             sh.transfers[lim.max_transfers].position,
             fmt::format("{}[{}]", transfers_key, lim.max_transfers));
  } else {
    for (std::size_t t = 0; t < sh.transfers.size(); ++t) {
      const transfer& tr = sh.transfers[t];
      for_each_limited<schema::transfer_fields>(tr, [&](const auto& row, const std::string& v) {
        s.length(v, max_length(lim, row.limit), row.label, tr.position,
                 [&] { return fmt::format("{}[{}].{}", transfers_key, t, row.name); });
      });
    }
  }
  if (items_within(sh.items, lim)) return !s.failed;
  std::vector<pending> todo;
  // More top-level lines than the item limit: report at the first line past it without
  // queueing a million entries.
  const std::size_t lines = std::min(sh.items.size(), lim.max_items + 1);
  todo.reserve(lines);
  for (std::size_t k = lines; k-- > 0;)
    todo.push_back({&sh.items[k], fmt::format("{}[{}]", items_key, k), 0});
  check_items(s, std::move(todo), lim);
  return !s.failed;
}

}  // namespace exportctl::detail
