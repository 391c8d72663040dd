// validate.cpp: semantic validation of shipments (EXC-E4001 .. EXC-E4011, docs/diagnostics.md),
// after the limits (validate_limits.cpp).
#include "engine/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "model/country.hpp"
#include "model/diag_codes.hpp"
#include "model/text.hpp"

namespace exportctl::detail {
namespace {

struct sink {
  const std::string& file;
  std::vector<diagnostic>& out;

  void error(diag_code code, std::string message, const source_position& pos, std::string path,
             std::string help = {}) const {
    out.push_back(
        shipment_error(code, std::move(message), file, pos, std::move(path), std::move(help)));
  }
};

std::string did_you_mean(const std::optional<std::string>& candidate) {
  return candidate ? fmt::format("did you mean `{}`?", *candidate) : std::string();
}

// A hint for a country code that is not an assigned ISO 3166-1 alpha-2 code.
std::string country_hint(const std::string& code) {
  std::string upper = code;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (upper != code && parse_country(upper)) return did_you_mean(upper);
  if (upper == "UK") return did_you_mean(std::string("GB"));  // ISO 3166-1 uses GB
  if (code.size() != 2) return did_you_mean(closest_match(upper, all_country_codes()));
  return "countries are ISO 3166-1 alpha-2 codes such as `DE`";
}

// A logical path ("items[0].contains[1]"), spelled out only when a diagnostic needs it: valid
// input builds no strings.
struct path_ref {
  const path_ref* parent = nullptr;
  std::string_view name;  ///< "items", ".contains", or a whole path given by the caller
  std::optional<std::size_t> index;

  [[nodiscard]] std::string str() const {
    std::string out = parent ? parent->str() : std::string();
    out += name;
    if (index) {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, *index).ptr;
      out += '[';
      out.append(digits, end);
      out += ']';
    }
    return out;
  }
};

void check_country(const sink& s, const std::string& code, std::string_view what,
                   const source_position& pos, const path_ref& path, std::string_view field) {
  if (parse_country(code)) return;
  s.error("EXC-E4005", fmt::format("unknown {} code `{}`", what, code), pos,
          fmt::format("{}.{}", path.str(), field), country_hint(code));
}

void check_item(const sink& s, const item& it, const path_ref& path, const compiled_packs& packs) {
  if (it.quantity < 1) {
    s.error("EXC-E4008", fmt::format("quantity must be at least 1, got {}", it.quantity),
            it.position, path.str() + ".quantity");
  }
  if (!it.product.empty() && packs.products.find(it.product) == packs.products.end()) {
    std::vector<std::string> ids;
    ids.reserve(packs.products.size());
    for (const auto& [id, p] : packs.products) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    std::string help = did_you_mean(closest_match(it.product, ids));
    if (help.empty()) help = "`exportctl products` lists the catalog";
    s.error("EXC-E4001", fmt::format("unknown product `{}`", it.product), it.position,
            path.str() + ".product", std::move(help));
  }
  if (it.product.empty() && !it.specs && it.contains.empty()) {
    s.error("EXC-E4002", "item has neither `product`, `specs` nor `contains`", it.position,
            path.str(),
            "name a catalog product, give the chip's specs, or list what the computer contains");
  }
  if (it.specs) {
    for (const auto& [name, rate] : it.specs->dense_tops) {
      if (packs.precisions.bits.find(name) != packs.precisions.bits.end()) continue;
      std::vector<std::string> known;
      for (const auto& [k, bits] : packs.precisions.bits) known.push_back(k);
      std::string help = did_you_mean(closest_match(name, known));
      if (help.empty()) {
        help = "known precisions:";
        for (std::size_t i = 0; i < known.size(); ++i) {
          help += fmt::format("{} `{}`", i ? "," : "", known[i]);
        }
      }
      s.error("EXC-E4007", fmt::format("unknown precision `{}` in dense_tops", name), it.position,
              fmt::format("{}.specs.dense_tops.{}", path.str(), name), std::move(help));
    }
  }
  for (std::size_t k = 0; k < it.contains.size(); ++k) {
    check_item(s, it.contains[k], path_ref{&path, ".contains", k}, packs);
  }
}

// Bounds of the "did you mean" help for transfers to unknown parties (docs/limits.md).
constexpr std::size_t max_party_suggestions = 16;
constexpr std::size_t max_suggestion_steps = std::size_t{1} << 22;

// Names that stand for "no name given". Compared after normalization, so "N/A", "n.a." and
// "NA" are one entry.
constexpr std::string_view placeholder_names[] = {"N/A",  "NA",  "none", "unknown", "TBD",
                                                  "null", "nil", "-",    "?",       "xxx"};

// A party whose name leaves nothing to screen (empty, blank, punctuation or a legal form only,
// or a placeholder) cannot be cleared against the Entity List: refused, as the CSV reader
// refuses an empty name cell. `key` is scratch space for the normalized name.
void check_party_name(const sink& s, const party& p, const path_ref& path,
                      const name_normalizer& names, std::string& key) {
  const std::string_view reason = unscreenable_name(names, p.name, key);
  if (reason.empty()) return;
  s.error("EXC-E4011", fmt::format("party name `{}` cannot be screened: {}", p.name, reason),
          p.position, path.str() + ".name",
          "give the party's legal name as it appears on its documents");
}

}  // namespace

