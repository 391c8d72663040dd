// file_read.cpp: bounded reads of regular files and streams (model/file_read.hpp).
#include "model/file_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "model/limits.hpp"

namespace exportctl::detail {
namespace {

diagnostic file_error(std::string_view code, std::string message, std::string_view file,
                      std::string help = {}) {
  diagnostic d;
  d.code = std::string(code);
  d.message = std::move(message);
  d.file = std::string(file);
  d.help = std::move(help);
  return d;
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Reads until `out` holds `limit` bytes or the end; false (errno set) on a read error.
bool read_up_to(int fd, std::string& out, std::size_t limit) {
  constexpr std::size_t step = 1 << 16;
  while (out.size() < limit) {
    const std::size_t old = out.size();
    const std::size_t want = std::min(step, limit - old);
    out.resize(old + want);
    ssize_t n = ::read(fd, out.data() + old, want);
    while (n < 0 && errno == EINTR) n = ::read(fd, out.data() + old, want);
    if (n < 0) {
      out.resize(old);
      return false;
    }
    out.resize(old + static_cast<std::size_t>(n));
    if (n == 0) break;
  }
  return true;
}

struct fd_closer {
  int fd;
  ~fd_closer() { ::close(fd); }
};

}  // namespace

std::optional<std::string> read_regular_file(const std::string& path, std::size_t max,
                                             std::string_view what,
                                             std::vector<diagnostic>& diags) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    diags.push_back(
        file_error("EXC-E9001", "cannot read `" + path + "`: " + std::strerror(errno), path));
    return std::nullopt;
  }
  const fd_closer closer{fd};
  struct stat before {};
  if (::fstat(fd, &before) != 0) {
    diags.push_back(
        file_error("EXC-E9001", "cannot read `" + path + "`: " + std::strerror(errno), path));
    return std::nullopt;
  }
  if (!S_ISREG(before.st_mode)) {
    diags.push_back(file_error(
        "EXC-E9003", "`" + path + "` is " + kind_of(before.st_mode) + ", not a regular file", path,
        "give a file; a device or pipe has no size to check"));
    return std::nullopt;
  }
  const auto size = static_cast<std::size_t>(before.st_size);
  if (auto big = input_too_large(size, max, what, path)) {
    diags.push_back(std::move(*big));
    return std::nullopt;
  }
  // One byte more than stat promised: a file that grew while it is read is caught here.
  std::string text;
  text.reserve(size + 1);
  if (!read_up_to(fd, text, size + 1)) {
    diags.push_back(file_error("EXC-E9001", "error reading `" + path + "`: " + std::strerror(errno),
                               path, "nothing of the file is used"));
    return std::nullopt;
  }
  struct stat after {};
  const bool same = ::fstat(fd, &after) == 0 && after.st_size == before.st_size &&
                    after.st_mtim.tv_sec == before.st_mtim.tv_sec &&
                    after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && text.size() == size;
  if (!same) {
    diags.push_back(file_error("EXC-E9001",
                               "`" + path + "` changed while it was read (" + std::to_string(size) +
                                   " bytes expected, " + std::to_string(text.size()) + " read)",
                               path, "read it again once it is no longer being written"));
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> read_bounded_stream(int fd, std::size_t max, std::string_view what,
                                               std::string_view name,
                                               std::vector<diagnostic>& diags) {
  std::string text;
  const std::size_t limit = max == static_cast<std::size_t>(-1) ? max : max + 1;
  if (!read_up_to(fd, text, limit)) {
    diags.push_back(file_error(
        "EXC-E9001", "error reading `" + std::string(name) + "`: " + std::strerror(errno), name));
    return std::nullopt;
  }
  if (text.size() > max) {
    auto big = input_too_large(text.size(), max, what, name);
    big->message = std::string(what) + " is more than " + std::to_string(max) +
                   " bytes; the limit is " + std::to_string(max) + " bytes";
    diags.push_back(std::move(*big));
    return std::nullopt;
  }
  return text;
}

}  // namespace exportctl::detail
