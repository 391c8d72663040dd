// service.hpp: what the endpoint handlers of `exportctl serve` share (docs/service.md). Nothing
// here knows HTTP framing: cli/http_server.cpp (Boost.Beast) reads each request, enforces the
// limits, authenticates it (cli/service_auth.cpp) and hands it to the router
// (cli/service_router.cpp), which finds the route, checks its scope and calls its handler.
// Handlers are plain functions from a request to a response, so they are tested without a
// socket and never see a connection.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/common.hpp"
#include "exportctl/diagnostic.hpp"
#include "exportctl/engine.hpp"
#include "exportctl/ledger.hpp"
#include "exportctl/reloadable.hpp"

namespace exportctl::cli::service {

/// What a token may do (docs/service.md, "Authentication"). A route needs one scope, or none
/// (health, readiness, metrics and the page's static parts).
enum scope : unsigned {
  scope_none = 0,
  scope_check = 1,    ///< check, batch, screen
  scope_release = 2,  ///< release, commit, cancel, and reading orders, serials and holds
  scope_review = 4,   ///< resolve holds (and read what a reviewer needs to)
  scope_admin = 8,    ///< reload
};
/// The scope named `name` (check, release, review, admin), or nullopt.
[[nodiscard]] std::optional<scope> parse_scope(std::string_view name);

/// Who sent a request: the name of the token it presented, or "anonymous" with every scope when
/// the service runs without --tokens (it then listens on loopback only).
struct principal {
  std::string name;
  unsigned scopes = 0;
};

/// The tokens of --tokens FILE (docs/service.md, "Authentication"): a YAML list of
/// `{name, sha256, scopes}`. Only SHA-256 hashes are stored, so the file grants nothing if read.
class token_table {
 public:
  /// Reads and checks the file strictly (unknown keys, bad hex, unknown scopes, duplicate names
  /// or hashes are errors with file:line:column); nullopt on any error.
  [[nodiscard]] static std::optional<token_table> load(const std::string& file,
                                                       std::vector<diagnostic>& diags);
  /// The principal a presented token stands for, or nullopt. Compares the token's hash with
  /// every entry in constant time, so the time taken tells nothing of which bytes matched.
  [[nodiscard]] std::optional<principal> find(std::string_view token) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  struct entry {
    principal who;
    std::string sha256;  ///< 64 lowercase hex digits
  };
  std::vector<entry> entries_;
};
/// The token a request presents: `Authorization: Bearer TOKEN`, else the cookie
/// `exportctl_token` (the review page); empty when none.
[[nodiscard]] std::string presented_token(std::string_view authorization, std::string_view cookie);

struct request {
  std::string method;  ///< GET, POST, ...
  std::string path;    ///< the target's path, percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  ///< decoded parameters, in order
  std::string body;
  std::string content_type;
  std::string cookie;  ///< the Cookie header, as sent (the review page's session)
  /// True when the token came in the Authorization header (not a cookie): a cookie-borne
  /// request to a state-changing endpoint must also carry `X-Exportctl-Page: 1` (CSRF).
  bool bearer = false;
  bool page_header = false;  ///< `X-Exportctl-Page: 1` was sent
  /// A browser said the request comes from another site (`Sec-Fetch-Site: cross-site`, or an
  /// `Origin` other than the `Host`): it may change nothing (CSRF, also when
  /// the service runs without tokens on loopback).
  bool cross_site = false;
  principal who;
  /// The first query parameter called `name`, or nullptr.
  [[nodiscard]] const std::string* param(std::string_view name) const;
};

/// Splits a request target into `req.path` and `req.query`, percent-decoding both (`+` is a
/// space in the query). False when the target is not origin-form (`/...`) or holds a bad
/// escape or a NUL: the server answers 400.
[[nodiscard]] bool parse_target(std::string_view target, request& req);

struct response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers
};

/// True for the media types an HTML form posts without a CORS preflight (urlencoded, multipart,
/// text/plain): never a shipment or a JSON body, so refused (415) before parsing, which also
/// keeps another site's form from reaching a handler (CSRF).
[[nodiscard]] bool refused_media(std::string_view content_type);

/// The one error body of the service: `{"error":{"status":S,"code":C,"message":M},
/// "diagnostics":[...]}` and a newline. Messages name no server path and carry no stack trace
/// (diagnostics name the request's input as `<request>`).
[[nodiscard]] response error(unsigned status, std::string_view code, std::string_view message,
                             const std::vector<diagnostic>& diagnostics = {});
/// The last part of a path: readiness and metrics name list files, never where the server
/// keeps them.
[[nodiscard]] std::string_view base_name(std::string_view path);
/// A 200 with a JSON body.
[[nodiscard]] response json_ok(std::string body);
/// A diagnostic about the request itself (its file is `<request>`), at `path` when given.
[[nodiscard]] diagnostic request_diag(std::string code, std::string message, std::string path = {});
/// `as_of=YYYY-MM-DD` (as the CLI's `--as-of`), or nullopt; `bad` when given and not a date.
[[nodiscard]] std::optional<date> as_of_param(const request& req, bool& bad);
/// 400 for a bad `as_of` (EXC-E9302).
[[nodiscard]] response bad_as_of();
/// Diagnostics as the JSON array of batch error records (cli/batch_records.hpp).
void append_diagnostics_json(std::string& out, const std::vector<diagnostic>& diagnostics);

