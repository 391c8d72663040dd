// http_server.cpp: the listener, the network threads, signals and draining of `exportctl serve`
// (cli/http_server.hpp); one connection is cli/http_session.hpp, POST /v1/batch is
// cli/http_batch.hpp. Boost.Beast from Debian's libboost-dev: an asynchronous HTTP/1.1 server
// on Asio, so a thousand idle or slow connections cost a socket and a timer each, not a thread.
#include "cli/http_server.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/http_batch.hpp"
#include "cli/http_session.hpp"
#include "cli/http_tls.hpp"

namespace exportctl::cli::service {
namespace net {

http::response<http::string_body> to_beast(response&& r, unsigned version, bool keep_alive,
                                           bool head_only) {
  http::response<http::string_body> m{static_cast<http::status>(r.status), version};
  m.set(http::field::server, "exportctl");
  m.set(http::field::content_type, r.content_type);
  m.set(http::field::cache_control, "no-store");
  m.set("X-Content-Type-Options", "nosniff");
  for (auto& [k, v] : r.headers) m.set(k, v);
  m.keep_alive(keep_alive);
  m.body() = std::move(r.body);
  m.prepare_payload();
  if (head_only) {
    const auto n = m.body().size();
    m.body().clear();
    m.content_length(n);  // HEAD: the length GET would send, and no body
  }
  return m;
}

namespace {
std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

/// The host[:port] of an Origin header (`http://host:port`), or the whole value.
std::string_view origin_host(std::string_view origin) {
  const auto p = origin.find("://");
  return p == std::string_view::npos ? origin : origin.substr(p + 3);
}
}  // namespace

bool from_beast(const http::request_parser<http::empty_body>& parser, const shared& srv,
                request& req, bool& authenticated) {
  const auto& h = parser.get();
  req.method = std::string(h.method_string());
  if (!parse_target(sv(h.target()), req)) return false;
  req.content_type = std::string(h[http::field::content_type]);
  req.cookie = std::string(h[http::field::cookie]);
  req.page_header = h["X-Exportctl-Page"] == "1";
  const auto authz = sv(h[http::field::authorization]);
  req.bearer = !authz.empty();
  const auto origin = sv(h[http::field::origin]);
  req.cross_site = h["Sec-Fetch-Site"] == "cross-site" || origin == "null" ||
                   (!origin.empty() && origin_host(origin) != sv(h[http::field::host]));
  if (!srv.tokens) {
    // No --tokens: loopback only (serve.cpp), one operator, every scope.
    req.who = {"anonymous", scope_check | scope_release | scope_review | scope_admin};
    authenticated = true;
    return true;
  }
  if (auto who = srv.tokens->find(presented_token(authz, req.cookie))) {
    req.who = std::move(*who);
    authenticated = true;
  }
  return true;
}

}  // namespace net

struct http_server::impl {
  net::shared sh;
  // One io_context per network thread, each run by its thread alone: a connection lives on one
  // of them (round robin), so its handlers never cross threads and the contexts share no
  // scheduler lock or wake-ups (one shared context on two threads spent a fifth of the time
  // waking threads).
  std::vector<std::unique_ptr<net::asio::io_context>> ctxs;
  std::vector<net::asio::executor_work_guard<net::asio::io_context::executor_type>> guards;
  std::size_t next = 0;
  std::optional<net::asio::ssl::context> ssl;
  net::tcp::acceptor acceptor;
  net::asio::signal_set signals;
  net::asio::steady_timer retry;
  unsigned short port = 0;

  static std::vector<std::unique_ptr<net::asio::io_context>> contexts(unsigned n) {
    std::vector<std::unique_ptr<net::asio::io_context>> out;
    for (unsigned i = 0; i < std::max(1u, n); ++i)
      out.push_back(std::make_unique<net::asio::io_context>(1));
    return out;
  }

  impl(state& st, const router& r, const token_table* t, server_options o)
      : sh(st, r, t, std::move(o)),
        ctxs(contexts(sh.opt.io_threads)),
        acceptor(*ctxs[0]),
        signals(*ctxs[0]),
        retry(*ctxs[0]) {
    for (auto& c : ctxs) guards.push_back(net::asio::make_work_guard(*c));
  }

