// exportctl — export-control rules engine for AI chips.
// io.hpp: shipments in (YAML or JSON), decisions out (JSON or text).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/decision.hpp"
#include "exportctl/diagnostic.hpp"
#include "exportctl/engine.hpp"
#include "exportctl/shipment.hpp"

namespace exportctl {

/// Result of parsing a shipment document.
struct shipment_result {
  std::optional<shipment> value;
  std::vector<diagnostic> diagnostics;
};

/// Parses a shipment from YAML or JSON text (JSON is detected by its leading `{`). Every
/// structural problem (unknown key, wrong type, bad date, duplicate key) is reported with
/// `file:line:column` and the logical path.
///
///     auto r = exportctl::parse_shipment("id: SO-1\nitems: ...", "order.yaml");
[[nodiscard]] shipment_result parse_shipment(std::string_view text, std::string_view file_name);

/// Result of parsing a spec sheet on its own (`exportctl classify --specs`).
struct specs_result {
  std::optional<chip_specs> value;
  std::vector<diagnostic> diagnostics;
};

/// Parses a mapping with the keys of a shipment item's `specs` (dense_tops, tpp, die_area_mm2,
/// datacenter, ...), checked like a shipment.
[[nodiscard]] specs_result parse_specs(std::string_view text, std::string_view file_name);

/// Decision as one line of canonical JSON (keys in a fixed order; byte-stable).
[[nodiscard]] std::string to_json(const decision& d, bool pretty = false);
/// Decision as a short human explanation: the decision first, then why, with citations.
[[nodiscard]] std::string to_text(const decision& d);
/// Shipment as one line of canonical JSON, the input that audit receipts hash. Keys in this
/// order: `id`, `date`; `items` (each: `product`, `description`, `quantity`, `specs` {`dense_tops`
/// {precision: rate, in input order}, `tpp`, `die_area_mm2`, `datacenter`, `io_bandwidth_gbs`,
/// `dram_bandwidth_gbs`, `memory_bandwidth_density`, `hbm`}, `contains` [items]); `parties`
/// (each: `id`, `name`, `country`, `role`, `headquarters`, `ultimate_parent_headquarters`,
/// `consignee_ytd_tpp`); `transfers` (each: `from`, `to`). Absent optionals, empty optional
/// strings and lists, and `hbm: false` are omitted; numbers are written as in decisions. For
/// any shipment parse_shipment returned, parse_shipment(to_json(s)) gives it back (positions
/// aside). Positions, `source_name` and the input's `description`/`address` are not written.
///
///     std::string line = exportctl::to_json(*exportctl::parse_shipment(text, "x.yaml").value);
[[nodiscard]] std::string to_json(const shipment& s);
/// Classification as JSON / text.
[[nodiscard]] std::string to_json(const classification& c, bool pretty = false);
[[nodiscard]] std::string to_text(const classification& c);

}  // namespace exportctl
