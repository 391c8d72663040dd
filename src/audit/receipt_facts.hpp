// receipt_facts.hpp: the ledger's facts in a receipt (`ledger_facts`, after `input`), so that
// `exportctl verify` replays a release's decision without the database (history.hpp).
#pragma once

#include <string>
#include <vector>

#include "doc/json.hpp"
#include "exportctl/history.hpp"

namespace exportctl::detail {

/// A review as JSON, `{order_id, reviewer, at, reason, clears: [...][, supplies: [...]]}`, and its
/// clearances
/// `[{source, entry, name, country}]`: the one form of both, in receipts and in the ledger's
/// reviews table and journal. The parsers return false for anything of another shape.
void append_review(std::string& out, const review_record& r);
[[nodiscard]] bool parse_review(const ojson& j, review_record* out);
void append_clearances(std::string& out, const std::vector<reviewed_clearance>& clears);
[[nodiscard]] bool parse_clearances(const ojson& j, std::vector<reviewed_clearance>* out);
/// The facts a review supplied, `[{item|party, fact, value}]` (the `supplies` member of a
/// review, written only when there are some).
void append_supplies(std::string& out, const std::vector<supplied_fact>& supplies);
[[nodiscard]] bool parse_supplies(const ojson& j, std::vector<supplied_fact>* out);

/// Appends `,"ledger_facts":{...}` to a receipt being written.
void append_ledger_facts(std::string& out, const ledger_facts& facts);
/// Reads the member back; false with `why` when it is not of that shape.
[[nodiscard]] bool parse_ledger_facts(const ojson& j, ledger_facts* out, std::string* why);

}  // namespace exportctl::detail
