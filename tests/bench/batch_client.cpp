// batch_client: a lean HTTP/1.1 client for POST /v1/batch, for serve_bench.sh.
//
// Why not only curl: the bench runs the client, the server and the CLI on the same two cores,
// so the client's own CPU is part of the service's wall time. curl reads the response 16 KiB at
// a time and copies it through its write callback. This client sends the body with sendfile(2)
// from one thread while the other reads the response 1 MiB at a time, takes the chunked
// framing off and writes the records with one write(2) per received block. It does what an ERP
// client on another machine would do, at the least CPU this machine allows, so what is left is
// the service's. serve_bench.sh reports curl's figures as well.
//
//   batch_client http://HOST:PORT/v1/batch INPUT.jsonl OUTPUT.jsonl
//
// EXPORTCTL_TOKEN, when set, is sent as a bearer token. Exit 0 when the response was 200 and
// whole (the terminating chunk was read) and every byte of it was written; 1 otherwise, with
// the reason on stderr. POSIX only, no TLS: a bench tool, not a product.
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "batch_client: %s\n", what.c_str());
  std::exit(1);
}

std::string errno_text() { return std::strerror(errno); }

struct target {
  std::string host, port, path;
};

target parse_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme) fail("the URL must start with http:// (no TLS here)");
  url.remove_prefix(scheme.size());
  const auto slash = url.find('/');
  const std::string_view authority = url.substr(0, slash);
  target t;
  t.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) fail("the URL must name a port: http://HOST:PORT/PATH");
  t.host = std::string(authority.substr(0, colon));
  t.port = std::string(authority.substr(colon + 1));
  return t;
}

