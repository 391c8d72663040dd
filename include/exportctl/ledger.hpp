// exportctl — export-control rules engine for AI chips.
// ledger.hpp: shipment memory (docs/ledger.md). Licences and what is left of them, releases
// that reserve licence quantities atomically, commits and cancellations, serial numbers shipped,
// reviews of holds, and an append-only journal whose records are chained by SHA-256. Backed by
// SQLite (`sqlite:PATH`, one file, the default) or PostgreSQL (`postgresql://...`).
//
// A ledger is one connection: use one per thread or process. Any number of processes may share
// one database; releases never over-deplete a licence (docs/ledger.md, "Concurrency").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/decision.hpp"
#include "exportctl/diagnostic.hpp"
#include "exportctl/engine.hpp"
#include "exportctl/history.hpp"
#include "exportctl/license.hpp"
#include "exportctl/shipment.hpp"

namespace exportctl {

namespace detail {
class sql_connection;
}

/// The default database: `sqlite:exportctl-ledger.sqlite` in the working directory.
inline constexpr const char* default_ledger_url = "sqlite:exportctl-ledger.sqlite";

struct ledger_options {
  int busy_timeout_ms = 5000;  ///< how long to wait for another writer before failing
  /// Who acts: recorded in the journal with every release, commit, cancel and review.
  std::string principal = "cli";
};

/// A licence as the ledger holds it, with its quantities.
struct license_state {
  license terms;
  std::int64_t reserved = 0;   ///< units held by released, uncommitted orders
  std::int64_t used = 0;       ///< units of committed orders
  std::int64_t remaining = 0;  ///< quantity - reserved - used
  double reserved_tpp = 0;
  double used_tpp = 0;
  std::optional<double> remaining_tpp;  ///< when the licence authorizes TPP
};

enum class release_state : std::uint8_t { released, blocked, held };
[[nodiscard]] std::string_view to_string(release_state s);

/// The `release` block a release adds to the decision.
struct release_block {
  std::string order_id;
  release_state state = release_state::held;
  std::vector<license_use> licenses;
  std::vector<blocked_item> blocked;
  /// True when the order had been released before: the stored result is returned and nothing
  /// is reserved again (a retry never depletes twice).
  bool replayed = false;
  std::uint64_t journal_seq = 0;  ///< the journal record of this release
};

struct release_result {
  std::optional<decision> value;  ///< the engine's decision, untouched
  std::optional<release_block> release;
  std::vector<diagnostic> diagnostics;  ///< bad shipment, or a database error (nothing recorded)
};

/// The decision's canonical JSON with the `release` block added as its last member (the output
/// of `exportctl release --format json`). The decision's members are byte for byte to_json(d).
[[nodiscard]] std::string to_json(const decision& d, const release_block& b, bool pretty = false);

/// Exit code of `exportctl release`: 0 released, 2 blocked, 3 held.
[[nodiscard]] int exit_code(release_state s);

/// What a reviewer decided, read from YAML or JSON (`ledger resolve --facts FILE`), strictly
/// (unknown keys, empty values, a value of the wrong type): the possible matches cleared,
/// `clear: [{source, entry, name, country}, ...]`, and the missing facts supplied,
/// `supply: [{item: N, fact: KEY, value: V} | {party: ID, fact: KEY, value: CC}, ...]`.
struct review_facts_result {
  std::vector<reviewed_clearance> value;
  std::vector<supplied_fact> supplies;
  std::vector<diagnostic> diagnostics;
};
[[nodiscard]] review_facts_result parse_review_facts(std::string_view text,
                                                     std::string_view file_name);

/// An order's state and history.
struct order_record {
  std::string order_id;
  std::string shipment;
  std::string state;  ///< released, blocked, held, committed, cancelled
  std::string outcome;
  std::string decided_on;  ///< the decision's date
  std::vector<license_use> licenses;
  std::string decision_json;  ///< the decision as released
};

/// One journal record.
struct journal_record {
  std::uint64_t seq = 0;
  std::string at;    ///< UTC, ISO 8601
  std::string kind;  ///< license_add, release, commit, cancel, resolve
  std::string order_id;
  std::string principal;
  std::string body;  ///< canonical JSON of the event
  std::string prev_sha256;
  std::string sha256;  ///< SHA-256 of prev_sha256 + "\n" + body
};

/// One release of a serial number (`exportctl ledger serial SN`), with its order's state now.
struct serial_use {
  serial_record release;
  std::string state;  ///< released or committed (a cancelled order's serials are removed)
};

/// What `ledger verify` found.
struct journal_check {
  std::uint64_t records = 0;
  bool ok = false;
  std::uint64_t first_bad = 0;  ///< seq of the first bad record (0: none)
  std::string problem;
};

struct ledger_status {
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const { return !has_errors(diagnostics); }
};

/// `exportctl ledger license list --format json`: an array of licences, each with its terms and
/// `quantity`, `reserved`, `used` and `remaining` (and the same in TPP when it authorizes TPP).
[[nodiscard]] std::string to_json(const std::vector<license_state>& licenses, bool pretty = false);
/// `exportctl ledger show ORDER --format json`: the order, its state, the licences it
/// drew on (as in its release block: units, TPP, what remained), and the
/// decision as released.
[[nodiscard]] std::string to_json(const order_record& o, bool pretty = false);
/// One journal record as a JSON object (`exportctl ledger journal`: one per line).
[[nodiscard]] std::string to_json(const journal_record& r, bool pretty = false);
/// `exportctl ledger serial SN --format json`: an array of releases.
[[nodiscard]] std::string to_json(const std::vector<serial_use>& uses, bool pretty = false);
/// `exportctl ledger verify --format json`.
[[nodiscard]] std::string to_json(const journal_check& c, bool pretty = false);

class ledger {
 public:
  /// Creates the database's tables, or upgrades an older schema (`ledger init`).
  [[nodiscard]] static ledger_status init(const std::string& url,
                                          const ledger_options& options = {});
  /// Opens an initialized ledger. A database that was never initialized is an error (an empty
  /// history would hide duplicate serials), as is a foreign or corrupt file.
  [[nodiscard]] static std::unique_ptr<ledger> open(const std::string& url,
                                                    const ledger_options& options,
                                                    std::vector<diagnostic>* diagnostics);
  ~ledger();
  ledger(const ledger&) = delete;
  ledger& operator=(const ledger&) = delete;

