// release_json.hpp: the `release` block as JSON, stored with each order (so a retry returns
// the same block) and added to the decision in `exportctl release` output.
#pragma once

#include <string>

#include "doc/json.hpp"
#include "exportctl/ledger.hpp"

namespace exportctl::detail {

/// Members: order_id, state, licenses [{number, item, units, tpp?, remaining, remaining_tpp?}],
/// blocked [{item, reason}], replayed, journal_seq.
[[nodiscard]] std::string release_block_json(const release_block& b);
/// The block's `licenses` member (also `ledger show`'s, from the same stored block).
[[nodiscard]] ojson license_uses_json(const std::vector<license_use>& uses);
[[nodiscard]] bool parse_release_block(const std::string& text, release_block* out);

}  // namespace exportctl::detail
