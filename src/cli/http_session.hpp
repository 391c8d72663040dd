// http_session.hpp: one connection of `exportctl serve` (cli/http_server.hpp), over plain TCP or
// TLS (the same code, a template over the stream). Included by cli/http_server.cpp only: Boost
// stays in these two files and cli/http_tls.cpp.
//
// A request goes: read the head (header limit 431, header timeout) -> authenticate and ask the
// router whether it may proceed (401/403/404/405 before any body is read) -> check the declared
// length (413 before reading) -> answer `Expect: 100-continue` -> read the body (body limit
// 413, body timeout) -> run the handler (inline, or on the blocking pool) -> write -> next
// request on the same connection (idle timeout), unless the server is draining.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "cli/http_server.hpp"
#include "cli/service.hpp"

namespace exportctl::cli::service::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using plain_stream = beast::tcp_stream;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

/// What sessions share with the server.
struct shared {
  state& st;
  const router& routes;
  const token_table* tokens;
  server_options opt;
  asio::thread_pool pool;
  std::atomic<bool> draining{false};

  struct session_base {
    virtual ~session_base() = default;
    /// Called on SIGTERM (on the session's strand): an idle session closes; a busy one closes
    /// after its answer.
    virtual void drain() = 0;
  };
  std::mutex m;
  std::unordered_map<session_base*, std::weak_ptr<session_base>> live;

  shared(state& s, const router& r, const token_table* t, server_options o)
      : st(s), routes(r), tokens(t), opt(std::move(o)), pool(std::max(1u, opt.pool_threads)) {}
  void enter(const std::shared_ptr<session_base>& s) {
    std::lock_guard<std::mutex> lock(m);
    live.emplace(s.get(), s);
  }
  [[nodiscard]] std::size_t opt_max_body() const { return st.config().max_body_bytes; }
  [[nodiscard]] std::size_t opt_max_batch() const { return st.config().max_batch_bytes; }
  void leave(session_base* s) {
    std::lock_guard<std::mutex> lock(m);
    live.erase(s);
  }
};

/// The service's response as a Beast message, with the headers every answer carries.
http::response<http::string_body> to_beast(response&& r, unsigned version, bool keep_alive,
                                           bool head_only);
/// The service's request (method, decoded target, the headers handlers read, the principal);
/// false for a target that cannot be decoded. `authenticated` is false when a token was
/// required and none valid was presented.
bool from_beast(const http::request_parser<http::empty_body>& parser, const shared& srv,
                request& req, bool& authenticated);

template <class Stream>
class session : public shared::session_base, public std::enable_shared_from_this<session<Stream>> {
 public:
  template <class... Args>
  explicit session(shared& srv, Args&&... args) : srv_(srv), stream_(std::forward<Args>(args)...) {}
  ~session() override { srv_.leave(this); }

