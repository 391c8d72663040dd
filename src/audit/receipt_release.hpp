// receipt_release.hpp: what a release did, in its receipt (`release`, after `ledger_facts`), and
// the check of it against the decision made again (history.hpp, release_record).
#pragma once

#include <string>
#include <vector>

#include "doc/json.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/history.hpp"

namespace exportctl::detail {

/// Appends `,"release":{"state":...,"licenses":[...],"blocked":[...]}`.
void append_release_record(std::string& out, const release_record& r);
/// Reads the member back; false with `why` when it is not of that shape.
[[nodiscard]] bool parse_release_record(const ojson& j, release_record* out, std::string* why);
/// Whether `r` is what a release of `d` does; one line per difference into `problems`.
[[nodiscard]] bool release_matches(const release_record& r, const decision& d,
                                   std::vector<std::string>& problems);

}  // namespace exportctl::detail
