// serve.cpp: `exportctl serve` — the order-release service over HTTP (docs/service.md). This
// file reads the flags, loads packs, lists and tokens, and refuses unsafe setups; the server is
// cli/http_server.cpp, the endpoints cli/service_*.cpp.
#include <sys/resource.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/http_server.hpp"
#include "cli/service.hpp"

namespace exportctl::cli {
namespace {

struct serve_flags {
  engine_flags engine;
  std::string listen = "127.0.0.1:8080";
  std::string db, tokens, tls_cert, tls_key;
  bool init_db = false;
  unsigned threads = 2;
  std::size_t max_body = 1 << 20;
  std::size_t max_batch = std::size_t{1} << 30;
  std::size_t max_line = 1 << 20;
  unsigned header_timeout = 10, idle_timeout = 60, body_timeout = 60;
};

/// `HOST:PORT` or `[V6]:PORT`; false when malformed.
bool split_listen(const std::string& s, std::string& host, unsigned short& port) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) return false;
  host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned long p = 0;
  for (char c : s.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    p = p * 10 + static_cast<unsigned long>(c - '0');
    if (p > 65535) return false;
  }
  port = static_cast<unsigned short>(p);
  return true;
}

bool loopback(const std::string& host) { return host == "::1" || host.rfind("127.", 0) == 0; }

/// A thousand idle clients need a thousand descriptors: take the hard limit.
void raise_descriptor_limit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &r);
  }
}

int run_serve(const serve_flags& f) {
  service::server_options o;
  if (!split_listen(f.listen, o.host, o.port)) {
    std::cerr << "error[EXC-E9309]: --listen `" << f.listen
              << "` is not ADDRESS:PORT (e.g. 127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080)\n";
    return 2;
  }
  if (f.tls_cert.empty() != f.tls_key.empty()) {
    std::cerr << "error[EXC-E9308]: --tls-cert and --tls-key go together\n";
    return 2;
  }
  std::optional<service::token_table> tokens;
  if (!f.tokens.empty()) {
    std::vector<diagnostic> diags;
    tokens = service::token_table::load(f.tokens, diags);
    print_diagnostics(diags);
    if (!tokens) return 2;
  } else if (!loopback(o.host)) {
    std::cerr << "error[EXC-E9310]: without --tokens the service answers anyone as `anonymous` "
                 "with every scope, so it listens on loopback only; give --tokens FILE to listen "
                 "on "
              << o.host << " (docs/service.md, \"Authentication\")\n";
    return 2;
  }
  if (f.init_db) {
    if (f.db.empty()) {
      std::cerr << "error[EXC-E9301]: --init-db needs --db URL\n";
      return 2;
    }
    auto st = ledger::init(f.db);
    print_diagnostics(st.diagnostics);
    if (!st.ok()) return 1;
  }
  auto eng = build_engine(f.engine);
  if (!eng) return 1;

  service::settings s;
  s.engine = f.engine;
  s.db = f.db;
  s.threads = std::max(1u, f.threads);
  s.max_body_bytes = f.max_body;
  s.max_batch_bytes = f.max_batch;
  s.max_line_bytes = f.max_line;
  service::state st(std::move(s), std::move(*eng));
  if (!f.db.empty()) {  // a ledger that cannot be opened is a startup error, not a later 503
    std::vector<diagnostic> diags;
    auto* l = st.thread_ledger({"startup", 0}, diags);
    print_diagnostics(diags);
    if (!l) return 1;
    st.drop_thread_ledger();
  }
  service::router routes;
  o.io_threads = std::max(1u, f.threads);
  o.pool_threads = std::max(2u, f.threads);
  o.tls_cert = f.tls_cert;
  o.tls_key = f.tls_key;
  o.header_timeout = std::chrono::seconds(f.header_timeout);
  o.idle_timeout = std::chrono::seconds(f.idle_timeout);
  o.body_timeout = std::chrono::seconds(f.body_timeout);

  // Writes to a closed peer (a socket, the batch pipe) are errors to handle, not a signal that
  // kills the service.
  std::signal(SIGPIPE, SIG_IGN);
  keep_heap_top();  // as `exportctl batch`: decisions' JSON is freed and regrown all the time
  raise_descriptor_limit();
  service::http_server server(st, routes, tokens ? &*tokens : nullptr, o);
  std::vector<diagnostic> diags;
  if (!server.listen(diags)) {
    print_diagnostics(diags);
    return 1;
  }
  if (!tokens)
    std::cerr << "exportctl serve: no --tokens: every request acts as `anonymous` with every "
                 "scope; listening on loopback only\n";
  std::cerr << "exportctl serve: packs " << st.engine()->fingerprint() << ", ledger "
            << (f.db.empty() ? "none (the ledger endpoints answer 503)" : "open") << '\n';
  // The one line on stdout: tests and scripts read the port from it.
  std::cout << "exportctl serve: listening on " << (server.tls() ? "https" : "http") << "://"
            << (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) << ':'
            << server.port() << std::endl;
  server.run();
  std::cerr << "exportctl serve: stopped\n";
  return 0;
}

}  // namespace