std::string_view unscreenable_name(const name_normalizer& names, std::string_view name,
                                   std::string& key) {
  names.key(name, key);
  const auto& suffixes = names.suffixes();
  if (key.empty()) return "nothing to screen remains after normalization";
  // Normalization keeps a name's last word even when it is a legal form; a name that is a
  // legal form and nothing else ("Co., Ltd.") names no one.
  if (std::find(suffixes.begin(), suffixes.end(), key) != suffixes.end())
    return "it is only a legal form";
  static const std::vector<std::string> placeholders = [] {
    std::vector<std::string> out;
    for (const auto placeholder : placeholder_names) out.push_back(normalize_name(placeholder, {}));
    return out;
  }();
  if (std::find(placeholders.begin(), placeholders.end(), key) != placeholders.end())
    return "it is a placeholder, not a name";
  return {};
}

void validate_item(const item& it, const std::string& path, const std::string& file,
                   const compiled_packs& packs, const input_limits& limits,
                   std::vector<diagnostic>& out) {
  if (!check_item_limits(it, path, file, limits, out)) return;
  check_item(sink{file, out}, it, path_ref{nullptr, path, std::nullopt}, packs);
}

void validate_shipment(const shipment& s, const compiled_packs& packs, const name_normalizer& names,
                       const input_limits& limits, std::vector<diagnostic>& out) {
  // Past a limit the checks below (quadratic in parties, recursive in items) are not run.
  if (!check_shipment_limits(s, limits, out)) return;
  const sink sk{s.source_name, out};
  const source_position top{};

  if (s.items.empty()) sk.error("EXC-E4010", "shipment has no items", top, "items");
  if (s.parties.empty()) sk.error("EXC-E4010", "shipment has no parties", top, "parties");

  for (std::size_t i = 0; i < s.items.size(); ++i) {
    check_item(sk, s.items[i], path_ref{nullptr, "items", i}, packs);
  }

  int exporters = 0;
  std::string name_key;
  // Party id → its first index: hashed, as a shipment may have a thousand parties with long ids.
  std::unordered_map<std::string_view, std::size_t> first_index;
  first_index.reserve(s.parties.size());
  for (std::size_t i = 0; i < s.parties.size(); ++i) {
    const party& p = s.parties[i];
    const path_ref path{nullptr, "parties", i};
    check_party_name(sk, p, path, names, name_key);
    const auto [first, inserted] = first_index.emplace(p.id, i);
    if (!inserted) {
      const std::size_t j = first->second;
      sk.error("EXC-E4006", fmt::format("duplicate party id `{}`", p.id), p.position,
               path.str() + ".id",
               fmt::format("`{}` is already parties[{}]{}", p.id, j,
                           s.parties[j].position.line
                               ? fmt::format(" (line {})", s.parties[j].position.line)
                               : std::string()));
    }
    check_country(sk, p.country, "country", p.position, path, "country");
    if (!p.headquarters.empty()) {
      check_country(sk, p.headquarters, "headquarters country", p.position, path, "headquarters");
    }
    if (!p.ultimate_parent_headquarters.empty()) {
      check_country(sk, p.ultimate_parent_headquarters, "ultimate parent headquarters country",
                    p.position, path, "ultimate_parent_headquarters");
    }
    if (p.role == party_role::exporter) {
      ++exporters;
      if (exporters == 2) {
        sk.error("EXC-E4004", "more than one party has role `exporter`", p.position,
                 path.str() + ".role", "a shipment has exactly one exporter");
      }
    }
  }
  if (exporters == 0 && !s.parties.empty()) {
    sk.error("EXC-E4004", "no party has role `exporter`", s.parties.front().position, "parties",
             "a shipment has exactly one exporter");
  }

  const auto known = [&](const std::string& id) { return first_index.count(id) != 0; };
  std::vector<std::string> ids;
  std::size_t id_bytes = 0;
  for (const auto& p : s.parties) id_bytes += p.id.size();
  // "Did you mean" for unknown transfer ends compares the end with every party id by edit
  // distance (|end| × |id| steps each): bounded in suggestions and in steps per shipment, so
  // thousands of transfers to unknown long ids cost milliseconds, not minutes.
  std::size_t suggestions_left = max_party_suggestions;
  std::size_t steps_left = max_suggestion_steps;
  const auto suggest = [&](const std::string& end) -> std::string {
    const std::size_t steps = end.size() * id_bytes;
    if (suggestions_left == 0 || steps > steps_left) {
      return "no suggestion: too many unknown party ids to compare; `transfers` name parties by "
             "their `id`";
    }
    --suggestions_left;
    steps_left -= steps;
    if (ids.empty()) {
      for (const auto& p : s.parties) ids.push_back(p.id);
    }
    return did_you_mean(closest_match(end, ids));
  };
  for (std::size_t t = 0; t < s.transfers.size(); ++t) {
    const transfer& tr = s.transfers[t];
    const path_ref path{nullptr, "transfers", t};
    bool both_known = true;
    for (const auto* end : {&tr.from, &tr.to}) {
      if (known(*end)) continue;
      both_known = false;
      sk.error("EXC-E4003", fmt::format("transfer names unknown party `{}`", *end), tr.position,
               path.str() + (end == &tr.from ? ".from" : ".to"), suggest(*end));
    }
    if (both_known && tr.from == tr.to) {
      sk.error("EXC-E4009", fmt::format("transfer from `{}` to itself", tr.from), tr.position,
               path.str() + ".to");
    }
  }
  validate_owners(s, names, out);
}

}  // namespace exportctl::detail
