// reviews.hpp: reviews of holds in the ledger (docs/ledger.md, "Reviews of holds"). A reviewer
// resolves a held order (`exportctl ledger resolve`); the next release of that order hands the
// review to the engine as facts (history.hpp), where it can clear a possible screening match
// and nothing else.
#pragma once

#include <string>
#include <vector>

#include "exportctl/ledger.hpp"
#include "ledger/journal.hpp"
#include "ledger/sql.hpp"

namespace exportctl::detail {

/// The order's reviews, oldest first, into out->reviews.
[[nodiscard]] sql_status load_reviews(sql_connection& db, const std::string& order_id,
                                      ledger_facts* out);

/// The review as its journal body and its `clears` column: canonical JSON.
[[nodiscard]] std::string review_body(const review_record& r);
[[nodiscard]] std::string clears_json(const std::vector<reviewed_clearance>& clears);
[[nodiscard]] std::string supplies_json(const std::vector<supplied_fact>& supplies);

/// Refuses (EXC-E9112 into `out`) each supplied fact that the order's held decision does not
/// name among its missing facts; *status fails only when the query does.
[[nodiscard]] sql_status check_supplies(sql_connection& db, const std::string& order_id,
                                        const std::vector<supplied_fact>& supplies,
                                        std::vector<diagnostic>* out);

/// Records a review with journal record `seq` (the caller appends the record).
[[nodiscard]] sql_status insert_review(sql_connection& db, const review_record& r,
                                       std::uint64_t seq);

}  // namespace exportctl::detail
