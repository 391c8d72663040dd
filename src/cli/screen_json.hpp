// screen_json.hpp: one screened name as the JSON object `exportctl screen --format json` prints
// and POST /v1/screen streams (docs/screening.md), so the two are the same bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "screening/list_index.hpp"

namespace exportctl::cli {

/// Names longer than this are refused (EXC-E5005): no real party name is, and scoring stays
/// bounded.
inline constexpr std::size_t screen_max_query_bytes = 1024;

/// Appends `{"query":...,"country":...,"band":...,"candidates":[...]}` and a newline to `out`.
void write_screen_json(std::string& out, std::string_view query, const std::string& country,
                       const detail::list_index& index,
                       const std::vector<detail::screen_candidate>& cands);
/// A score as printed: four decimals, so that floating noise never changes the bytes.
[[nodiscard]] double screen_rounded(double v);

}  // namespace exportctl::cli
