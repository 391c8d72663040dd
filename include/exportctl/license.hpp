// exportctl — export-control rules engine for AI chips.
// license.hpp: a BIS licence the exporter holds, as the ledger stores it (docs/ledger.md), read
// from a YAML or JSON file with strict validation (`exportctl ledger license add FILE`), and
// whether it covers one item on the paths a decision requires a licence for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/date.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/diagnostic.hpp"
#include "exportctl/shipment.hpp"

namespace exportctl {

/// One licence. Lists that are empty do not restrict (a licence naming no consignee covers any
/// consignee); `products` and `eccns` may not both be empty, nor `destinations`.
struct license {
  std::string number;  ///< e.g. "D1234567"; unique in a ledger
  std::string holder;
  date valid_from;
  date valid_to;                          ///< inclusive
  std::vector<std::string> products;      ///< catalog ids
  std::vector<std::string> eccns;         ///< "3A090.a" covers 3A090.a and its paragraphs
  std::vector<std::string> destinations;  ///< ISO 3166-1 alpha-2
  std::vector<std::string> consignees;    ///< names as on the licence
  std::vector<std::string> end_users;     ///< names as on the licence
  std::int64_t quantity = 0;              ///< units authorized (> 0)
  std::optional<double> value;            ///< USD authorized, if the licence limits value
  std::optional<double> tpp;              ///< TPP authorized in total: depletes in TPP
  std::string conditions;                 ///< free text
  std::string source_name;                ///< file it was read from
  source_position position;
};

/// Result of reading a licence file: one licence (a mapping) or several (a list of mappings).
struct license_file_result {
  std::vector<license> value;  ///< empty when there are errors
  std::vector<diagnostic> diagnostics;
};

/// Reads licences from YAML or JSON text. Unknown keys, wrong types, bad dates or country
/// codes, valid_to before valid_from, a non-positive quantity, duplicate numbers: diagnostics
/// with file:line:column, and no licence is returned.
[[nodiscard]] license_file_result parse_licenses(std::string_view text, std::string_view file_name);

/// Why a licence does or does not cover an item (empty `reason`: it covers).
struct license_coverage {
  bool covers = false;
  std::string reason;  ///< e.g. "valid 2026-01-15 to 2028-01-14, not on 2029-03-01"
};

/// Whether `l` covers item `item_line` (1-based) of decision `d` for shipment `s`: valid on the
/// decision's date, the item's product or ECCN named, and for every path of `d` whose decision
/// is license_required, the destination of each hop that requires one among the licence's
/// destinations and the path's consignee and end user named on it when the licence names any.
/// Quantities are the ledger's business, not this function's.
[[nodiscard]] license_coverage covers(const license& l, const decision& d, const shipment& s,
                                      int item_line);

}  // namespace exportctl
