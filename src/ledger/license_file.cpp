// license_file.cpp: licences read from YAML or JSON (`exportctl ledger license add FILE`). The
// file is the exporter's transcription of a BIS licence, and the ledger releases orders against
// it, so the reader is strict: every problem is reported with file:line:column (EXC-E92xx for
// the licence's own rules, the document and schema codes of src/doc/ for the rest), and a file
// with any error yields no licence at all: half a file must not reach the ledger.
//
// Product ids are checked for their form only. Whether one is in the catalog depends on the rule
// packs, which this layer sees only through a loaded engine; a licence naming a product the packs
// do not know simply covers nothing (license_coverage.cpp compares ids).
#include <algorithm>
#include <map>
#include <set>

#include "doc/reader.hpp"
#include "exportctl/license.hpp"
#include "model/country.hpp"
#include "model/text.hpp"
#include "rules/pack_ast.hpp"  // is_eccn, is_slug: the one definition of those forms

namespace exportctl {

using detail::doc_node;
using detail::map_reader;
using detail::read_context;

namespace {

std::string hint_for(const std::optional<std::string>& candidate) {
  return candidate ? "did you mean `" + *candidate + "`?" : std::string();
}

// A hint for a destination that is not an assigned ISO 3166-1 alpha-2 code: lower case, the
// common UK for GB, or the nearest code.
std::string destination_hint(const std::string& code) {
  std::string upper = code;
  for (char& ch : upper)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  if (upper != code && detail::parse_country(upper)) return hint_for(upper);
  if (upper == "UK") return hint_for(std::string("GB"));  // ISO 3166-1 uses GB
  if (code.size() != 2) return hint_for(detail::closest_match(upper, detail::all_country_codes()));
  return "destinations are ISO 3166-1 alpha-2 codes such as `AE`";
}

// A required string that may not be empty (EXC-E9202).
std::string read_text(const read_context& c, map_reader& m, std::string_view key) {
  const doc_node* n = m.required(key);
  if (n == nullptr) return {};
  auto s = detail::read_string(c, *n, m.path(key));
  if (s && s->empty()) c.error(*n, "EXC-E9202", "`" + std::string(key) + "` is empty", m.path(key));
  return s.value_or("");
}

// What a list entry must look like, beyond being a non-empty string.
enum class entry_form { name, product, eccn, country };

// A list of strings: none empty, none twice (EXC-E9209), each of its form.
std::vector<std::string> read_entries(const read_context& c, const doc_node& n,
                                      const std::string& path, entry_form form) {
  std::vector<std::string> out;
  if (!detail::expect_list(c, n, path)) return out;
  std::map<std::string, int> seen;  // entry -> line of its first occurrence
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    const doc_node& e = n.items[i];
    const std::string p = path + "[" + std::to_string(i) + "]";
    auto s = detail::read_string(c, e, p);
    if (!s) continue;
    if (s->empty()) {
      c.error(e, "EXC-E9202", "an empty entry in `" + path + "`", p);
      continue;
    }
    bool ok = true;
    switch (form) {
      case entry_form::name:
        break;
      case entry_form::product:
        ok = detail::is_slug(*s);
        if (!ok)
          c.error(e, "EXC-E9208", "`" + *s + "` is not a product id", p,
                  "catalog ids are lowercase, e.g. `nvidia-h100-sxm5-80gb`");
        break;
      case entry_form::eccn:
        ok = detail::is_eccn(*s);
        if (!ok)
          c.error(e, "EXC-E9208", "`" + *s + "` is not an ECCN", p,
                  "ECCNs and paragraphs look like `3A090`, `3A090.a` or `3A090.a.1`");
        break;
      case entry_form::country:
        // Codes as given: HK is its own destination on a licence, not an alias of CN.
        ok = detail::parse_country(*s).has_value();
        if (!ok)
          c.error(e, "EXC-E9204", "unknown destination code `" + *s + "`", p, destination_hint(*s));
        break;
    }
    if (!ok) continue;
    if (auto [it, fresh] = seen.emplace(*s, e.line); !fresh) {
      c.error(e, "EXC-E9209", "`" + *s + "` is listed twice in `" + path + "`", p,
              "first listed on line " + std::to_string(it->second));
      continue;
    }
    out.push_back(std::move(*s));
  }
  return out;
}

// An optional amount that must be > 0 when given (EXC-E9206).
std::optional<double> read_positive(const read_context& c, map_reader& m, std::string_view key) {
  const doc_node* n = m.optional(key);
  if (n == nullptr) return std::nullopt;
  auto v = detail::read_number(c, *n, m.path(key));
  if (v && !(*v > 0)) {
    c.error(*n, "EXC-E9206", "`" + std::string(key) + "` must be greater than 0, got " + n->text,
            m.path(key), "leave it out when the licence does not limit it");
    return std::nullopt;
  }
  return v;
}

license read_license(const read_context& c, const doc_node& node, const std::string& path) {
  license l;
  l.source_name = c.file;
  l.position = {node.line, node.column};
  map_reader m(c, node, path,
               {"number", "holder", "valid_from", "valid_to", "products", "eccns", "destinations",
                "consignees", "end_users", "quantity", "value", "tpp", "conditions"});
  if (!m.ok()) return l;
  l.number = read_text(c, m, "number");
  l.holder = read_text(c, m, "holder");
  std::optional<date> from;
  std::optional<date> to;
  if (const auto* n = m.required("valid_from"))
    from = detail::read_date(c, *n, m.path("valid_from"));
  const doc_node* to_node = m.required("valid_to");
  if (to_node != nullptr) to = detail::read_date(c, *to_node, m.path("valid_to"));
  if (from && to && *to < *from) {
    c.error(*to_node, "EXC-E9203",
            "`valid_to` " + to->to_string() + " is before `valid_from` " + from->to_string(),
            m.path("valid_to"));
  }
  l.valid_from = from.value_or(date{});
  l.valid_to = to.value_or(date{});

  const auto list = [&](std::string_view key, entry_form form) {
    const doc_node* n = m.optional(key);
    return n == nullptr ? std::vector<std::string>{} : read_entries(c, *n, m.path(key), form);
  };
  const doc_node* products = m.optional("products");
  const doc_node* eccns = m.optional("eccns");
  l.products = list("products", entry_form::product);
  l.eccns = list("eccns", entry_form::eccn);
  // Only when both lists read cleanly as empty or absent: a bad entry has its own diagnostic.
  const auto empty_list = [](const doc_node* n) {
    return n == nullptr || (n->is_sequence() && n->items.empty());
  };
  if (empty_list(products) && empty_list(eccns)) {
    const doc_node& at = products != nullptr ? *products : eccns != nullptr ? *eccns : node;
    c.error(at, "EXC-E9205", "the licence names no product and no ECCN",
            products != nullptr ? m.path("products")
            : eccns != nullptr  ? m.path("eccns")
                                : path,
            "list what it authorizes in `products` (catalog ids) or `eccns` (e.g. `3A090.a`)");
  }
  if (const auto* n = m.required("destinations")) {
    l.destinations = read_entries(c, *n, m.path("destinations"), entry_form::country);
    if (n->is_sequence() && n->items.empty())
      c.error(*n, "EXC-E9202", "`destinations` is empty", m.path("destinations"),
              "a licence authorizes shipments to the countries it names");
  }
  l.consignees = list("consignees", entry_form::name);
  l.end_users = list("end_users", entry_form::name);
  if (const auto* n = m.required("quantity")) {
    if (auto q = detail::read_integer(c, *n, m.path("quantity"))) {
      if (*q > 0) {
        l.quantity = *q;
      } else {
        c.error(*n, "EXC-E9206", "`quantity` must be greater than 0, got " + n->text,
                m.path("quantity"), "the units the licence authorizes");
      }
    }
  }
  l.value = read_positive(c, m, "value");
  l.tpp = read_positive(c, m, "tpp");
  if (const auto* n = m.optional("conditions"))
    l.conditions = detail::read_string(c, *n, m.path("conditions")).value_or("");
  m.finish();
  return l;
}

}  // namespace

