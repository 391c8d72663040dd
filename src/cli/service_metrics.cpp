// service_metrics.cpp: GET /metrics in the Prometheus text format 0.0.4 (docs/service.md,
// "Metrics"): requests by route and status, their latency, decisions by outcome, reloads, the
// pack fingerprint in force and the age of each screening list file.
#include <sys/stat.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "cli/service.hpp"

namespace exportctl::cli::service {
namespace {

// Upper bounds of the latency histogram, in seconds: the check path answers in microseconds,
// a release waits for a commit (milliseconds), a batch for its whole body.
constexpr std::array<double, 12> bounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                        0.01,   0.025,   0.1,    0.5,   2.5,    10.0};

/// A label value as Prometheus text wants it: backslash, quote and newline escaped.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void metrics::request(std::string_view route, unsigned status, double seconds) {
  std::lock_guard<std::mutex> lock(m_);
  ++requests_[{std::string(route), status}];
  auto& [sum, count] = latency_[std::string(route)];
  sum += seconds;
  ++count;
  auto& b = buckets_[std::string(route)];
  if (b.empty()) b.assign(bounds.size(), 0);
  for (std::size_t i = 0; i < bounds.size(); ++i)
    if (seconds <= bounds[i]) ++b[i];
}

void metrics::decision(std::string_view outcome) {
  std::lock_guard<std::mutex> lock(m_);
  ++decisions_[std::string(outcome)];
}

void metrics::reload(bool ok) {
  std::lock_guard<std::mutex> lock(m_);
  ++(ok ? reloads_ok_ : reloads_failed_);
}

std::string metrics::text(const engine& eng) const {
  std::string out;
  std::lock_guard<std::mutex> lock(m_);
  out += "# HELP exportctl_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE exportctl_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out += "exportctl_requests_total{route=\"" + label(key.first) + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  out +=
      "# HELP exportctl_request_duration_seconds Time from a request's last byte to its "
      "answer, by route.\n";
  out += "# TYPE exportctl_request_duration_seconds histogram\n";
  for (const auto& [route, sc] : latency_) {
    const auto& b = buckets_.at(route);
    const std::string l = label(route);
    for (std::size_t i = 0; i < bounds.size(); ++i)
      out += "exportctl_request_duration_seconds_bucket{route=\"" + l + "\",le=\"" +
             number(bounds[i]) + "\"} " + std::to_string(b[i]) + "\n";
    out += "exportctl_request_duration_seconds_bucket{route=\"" + l + "\",le=\"+Inf\"} " +
           std::to_string(sc.second) + "\n";
    out += "exportctl_request_duration_seconds_sum{route=\"" + l + "\"} " + number(sc.first) + "\n";
    out += "exportctl_request_duration_seconds_count{route=\"" + l + "\"} " +
           std::to_string(sc.second) + "\n";
  }
  out += "# HELP exportctl_decisions_total Decisions made, by outcome (releases by state).\n";
  out += "# TYPE exportctl_decisions_total counter\n";
  for (const auto& [o, n] : decisions_)
    out += "exportctl_decisions_total{outcome=\"" + label(o) + "\"} " + std::to_string(n) + "\n";
  out += "# HELP exportctl_reloads_total Reloads of packs and lists, by result.\n";
  out += "# TYPE exportctl_reloads_total counter\n";
  out += "exportctl_reloads_total{result=\"ok\"} " + std::to_string(reloads_ok_) + "\n";
  out += "exportctl_reloads_total{result=\"failed\"} " + std::to_string(reloads_failed_) + "\n";
  out += "# HELP exportctl_pack_info The pack set in force (its SHA-256 fingerprint).\n";
  out += "# TYPE exportctl_pack_info gauge\n";
  out += "exportctl_pack_info{fingerprint=\"" + label(eng.fingerprint()) + "\",packs=\"" +
         std::to_string(eng.packs().size()) + "\"} 1\n";
  out +=
      "# HELP exportctl_list_age_seconds Age of each screening list file (now minus its "
      "modification time): an old list is a stale screen.\n";
  out += "# TYPE exportctl_list_age_seconds gauge\n";
  const auto now = std::time(nullptr);
  std::string rows =
      "# HELP exportctl_list_rows Data rows read from each screening list.\n"
      "# TYPE exportctl_list_rows gauge\n";
  for (const auto& l : eng.lists()) {
    const std::string labels = "{source=\"" + label(l.source) + "\",file=\"" +
                               label(base_name(l.file)) + "\",sha256=\"" + label(l.sha256) + "\"}";
    struct stat st {};
    const std::string path(l.file);
    const double age =
        ::stat(path.c_str(), &st) == 0 ? std::difftime(now, st.st_mtime) : std::nan("");
    out += "exportctl_list_age_seconds" + labels + " " + number(age) + "\n";
    rows += "exportctl_list_rows" + labels + " " + std::to_string(l.rows) + "\n";
  }
  out += rows;
  return out;
}

}  // namespace exportctl::cli::service