/// What `exportctl serve` was started with.
struct settings {
  engine_flags engine;  ///< --rules, --lists, --reviewed, --scenario (as check reads them)
  std::string db;       ///< --db URL, empty: no ledger (the ledger endpoints answer 503)
  int busy_timeout_ms = 5000;
  unsigned threads = 2;
  std::size_t max_body_bytes = 1 << 20;      ///< non-streaming requests (413 past it)
  std::size_t max_batch_bytes = 1ull << 30;  ///< a whole /v1/batch body
  std::size_t max_line_bytes = 1 << 20;      ///< one /v1/batch line
};

/// Counters for GET /metrics (Prometheus text). Every member may be called from any thread.
class metrics {
 public:
  /// One request answered: its route pattern ("/v1/check", "/v1/orders/{id}", "other"), its
  /// status and how long it took.
  void request(std::string_view route, unsigned status, double seconds);
  /// One decision made, by outcome (no_license_required, license_exception, license_required,
  /// hold) or release state.
  void decision(std::string_view outcome);
  void reload(bool ok);
  [[nodiscard]] std::string text(const exportctl::engine& eng) const;

 private:
  mutable std::mutex m_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
  std::map<std::string, std::pair<double, std::uint64_t>> latency_;  // route -> (sum, count)
  std::map<std::string, std::vector<std::uint64_t>> buckets_;        // route -> histogram
  std::map<std::string, std::uint64_t> decisions_;
  std::uint64_t reloads_ok_ = 0, reloads_failed_ = 0;
};

/// What every handler shares: the engine in force, the ledger connections, the metrics.
class state {
 public:
  state(settings s, exportctl::engine initial);
  state(const state&) = delete;
  state& operator=(const state&) = delete;

  [[nodiscard]] const settings& config() const { return settings_; }
  /// The engine in force now: a request keeps the one it started with across a reload.
  [[nodiscard]] std::shared_ptr<const exportctl::engine> engine() const {
    return engines_.current();
  }
  /// Loads the packs and lists again from the same paths and swaps them in atomically; a failed
  /// reload keeps the old ones (its diagnostics say why).
  [[nodiscard]] engine_handle::reload_result reload();
  /// This thread's connection to the ledger, opened on first use, acting for `who` (its name
  /// goes into the journal). nullptr, with diagnostics, when there is no --db or it cannot be
  /// opened (the caller answers 503).
  [[nodiscard]] ledger* thread_ledger(const principal& who, std::vector<diagnostic>& diags);
  /// Closes this thread's connection (after a connection error: the next request reopens it).
  void drop_thread_ledger();
  [[nodiscard]] metrics& stats() { return metrics_; }
  /// False once draining began (SIGTERM): /readyz answers 503 so a load balancer stops sending.
  [[nodiscard]] bool accepting() const { return accepting_.load(); }
  void stop_accepting() { accepting_ = false; }

 private:
  settings settings_;
  engine_handle engines_;
  metrics metrics_;
  std::atomic<bool> accepting_{true};
  std::uint64_t id_;  // tells this state's thread-local ledgers from another's (tests)
};

/// A route: method, path pattern (`{}` matches one path segment, passed to the handler in
/// order), the scope it needs, and its handler. The name is the pattern with its `{}` written
/// as `{id}`, `{sn}`: the metrics label.
using handler =
    std::function<response(state&, const request&, const std::vector<std::string>& captures)>;
struct route {
  std::string method;
  std::string pattern;
  unsigned needs = scope_none;
  handler fn;
  std::string name;  ///< metrics label; the pattern when empty
  /// True for quick handlers that run on the network threads (check, screen, health); the
  /// others (database work, pages) run on the blocking pool, so an fsync never stalls a
  /// connection that only wants a decision.
  bool inline_ok = false;
};

/// GET /healthz, /readyz, /metrics, POST /v1/check, /v1/screen, /v1/admin/reload
/// (cli/service_core.cpp).
void add_core_routes(std::vector<route>& routes);
/// POST /v1/release, /v1/orders/{id}/commit|cancel|resolve, GET /v1/orders/{id},
/// /v1/serials/{sn}, /v1/holds (cli/service_ledger.cpp).
void add_ledger_routes(std::vector<route>& routes);
/// The review page: GET / and what it needs (cli/service_page.cpp).
void add_page_routes(std::vector<route>& routes);

/// Finds the route for a request and answers it: 404 (no such path), 405 (path known, method
/// not), 401 (a route that needs a scope, and no valid token), 403 (token lacks the scope); a
/// handler that throws is a 500 whose body names no detail (the detail goes to stderr).
class router {
 public:
  router();
  [[nodiscard]] response handle(state& st, request& req, bool authenticated) const;
  /// The refusal handle() would give before calling a handler (404, 405, 401, 403), or nullopt
  /// when the request may proceed. The server asks before it reads a body, so an
  /// unauthenticated client cannot make it read (or a handler parse) a large one.
  [[nodiscard]] std::optional<response> authorize(const request& req, bool authenticated) const;
  /// True for POST /v1/batch: its body is streamed through, not read whole.
  [[nodiscard]] static bool streaming(std::string_view method, std::string_view path) {
    return method == "POST" && path == "/v1/batch";
  }
  /// The route name of a path, for metrics ("other" when none matches).
  [[nodiscard]] std::string_view route_name(std::string_view method, std::string_view path) const;
  /// True when the request's route may run on a network thread (route::inline_ok).
  [[nodiscard]] bool inline_route(std::string_view method, std::string_view path) const;

 private:
  [[nodiscard]] const route* find(std::string_view method, std::string_view path,
                                  std::vector<std::string>* captures, bool* path_known) const;
  std::vector<route> routes_;
};

}  // namespace exportctl::cli::service
