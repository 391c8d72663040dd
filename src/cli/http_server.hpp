// http_server.hpp: the HTTP/1.1 server of `exportctl serve` (docs/service.md), on Boost.Beast.
// It reads requests within limits and timeouts, authenticates them, and hands them to the router
// (cli/service.hpp); POST /v1/batch streams through the batch pipeline. Boost stays behind the
// pimpl: this header names only the standard library and the service's own types.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "cli/service.hpp"

namespace exportctl::cli::service {

struct server_options {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;     ///< 0: any free port (port() tells which)
  unsigned io_threads = 2;        ///< network threads (decisions run here: they take microseconds)
  unsigned pool_threads = 2;      ///< blocking work: the ledger, readiness, reloads
  std::string tls_cert, tls_key;  ///< PEM files; HTTPS when both are given
  std::size_t header_limit = 16 * 1024;     ///< a longer request head is 431
  std::chrono::seconds header_timeout{10};  ///< a request head must arrive within this
  std::chrono::seconds idle_timeout{60};    ///< a keep-alive connection idle this long is closed
  std::chrono::seconds body_timeout{60};    ///< a body (or one /v1/batch read) within this
};

class http_server {
 public:
  /// `tokens` is null when the service runs without --tokens: every request is then
  /// "anonymous" with every scope (serve.cpp allows that on loopback only).
  http_server(state& st, const router& routes, const token_table* tokens, server_options o);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// Loads the TLS certificate (when given), binds and listens. False with diagnostics
  /// (address in use, unreadable certificate).
  [[nodiscard]] bool listen(std::vector<diagnostic>& diags);
  [[nodiscard]] unsigned short port() const;
  [[nodiscard]] bool tls() const;
  /// Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish and
  /// closes idle connections; SIGHUP reloads packs and lists. Returns once all is done.
  void run();

 private:
  struct impl;
  std::unique_ptr<impl> p_;
};

}  // namespace exportctl::cli::service