  void accept() {
    auto& ctx = *ctxs[next++ % ctxs.size()];
    acceptor.async_accept(ctx, [this, &ctx](net::beast::error_code ec, net::tcp::socket sock) {
      if (!acceptor.is_open()) return;
      if (ec) return pause_accepting(ec);
      // The session starts on its own context's thread, where all its handlers run.
      net::asio::post(ctx, [this, s = std::move(sock)]() mutable { serve(std::move(s)); });
      accept();
    });
  }

  /// Out of descriptors (EMFILE) and the like: try again shortly rather than spin.
  void pause_accepting(const net::beast::error_code& ec) {
    std::cerr << "exportctl serve: accept: " << ec.message() << "; retrying\n";
    retry.expires_after(std::chrono::milliseconds(100));
    retry.async_wait([this](net::beast::error_code e) {
      if (!e && acceptor.is_open()) accept();
    });
  }

  void serve(net::tcp::socket sock) {
    net::beast::error_code ignore;
    sock.set_option(net::tcp::no_delay(true), ignore);
    if (ssl) {
      std::make_shared<net::session<net::tls_stream>>(sh, std::move(sock), *ssl)->start();
    } else {
      std::make_shared<net::session<net::plain_stream>>(sh, std::move(sock))->start();
    }
  }

  void wait_signal() {
    signals.async_wait([this](net::beast::error_code ec, int sig) {
      if (ec) return;
      if (sig == SIGHUP) {
        net::asio::post(sh.pool, [this] {
          auto r = sh.st.reload();
          std::cerr << "exportctl serve: SIGHUP: "
                    << (r.reloaded ? "reloaded, fingerprint " + sh.st.engine()->fingerprint()
                                   : std::string("reload failed; the old packs and lists stay"))
                    << '\n';
          for (const auto& d : r.diagnostics) std::cerr << "  " << format(d) << '\n';
        });
        return wait_signal();
      }
      drain(sig);
    });
  }

  /// SIGTERM/SIGINT: /readyz says 503, no new connections, idle ones close, busy ones close
  /// after their answer; run() returns when the last is done. A second signal kills (the
  /// default action is restored).
  void drain(int sig) {
    std::cerr << "exportctl serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
              << ": draining in-flight requests\n";
    sh.draining = true;
    sh.st.stop_accepting();
    net::beast::error_code ignore;
    acceptor.close(ignore);
    retry.cancel();
    signals.clear(ignore);
    std::vector<std::shared_ptr<net::shared::session_base>> now;
    {
      std::lock_guard<std::mutex> lock(sh.m);
      for (auto& [p, w] : sh.live)
        if (auto s = w.lock()) now.push_back(std::move(s));
    }
    for (auto& s : now) s->drain();
    guards.clear();  // each context's run() returns once its last connection is done
  }
};

http_server::http_server(state& st, const router& routes, const token_table* tokens,
                         server_options o)
    : p_(std::make_unique<impl>(st, routes, tokens, std::move(o))) {}

http_server::~http_server() = default;

bool http_server::listen(std::vector<diagnostic>& diags) {
  auto& o = p_->sh.opt;
  auto fail = [&](const std::string& why) {
    diagnostic d;
    d.code = "EXC-E9309";
    d.message = "cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + why;
    d.help = "--listen takes an IP address and a port (0: any free port)";
    diags.push_back(std::move(d));
    return false;
  };
  if (!o.tls_cert.empty()) {
    p_->ssl.emplace(net::asio::ssl::context::tls_server);
    if (!configure_tls(*p_->ssl, o.tls_cert, o.tls_key, diags)) return false;
  }
  net::beast::error_code ec;
  const auto addr = net::asio::ip::make_address(o.host, ec);
  if (ec) return fail("not an IP address");
  const net::tcp::endpoint ep{addr, o.port};
  auto& a = p_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec.message());
  p_->port = a.local_endpoint().port();
  return true;
}

unsigned short http_server::port() const { return p_->port; }
bool http_server::tls() const { return p_->ssl.has_value(); }

void http_server::run() {
  auto& p = *p_;
  p.signals.add(SIGTERM);
  p.signals.add(SIGINT);
  p.signals.add(SIGHUP);
  p.wait_signal();
  p.accept();
  std::vector<std::thread> more;
  for (std::size_t i = 1; i < p.ctxs.size(); ++i) more.emplace_back([&p, i] { p.ctxs[i]->run(); });
  p.ctxs[0]->run();
  for (auto& t : more) t.join();
  p.sh.pool.join();  // a reload started by SIGHUP finishes before the state goes
}

}  // namespace exportctl::cli::service
