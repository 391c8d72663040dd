#include "cli/batch_input.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

namespace exportctl::cli {

long line_reader::read_some(char* out, std::size_t n) {
  ssize_t got = ::read(fd_, out, n);
  while (got < 0 && errno == EINTR) got = ::read(fd_, out, n);
  if (got < 0) {
    failed_ = true;
    got = 0;
  }
  if (got == 0) eof_ = true;
  bytes_read_ += static_cast<std::size_t>(got);
  return got;
}

std::size_t line_reader::skip_line(std::size_t seen, std::size_t block) {
  std::vector<char> buf(block);
  while (!eof_) {
    const long n = read_some(buf.data(), buf.size());
    const auto* nl =
        static_cast<const char*>(std::memchr(buf.data(), '\n', static_cast<std::size_t>(n)));
    if (nl != nullptr) {
      carry_.assign(nl + 1, static_cast<std::size_t>(buf.data() + n - (nl + 1)));
      return seen + static_cast<std::size_t>(nl - buf.data());
    }
    seen += static_cast<std::size_t>(n);
  }
  return seen;
}

bool line_reader::next(std::string& data, std::vector<line_ref>& lines, std::size_t block) {
  lines.clear();
  data.assign(carry_);  // a copy of the tail: the caller's (pooled) buffer keeps its capacity
  carry_.clear();
  if (eof_ && data.empty()) return false;
  // Read until the block holds at least one complete line.
  for (std::size_t scanned = 0; !eof_;) {
    const std::size_t old = data.size();
    data.resize(old + block);
    const long n = read_some(data.data() + old, block);
    data.resize(old + static_cast<std::size_t>(n));
    if (data.find('\n', scanned) != std::string::npos) break;
    scanned = data.size();
    if (scanned > max_line_) {
      lines.push_back({0, 0, line_no_++, skip_line(scanned, block)});
      data.clear();
      return true;
    }
  }
  if (!eof_) {
    const std::size_t last = data.rfind('\n');
    carry_.assign(data, last + 1, std::string::npos);
    data.resize(last + 1);
  }
  const std::string_view all = data;
  for (std::size_t pos = 0; pos < all.size(); ++line_no_) {
    std::size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::size_t len = end - pos;
    if (len > 0 && all[pos + len - 1] == '\r') --len;
    if (len > max_line_)  // under the block size, but over this run's limit
      lines.push_back({pos, 0, line_no_, len});
    else if (all.substr(pos, len).find_first_not_of(" \t") != std::string_view::npos)
      lines.push_back({pos, len, line_no_});
    pos = end + 1;
  }
  return true;
}

}  // namespace exportctl::cli
