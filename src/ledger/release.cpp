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
#include "ledger/deferred_writes.hpp"
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

// One order of a release transaction, decided and then written by release_step().
struct pending_release {
  const shipment* s = nullptr;
  check_options options;
  std::string order_id;
  decision d;
  std::vector<std::string> serials;
  int year = 0;  // compute accounting counts the decision's calendar year
  ledger_facts facts;
  std::string decision_json;
  std::string receipt;
  release_block block;
};

// Decides one shipment outside any transaction (a bad shipment never takes the write lock).
bool prepare(const engine& eng, const shipment& s, const std::string& order_id_in,
             const check_options& options, pending_release& p, std::vector<diagnostic>& diags) {
  auto checked = eng.check(s, options);
  diags = std::move(checked.diagnostics);
  if (!checked.value) return false;
  p.s = &s;
  p.options = options;
  p.d = std::move(*checked.value);
  p.order_id = !order_id_in.empty() ? order_id_in : !s.order_id.empty() ? s.order_id : s.id;
  p.serials = detail::shipment_serials(s);
  p.year = p.d.as_of.year();
  return true;
}

// One order inside the caller's write transaction, after `head` was locked: the stored result
// of an order already released (replayed), or the decision made again with what the ledger
// knows (the facts are read under the lock, so two releases of one serial, or to one end
// user, see each other), the reservations, the facts recorded and the journal record.
sql_status release_step(detail::sql_connection& db, detail::journal_head& head, const engine& eng,
                        const std::string& principal, pending_release& p) {
  p.block = {};
  p.block.order_id = p.order_id;
  std::vector<sql_row> rows;
  const sql_value key[] = {p.order_id};
  if (auto st = db.exec("SELECT state, release_block, decision FROM orders WHERE order_id = ?", key,
                        &rows);
      !st.ok())
    return st;
  const bool exists = !rows.empty();
  if (exists && (rows[0].text(0) == "released" || rows[0].text(0) == "committed")) {
    // Idempotent by order id: the stored result, nothing reserved again. The decision is the
    // one recorded with it (made with the ledger's facts then), not the one prepare() made
    // without them: a replay answers what was released.
    std::string why;
    auto stored = decision_from_json(rows[0].text(2), &why);
    if (!detail::parse_release_block(rows[0].text(1), &p.block) || !stored)
      return {detail::sql_error_kind::other, "order `" + p.order_id + "` has a damaged release"};
    p.d = std::move(*stored);
    p.block.replayed = true;
    return {};
  }
  // What the ledger knows about this shipment: earlier releases of its serials, this
  // year's released and committed TPP to its end users, and reviews of this order's
  // holds. The shipment is decided again with them.
  if (auto st = detail::load_serial_facts(db, p.serials, p.order_id, &p.facts); !st.ok()) return st;
  if (auto st = detail::load_compute_facts(db, (*p.s), p.year, p.order_id, &p.facts); !st.ok())
    return st;
  if (auto st = detail::load_licensed_facts(db, (*p.s), &p.facts); !st.ok()) return st;
  // Reviews, reservations, serials and compute rows all reference the order's row: an order
  // never released before has none, so none is read or removed (a fifth of a release's
  // statements, each a round trip on PostgreSQL).
  p.facts.reviews.clear();
  if (exists) {
    if (auto st = detail::load_reviews(db, p.order_id, &p.facts); !st.ok()) return st;
  }
  check_options with = p.options;
  with.facts = &p.facts;
  auto again = eng.check((*p.s), with);
  if (!again.value) return {detail::sql_error_kind::other, "the shipment was not decided again"};
  p.d = std::move(*again.value);
  p.decision_json = to_json(p.d);
  std::vector<license_state> licenses;
  if (p.d.result == outcome::hold) {
    p.block.state = release_state::held;
  } else if (p.d.result == outcome::license_required) {
    if (auto st = detail::load_licenses(db, true, &licenses); !st.ok()) return st;
    allocate(p.d, (*p.s), licenses, p.block);
    p.block.state = p.block.blocked.empty() ? release_state::released : release_state::blocked;
    if (!p.block.blocked.empty()) p.block.licenses.clear();  // all or none
  } else {
    p.block.state = release_state::released;
  }
  // The receipt records what the ledger knew and what the release did with the decision, so
  // `exportctl verify` checks both without the database.
  const release_record done{std::string(to_string(p.block.state)), p.block.licenses,
                            p.block.blocked};
  p.receipt = make_receipt((*p.s), p.d, p.decision_json, &p.facts, &done);
  p.block.journal_seq = head.seq + 1;
  const std::string block_json = detail::release_block_json(p.block);
  const sql_value o[] = {(*p.s).id,
                         std::string(to_string(p.block.state)),
                         std::string(to_string(p.d.result)),
                         p.d.as_of.to_string(),
                         p.decision_json,
                         block_json,
                         static_cast<std::int64_t>(p.block.journal_seq),
                         p.order_id};
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
  if (exists) {
    if (st = db.exec("DELETE FROM reservations WHERE order_id = ?", key, nullptr); !st.ok())
      return st;
  }
  for (const auto& u : p.block.licenses) {
    const double tpp = u.tpp.value_or(0.0);
    const sql_value add[] = {u.units, tpp, u.number};
    st = db.exec(
        "UPDATE licenses SET reserved = reserved + ?, reserved_tpp = reserved_tpp + ? WHERE "
        "number = ?",
        add, nullptr);
    if (!st.ok()) return st;
    const sql_value q[] = {p.order_id, u.number, static_cast<std::int64_t>(u.item), u.units,
                           u.tpp ? sql_value{*u.tpp} : sql_value{}};
    st = db.exec(
        "INSERT INTO reservations (order_id, number, item, units, tpp) VALUES (?, ?, ?, ?, ?)", q,
        nullptr);
    if (!st.ok()) return st;
  }
  // A released order's serials are remembered; a blocked or held one's are not (it did
  // not ship), and an earlier release of this order left none (a cancel removed them).
  const bool released = p.block.state == release_state::released;
  if (exists) {
    if (st = detail::forget_serials(db, p.order_id); !st.ok()) return st;
    if (st = detail::forget_compute(db, p.order_id); !st.ok()) return st;
  }
  if (released) {
    if (st = detail::record_serials(db, p.order_id, (*p.s), p.d, p.serials); !st.ok()) return st;
    if (st = detail::record_compute(db, p.order_id, (*p.s), p.d); !st.ok()) return st;
    if (st = detail::record_licensed(db, p.order_id, (*p.s), p.d); !st.ok()) return st;
  }
  if (st = detail::append_journal(db, head, "release", p.order_id, principal,
                                  release_body(p.order_id, p.block, p.receipt));
      !st.ok())
    return st;
  return {};
}

}  // namespace

