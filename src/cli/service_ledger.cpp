// service_ledger.cpp: the ledger endpoints of `exportctl serve` (docs/service.md, "Ledger"):
// release, commit, cancel and resolve, and reading orders, their journal, serials and holds.
// Each 200 body is the bytes the CLI prints for the same question (`exportctl release --format
// json`, `ledger show|serial --format json`, one journal record per array element), so a client
// can move between the two. Every handler does database work, so none runs on the network
// threads, and each uses this thread's ledger connection acting for the request's principal:
// the token's name, not the client's say-so, goes into the journal.
//
// The ledger's outcomes are told apart by diagnostic code (docs/diagnostics.md), never by
// message text: EXC-E9107 unknown order (404), EXC-E9108 wrong state (409), EXC-E9110 no
// reason (422), EXC-E9101..EXC-E9106 the database itself (503).
#include <iostream>

#include "cli/service.hpp"
#include "doc/json.hpp"
#include "doc/json_writer.hpp"
#include "exportctl/io.hpp"

namespace exportctl::cli::service {
namespace {

constexpr const char* request_file = "<request>";

/// The router has refused cross-site and cookie-only writes (CSRF) already; bodies a browser
/// form can post without a preflight are refused here.
std::optional<response> refuse_write(const request& req, std::string_view media_hint) {
  if (refused_media(req.content_type)) return error(415, "", media_hint);
  return std::nullopt;
}

/// The length of the UTF-8 sequence a byte leads (RFC 3629) and the range of its second byte;
/// n == 0 for a byte that cannot lead.
struct utf8_lead {
  std::size_t n;
  unsigned char lo, hi;
};
utf8_lead lead_of(unsigned char c) {
  if (c >= 0xc2 && c <= 0xdf) return {1, 0x80, 0xbf};
  if (c == 0xe0) return {2, 0xa0, 0xbf};  // no overlong forms
  if (c == 0xed) return {2, 0x80, 0x9f};  // no UTF-16 surrogates
  if (c >= 0xe1 && c <= 0xef) return {2, 0x80, 0xbf};
  if (c == 0xf0) return {3, 0x90, 0xbf};
  if (c >= 0xf1 && c <= 0xf3) return {3, 0x80, 0xbf};
  if (c == 0xf4) return {3, 0x80, 0x8f};  // nothing past U+10FFFF
  return {0, 0, 0};
}

/// Order ids and serials come from the path or the query. One that is not UTF-8, or holds a
/// control character, cannot name a stored order (shipments are UTF-8 text), and would reach
/// the database as bytes PostgreSQL refuses or a C string cuts at a NUL: refused as 400.
bool plain_text(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    const utf8_lead lead = lead_of(c);
    if (lead.n == 0 || i + lead.n >= s.size()) return false;
    for (std::size_t k = 1; k <= lead.n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lead.lo : 0x80) || b > (k == 1 ? lead.hi : 0xbf)) return false;
    }
    i += lead.n + 1;
  }
  return !s.empty();
}

response bad_id(std::string_view what) {
  const std::string m = std::string(what) + " is empty, not UTF-8 or holds a control character";
  return error(400, "bad_request", m, {request_diag("EXC-E9303", m)});
}

// The ledger's own diagnostics name the database (their file is its URL) and carry the
// backend's text, which can name a path of the server: the client gets the code and a fixed
// message, the operator's log the whole diagnostic. Diagnostics of the request's input
// (`<request>`) are the client's own and pass unchanged.
const char* database_message(std::string_view code) {
  if (code == "EXC-E9101") return "cannot open the ledger database";
  if (code == "EXC-E9102") return "the ledger database is not a ledger, or is damaged";
  if (code == "EXC-E9103") return "the ledger database is not initialized";
  if (code == "EXC-E9104") return "the ledger's schema version is not this exportctl's";
  if (code == "EXC-E9105") return "the ledger database is locked by another writer";
  if (code == "EXC-E9106") return "ledger database error";
  return nullptr;
}

bool is_database_error(const diagnostic& d) {
  return d.file != request_file && database_message(d.code) != nullptr;
}