  void start() {
    srv_.enter(this->shared_from_this());
    if constexpr (std::is_same_v<Stream, tls_stream>) {
      lowest().expires_after(srv_.opt.header_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read_head();
                              });
    } else {
      read_head();
    }
  }

  void drain() override {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) self->lowest().cancel();
    });
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void read_head() {
    if (srv_.draining) return close();
    idle_ = true;
    head_.emplace();
    head_->header_limit(static_cast<std::uint32_t>(srv_.opt.header_limit));
    // The declared length is checked against the route's own limit once the route is known
    // (on_head); Beast's default would refuse a large Content-Length as a bad request. (Not
    // boost::none: Boost 1.74's parser compares the length with the optional and refuses all.)
    head_->body_limit(std::numeric_limits<std::uint64_t>::max());
    // The first request's head must come within the header timeout (slowloris); a kept-alive
    // connection may wait the idle timeout for its next one.
    lowest().expires_after(first_ ? srv_.opt.header_timeout : srv_.opt.idle_timeout);
    http::async_read_header(stream_, buf_, *head_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->on_head(ec);
                            });
  }

  void on_head(beast::error_code ec) {
    idle_ = false;
    first_ = false;
    started_ = std::chrono::steady_clock::now();
    if (ec == http::error::header_limit)
      return answer(error(431, "", "the request head is over the limit"), false);
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof)
      return close();
    if (ec) return answer(error(400, "bad_request", "the request is not valid HTTP/1.1"), false);
    bool authenticated = false;
    req_ = request{};
    if (!from_beast(*head_, srv_, req_, authenticated))
      return answer(error(400, "bad_request", "the request target cannot be decoded"), false);
    const auto& h = head_->get();
    const bool has_body =
        h.has_content_length() ? head_->content_length().value_or(0) > 0 : h.chunked();
    if (auto refused = srv_.routes.authorize(req_, authenticated))
      return answer(std::move(*refused), !has_body);  // the body is not read: close after
    const bool streaming = router::streaming(req_.method, req_.path);
    const std::size_t limit = streaming ? srv_.opt_max_batch() : srv_.opt_max_body();
    if (head_->content_length() && *head_->content_length() > limit)
      return answer(error(413, "payload_too_large", too_large(limit)), false);
    auto go = [self = this->shared_from_this(), streaming] {
      if (streaming)
        self->start_batch();
      else
        self->read_body();
    };
    if (beast::iequals(h[http::field::expect], "100-continue") && has_body) {
      auto cont =
          std::make_shared<http::response<http::empty_body>>(http::status::continue_, h.version());
      lowest().expires_after(srv_.opt.body_timeout);
      http::async_write(stream_, *cont, [cont, go](beast::error_code e, std::size_t) {
        if (!e) go();
      });
      return;
    }
    go();
  }

  static std::string too_large(std::size_t limit) {
    return "the body is over the limit of " + std::to_string(limit) + " bytes";
  }

  void read_body() {
    body_.emplace(std::move(*head_));
    body_->body_limit(srv_.opt_max_body());
    lowest().expires_after(srv_.opt.body_timeout);
    http::async_read(stream_, buf_, *body_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_body(ec);
                     });
  }

  void on_body(beast::error_code ec) {
    if (ec == http::error::body_limit)
      return answer(error(413, "payload_too_large", too_large(srv_.opt_max_body())), false);
    if (ec && ec.category() == http::make_error_code(http::error::bad_chunk).category())
      return answer(error(400, "bad_request", "the request body is not valid HTTP/1.1"), false);
    if (ec) return close();  // the client went away or stalled past --body-timeout
    req_.body = std::move(body_->get().body());
    keep_alive_ = body_->get().keep_alive();
    version_ = body_->get().version();
    head_only_ = req_.method == "HEAD";
    body_.reset();
    if (srv_.routes.inline_route(req_.method, req_.path)) return finish(run_handler());
    // Database work and page rendering go to the blocking pool; the answer comes back to this
    // connection's strand.
    asio::post(srv_.pool, [self = this->shared_from_this(),
                           work = asio::make_work_guard(stream_.get_executor())] {
      auto res = self->run_handler();
      asio::post(self->stream_.get_executor(),
                 [self, res = std::move(res)]() mutable { self->finish(std::move(res)); });
    });
  }

  response run_handler() { return srv_.routes.handle(srv_.st, req_, true); }

  /// An answer decided before the body was read (or after it failed): the connection closes
  /// after it unless `keep` (nothing is left unread).
  void answer(response res, bool keep) {
    linger_ = !keep;  // the client may still be sending what we will not read
    if (head_ && head_->is_header_done()) {
      version_ = head_->get().version();
      keep_alive_ = keep && head_->get().keep_alive();
      head_only_ = head_->get().method() == http::verb::head;
    } else {
      version_ = 11;
      keep_alive_ = false;
    }
    finish(std::move(res));
  }

  void finish(response res) {
    request_done(res.status);
    const bool keep = keep_alive_ && !srv_.draining;
    out_ = std::make_shared<http::response<http::string_body>>(
        to_beast(std::move(res), version_, keep, head_only_));
    lowest().expires_after(srv_.opt.body_timeout);
    http::async_write(stream_, *out_,
                      [self = this->shared_from_this(), keep](beast::error_code ec, std::size_t) {
                        self->out_.reset();
                        if (!ec && !keep && self->linger_) return self->linger_close();
                        if (ec || !keep) return self->close();
                        self->read_head();
                      });
  }

  void close() {
    beast::error_code ec;
    if constexpr (std::is_same_v<Stream, tls_stream>) {
      lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code e;
        self->lowest().socket().close(e);
      });
    } else {
      lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      lowest().socket().close(ec);
    }
  }

  /// After an early answer (413, 431, 401 before the body): closing at once while the client
  /// still sends would reset the connection, and the reset can discard our answer before the
  /// client reads it. So stop sending, read and drop what comes for a moment (at most 2 s and
  /// 4 MiB: a client cannot hold us), then close.
  void linger_close() {
    if constexpr (std::is_same_v<Stream, tls_stream>) {
      return close();
    } else {
      beast::error_code ec;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      lowest().expires_after(std::chrono::seconds(2));
      discard(std::make_shared<std::array<char, 16384>>(), 0);
    }
  }

  void discard(std::shared_ptr<std::array<char, 16384>> scratch, std::size_t total) {
    auto& b = *scratch;
    lowest().async_read_some(asio::buffer(b),
                             [self = this->shared_from_this(), scratch = std::move(scratch), total](
                                 beast::error_code ec, std::size_t n) mutable {
                               if (ec || total + n > (std::size_t{4} << 20)) {
                                 beast::error_code ignore;
                                 self->lowest().socket().close(ignore);
                                 return;
                               }
                               self->discard(std::move(scratch), total + n);
                             });
  }

  // POST /v1/batch (cli/http_batch.hpp): the body goes into a pipe the batch pipeline reads,
  // and its records come back in memory and go out as HTTP chunks, in input order.
  void start_batch();
  void request_done(unsigned status) {
    const auto secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    srv_.st.stats().request(srv_.routes.route_name(req_.method, req_.path), status, secs);
  }

  shared& srv_;
  Stream stream_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::empty_body>> head_;
  std::optional<http::request_parser<http::string_body>> body_;
  std::shared_ptr<http::response<http::string_body>> out_;
  request req_;
  bool idle_ = false, first_ = true, keep_alive_ = false, head_only_ = false, linger_ = false;
  unsigned version_ = 11, head_version_ = 11;
  std::chrono::steady_clock::time_point started_;

  template <class>
  friend class batch_stream;
};

}  // namespace exportctl::cli::service::net