license_file_result parse_licenses(std::string_view text, std::string_view file_name) {
  license_file_result result;
  read_context c{std::string(file_name), &result.diagnostics};
  auto root = detail::parse_input_document(c, text, "licence file");
  if (!root) return result;

  std::vector<license> out;
  if (root->is_mapping()) {
    out.push_back(read_license(c, *root, ""));
  } else if (root->is_sequence() && !root->items.empty()) {
    for (std::size_t i = 0; i < root->items.size(); ++i)
      out.push_back(read_license(c, root->items[i], "[" + std::to_string(i) + "]"));
  } else {
    c.error(*root, "EXC-E9201",
            root->is_sequence() ? "the licence file lists no licence"
                                : "a licence file holds one licence (a mapping) or a list of them",
            "", "e.g. `number: D1234567` with `holder`, `valid_from`, ... (docs/ledger.md)");
  }

  // A number is the licence's identity in the ledger: twice in one file is a mistake in it.
  std::map<std::string, const license*> numbers;
  for (const auto& l : out) {
    if (l.number.empty()) continue;
    auto [it, fresh] = numbers.emplace(l.number, &l);
    if (fresh) continue;
    const auto index = static_cast<std::size_t>(&l - out.data());
    const doc_node& at = root->items[index];
    const doc_node* number = at.find("number");
    c.error(number != nullptr ? *number : at, "EXC-E9207",
            "licence `" + l.number + "` is in the file twice",
            "[" + std::to_string(index) + "].number",
            "first at line " + std::to_string(it->second->position.line));
  }

  if (!has_errors(result.diagnostics)) result.value = std::move(out);
  return result;
}

}  // namespace exportctl
