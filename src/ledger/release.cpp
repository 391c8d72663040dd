// release.cpp: `exportctl release` (ledger::release). The engine decides; the ledger then, in
// one write transaction with its journal record, either reserves on licences that cover every
// item that needs one (all or none), or records why the order is blocked or held. The decision
// itself is never changed: the release is a block beside it.
#include <algorithm>

#include "doc/json_writer.hpp"
#include "exportctl/io.hpp"
#include "exportctl/ledger.hpp"
#include "exportctl/receipt.hpp"
#include "ledger/compute.hpp"
#include "ledger/journal.hpp"
#include "ledger/ledger_diag.hpp"
#include "ledger/license_store.hpp"
#include "ledger/release_json.hpp"
#include "ledger/reviews.hpp"
#include "ledger/serials.hpp"
#include "ledger/transaction.hpp"

namespace exportctl {

using detail::sql_row;
using detail::sql_status;
using detail::sql_value;

namespace {

std::string fmt_units(std::int64_t n) { return std::to_string(n) + (n == 1 ? " unit" : " units"); }

std::string fmt_tpp(double v) {
  std::string s;
  detail::append_json_number(s, v);
  return s;
}

// Chooses a licence for each item that needs one. Licences are tried in the order they expire
// (then by number), so the one that would lapse first is used first; one licence covers an
// item's whole quantity (an item line is not split across licences). Quantities are taken from
// `licenses` as they are chosen, so two items never count the same units.
void allocate(const decision& d, const shipment& s, std::vector<license_state>& licenses,
              release_block& b) {
  bool any = false;
  for (const auto& it : d.items) {
    if (it.decision != outcome::license_required) continue;
    any = true;
    const std::int64_t units = it.quantity;
    const std::optional<double> tpp =
        it.tpp ? std::optional<double>(*it.tpp * static_cast<double>(units)) : std::nullopt;
    std::vector<std::string> reasons;
    bool taken = false;
    for (auto& l : licenses) {
      const auto cov = covers(l.terms, d, s, it.line);
      if (!cov.covers) {
        reasons.push_back(cov.reason);
        continue;
      }
      if (l.remaining < units) {
        reasons.push_back("licence " + l.terms.number + " has " + fmt_units(l.remaining) +
                          " left, " + fmt_units(units) + " needed");
        continue;
      }
      if (l.remaining_tpp) {
        if (!tpp) {
          reasons.push_back("licence " + l.terms.number +
                            " is authorized in TPP and the item's TPP is not known");
          continue;
        }
        if (*l.remaining_tpp < *tpp) {
          reasons.push_back("licence " + l.terms.number + " has TPP " + fmt_tpp(*l.remaining_tpp) +
                            " left, " + fmt_tpp(*tpp) + " needed");
          continue;
        }
        *l.remaining_tpp -= *tpp;
      }
      l.remaining -= units;
      b.licenses.push_back({l.terms.number, it.line, units, l.remaining_tpp ? tpp : std::nullopt,
                            l.remaining, l.remaining_tpp});
      taken = true;
      break;
    }
    if (!taken) {
      std::string why = licenses.empty() ? "no licence in the ledger" : "no licence covers it";
      for (std::size_t i = 0; i < reasons.size(); ++i) why += (i == 0 ? ": " : "; ") + reasons[i];
      b.blocked.push_back({it.line, why});
    }
  }
  // Fail closed: a licence is required but no line says which (it cannot be matched to a
  // licence item by item).
  if (!any)
    b.blocked.push_back({0, "a licence is required but no item line is marked as needing one"});
}

std::string release_body(const std::string& order_id, const release_block& b,
                         const std::string& receipt) {
  std::string body = "{\"order_id\":";
  detail::append_json_string(body, order_id);
  body += ",\"release\":";
  body += detail::release_block_json(b);
  body += ",\"receipt\":";
  body += receipt;
  body += '}';
  return body;
}

}  // namespace

release_result ledger::release(const engine& eng, const shipment& s, const std::string& order_id_in,
                               const check_options& options) {
  release_result r;
  // Decided once outside the transaction: a bad shipment never takes the write lock. It is
  // decided again inside it with what the ledger knows (the facts are read under the lock, so
  // two releases of one serial, or to one end user, see each other).
  auto checked = eng.check(s, options);
  r.diagnostics = std::move(checked.diagnostics);
  if (!checked.value) return r;
  decision d = std::move(*checked.value);
  const std::string order_id = !order_id_in.empty()  ? order_id_in
                               : !s.order_id.empty() ? s.order_id
                                                     : s.id;
  const auto serials = detail::shipment_serials(s);
  const int year = d.as_of.year();  // compute accounting counts the decision's calendar year
  ledger_facts facts;
  std::string decision_json = to_json(d);
  std::string receipt;
  release_block block;
  auto& db = *db_;
  auto tx = detail::run_write_transaction(db, [&](bool& abandon) -> sql_status {
    block = {};
    block.order_id = order_id;
    detail::journal_head head;
    if (auto st = detail::lock_journal_head(db, &head); !st.ok()) return st;
    std::vector<sql_row> rows;
    const sql_value key[] = {order_id};
    if (auto st = db.exec("SELECT state, release_block FROM orders WHERE order_id = ?", key, &rows);
        !st.ok())
      return st;
    const bool exists = !rows.empty();
    if (exists && (rows[0].text(0) == "released" || rows[0].text(0) == "committed")) {
      // Idempotent by order id: the stored result, nothing reserved again.
      if (!detail::parse_release_block(rows[0].text(1), &block))
        return {detail::sql_error_kind::other, "order `" + order_id + "` has a damaged release"};
      block.replayed = true;
      abandon = true;
      return {};
    }
    // What the ledger knows about this shipment: earlier releases of its serials, this year's
    // released and committed TPP to its end users, and reviews of this order's holds. The shipment
    // is decided again with them.
    if (auto st = detail::load_serial_facts(db, serials, order_id, &facts); !st.ok()) return st;
    if (auto st = detail::load_compute_facts(db, s, year, order_id, &facts); !st.ok()) return st;
    if (auto st = detail::load_reviews(db, order_id, &facts); !st.ok()) return st;
    check_options with = options;
    with.facts = &facts;
    auto again = eng.check(s, with);
    if (!again.value) return {detail::sql_error_kind::other, "the shipment was not decided again"};
    d = std::move(*again.value);
    decision_json = to_json(d);
    receipt = make_receipt(s, d, decision_json, &facts);
    std::vector<license_state> licenses;
    if (d.result == outcome::hold) {
      block.state = release_state::held;
    } else if (d.result == outcome::license_required) {
      if (auto st = detail::load_licenses(db, true, &licenses); !st.ok()) return st;
      allocate(d, s, licenses, block);
      block.state = block.blocked.empty() ? release_state::released : release_state::blocked;
      if (!block.blocked.empty()) block.licenses.clear();  // all or none
    } else {
      block.state = release_state::released;
    }
    block.journal_seq = head.seq + 1;
    const std::string block_json = detail::release_block_json(block);
    const sql_value o[] = {s.id,
                           std::string(to_string(block.state)),
                           std::string(to_string(d.result)),
                           d.as_of.to_string(),
                           decision_json,
                           block_json,
                           static_cast<std::int64_t>(block.journal_seq),
                           order_id};
    auto st = exists ? db.exec(
                           "UPDATE orders SET shipment = ?, state = ?, outcome = ?, "
                           "decided_on = ?, decision = ?, release_block = ?, journal_seq = ? "
                           "WHERE order_id = ?",
                           o, nullptr)
                     : db.exec(
                           "INSERT INTO orders (shipment, state, outcome, decided_on, "
                           "decision, release_block, journal_seq, order_id) VALUES (?, ?, ?, "
                           "?, ?, ?, ?, ?)",
                           o, nullptr);
    if (!st.ok()) return st;
    // A re-release (after a cancel, a block or a hold) starts from no reservations: a cancel
    // returned them, and a blocked or held order never had any.
    if (st = db.exec("DELETE FROM reservations WHERE order_id = ?", key, nullptr); !st.ok())
      return st;
    for (const auto& u : block.licenses) {
      const double tpp = u.tpp.value_or(0.0);
      const sql_value p[] = {u.units, tpp, u.number};
      st = db.exec(
          "UPDATE licenses SET reserved = reserved + ?, reserved_tpp = reserved_tpp + ? WHERE "
          "number = ?",
          p, nullptr);
      if (!st.ok()) return st;
      const sql_value q[] = {order_id, u.number, static_cast<std::int64_t>(u.item), u.units,
                             u.tpp ? sql_value{*u.tpp} : sql_value{}};
      st = db.exec(
          "INSERT INTO reservations (order_id, number, item, units, tpp) VALUES (?, ?, ?, ?, ?)", q,
          nullptr);
      if (!st.ok()) return st;
    }
    // A released order's serials are remembered; a blocked or held one's are not (it did not
    // ship), and an earlier release of this order left none (a cancel removed them).
    const bool released = block.state == release_state::released;
    st = released ? detail::record_serials(db, order_id, s, d, serials)
                  : detail::forget_serials(db, order_id);
    if (!st.ok()) return st;
    st = released ? detail::record_compute(db, order_id, s, d)
                  : detail::forget_compute(db, order_id);
    if (!st.ok()) return st;
    return detail::append_journal(db, head, "release", order_id, options_.principal,
                                  release_body(order_id, block, receipt));
  });
  if (!tx.status.ok()) {
    r.diagnostics.push_back(detail::sql_diagnostic(tx.status, db.name()));
    return r;
  }
  r.value = d;
  r.release = std::move(block);
  return r;
}

}  // namespace exportctl
