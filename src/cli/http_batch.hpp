// http_batch.hpp: POST /v1/batch of `exportctl serve` (docs/service.md), included by
// cli/http_server.cpp after cli/http_session.hpp. The request body is never held whole: it is
// read in 256 KiB pieces into a pipe that `exportctl batch`'s own pipeline (cli/batch_pipeline.hpp)
// reads on its own threads. The records the pipeline makes are handed over in memory (its
// `sink`) and go out as HTTP chunks straight from the pipeline's strings, so records are the
// bytes `exportctl batch` prints, in input order, with no copy through a pipe, and memory stays
// flat. Back-pressure: at most two chunks of records wait for the socket, so a client that stops
// reading stops the pipeline, which stops reading the body. A body over --max-batch, or one that
// stalls past --body-timeout, aborts the connection: the response then ends without its last
// chunk, which a client sees as an error.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "cli/batch_pipeline.hpp"
#include "cli/http_session.hpp"

namespace exportctl::cli::service::net {

/// Records on their way from the pipeline's writer thread to the network thread.
struct batch_outbox {
  std::mutex m;
  std::condition_variable space;
  std::deque<std::vector<std::string>> queue;
  // The network thread is sending, or has been asked to; true at first, as records wait until
  // the response's head is written.
  bool pumping = true;
  bool finished = false;  // the pipeline has returned: nothing more comes
  bool failed = false;    // the client is gone: the pipeline stops at its next records
};

template <class Stream>
class batch_stream : public std::enable_shared_from_this<batch_stream<Stream>> {
  using sess = session<Stream>;

 public:
  batch_stream(std::shared_ptr<sess> s, int body_w)
      : s_(std::move(s)),
        parser_(std::move(*s_->head_)),
        body_(s_->stream_.get_executor(), body_w) {
    parser_.body_limit(s_->srv_.opt_max_batch());
    // Beast reads into the free capacity of the session's buffer (at least 512 bytes, at most
    // 64 KiB a read): after a small head that was 512-byte reads, a hundred thousand recvmsg,
    // epoll_wait and timer resets for a 50 MB body. Room for 64 KiB makes it 64 KiB reads.
    s_->buf_.reserve(64 * 1024);
  }
  ~batch_stream() {
    // The last owner is normally the network thread after end_records joined the runner; if
    // the io_context is destroyed first (shutdown), the runner is past its last use of *this.
    if (runner_.joinable()) runner_.detach();
  }

