// exportctl — export-control rules engine for AI chips.
// io.hpp: shipments in (YAML or JSON), decisions out (JSON or text).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/classification.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/diagnostic.hpp"
#include "exportctl/limits.hpp"
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
/// As above with other bounds than the defaults on size and nesting (docs/limits.md): text over
/// `limits.max_input_bytes` is refused whole (EXC-E5001) before any parsing.
[[nodiscard]] shipment_result parse_shipment(std::string_view text, std::string_view file_name,
                                             const input_limits& limits);

/// Result of parsing a spec sheet on its own (`exportctl classify --specs`).
struct specs_result {
  std::optional<chip_specs> value;
  std::vector<diagnostic> diagnostics;
};

/// Parses a mapping with the keys of a shipment item's `specs` (dense_tops, tpp, die_area_mm2,
/// datacenter, ...), checked like a shipment.
[[nodiscard]] specs_result parse_specs(std::string_view text, std::string_view file_name);

/// Result of one shipment assembled from shipment lines (docs/shipment-lines.md).
struct shipment_lines_result {
  std::optional<shipment> value;
  std::vector<diagnostic> diagnostics;
  std::size_t first_row = 0;  ///< 1-based row numbers (CSV: line numbers) of the rows used
  std::size_t last_row = 0;
};

/// Assembles shipments from a flat table of shipment lines, one row at a time: one row per item,
/// consecutive rows with the same `shipment` cell form one shipment (docs/shipment-lines.md).
///
///     exportctl::shipment_lines lines({"shipment", "product", "quantity", ...}, "orders.csv");
///     for (each row) if (auto done = lines.add(cells, row)) use(*done);
///     if (auto last = lines.finish()) use(*last);
class shipment_lines {
 public:
  shipment_lines(std::vector<std::string> columns, std::string source_name);
  ~shipment_lines();
  shipment_lines(shipment_lines&&) noexcept;
  shipment_lines& operator=(shipment_lines&&) noexcept;
  /// Problems with the header (unknown, duplicate or missing required columns). When not empty,
  /// every row is refused.
  [[nodiscard]] const std::vector<diagnostic>& header_diagnostics() const;
  /// Feeds one row (cells in header order). Returns the previous shipment when this row starts a
  /// new one.
  [[nodiscard]] std::optional<shipment_lines_result> add(std::span<const std::string_view> cells,
                                                         std::size_t row);
  /// Returns the last shipment, if any rows are pending.
  [[nodiscard]] std::optional<shipment_lines_result> finish();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Decision as one line of canonical JSON (keys in a fixed order; byte-stable).
[[nodiscard]] std::string to_json(const decision& d, bool pretty = false);

/// Reads what to_json(d) or to_json(d, true) wrote (a trailing new line, as the golden files
/// have, is fine) and rebuilds the decision, so that to_json of the result gives the same bytes.
/// The string views of the result (findings, red flags, rule packs, lists, fingerprint, pack set,
/// engine) view one text block owned by the result's `keepalive`. The JSON does not carry
/// item_result::description, which comes back empty (to_text names such an item "item").
///
/// Fails closed: anything the writer cannot have written (not JSON, a duplicate, unknown or
/// missing member, a wrong type, an unknown name, a number out of range, an empty string where
/// the writer writes null) returns std::nullopt and, when `error` is not null, one line saying
/// what and where (`findings[2].effect: ...`).
///
///     std::string why;
///     auto d = exportctl::decision_from_json(exportctl::to_json(original), &why);
///     // exportctl::to_json(*d) == exportctl::to_json(original)
[[nodiscard]] std::optional<decision> decision_from_json(std::string_view json, std::string* error);

/// Decision as a short human explanation: the decision first, then why, with citations.
[[nodiscard]] std::string to_text(const decision& d);
/// Shipment as one line of canonical JSON, the input that audit receipts hash. Keys in this
/// order: `id`, `order_id`, `date`; `items` (each: `product`, `description`, `quantity`, `specs`
/// {`dense_tops` {precision: rate, in input order}, `tpp`, `die_area_mm2`, `datacenter`,
/// `io_bandwidth_gbs`, `dram_bandwidth_gbs`, `memory_bandwidth_density`, `hbm`}, `contains`
/// [items], `serials` [strings, in input order]); `parties`
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
