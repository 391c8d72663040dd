// receipt_facts.hpp: the ledger's facts in a receipt (`ledger_facts`, after `input`), so that
// `exportctl verify` replays a release's decision without the database (history.hpp).
#pragma once

#include <string>
#include <vector>

#include "doc/json.hpp"
#include "exportctl/history.hpp"

namespace exportctl::detail {

/// A review as JSON, `{order_id, reviewer, at, reason, clears: [...]}`, and its clearances
/// `[{source, entry, name, country}]`: the one form of both, in receipts and in the ledger's
/// reviews table and journal. The parsers return false for anything of another shape.
void append_review(std::string& out, const review_record& r);
[[nodiscard]] bool parse_review(const ojson& j, review_record* out);
void append_clearances(std::string& out, const std::vector<reviewed_clearance>& clears);
[[nodiscard]] bool parse_clearances(const ojson& j, std::vector<reviewed_clearance>* out);

/// Appends `,"ledger_facts":{...}` to a receipt being written.
void append_ledger_facts(std::string& out, const ledger_facts& facts);
/// Reads the member back; false with `why` when it is not of that shape.
[[nodiscard]] bool parse_ledger_facts(const ojson& j, ledger_facts* out, std::string* why);

}  // namespace exportctl::detail