release_result ledger::release(const engine& eng, const shipment& s, const std::string& order_id,
                               const check_options& options) {
  release_result r;
  pending_release p;
  if (!prepare(eng, s, order_id, options, p, r.diagnostics)) return r;
  // The release's writes are held back and sent with its COMMIT (one round trip on
  // PostgreSQL); every read first sends the writes before it (deferred_writes.hpp).
  detail::deferred_writes db(*db_);
  auto tx = detail::run_write_transaction(db, [&](bool& abandon) -> sql_status {
    detail::journal_head head;
    if (auto st = detail::lock_journal_head(db, &head); !st.ok()) return st;
    auto st = release_step(db, head, eng, options_.principal, p);
    abandon = st.ok() && p.block.replayed;  // nothing was written
    return st;
  });
  if (!tx.status.ok()) {
    r.diagnostics.push_back(detail::sql_diagnostic(tx.status, db.name()));
    return r;
  }
  r.value = std::move(p.d);
  r.release = std::move(p.block);
  return r;
}

std::vector<release_result> ledger::release_many(const engine& eng,
                                                 const std::vector<shipment>& shipments,
                                                 const check_options& options) {
  std::vector<release_result> out(shipments.size());
  std::vector<pending_release> pending(shipments.size());
  std::vector<std::size_t> decided;
  for (std::size_t i = 0; i < shipments.size(); ++i)
    if (prepare(eng, shipments[i], {}, options, pending[i], out[i].diagnostics))
      decided.push_back(i);
  if (decided.empty()) return out;
  detail::deferred_writes db(*db_);
  // One transaction, one journal head lock and one fsync for the group: all of it is recorded,
  // or (a database failure) none of it.
  auto tx = detail::run_write_transaction(db, [&](bool&) -> sql_status {
    detail::journal_head head;
    if (auto st = detail::lock_journal_head(db, &head); !st.ok()) return st;
    for (std::size_t i : decided)
      if (auto st = release_step(db, head, eng, options_.principal, pending[i]); !st.ok())
        return st;
    return {};
  });
  for (std::size_t i : decided) {
    if (!tx.status.ok()) {
      out[i].diagnostics.push_back(detail::sql_diagnostic(tx.status, db.name()));
      continue;
    }
    out[i].value = std::move(pending[i].d);
    out[i].release = std::move(pending[i].block);
  }
  return out;
}

}  // namespace exportctl