  /// Starts the pipeline on its own thread and the response with its head.
  void start(std::shared_ptr<const exportctl::engine> eng, batch_settings bs) {
    bs.sink = [this](std::vector<std::string>& records) { return hand_over(records); };
    // The thread owns a reference until the pipeline has returned; its last act hands one to
    // the network thread, so *this always ends there, never on the runner's own thread.
    runner_ = std::thread(
        [self = this->shared_from_this(), eng = std::move(eng), bs = std::move(bs)]() mutable {
          (void)run_batch(*eng, bs, nullptr);  // bad lines are records; a gone client ends the run
          {
            std::lock_guard lock(self->box_.m);
            self->box_.finished = true;
            if (self->box_.pumping) return;  // the pump sees `finished` once the queue is empty
            self->box_.pumping = true;
          }
          asio::post(self->s_->stream_.get_executor(), [self] { self->pump_records(); });
        });
    res_.result(http::status::ok);
    res_.version(s_->head_version_);
    res_.set(http::field::content_type, "application/x-ndjson");
    res_.set(http::field::cache_control, "no-store");
    res_.set("X-Content-Type-Options", "nosniff");
    res_.chunked(true);
    res_.keep_alive(false);  // the connection ends with the stream
    s_->lowest().expires_after(s_->srv_.opt.body_timeout);
    http::async_write_header(s_->stream_, sr_,
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) {
                                 self->fail();
                               } else {
                                 self->read_body();
                               }
                               self->pump_records();  // records wait for the head
                             });
  }

 private:
  void read_body() {
    if (input_done_) return;
    parser_.get().body().data = in_.data();
    parser_.get().body().size = in_.size();
    s_->lowest().expires_after(s_->srv_.opt.body_timeout);
    http::async_read(s_->stream_, s_->buf_, parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_body(ec);
                     });
  }

  void on_body(beast::error_code ec) {
    if (ec == http::error::need_buffer) ec = {};
    if (ec) {
      // Over --max-batch, a stalled or vanished client: no more input, and no last chunk.
      if (ec == http::error::body_limit)
        std::cerr << "exportctl serve: /v1/batch body over --max-batch; connection aborted\n";
      fail();
      beast::error_code ignore;
      s_->lowest().socket().shutdown(tcp::socket::shutdown_both, ignore);
      return;
    }
    const std::size_t n = in_.size() - parser_.get().body().size;
    if (n == 0) {
      if (parser_.is_done()) return end_input();
      return read_body();
    }
    asio::async_write(body_, asio::buffer(in_.data(), n),
                      [self = this->shared_from_this()](beast::error_code e, std::size_t) {
                        if (e) return self->fail();
                        if (self->parser_.is_done()) return self->end_input();
                        self->read_body();
                      });
  }

  /// The pipeline sees the end of its input.
  void end_input() {
    input_done_ = true;
    beast::error_code ignore;
    body_.close(ignore);
  }

  /// No response can be completed: stop reading, and stop the pipeline at its next records.
  void fail() {
    end_input();
    {
      std::lock_guard lock(box_.m);
      box_.failed = true;
      box_.queue.clear();
    }
    box_.space.notify_all();
  }

  /// The pipeline's writer thread: queue a chunk's records for the network thread, waiting
  /// while two are already queued.
  bool hand_over(std::vector<std::string>& records) {
    std::unique_lock lock(box_.m);
    box_.space.wait(lock, [&] { return box_.failed || box_.queue.size() < 2; });
    if (box_.failed) return false;
    box_.queue.push_back(std::move(records));
    records.clear();
    if (box_.pumping) return true;
    box_.pumping = true;
    lock.unlock();
    asio::post(s_->stream_.get_executor(),
               [self = this->shared_from_this()] { self->pump_records(); });
    return true;
  }

  /// The network thread: send the queued records, one chunk of the pipeline per HTTP chunk,
  /// written from the records' own strings.
  void pump_records() {
    bool finished = false;
    {
      std::lock_guard lock(box_.m);
      sending_.clear();
      if (box_.queue.empty()) {
        finished = box_.finished;
        if (!finished) box_.pumping = false;
      } else {
        sending_ = std::move(box_.queue.front());
        box_.queue.pop_front();
      }
    }
    box_.space.notify_one();
    if (finished) return end_records();
    if (sending_.empty()) return;
    buffers_.clear();
    for (const auto& r : sending_) buffers_.emplace_back(r.data(), r.size());
    s_->lowest().expires_after(s_->srv_.opt.body_timeout);
    asio::async_write(s_->stream_, http::make_chunk(buffers_),
                      [self = this->shared_from_this()](beast::error_code e, std::size_t) {
                        if (e) self->fail();
                        self->pump_records();
                      });
  }

  /// The pipeline has returned: every record was handed over and sent (or the client is gone).
  void end_records() {
    if (runner_.joinable()) runner_.join();  // it is past its last use of *this: this is brief
    bool failed = false;
    {
      std::lock_guard lock(box_.m);
      failed = box_.failed;
    }
    s_->request_done(failed ? 499 : 200);
    if (failed) return s_->close();
    s_->lowest().expires_after(s_->srv_.opt.body_timeout);
    asio::async_write(
        s_->stream_, http::make_chunk_last(),
        [self = this->shared_from_this()](beast::error_code, std::size_t) { self->s_->close(); });
  }

  std::shared_ptr<sess> s_;
  http::request_parser<http::buffer_body> parser_;
  asio::posix::stream_descriptor body_;  // we write the request body here
  std::thread runner_;
  std::array<char, 256 * 1024> in_{};
  batch_outbox box_;
  std::vector<std::string> sending_;         // the records being written
  std::vector<asio::const_buffer> buffers_;  // and their bytes
  http::response<http::empty_body> res_;
  http::response_serializer<http::empty_body> sr_{res_};
  bool input_done_ = false;
};

template <class Stream>
void session<Stream>::start_batch() {
  head_version_ = head_->get().version();
  bool bad_date = false;
  const auto as_of = as_of_param(req_, bad_date);
  if (bad_date) return answer(bad_as_of(), false);
  int body[2];
  if (::pipe2(body, O_CLOEXEC) != 0)
    return answer(error(503, "busy", "no pipe for the batch"), false);
  // A pipe of 1 MiB (Linux's default is 64 KiB): fewer switches between the network thread and
  // the pipeline. Best effort: a smaller pipe is only slower.
  (void)::fcntl(body[1], F_SETPIPE_SZ, 1 << 20);
  batch_settings bs;
  bs.path = "<request>";
  bs.source_name = "<request>";
  bs.fd = body[0];
  bs.threads = std::max(1u, srv_.st.config().threads);
  bs.as_of = as_of;
  bs.max_line = srv_.st.config().max_line_bytes;
  auto b = std::make_shared<batch_stream<Stream>>(this->shared_from_this(), body[1]);
  b->start(srv_.st.engine(), std::move(bs));
}

}  // namespace exportctl::cli::service::net
