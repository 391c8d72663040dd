// ledger.cpp: opening a ledger, licences, commits, cancellations, orders and the journal
// (include/exportctl/ledger.hpp; releases are in release.cpp). Every change is one write
// transaction that also appends its journal record, so the journal and the tables never
// disagree: either both changed or neither did.
#include "exportctl/ledger.hpp"

#include "doc/json.hpp"
#include "ledger/compute.hpp"
#include "ledger/journal.hpp"
#include "ledger/ledger_diag.hpp"
#include "ledger/license_store.hpp"
#include "ledger/release_json.hpp"
#include "ledger/reviews.hpp"
#include "ledger/schema.hpp"
#include "ledger/serials.hpp"
#include "ledger/transaction.hpp"

namespace exportctl {

using detail::ledger_error;
using detail::sql_diagnostic;
using detail::sql_row;
using detail::sql_status;
using detail::sql_value;

ledger::ledger(std::unique_ptr<detail::sql_connection> db, ledger_options options)
    : db_(std::move(db)), options_(std::move(options)) {}
ledger::~ledger() = default;

ledger_status ledger::init(const std::string& url, const ledger_options& options) {
  auto opened = detail::open_database(url, true, {options.busy_timeout_ms});
  if (!opened.connection) return {{sql_diagnostic(opened.status, url)}};
  return {detail::migrate_ledger(*opened.connection)};
}

std::unique_ptr<ledger> ledger::open(const std::string& url, const ledger_options& options,
                                     std::vector<diagnostic>* diagnostics) {
  auto opened = detail::open_database(url, false, {options.busy_timeout_ms});
  if (!opened.connection) {
    if (opened.status.message.starts_with("no ledger database at"))
      diagnostics->push_back(ledger_error(
          "EXC-E9103", opened.status.message, url,
          "run `exportctl ledger init --db " + url +
              "` first (a ledger is never created implicitly: an empty history would hide "
              "serials already shipped)"));
    else
      diagnostics->push_back(sql_diagnostic(opened.status, url));
    return nullptr;
  }
  auto problems = detail::check_ledger_schema(*opened.connection);
  if (!problems.empty()) {
    diagnostics->insert(diagnostics->end(), problems.begin(), problems.end());
    return nullptr;
  }
  return std::unique_ptr<ledger>(new ledger(std::move(opened.connection), options));
}

ledger_status ledger::add_licenses(const std::vector<license>& licenses) {
  std::vector<diagnostic> out;
  auto tx = detail::run_write_transaction(*db_, [&](bool& abandon) -> sql_status {
    out.clear();
    detail::journal_head head;
    if (auto s = detail::lock_journal_head(*db_, &head); !s.ok()) return s;
    for (const auto& l : licenses) {
      std::vector<sql_row> rows;
      const sql_value key[] = {l.number};
      if (auto s = db_->exec("SELECT number FROM licenses WHERE number = ?", key, &rows); !s.ok())
        return s;
      if (!rows.empty()) {
        out.push_back(ledger_error("EXC-E9109",
                                   "licence `" + l.number + "` is already in the ledger",
                                   l.source_name.empty() ? db_->name() : l.source_name,
                                   "a licence's terms are not edited in place; nothing was added"));
        continue;
      }
      const std::string body = detail::license_body(l);
      const sql_value p[] = {l.number, body, l.quantity, l.tpp ? sql_value{*l.tpp} : sql_value{}};
      if (auto s = db_->exec(
              "INSERT INTO licenses (number, body, quantity, tpp) VALUES (?, ?, ?, ?)", p, nullptr);
          !s.ok())
        return s;
      if (auto s = detail::append_journal(*db_, head, "license_add", {}, options_.principal, body);
          !s.ok())
        return s;
    }
    if (!out.empty()) abandon = true;  // all or none: one duplicate adds nothing
    return {};
  });
  if (!tx.status.ok()) out.push_back(sql_diagnostic(tx.status, db_->name()));
  return {out};
}

std::vector<license_state> ledger::licenses(std::vector<diagnostic>* diagnostics) {
  std::vector<license_state> out;
  if (auto s = detail::load_licenses(*db_, false, &out); !s.ok()) {
    diagnostics->push_back(sql_diagnostic(s, db_->name()));
    out.clear();
  }
  return out;
}

namespace {

// Moves an order's reservations: commit (reserved -> used) or cancel (reserved -> returned).
sql_status settle(detail::sql_connection& db, const std::string& order_id, bool commit) {
  std::vector<sql_row> rows;
  const sql_value key[] = {order_id};
  auto s = db.exec(
      "SELECT number, units, tpp FROM reservations WHERE order_id = ? ORDER BY number, item", key,
      &rows);
  if (!s.ok()) return s;
  for (const auto& r : rows) {
    const double tpp = r.is_null(2) ? 0.0 : r.real(2);
    if (commit) {
      const sql_value p[] = {r.integer(1), r.integer(1), tpp, tpp, r.text(0)};
      s = db.exec(
          "UPDATE licenses SET reserved = reserved - ?, used = used + ?, "
          "reserved_tpp = reserved_tpp - ?, used_tpp = used_tpp + ? WHERE number = ?",
          p, nullptr);
    } else {
      const sql_value p[] = {r.integer(1), tpp, r.text(0)};
      s = db.exec(
          "UPDATE licenses SET reserved = reserved - ?, reserved_tpp = reserved_tpp - ? "
          "WHERE number = ?",
          p, nullptr);
    }
    if (!s.ok()) return s;
  }
  return {};
}

diagnostic unknown_order(const std::string& order_id, const std::string& where) {
  return ledger_error("EXC-E9107", "no order `" + order_id + "` in the ledger", where,
                      "an order enters the ledger with `exportctl release`");
}

// The order's state, read inside the caller's write transaction; empty when there is no order.
sql_status order_state(detail::sql_connection& db, const std::string& order_id,
                       std::string* state) {
  std::vector<sql_row> rows;
  const sql_value key[] = {order_id};
  auto s = db.exec("SELECT state FROM orders WHERE order_id = ?", key, &rows);
  *state = s.ok() && !rows.empty() ? rows[0].text(0) : std::string();
  return s;
}

// Commit: a released order shipped. Cancel: a released, blocked or held order will not ship.
// Repeating either is a no-op that succeeds (a retried call must not fail or count twice).
ledger_status settle_order(detail::sql_connection& db, const ledger_options& options,
                           const std::string& order_id, bool commit) {
  std::vector<diagnostic> out;
  const char* verb = commit ? "commit" : "cancel";
  auto tx = detail::run_write_transaction(db, [&](bool& abandon) -> sql_status {
    out.clear();
    detail::journal_head head;
    if (auto s = detail::lock_journal_head(db, &head); !s.ok()) return s;
    std::string state;
    if (auto s = order_state(db, order_id, &state); !s.ok()) return s;
    if (state.empty()) {
      out.push_back(unknown_order(order_id, db.name()));
      abandon = true;
      return {};
    }
    const std::string target = commit ? "committed" : "cancelled";
    if (state == target) {
      abandon = true;
      return {};
    }
    const bool allowed = commit ? state == "released" : state != "committed";
    if (!allowed) {
      out.push_back(ledger_error(
          "EXC-E9108", std::string("cannot ") + verb + " order `" + order_id + "`: it is " + state,
          db.name(),
          commit ? "only a released order can be committed; release it again once it clears"
                 : "a committed order has shipped; its quantities stay used"));
      abandon = true;
      return {};
    }
    if (auto s = settle(db, order_id, commit); !s.ok()) return s;
    // A cancelled order never shipped: its serials are not history.
    if (!commit) {
      if (auto s = detail::forget_serials(db, order_id); !s.ok()) return s;
      if (auto s = detail::forget_compute(db, order_id); !s.ok()) return s;
    }
    detail::ojson body;
    body["order_id"] = order_id;
    body["from"] = state;
    body["to"] = target;
    if (auto s = detail::append_journal(db, head, verb, order_id, options.principal, body.dump());
        !s.ok())
      return s;
    const sql_value p[] = {target, static_cast<std::int64_t>(head.seq), order_id};
    return db.exec("UPDATE orders SET state = ?, journal_seq = ? WHERE order_id = ?", p, nullptr);
  });
  if (!tx.status.ok()) out.push_back(sql_diagnostic(tx.status, db.name()));
  return {out};
}

}  // namespace

ledger_status ledger::resolve(const std::string& order_id, const std::string& reviewer,
                              const std::string& reason,
                              const std::vector<reviewed_clearance>& clears,
                              const std::vector<supplied_fact>& supplies) {
  std::vector<diagnostic> out;
  if (reviewer.empty() || reason.empty()) {
    out.push_back(ledger_error("EXC-E9110", "a review needs a reviewer and a reason", db_->name(),
                               "who decided, and why: both are kept in the journal"));
    return {out};
  }
  auto& db = *db_;
  auto tx = detail::run_write_transaction(db, [&](bool& abandon) -> sql_status {
    out.clear();
    detail::journal_head head;
    if (auto s = detail::lock_journal_head(db, &head); !s.ok()) return s;
    std::string state;
    if (auto s = order_state(db, order_id, &state); !s.ok()) return s;
    if (state != "held") {
      out.push_back(state.empty()
                        ? unknown_order(order_id, db.name())
                        : ledger_error("EXC-E9108",
                                       "cannot resolve order `" + order_id + "`: it is " + state,
                                       db.name(),
                                       "only a held order is resolved; a review never clears a "
                                       "licence requirement"));
      abandon = true;
      return {};
    }
    if (auto s = detail::check_supplies(db, order_id, supplies, &out); !s.ok()) return s;
    if (!out.empty()) {
      abandon = true;
      return {};
    }
    review_record r{order_id, reviewer, detail::utc_now(), reason, clears, supplies};
    if (auto s = detail::append_journal(db, head, "resolve", order_id, options_.principal,
                                        detail::review_body(r));
        !s.ok())
      return s;
    return detail::insert_review(db, r, head.seq);
  });
  if (!tx.status.ok()) out.push_back(sql_diagnostic(tx.status, db.name()));
  return {out};
}

ledger_status ledger::commit(const std::string& order_id) {
  return settle_order(*db_, options_, order_id, true);
}
ledger_status ledger::cancel(const std::string& order_id) {
  return settle_order(*db_, options_, order_id, false);
}

namespace {

// The columns every order query selects, in the order order_of() reads them.
constexpr const char* order_columns =
    "SELECT order_id, shipment, state, outcome, decided_on, decision, release_block FROM orders ";

order_record order_of(const sql_row& row) {
  order_record o;
  o.order_id = row.text(0);
  o.shipment = row.text(1);
  o.state = row.text(2);
  o.outcome = row.text(3);
  o.decided_on = row.text(4);
  o.decision_json = row.text(5);
  release_block b;
  if (detail::parse_release_block(row.text(6), &b)) o.licenses = std::move(b.licenses);
  return o;
}

}  // namespace

std::optional<order_record> ledger::order(const std::string& order_id,
                                          std::vector<diagnostic>* diagnostics) {
  std::vector<sql_row> rows;
  const sql_value key[] = {order_id};
  auto s = db_->exec(std::string(order_columns) + "WHERE order_id = ?", key, &rows);
  if (!s.ok()) {
    diagnostics->push_back(sql_diagnostic(s, db_->name()));
    return std::nullopt;
  }
  if (rows.empty()) {
    diagnostics->push_back(unknown_order(order_id, db_->name()));
    return std::nullopt;
  }
  return order_of(rows[0]);
}

std::vector<order_record> ledger::holds(std::vector<diagnostic>* diagnostics) {
  // One statement, so one consistent snapshot on both backends. An order's journal_seq is the
  // journal record of its last state change, and only a release makes an order held (a resolve
  // leaves the row alone), so a held order's journal_seq is the release that last held it, and
  // a review with a later journal_seq was made since: that order waits for its next release,
  // not for a reviewer. Sequence numbers are unique: the order never depends on a collation.
  std::vector<sql_row> rows;
  const sql_value key[] = {std::string("held")};
  auto s = db_->exec(std::string(order_columns) +
                         "WHERE state = ? AND NOT EXISTS (SELECT 1 FROM reviews WHERE "
                         "reviews.order_id = orders.order_id AND reviews.journal_seq > "
                         "orders.journal_seq) ORDER BY journal_seq",
                     key, &rows);
  std::vector<order_record> out;
  if (!s.ok()) {
    diagnostics->push_back(sql_diagnostic(s, db_->name()));
    return out;
  }
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(order_of(r));
  return out;
}

std::vector<journal_record> ledger::journal(std::vector<diagnostic>* diagnostics) {
  std::vector<journal_record> out;
  if (auto s = detail::read_journal(*db_, &out); !s.ok()) {
    diagnostics->push_back(sql_diagnostic(s, db_->name()));
    out.clear();
  }
  return out;
}

std::vector<journal_record> ledger::journal(const std::string& order_id,
                                            std::vector<diagnostic>* diagnostics) {
  std::vector<journal_record> out;
  if (auto s = detail::read_journal(*db_, &out, &order_id); !s.ok()) {
    diagnostics->push_back(sql_diagnostic(s, db_->name()));
    out.clear();
  }
  return out;
}

std::vector<serial_use> ledger::serial(const std::string& serial,
                                       std::vector<diagnostic>* diagnostics) {
  std::vector<serial_use> out;
  if (auto s = detail::serial_history(*db_, serial, &out); !s.ok()) {
    diagnostics->push_back(sql_diagnostic(s, db_->name()));
    out.clear();
  }
  return out;
}

journal_check ledger::verify(std::vector<diagnostic>* diagnostics) {
  // One snapshot: the head and the records must be read together.
  journal_check c;
  if (auto s = db_->begin_read(); !s.ok()) {
    diagnostics->push_back(sql_diagnostic(s, db_->name()));
    return c;
  }
  std::vector<journal_record> records;
  detail::journal_head head;
  std::vector<sql_row> rows;
  auto s = detail::read_journal(*db_, &records);
  if (s.ok()) s = db_->exec("SELECT seq, sha256 FROM journal_head WHERE id = 1", {}, &rows);
  db_->rollback();
  if (!s.ok() || rows.size() != 1) {
    diagnostics->push_back(sql_diagnostic(
        s.ok() ? sql_status{detail::sql_error_kind::other, "no journal head"} : s, db_->name()));
    return c;
  }
  head.seq = static_cast<std::uint64_t>(rows[0].integer(0));
  head.sha256 = rows[0].text(1);
  return detail::check_journal(records, head);
}

}  // namespace exportctl