std::vector<diagnostic> client_diagnostics(std::vector<diagnostic> ds) {
  for (auto& d : ds) {
    if (d.file == request_file) continue;
    if (const char* m = database_message(d.code)) {
      std::cerr << "exportctl serve: ledger: " + exportctl::format(d) + "\n";
      d.message = m;
      d.help.clear();
    }
    d.file.clear();
    d.line = d.column = 0;
  }
  return ds;
}

bool has_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const auto& d : ds)
    if (d.code == code && d.file != request_file) return true;
  return false;
}

/// 503: no --db, or the database failed. Only a busy database (EXC-E9105: another writer past
/// the busy timeout, the transaction rolled back) leaves the connection sound; after any other
/// failure it may be broken, so it is dropped and the thread's next request opens a new one.
response ledger_unavailable(state& st, const std::vector<diagnostic>& ds) {
  bool keep = true;
  for (const auto& d : ds)
    if (is_database_error(d) && d.code != "EXC-E9105") keep = false;
  if (!keep) st.drop_thread_ledger();
  // A retry is safe: releases replay by order id, commit and cancel are idempotent.
  return error(503, "ledger_unavailable", "the ledger cannot answer now; retry",
               client_diagnostics(ds));
}

/// The answer to a ledger call that failed, by the codes of its diagnostics.
response ledger_refusal(state& st, const std::vector<diagnostic>& ds) {
  for (const auto& d : ds)
    if (is_database_error(d)) return ledger_unavailable(st, ds);
  if (has_code(ds, "EXC-E9107"))
    return error(404, "not_found", "no such order in the ledger", client_diagnostics(ds));
  if (has_code(ds, "EXC-E9108"))
    return error(409, "conflict", "the order's state does not allow this", client_diagnostics(ds));
  if (has_code(ds, "EXC-E9110"))
    return error(422, "", "a review needs a reason", client_diagnostics(ds));
  if (has_code(ds, "EXC-E9112"))
    return error(422, "", "the hold does not ask for a supplied fact", client_diagnostics(ds));
  // A code this file does not map is a bug here, not the client's: the log has it.
  for (const auto& d : ds) std::cerr << "exportctl serve: ledger: " + exportctl::format(d) + "\n";
  return error(500, "internal", "internal error (the server's log has the detail)");
}

/// This thread's ledger for the request's principal, or the 503 to answer.
ledger* ledger_for(state& st, const request& req, std::optional<response>& fail) {
  std::vector<diagnostic> diags;
  ledger* l = st.thread_ledger(req.who, diags);
  if (!l)
    fail = error(503, "ledger_unavailable", "this service has no usable ledger",
                 client_diagnostics(std::move(diags)));
  return l;
}

response release(state& st, const request& req, const std::vector<std::string>&) {
  if (auto refused = refuse_write(req, "send the shipment as application/json or application/yaml"))
    return *refused;
  bool bad = false;
  auto as_of = as_of_param(req, bad);
  if (bad) return bad_as_of();
  // Without order_id, the ledger's default: the shipment's order_id, else its id (as the CLI).
  const std::string* order_id = req.param("order_id");
  if (order_id && (order_id->empty() || !plain_text(*order_id))) return bad_id("order_id");
  const auto eng = st.engine();  // this request's packs, whatever a reload does meanwhile
  auto parsed = parse_shipment(req.body, request_file, eng->limits());
  if (!parsed.value) return error(422, "", "the shipment is not valid", parsed.diagnostics);
  std::optional<response> fail;
  ledger* l = ledger_for(st, req, fail);
  if (!l) return *fail;
  auto r = l->release(*eng, *parsed.value, order_id ? *order_id : std::string(), {as_of});
  if (!r.value || !r.release) {
    for (const auto& d : r.diagnostics)
      if (is_database_error(d)) return ledger_unavailable(st, r.diagnostics);
    return error(422, "", "the shipment cannot be decided", client_diagnostics(r.diagnostics));
  }
  // A replay returns the stored result: no decision was made, so none is counted.
  if (!r.release->replayed) st.stats().decision(to_string(r.release->state));
  return json_ok(to_json(*r.value, *r.release) + "\n");
}

