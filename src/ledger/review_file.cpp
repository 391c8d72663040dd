// review_file.cpp: what a reviewer decided about a hold, read from YAML or JSON
// (`exportctl ledger resolve ORDER --facts FILE`; ledger.hpp): the possible matches cleared and
// the missing facts supplied. Strict, like every input that changes what ships: any problem is a
// diagnostic with file:line:column and nothing is read.
#include "doc/reader.hpp"
#include "exportctl/ledger.hpp"
#include "exportctl/shipment_schema.hpp"
#include "model/country.hpp"

namespace exportctl {

using detail::doc_node;
using detail::map_reader;
using detail::read_context;

namespace {

// The facts a review may supply: an item's numeric and boolean specs (the facts a
// classification asks for) and a party's headquarters, by their keys in the shipment format.
// `hbm` is not one: it defaults to false and no hold asks for it.
std::vector<std::string_view> item_facts() {
  std::vector<std::string_view> out;
  for (const auto& f : schema::specs_fields) {
    const bool number = f.type == schema::field_type::number;
    const bool flag = f.type == schema::field_type::boolean &&
                      std::holds_alternative<std::optional<bool> chip_specs::*>(f.stored);
    if (number || flag) out.push_back(f.name);
  }
  return out;
}

constexpr std::string_view party_facts[] = {
    schema::party_fields[schema::party_key::headquarters].name,
    schema::party_fields[schema::party_key::ultimate_parent_headquarters].name};

schema::field_type item_fact_type(std::string_view key) {
  for (const auto& f : schema::specs_fields)
    if (f.name == key) return f.type;
  return schema::field_type::string;
}

void read_clears(const read_context& c, const doc_node& list,
                 std::vector<reviewed_clearance>& out) {
  if (!detail::expect_list(c, list, "clear")) return;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    map_reader m(c, list.items[i], "clear[" + std::to_string(i) + "]",
                 {"source", "entry", "name", "country"});
    reviewed_clearance k;
    for (auto [key, to] : {std::pair<const char*, std::string*>{"source", &k.source},
                           {"entry", &k.entry},
                           {"name", &k.name},
                           {"country", &k.country}}) {
      const doc_node* n = m.required(key);
      if (n == nullptr) continue;
      auto s = detail::read_string(c, *n, m.path(key));
      if (s && s->empty())
        c.error(*n, "EXC-E9111", "`" + std::string(key) + "` is empty", m.path(key));
      *to = s.value_or("");
    }
    m.finish();
    out.push_back(std::move(k));
  }
}

// One `supply` entry: `{item: N, fact: KEY, value: V}` or `{party: ID, fact: KEY, value: CC}`.
void read_supply(const read_context& c, const doc_node& n, const std::string& path,
                 std::vector<supplied_fact>& out) {
  map_reader m(c, n, path, {"item", "party", "fact", "value"});
  if (!m.ok()) return;
  supplied_fact s;
  const doc_node* item = m.optional("item");
  const doc_node* party = m.optional("party");
  if ((item == nullptr) == (party == nullptr)) {
    c.error(n, "EXC-E9111", "a supplied fact names an `item` or a `party`, not both or neither",
            path, "`item: 2` for the hold's \"item 2: ...\", `party: eu` for \"party eu: ...\"");
    m.finish();
    return;
  }
  if (item != nullptr) {
    const auto line = detail::read_integer(c, *item, m.path("item"));
    if (line && (*line < 1 || *line > 1'000'000))
      c.error(*item, "EXC-E9111", "`item` is the item's line, from 1", m.path("item"));
    s.item = line ? static_cast<int>(*line) : 0;
  } else if (auto id = detail::read_string(c, *party, m.path("party"))) {
    if (id->empty()) c.error(*party, "EXC-E9111", "`party` is empty", m.path("party"));
    s.party = std::move(*id);
  }
  const doc_node* fact = m.required("fact");
  if (fact != nullptr) {
    const auto allowed = item != nullptr ? item_facts()
                                         : std::vector<std::string_view>(std::begin(party_facts),
                                                                         std::end(party_facts));
    s.fact = detail::read_enum(c, *fact, m.path("fact"), allowed).value_or("");
  }
  const doc_node* value = m.required("value");
  m.finish();
  if (value == nullptr || s.fact.empty()) return;
  const std::string vp = m.path("value");
  if (party != nullptr) {
    auto code = detail::read_string(c, *value, vp);
    if (!code) return;
    if (!detail::parse_country(*code)) {
      c.error(*value, "EXC-E9111", "`" + *code + "` is not an ISO 3166-1 alpha-2 country code", vp);
      return;
    }
    s.value = std::move(*code);
  } else if (item_fact_type(s.fact) == schema::field_type::boolean) {
    auto b = detail::read_bool(c, *value, vp);
    if (!b) return;
    s.value = *b;
  } else {
    auto x = detail::read_non_negative(c, *value, vp);
    if (!x) return;
    s.value = *x;
  }
  out.push_back(std::move(s));
}

}  // namespace

review_facts_result parse_review_facts(std::string_view text, std::string_view file_name) {
  review_facts_result result;
  read_context c{std::string(file_name), &result.diagnostics};
  auto root = detail::parse_input_document(c, text, "review facts file");
  if (!root) return result;
  map_reader top(c, *root, "", {"clear", "supply"});
  if (!top.ok()) return result;
  std::vector<reviewed_clearance> clears;
  std::vector<supplied_fact> supplies;
  const doc_node* clear = top.optional("clear");
  const doc_node* supply = top.optional("supply");
  if (clear != nullptr) read_clears(c, *clear, clears);
  if (supply != nullptr && detail::expect_list(c, *supply, "supply")) {
    for (std::size_t i = 0; i < supply->items.size(); ++i)
      read_supply(c, supply->items[i], "supply[" + std::to_string(i) + "]", supplies);
  }
  top.finish();
  const bool empty =
      (clear == nullptr || clear->items.empty()) && (supply == nullptr || supply->items.empty());
  if (empty)
    c.error(*root, "EXC-E9111", "the file clears no possible match and supplies no fact", "",
            "`clear: [{source, entry, name, country}]` as the hold's missing fact names the "
            "match, `supply: [{item: 1, fact: die_area_mm2, value: 814}]` for a missing fact");
  if (!has_errors(result.diagnostics)) {
    result.value = std::move(clears);
    result.supplies = std::move(supplies);
  }
  return result;
}

}  // namespace exportctl
