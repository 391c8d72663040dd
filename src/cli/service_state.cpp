// service_state.cpp: what the service's handlers share (cli/service.hpp): the engine in force
// and its reload, one ledger connection per thread, the error body, scopes.
#include <iostream>

#include "cli/batch_records.hpp"
#include "cli/service.hpp"
#include "doc/json_writer.hpp"

namespace exportctl::cli::service {
namespace {

std::atomic<std::uint64_t> next_state_id{1};

engine_options options_of(const engine_flags& f) {
  engine_options o{f.rules, f.scenarios};
  o.require_headquarters = f.require_headquarters;
  o.list_paths = f.lists;
  o.reviewed_paths = f.reviewed;
  return o;
}

/// The HTTP reason phrase's code word of the error body (docs/service.md, "Errors").
std::string_view code_of(unsigned status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "timeout";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 422:
      return "invalid_input";
    case 431:
      return "headers_too_large";
    case 503:
      return "ledger_unavailable";
    default:
      return "internal";
  }
}

}  // namespace

bool refused_media(std::string_view ct) {
  return ct.rfind("application/x-www-form-urlencoded", 0) == 0 ||
         ct.rfind("multipart/form-data", 0) == 0 || ct.rfind("text/plain", 0) == 0;
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

response json_ok(std::string body) {
  response r;
  r.body = std::move(body);
  return r;
}

diagnostic request_diag(std::string code, std::string message, std::string path) {
  diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.file = "<request>";
  d.path = std::move(path);
  return d;
}

std::optional<date> as_of_param(const request& req, bool& bad) {
  bad = false;
  const std::string* v = req.param("as_of");
  if (!v) return std::nullopt;
  auto d = date::parse(*v);
  bad = !d;
  return d;
}

response bad_as_of() {
  return error(400, "bad_request", "as_of is not a date (YYYY-MM-DD)",
               {request_diag("EXC-E9302", "query parameter as_of is not a date (YYYY-MM-DD)")});
}

std::optional<scope> parse_scope(std::string_view name) {
  if (name == "check") return scope_check;
  if (name == "release") return scope_release;
  if (name == "review") return scope_review;
  if (name == "admin") return scope_admin;
  return std::nullopt;
}

const std::string* request::param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return &v;
  return nullptr;
}

void append_diagnostics_json(std::string& out, const std::vector<diagnostic>& diagnostics) {
  detail::json_writer w(out, false);
  write_diagnostics(w, diagnostics);  // the shape of batch records' diagnostics
}

response error(unsigned status, std::string_view code, std::string_view message,
               const std::vector<diagnostic>& diagnostics) {
  response r;
  r.status = status;
  {
    detail::json_writer w(r.body, false);
    w.begin_object();
    w.key("error");
    w.begin_object();
    w.key("status");
    w.integer(status);
    w.key("code");
    w.string(code.empty() ? code_of(status) : code);
    w.key("message");
    w.string(message);
    w.end_object();
  }  // the outer object stays open: the writer keeps what it wrote
  r.body += ",\"diagnostics\":";
  append_diagnostics_json(r.body, diagnostics);
  r.body += "}\n";
  return r;
}

state::state(settings s, exportctl::engine initial)
    : settings_(std::move(s)), engines_(std::move(initial)), id_(next_state_id++) {}

engine_handle::reload_result state::reload() {
  auto r = engines_.reload(options_of(settings_.engine));
  metrics_.reload(r.reloaded);
  return r;
}

namespace {
struct thread_ledgers {
  std::map<std::uint64_t, std::unique_ptr<ledger>> open;
};
thread_local thread_ledgers ledgers_here;
}  // namespace

ledger* state::thread_ledger(const principal& who, std::vector<diagnostic>& diags) {
  if (settings_.db.empty()) {
    diagnostic d;
    d.code = "EXC-E9301";
    d.message = "this service runs without a ledger (start it with --db URL)";
    d.file = "<request>";
    diags.push_back(std::move(d));
    return nullptr;
  }
  auto& slot = ledgers_here.open[id_];
  if (!slot) {
    ledger_options o;
    o.busy_timeout_ms = settings_.busy_timeout_ms;
    slot = ledger::open(settings_.db, o, &diags);
    if (!slot) return nullptr;
  }
  slot->set_principal(who.name);
  return slot.get();
}

void state::drop_thread_ledger() { ledgers_here.open.erase(id_); }

}  // namespace exportctl::cli::service