response settle(state& st, const request& req, const std::string& order_id, bool commit) {
  if (auto refused = refuse_write(req, "commit and cancel take no body")) return *refused;
  if (!plain_text(order_id)) return bad_id("the order id");
  std::optional<response> fail;
  ledger* l = ledger_for(st, req, fail);
  if (!l) return *fail;
  // Repeating either succeeds and changes nothing (ledger.hpp), so a retried call is safe.
  auto s = commit ? l->commit(order_id) : l->cancel(order_id);
  if (!s.ok()) return ledger_refusal(st, s.diagnostics);
  std::string out = "{\"order_id\":";
  detail::append_json_string(out, order_id);
  out += commit ? ",\"state\":\"committed\"}\n" : ",\"state\":\"cancelled\"}\n";
  return json_ok(std::move(out));
}

response commit(state& st, const request& req, const std::vector<std::string>& c) {
  return settle(st, req, c.at(0), true);
}
response cancel(state& st, const request& req, const std::vector<std::string>& c) {
  return settle(st, req, c.at(0), false);
}

/// `clears` or `supplies` as `ledger resolve --facts` reads them: the array is written back as
/// `{"clear": [...]}` or `{"supply": [...]}` (JSON is YAML) and read by parse_review_facts,
/// strictly. Its positions are in that text, not in the request's body, so they are dropped;
/// the path (`clears[0].entry`, `supplies[1].value`) locates the problem.
review_facts_result parse_review_member(std::string_view key, const detail::ojson& items) {
  const std::string file_key = key == "clears" ? "clear" : "supply";
  auto r = parse_review_facts("{\"" + file_key + "\":" + items.dump() + "}", request_file);
  for (auto& d : r.diagnostics) {
    d.line = d.column = 0;
    if (d.path.rfind(file_key, 0) == 0) d.path.replace(0, file_key.size(), key);
  }
  return r;
}

response resolve(state& st, const request& req, const std::vector<std::string>& c) {
  const std::string& order_id = c.at(0);
  const char* shape =
      "the body is {\"reason\": \"...\", \"clears\": [{\"source\": \"...\", \"entry\": \"...\", "
      "\"name\": \"...\", \"country\": \"..\"}], \"supplies\": [{\"item\": 1, \"fact\": "
      "\"die_area_mm2\", \"value\": 814}]} (clears and supplies optional)";
  if (auto refused = refuse_write(req, "send the review as application/json")) return *refused;
  if (!plain_text(order_id)) return bad_id("the order id");
  auto body = detail::ojson::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return error(422, "", shape, {request_diag("EXC-E9303", shape)});
  std::string reason;
  std::vector<reviewed_clearance> clears;
  std::vector<supplied_fact> supplies;
  for (const auto& [k, v] : body.items()) {
    if (k == "reason" && v.is_string()) {
      reason = v.get<std::string>();
    } else if ((k == "clears" || k == "supplies") && v.is_array()) {
      if (v.empty()) continue;  // nothing cleared or supplied: the review records who and why
      auto parsed = parse_review_member(k, v);
      if (has_errors(parsed.diagnostics))
        return error(422, "", "the " + k + " are not valid", parsed.diagnostics);
      if (k == "clears") clears = std::move(parsed.value);
      if (k == "supplies") supplies = std::move(parsed.supplies);
    } else {
      return error(
          422, "", shape,
          {request_diag("EXC-E9303", "member `" + k + "` is unknown or of the wrong type", k)});
    }
  }
  // A reason of blanks explains nothing; the journal keeps it forever (docs/ledger.md).
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return error(422, "", "a review needs a reason",
                 {request_diag("EXC-E9110", "`reason` is missing or empty", "reason")});
  std::optional<response> fail;
  ledger* l = ledger_for(st, req, fail);
  if (!l) return *fail;
  // The reviewer is the authenticated principal: a client cannot review in another's name.
  auto s = l->resolve(order_id, req.who.name, reason, clears, supplies);
  if (!s.ok()) return ledger_refusal(st, s.diagnostics);
  std::string out = "{\"order_id\":";
  detail::append_json_string(out, order_id);
  out += ",\"resolved\":true,\"reviewer\":";
  detail::append_json_string(out, req.who.name);
  out += "}\n";
  return json_ok(std::move(out));
}