  /// Who acts from now on: recorded in the journal with every later release, commit, cancel
  /// and review (a service names each request's authenticated principal).
  void set_principal(std::string principal) { options_.principal = std::move(principal); }

  [[nodiscard]] ledger_status add_licenses(const std::vector<license>& licenses);
  [[nodiscard]] std::vector<license_state> licenses(std::vector<diagnostic>* diagnostics);

  /// Decides `s` with `eng` and, where a licence is required, reserves quantities on licences
  /// that cover each item, all or none, in one transaction with its journal record. The order
  /// id defaults to the shipment id.
  [[nodiscard]] release_result release(const engine& eng, const shipment& s,
                                       const std::string& order_id = {},
                                       const check_options& options = {});
  /// Records a reviewer's resolution of a held order: who, when (now), why, which possible
  /// screening matches they cleared and which missing facts they supplied. The order's next
  /// release hands it to the engine, where a clearance clears that possible match and nothing
  /// else (a listing, a licence requirement or another hold stands), and a supplied fact fills
  /// that fact where the shipment does not state it. The order must be held, reviewer and
  /// reason may not be empty, and each supplied fact must be one the held decision asked for.
  [[nodiscard]] ledger_status resolve(const std::string& order_id, const std::string& reviewer,
                                      const std::string& reason,
                                      const std::vector<reviewed_clearance>& clears = {},
                                      const std::vector<supplied_fact>& supplies = {});
  /// Releases several shipments in one transaction (a group commit: one lock, one fsync), each
  /// as release() would in turn, with its order id from the shipment (`order_id`, else `id`).
  /// A shipment that cannot be decided gets its diagnostics and is left out; a database
  /// failure records none of them. Results are in input order.
  [[nodiscard]] std::vector<release_result> release_many(const engine& eng,
                                                         const std::vector<shipment>& shipments,
                                                         const check_options& options = {});
  /// A released order shipped: its reservations become used.
  [[nodiscard]] ledger_status commit(const std::string& order_id);
  /// A released order that will not ship: its reservations return to the licences.
  [[nodiscard]] ledger_status cancel(const std::string& order_id);

  [[nodiscard]] std::optional<order_record> order(const std::string& order_id,
                                                  std::vector<diagnostic>* diagnostics);
  /// The review queue: every held order not reviewed since the release that last held it,
  /// oldest first (by that release). A resolved order leaves it; its next release decides it
  /// again, and puts it back if it still holds.
  [[nodiscard]] std::vector<order_record> holds(std::vector<diagnostic>* diagnostics);
  [[nodiscard]] std::vector<journal_record> journal(std::vector<diagnostic>* diagnostics);
  /// One order's journal records, oldest first (an order's history, as the review page shows it).
  [[nodiscard]] std::vector<journal_record> journal(const std::string& order_id,
                                                    std::vector<diagnostic>* diagnostics);
  /// Every release of serial number `serial`, oldest first.
  [[nodiscard]] std::vector<serial_use> serial(const std::string& serial,
                                               std::vector<diagnostic>* diagnostics);
  /// Re-hashes the whole journal: proves no record was altered or removed, or names the first
  /// bad one.
  [[nodiscard]] journal_check verify(std::vector<diagnostic>* diagnostics);

 private:
  explicit ledger(std::unique_ptr<detail::sql_connection> db, ledger_options options);
  std::unique_ptr<detail::sql_connection> db_;
  ledger_options options_;
};

}  // namespace exportctl