command add_serve(CLI::App& app) {
  auto f = std::make_shared<serve_flags>();
  auto* cmd = app.add_subcommand(
      "serve",
      "Serve decisions, screening and the ledger over HTTP, with a review page for holds at `/` "
      "(docs/service.md). Prints `exportctl serve: listening on http://HOST:PORT` on stdout "
      "once it listens; logs go to stderr. SIGTERM or SIGINT drains in-flight requests and "
      "exits 0; SIGHUP reloads packs and lists (as POST /v1/admin/reload).\n"
      "Examples:\n"
      "  exportctl serve --db sqlite:ledger.db --init-db        # loopback, no tokens\n"
      "  curl -s --data-binary @examples/so-1042-singapore-to-malaysia.yaml \\\n"
      "       -H 'Content-Type: application/yaml' localhost:8080/v1/check\n"
      "  exportctl serve --listen 0.0.0.0:8443 --tokens tokens.yaml --tls-cert c.pem "
      "--tls-key k.pem --db postgresql://exportctl@db/ledger");
  add_pack_and_list_flags(*cmd, f->engine);
  cmd->add_option("--listen", f->listen,
                  "ADDRESS:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one)");
  cmd->add_option("--db", f->db,
                  "The ledger: `sqlite:PATH` or `postgresql://...` (without it the ledger "
                  "endpoints answer 503)");
  cmd->add_flag("--init-db", f->init_db, "Create the ledger's tables first (as `ledger init`)");
  cmd->add_option("--tokens", f->tokens,
                  "YAML list of `{name, sha256, scopes}`: bearer tokens stored as SHA-256 hashes "
                  "(required to listen beyond loopback)");
  cmd->add_option("--tls-cert", f->tls_cert, "PEM certificate chain: serve HTTPS")
      ->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", f->tls_key, "PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  cmd->add_option("--threads", f->threads, "Network threads (default 2)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("--max-body", f->max_body,
                  "Largest request body in bytes, but /v1/batch's (default 1048576; 413 past it)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32));
  cmd->add_option("--max-batch", f->max_batch,
                  "Largest /v1/batch body in bytes (default 1 GiB; the connection is aborted)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40));
  cmd->add_option("--max-line", f->max_line,
                  "Longest /v1/batch line in bytes (default 1048576; it gets an error record)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64} << 20));
  cmd->add_option("--header-timeout", f->header_timeout,
                  "Seconds a request head may take to arrive (default 10; slow clients are cut)")
      ->check(CLI::Range(1u, 3600u));
  cmd->add_option("--idle-timeout", f->idle_timeout,
                  "Seconds a kept-alive connection may stay idle (default 60)")
      ->check(CLI::Range(1u, 86400u));
  cmd->add_option("--body-timeout", f->body_timeout,
                  "Seconds a body read or a response write may stall (default 60)")
      ->check(CLI::Range(1u, 86400u));
  return [f]() -> int { return run_serve(*f); };
}

}  // namespace exportctl::cli
