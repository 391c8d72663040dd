// receipt_facts.hpp: the ledger's facts in a receipt (`ledger_facts`, after `input`), so that
// `exportctl verify` replays a release's decision without the database (history.hpp).
#pragma once

#include <string>

#include "doc/json.hpp"
#include "exportctl/history.hpp"

namespace exportctl::detail {

/// Appends `,"ledger_facts":{...}` to a receipt being written.
void append_ledger_facts(std::string& out, const ledger_facts& facts);
/// Reads the member back; false with `why` when it is not of that shape.
[[nodiscard]] bool parse_ledger_facts(const ojson& j, ledger_facts* out, std::string* why);

}  // namespace exportctl::detail
