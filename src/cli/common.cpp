#include "cli/common.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "model/file_read.hpp"

namespace exportctl::cli {

void keep_heap_top() {
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

std::optional<std::string> read_input(const std::string& path, std::size_t max,
                                      std::string_view what) {
  std::vector<diagnostic> diags;
  auto text = path == "-" ? detail::read_bounded_stream(STDIN_FILENO, max, what, "<stdin>", diags)
                          : detail::read_regular_file(path, max, what, diags);
  print_diagnostics(diags);
  return text;
}

std::optional<std::string> read_stream(const std::string& path) {
  std::vector<diagnostic> diags;
  std::optional<std::string> text;
  const std::size_t unbounded = static_cast<std::size_t>(-1);
  if (path == "-") {
    text = detail::read_bounded_stream(STDIN_FILENO, unbounded, "input", "<stdin>", diags);
  } else {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      diagnostic d;
      d.code = "EXC-E9001";
      d.message = "cannot read `" + path + "`: " + std::strerror(errno);
      d.file = path;
      diags.push_back(std::move(d));
    } else {
      text = detail::read_bounded_stream(fd, unbounded, "input", path, diags);
      ::close(fd);
    }
  }
  print_diagnostics(diags);
  return text;
}

namespace {

diagnostic alias_error(const std::string& out, const std::string& other, bool input) {
  diagnostic d;
  d.code = "EXC-E9004";
  d.message =
      "output `" + out + "` is the same file as " + (input ? "input `" : "output `") + other + "`";
  d.file = out;
  d.help = input ? "write the output to another file; writing it would destroy the input"
                 : "give each output its own file";
  return d;
}

// The identity of a path: its inode when it exists, otherwise its resolved absolute path.
struct file_id {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string resolved;
  bool operator==(const file_id& o) const {
    return exists == o.exists && (exists ? dev == o.dev && ino == o.ino : resolved == o.resolved);
  }
};

file_id id_of(const std::string& path) {
  file_id id;
  struct stat st {};
  const int rc = path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(path.c_str(), &st);
  if (rc == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    return id;
  }
  std::error_code ec;
  id.resolved = std::filesystem::weakly_canonical(path, ec).string();
  if (ec) id.resolved = path;
  return id;
}

bool is_regular_or_missing(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode);
}

}  // namespace

bool refuse_aliases(const std::vector<std::string>& outputs,
                    const std::vector<std::string>& inputs) {
  bool ok = true;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].empty()) continue;
    // Writing to a device (/dev/stdout, /dev/null) destroys nothing.
    if (!is_regular_or_missing(outputs[i])) continue;
    const file_id out = id_of(outputs[i]);
    for (const auto& in : inputs) {
      if (in.empty() || (in == "-" && !out.exists)) continue;
      if (id_of(in) == out) {
        std::cerr << format(alias_error(outputs[i], in, true)) << '\n';
        ok = false;
      }
    }
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      if (!outputs[j].empty() && id_of(outputs[j]) == out) {
        std::cerr << format(alias_error(outputs[j], outputs[i], false)) << '\n';
        ok = false;
      }
    }
  }
  return ok;
}

output_file::~output_file() {
  if (file_ != nullptr) std::fclose(file_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

bool output_file::open(const std::string& path) {
  path_ = path;
  if (!is_regular_or_missing(path)) {
    file_ = std::fopen(path.c_str(), "wb");
  } else {
    std::string templ = path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(templ.data());
    if (fd >= 0) {
      // mkstemp creates the file 0600; the output gets what a plain create would give it.
      const mode_t mask = ::umask(0);
      ::umask(mask);
      ::fchmod(fd, 0666 & ~mask);
      temp_ = templ;
      file_ = ::fdopen(fd, "wb");
      if (file_ == nullptr) ::close(fd);
    }
  }
  if (file_ == nullptr) {
    std::cerr << "error: cannot write `" << path << "`: " << std::strerror(errno) << '\n';
    return false;
  }
  return true;
}

bool output_file::commit() {
  if (file_ == nullptr) return false;
  bool ok = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  if (ok && !temp_.empty()) ok = ::fsync(fileno(file_)) == 0;
  int saved = errno;
  if (std::fclose(file_) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  file_ = nullptr;
  if (ok && !temp_.empty()) {
    ok = std::rename(temp_.c_str(), path_.c_str()) == 0;
    saved = errno;
    if (ok) temp_.clear();
  }
  if (!ok) std::cerr << "error: cannot write `" << path_ << "`: " << std::strerror(saved) << '\n';
  return ok;
}

bool write_file(const std::string& path, std::string_view content) {
  output_file out;
  if (!out.open(path)) return false;
  // A short write sets the stream's error flag: commit() reports it and removes the temporary.
  if (!content.empty()) (void)std::fwrite(content.data(), 1, content.size(), out.get());
  return out.commit();
}

bool flush_stdout() {
  std::cout.flush();
  const bool ok =
      static_cast<bool>(std::cout) && std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
  if (!ok) {
    std::cerr << "error: cannot write standard output: " << std::strerror(errno) << '\n';
    std::cout.clear();
  }
  return ok;
}

void print_diagnostics(const std::vector<diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) std::cerr << format(d) << '\n';
}

std::optional<engine> build_engine(const engine_flags& flags) {
  engine_options options{flags.rules, flags.scenarios};
  options.require_headquarters = flags.require_headquarters;
  options.list_paths = flags.lists;
  options.reviewed_paths = flags.reviewed;
  engine_result built = engine::load(options);
  print_diagnostics(built.diagnostics);
  if (!built.value) {
    std::cerr << "error: the rule packs or screening lists could not be loaded (run `exportctl "
                 "lint` on the packs)\n";
    return std::nullopt;
  }
  return std::move(built.value);
}

std::optional<date> parse_as_of(const engine_flags& flags, bool& ok) {
  ok = true;
  if (flags.as_of.empty()) return std::nullopt;
  auto d = date::parse(flags.as_of);
  if (!d) {
    std::cerr << "error: --as-of `" << flags.as_of << "` is not a date (expected YYYY-MM-DD)\n";
    ok = false;
  }
  return d;
}

bool want_json(const engine_flags& flags) {
  if (flags.format.empty()) return isatty(STDOUT_FILENO) == 0;
  return flags.format == "json";
}

}  // namespace exportctl::cli