int connect_to(const target& t) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (const int rc = getaddrinfo(t.host.c_str(), t.port.c_str(), &hints, &res); rc != 0)
    fail("cannot resolve " + t.host + ": " + gai_strerror(rc));
  int fd = -1;
  for (addrinfo* a = res; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  if (fd < 0) fail("cannot connect to " + t.host + ":" + t.port + ": " + errno_text());
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

void write_all(int fd, const char* p, std::size_t n, const char* what) {
  while (n > 0) {
    const ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) fail(std::string("cannot write ") + what + ": " + errno_text());
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// The request: its head, then the file with sendfile(2), so the body is never copied here.
void send_request(int sock, const target& t, int in, off_t size) {
  std::string head =
      "POST " + t.path + " HTTP/1.1\r\nHost: " + t.host + ":" + t.port +
      "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + std::to_string(size) +
      "\r\nConnection: close\r\n";
  if (const char* token = std::getenv("EXPORTCTL_TOKEN"))
    head += "Authorization: Bearer " + std::string(token) + "\r\n";
  head += "\r\n";
  write_all(sock, head.data(), head.size(), "the request");
  off_t offset = 0;
  while (offset < size) {
    const ssize_t s = sendfile(sock, in, &offset, static_cast<std::size_t>(size - offset));
    if (s < 0 && errno == EINTR) continue;
    // The server may answer early (401, 413) and close: the response says why, so stop quietly.
    if (s <= 0) return;
  }
}

// Takes the chunked framing off the response body as it arrives (RFC 9112 §7.1), in any
// split across reads, and writes the chunks' data.
class dechunker {
 public:
  explicit dechunker(int out) : out_(out) {}

  // Feeds bytes; returns false on a framing error (the message is in error()).
  bool feed(const char* p, std::size_t n) {
    while (n > 0) {
      if (state_ == state::data) {
        const std::size_t take = left_ < n ? static_cast<std::size_t>(left_) : n;
        write_all(out_, p, take, "the output");
        p += take;
        n -= take;
        left_ -= take;
        if (left_ == 0) state_ = state::data_end;
        continue;
      }
      const char c = *p++;
      --n;
      switch (state_) {
        case state::size:
          if (c == '\n') {
            if (!line_.empty() && line_.back() == '\r') line_.pop_back();
            if (!start_chunk()) return false;
          } else if (line_.size() > 1024) {
            return bad("a chunk-size line is over 1 KiB");
          } else {
            line_ += c;
          }
          break;
        case state::data_end:
          if (c == '\n')
            state_ = state::size;
          else if (c != '\r')
            return bad("a chunk does not end with CRLF");
          break;
        case state::trailer:
          // Trailer fields, then an empty line: the message is whole.
          if (c == '\n') {
            if (!line_.empty() && line_.back() == '\r') line_.pop_back();
            if (line_.empty()) state_ = state::done;
            line_.clear();
          } else {
            line_ += c;
          }
          break;
        case state::done:
          return bad("bytes after the end of the chunked body");
        case state::data:
          break;
      }
    }
    return true;
  }
  bool done() const { return state_ == state::done; }
  const std::string& error() const { return error_; }

 private:
  enum class state { size, data, data_end, trailer, done };
  bool start_chunk() {
    const std::string hex = line_.substr(0, line_.find(';'));  // chunk extensions are ignored
    line_.clear();
    char* end = nullptr;
    errno = 0;
    const unsigned long long size = std::strtoull(hex.c_str(), &end, 16);
    if (hex.empty() || errno != 0 || *end != '\0')
      return bad("a chunk size is not hexadecimal: " + hex);
    left_ = size;
    state_ = size == 0 ? state::trailer : state::data;
    return true;
  }
  bool bad(std::string why) {
    error_ = std::move(why);
    return false;
  }
  int out_;
  state state_ = state::size;
  std::string line_;
  unsigned long long left_ = 0;
  std::string error_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr,
                 "usage: batch_client http://HOST:PORT/v1/batch INPUT.jsonl OUTPUT.jsonl\n"
                 "POSTs INPUT to the service and writes the records of the response to OUTPUT.\n"
                 "EXPORTCTL_TOKEN=T sends T as a bearer token.\n");
    return 1;
  }
  const target t = parse_url(argv[1]);
  const int in = open(argv[2], O_RDONLY | O_CLOEXEC);
  if (in < 0) fail(std::string("cannot open ") + argv[2] + ": " + errno_text());
  struct stat st {};
  if (fstat(in, &st) != 0) fail(std::string("cannot stat ") + argv[2] + ": " + errno_text());
  const int out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) fail(std::string("cannot create ") + argv[3] + ": " + errno_text());
  const int sock = connect_to(t);

  // The server streams records while it reads the body, and stops reading when nobody reads
  // its records: sending and receiving must run at the same time.
  std::thread sender([&] { send_request(sock, t, in, st.st_size); });

  std::vector<char> buf(1 << 20);
  std::string head;
  dechunker body(out);
  bool in_body = false;
  for (;;) {
    const ssize_t r = recv(sock, buf.data(), buf.size(), 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("cannot read the response: " + errno_text());
    if (r == 0) break;
    const char* p = buf.data();
    std::size_t n = static_cast<std::size_t>(r);
    if (!in_body) {
      head.append(p, n);
      const auto end = head.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (head.size() > 64 * 1024) fail("the response head is over 64 KiB");
        continue;
      }
      const std::string rest = head.substr(end + 4);
      head.resize(end + 2);
      if (head.compare(0, 12, "HTTP/1.1 200") != 0) {
        fail("the service answered " + head.substr(0, head.find('\r')) + "\n" + rest);
      }
      std::string lower(head);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.find("\r\ntransfer-encoding: chunked\r\n") == std::string::npos)
        fail("the response is not chunked: /v1/batch streams its records");
      in_body = true;
      if (!body.feed(rest.data(), rest.size())) fail("bad chunked body: " + body.error());
      continue;
    }
    if (!body.feed(p, n)) fail("bad chunked body: " + body.error());
    if (body.done()) break;
  }
  sender.join();
  close(sock);
  if (!in_body) fail("the connection closed before the response head");
  if (!body.done()) fail("the response ended before its last chunk: the batch is not whole");
  if (close(out) != 0) fail(std::string("cannot write ") + argv[3] + ": " + errno_text());
  return 0;
}
