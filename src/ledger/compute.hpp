// compute.hpp: compute accounting (docs/ledger.md, "Compute accounting"). A released order's
// TPP is recorded per end user and calendar year; the released and committed
// orders' sums become the engine's facts (history.hpp), so the AI Diffusion scenario's
// low-processing-performance allowance counts what was shipped instead of a figure the caller
// states.
#pragma once

#include <string>

#include "exportctl/ledger.hpp"
#include "ledger/sql.hpp"

namespace exportctl::detail {

/// Σ quantity × TPP over the decision's items that have an ECCN (what the LPP cap counts).
[[nodiscard]] double controlled_tpp(const decision& d);

/// This `year`'s released and committed TPP to each end user of `s`, other orders than `order_id`,
/// as facts.
[[nodiscard]] sql_status load_compute_facts(sql_connection& db, const shipment& s, int year,
                                            const std::string& order_id, ledger_facts* out);

/// Records a released order's TPP once per end user of its shipment (the whole shipment to
/// each: which end user gets which unit is not known, and counting more can only restrict).
/// The order has no rows: forget_compute() removed those of an earlier release first.
[[nodiscard]] sql_status record_compute(sql_connection& db, const std::string& order_id,
                                        const shipment& s, const decision& d);

/// The TPP released under a licence to each country of `s`'s parties, every year the ledger
/// has, as facts (history.hpp, licensed_tpp_record).
[[nodiscard]] sql_status load_licensed_facts(sql_connection& db, const shipment& s,
                                             ledger_facts* out);

/// Records a released order's licensed TPP (its items that needed a licence) once per end-user
/// country, when its decision needed a licence. The order has no rows (forget_compute()).
[[nodiscard]] sql_status record_licensed(sql_connection& db, const std::string& order_id,
                                         const shipment& s, const decision& d);

/// Removes an order's rows, licensed ones included (a cancelled order shipped nothing).
[[nodiscard]] sql_status forget_compute(sql_connection& db, const std::string& order_id);

}  // namespace exportctl::detail