response show_order(state& st, const request& req, const std::vector<std::string>& c) {
  const std::string& order_id = c.at(0);
  if (!plain_text(order_id)) return bad_id("the order id");
  std::optional<response> fail;
  ledger* l = ledger_for(st, req, fail);
  if (!l) return *fail;
  std::vector<diagnostic> diags;
  auto o = l->order(order_id, &diags);
  if (!o) return ledger_refusal(st, diags);
  return json_ok(to_json(*o) + "\n");
}

response order_journal(state& st, const request& req, const std::vector<std::string>& c) {
  const std::string& order_id = c.at(0);
  if (!plain_text(order_id)) return bad_id("the order id");
  std::optional<response> fail;
  ledger* l = ledger_for(st, req, fail);
  if (!l) return *fail;
  std::vector<diagnostic> diags;
  const auto records = l->journal(order_id, &diags);  // oldest first (by seq)
  if (has_errors(diags)) return ledger_refusal(st, diags);
  std::string out = "{\"order_id\":";
  detail::append_json_string(out, order_id);
  out += ",\"journal\":[";
  bool any = false;
  for (const auto& r : records) {
    if (any) out += ',';
    out += to_json(r);
    any = true;
  }
  // Every order has its release record, so none means no such order (404, as GET /v1/orders).
  if (!any && !l->order(order_id, &diags)) return ledger_refusal(st, diags);
  out += "]}\n";
  return json_ok(std::move(out));
}

response serial_history(state& st, const request& req, const std::vector<std::string>& c) {
  const std::string& sn = c.at(0);
  if (!plain_text(sn)) return bad_id("the serial number");
  std::optional<response> fail;
  ledger* l = ledger_for(st, req, fail);
  if (!l) return *fail;
  std::vector<diagnostic> diags;
  // A serial never released is an empty array, as `ledger serial` prints: not a 404.
  auto uses = l->serial(sn, &diags);
  if (has_errors(diags)) return ledger_refusal(st, diags);
  return json_ok(to_json(uses) + "\n");
}

response holds(state& st, const request& req, const std::vector<std::string>&) {
  std::optional<response> fail;
  ledger* l = ledger_for(st, req, fail);
  if (!l) return *fail;
  std::vector<diagnostic> diags;
  const auto held = l->holds(&diags);
  if (has_errors(diags)) return ledger_refusal(st, diags);
  std::string out = "{\"holds\":[";
  for (std::size_t i = 0; i < held.size(); ++i) {
    if (i > 0) out += ',';
    out += to_json(held[i]);
  }
  out += "]}\n";
  return json_ok(std::move(out));
}

}  // namespace

void add_ledger_routes(std::vector<route>& routes) {
  // Writes need the scope of their role: release, commit and cancel are the shipper's
  // (release), resolve the reviewer's (review). Reading orders, their journal and the holds
  // serves both; serial history is the shipper's. None is inline_ok: each waits on the
  // database (an fsync, a lock), which must not stall the network threads.
  constexpr unsigned readers = scope_release | scope_review;
  routes.push_back({"POST", "/v1/release", scope_release, release, "", false});
  routes.push_back(
      {"POST", "/v1/orders/{}/commit", scope_release, commit, "/v1/orders/{id}/commit", false});
  routes.push_back(
      {"POST", "/v1/orders/{}/cancel", scope_release, cancel, "/v1/orders/{id}/cancel", false});
  routes.push_back(
      {"POST", "/v1/orders/{}/resolve", scope_review, resolve, "/v1/orders/{id}/resolve", false});
  routes.push_back({"GET", "/v1/orders/{}", readers, show_order, "/v1/orders/{id}", false});
  routes.push_back(
      {"GET", "/v1/orders/{}/journal", readers, order_journal, "/v1/orders/{id}/journal", false});
  routes.push_back(
      {"GET", "/v1/serials/{}", scope_release, serial_history, "/v1/serials/{sn}", false});
  routes.push_back({"GET", "/v1/holds", readers, holds, "", false});
}

}  // namespace exportctl::cli::service
