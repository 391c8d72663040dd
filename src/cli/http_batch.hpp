// http_batch.hpp: POST /v1/batch of `exportctl serve` (docs/service.md), included by
// cli/http_server.cpp after cli/http_session.hpp. The request body is never held whole: it is
// read in 256 KiB pieces into a pipe that `exportctl batch`'s own pipeline (cli/batch_pipeline.hpp)
// reads on its own threads, and the records it writes to a second pipe go out as HTTP chunks,
// so records are the bytes `exportctl batch` prints, in input order, and memory stays flat.
// Back-pressure is the pipes': a client that stops reading stops the pipeline, which stops
// reading the body. A body over --max-batch, or one that stalls past --body-timeout, aborts the
// connection: the response then ends without its last chunk, which a client sees as an error.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <thread>

#include "cli/batch_pipeline.hpp"
#include "cli/http_session.hpp"

namespace exportctl::cli::service::net {

template <class Stream>
class batch_stream : public std::enable_shared_from_this<batch_stream<Stream>> {
  using sess = session<Stream>;

 public:
  batch_stream(std::shared_ptr<sess> s, int body_w, int records_r)
      : s_(std::move(s)),
        parser_(std::move(*s_->head_)),
        body_(s_->stream_.get_executor(), body_w),
        records_(s_->stream_.get_executor(), records_r) {
    parser_.body_limit(s_->srv_.opt_max_batch());
  }

  /// Starts the pipeline on its own thread and the response with its head.
  void start(std::shared_ptr<const exportctl::engine> eng, batch_settings bs, int records_w) {
    runner_ = std::thread([eng = std::move(eng), bs = std::move(bs), records_w] {
      std::FILE* out = ::fdopen(records_w, "w");
      if (!out) {
        ::close(records_w);
        ::close(bs.fd);
        return;
      }
      // The pipeline writes whole chunks of records to the descriptor (writev), as to a file.
      (void)run_batch(*eng, bs, out);  // bad lines are records; a closed pipe ends the run
      std::fclose(out);
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
                                 self->failed_ = true;
                                 self->end_input();
                               } else {
                                 self->read_body();
                               }
                               self->pump_records();
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
      failed_ = true;
      end_input();
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
                        if (e) {
                          self->failed_ = true;
                          return self->end_input();
                        }
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

  void pump_records() {
    records_.async_read_some(
        asio::buffer(out_), [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
          if (ec) return self->end_records();
          if (self->failed_) return self->pump_records();  // drained, so the pipeline can finish
          self->s_->lowest().expires_after(self->s_->srv_.opt.body_timeout);
          asio::async_write(self->s_->stream_, http::make_chunk(asio::buffer(self->out_.data(), n)),
                            [self](beast::error_code e, std::size_t) {
                              if (e) {
                                self->failed_ = true;
                                self->end_input();
                              }
                              self->pump_records();
                            });
        });
  }

  /// The pipeline closed its output: it has written every record.
  void end_records() {
    beast::error_code ignore;
    records_.close(ignore);
    if (runner_.joinable()) runner_.join();  // it is past its last write: this is brief
    s_->request_done(failed_ ? 499 : 200);
    if (failed_) return s_->close();
    s_->lowest().expires_after(s_->srv_.opt.body_timeout);
    asio::async_write(
        s_->stream_, http::make_chunk_last(),
        [self = this->shared_from_this()](beast::error_code, std::size_t) { self->s_->close(); });
  }

  std::shared_ptr<sess> s_;
  http::request_parser<http::buffer_body> parser_;
  asio::posix::stream_descriptor body_;     // we write the request body here
  asio::posix::stream_descriptor records_;  // the pipeline's records come from here
  std::thread runner_;
  std::array<char, 256 * 1024> in_{};
  std::array<char, 256 * 1024> out_{};
  http::response<http::empty_body> res_;
  http::response_serializer<http::empty_body> sr_{res_};
  bool input_done_ = false, failed_ = false;
};

template <class Stream>
void session<Stream>::start_batch() {
  head_version_ = head_->get().version();
  bool bad_date = false;
  const auto as_of = as_of_param(req_, bad_date);
  if (bad_date) return answer(bad_as_of(), false);
  int body[2], records[2];
  if (::pipe2(body, O_CLOEXEC) != 0)
    return answer(error(503, "busy", "no pipe for the batch"), false);
  if (::pipe2(records, O_CLOEXEC) != 0) {
    ::close(body[0]);
    ::close(body[1]);
    return answer(error(503, "busy", "no pipe for the batch"), false);
  }
  // Pipes of 1 MiB (Linux's default is 64 KiB): fewer switches between the network thread and
  // the pipeline. Best effort: a smaller pipe is only slower.
  for (int fd : {body[1], records[1]}) (void)::fcntl(fd, F_SETPIPE_SZ, 1 << 20);
  batch_settings bs;
  bs.path = "<request>";
  bs.source_name = "<request>";
  bs.fd = body[0];
  bs.threads = std::max(1u, srv_.st.config().threads);
  bs.as_of = as_of;
  bs.max_line = srv_.st.config().max_line_bytes;
  auto b = std::make_shared<batch_stream<Stream>>(this->shared_from_this(), body[1], records[0]);
  b->start(srv_.st.engine(), std::move(bs), records[1]);
}

}  // namespace exportctl::cli::service::net
