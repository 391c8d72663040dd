#include "cli/batch_records.hpp"

#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "doc/json_writer.hpp"
#include "model/sha256.hpp"

namespace exportctl::cli {

bool write_records(int fd, const std::vector<std::string>& records) {
  std::vector<iovec> iov;
  iov.reserve(std::min<std::size_t>(records.size(), IOV_MAX));
  for (std::size_t i = 0; i < records.size();) {
    iov.clear();
    for (; i < records.size() && iov.size() < IOV_MAX; ++i)
      iov.push_back({const_cast<char*>(records[i].data()), records[i].size()});
    for (std::size_t k = 0; k < iov.size();) {
      const ssize_t n = ::writev(fd, iov.data() + k, static_cast<int>(iov.size() - k));
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      auto left = static_cast<std::size_t>(n);
      while (k < iov.size() && left >= iov[k].iov_len) left -= iov[k++].iov_len;
      if (left > 0) {
        iov[k].iov_base = static_cast<char*>(iov[k].iov_base) + left;
        iov[k].iov_len -= left;
      }
    }
  }
  return true;
}

namespace {

void write_error_object(detail::json_writer& w, std::string_view message, std::size_t line,
                        const std::vector<diagnostic>& diags) {
  w.begin_object();
  w.key("error");
  w.string(message);
  w.key("line");
  w.integer(static_cast<long long>(line));
  w.key("diagnostics");
  write_diagnostics(w, diags);
  w.end_object();
}

}  // namespace

void write_diagnostics(detail::json_writer& w, const std::vector<diagnostic>& diags) {
  w.begin_array();
  for (const auto& d : diags) {
    w.begin_object();
    w.key("level");
    w.string(d.level == severity::error ? "error" : "warning");
    w.key("code");
    w.string(d.code);
    w.key("message");
    w.string(d.message);
    w.key("file");
    w.string(d.file);
    w.key("line");
    w.integer(d.line);
    w.key("column");
    w.integer(d.column);
    w.key("path");
    w.string(d.path);
    w.key("help");
    w.string_or_null(d.help);
    w.end_object();
  }
  w.end_array();
}

void write_error_record(std::string& out, std::size_t line, const std::vector<diagnostic>& diags,
                        std::string_view input_sha256) {
  std::string_view message = "bad input";
  for (const auto& d : diags) {
    if (d.level == severity::error) {
      message = d.message;
      break;
    }
  }
  {  // the writer may grow `out` ahead of the text; it is exact once the writer is gone
    detail::json_writer w(out, false);
    write_error_object(w, message, line, diags);
  }
  out.pop_back();  // the closing brace: the record stays open for its last members
  out += ",\"input_sha256\":";
  if (input_sha256.empty()) {
    out += "null";
  } else {
    out += '"';
    out += input_sha256;
    out += '"';
  }
}

std::string chain_next(std::string_view prev, std::string_view record_sha256) {
  std::string both;
  both.reserve(prev.size() + record_sha256.size());
  both += prev;
  both += record_sha256;
  return detail::sha256_hex(both);
}

void close_record(std::string& record, std::string_view prev) {
  record += ",\"prev_sha256\":\"";
  record += prev;
  record += "\"}\n";
}

std::string summary_record(std::size_t records, std::string_view last) {
  return "{\"summary\":{\"records\":" + std::to_string(records) + ",\"last_sha256\":\"" +
         std::string(last) + "\"}}\n";
}

diagnostic internal_error(const std::string& file, std::size_t line, const char* what) {
  diagnostic d;
  d.code = "EXC-E6009";
  d.message = std::string("internal error: ") + what;
  d.file = file;
  d.line = static_cast<int>(line);
  return d;
}

}  // namespace exportctl::cli
