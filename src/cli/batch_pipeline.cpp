#include "cli/batch_pipeline.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/batch_input.hpp"
#include "cli/batch_records.hpp"
#include "exportctl/io.hpp"
#include "exportctl/receipt.hpp"
#include "model/sha256.hpp"
#include "shipment/csv.hpp"

namespace exportctl::cli {
namespace {

// Big enough that locking and handing over cost nothing next to deciding ~500 shipments; small
// enough that a few chunks per thread keep every core busy and memory flat.
constexpr std::size_t read_block = 256 * 1024;
constexpr std::size_t csv_chunk_shipments = 256;
struct chunk {
  std::string data;  // JSON Lines: whole lines of input
  std::vector<line_ref> lines;
  std::vector<shipment_lines_result> shipments;  // CSV: shipments assembled by the reader
  std::vector<std::string> input_sha256;         // CSV: of each shipment's rows, as read
  // One string per record, each ending in a newline, written with writev: a decision's JSON is
  // moved here as to_json made it, never copied into a chunk-wide buffer.
  std::vector<std::string> records;
  // SHA-256 of each record's open bytes, made by the worker; the writer chains them.
  std::vector<std::string> record_sha256;
  batch_counts counts;
  // --db: the shipments the writer releases, each with the index of its placeholder record.
  struct order {
    std::size_t record = 0;
    std::size_t line = 0;
    std::string input_sha256;
    shipment s;
  };
  std::vector<order> orders;
};

class pipeline {
 public:
  pipeline(const engine& eng, const batch_settings& s, std::FILE* out)
      : eng_(eng), s_(s), out_(out), window_(2 * static_cast<std::size_t>(s.threads) + 2) {}

  batch_outcome run();

 private:
  bool push(std::unique_ptr<chunk> c);
  std::unique_ptr<chunk> fresh_chunk();
  void read_jsonl();
  void read_csv();
  void read_csv_records(std::istream& in);
  void work();
  // `input_sha256` of the input, or empty to hash `text` when the line gets an error record.
  void decide(chunk& c, shipment& sh, std::size_t line, std::string_view input_sha256,
              std::string_view text);
  void process(chunk& c);
  void release_chunk(chunk& c);
  void draw_progress(bool final);
  bool emit(std::vector<std::string>& records);
  /// Why emit failed: the descriptor's errno, or the sink's refusal (errno means nothing then).
  [[nodiscard]] std::string output_error() const {
    return s_.sink ? "the receiver took no more records (a client that went away)"
                   : std::strerror(errno);
  }

  const engine& eng_;
  const batch_settings& s_;
  std::FILE* out_;
  const std::size_t window_;

  std::mutex m_;
  std::condition_variable work_cv_, done_cv_, space_cv_;
  std::deque<std::pair<std::size_t, std::unique_ptr<chunk>>> todo_;
  std::map<std::size_t, std::unique_ptr<chunk>> done_;
  // Written chunks, kept for reuse: their buffers keep their capacity, so after the first few
  // chunks no output buffer grows (copies) or touches fresh pages (page faults) again.
  std::vector<std::unique_ptr<chunk>> free_;
  std::size_t produced_ = 0;
  std::size_t written_ = 0;
  bool reader_finished_ = false;
  bool stop_ = false;
  std::string chain_{chain_start};  // the writer's: the chain value of the records written
  std::size_t chained_ = 0;         // records written

  batch_outcome result_;
  std::atomic<std::size_t> bytes_read_{0};
  std::atomic<bool> read_failed_{false};  // set by the reader; merged into result_ at the end
  std::size_t total_bytes_ = 0;           // 0: unknown (a pipe)
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

std::unique_ptr<chunk> pipeline::fresh_chunk() {
  {
    std::lock_guard lock(m_);
    if (!free_.empty()) {
      auto c = std::move(free_.back());
      free_.pop_back();
      c->data.clear();
      c->lines.clear();
      c->shipments.clear();
      c->input_sha256.clear();
      c->records.clear();
      c->record_sha256.clear();
      c->orders.clear();
      c->counts = {};
      return c;
    }
  }
  return std::make_unique<chunk>();
}

bool pipeline::push(std::unique_ptr<chunk> c) {
  std::unique_lock lock(m_);
  space_cv_.wait(lock, [&] { return stop_ || produced_ - written_ < window_; });
  if (stop_) return false;
  todo_.emplace_back(produced_++, std::move(c));
  work_cv_.notify_one();
  return true;
}

void pipeline::read_jsonl() {
  int fd = STDIN_FILENO;
  if (s_.fd >= 0) {
    fd = s_.fd;
  } else if (s_.path != "-") {
    fd = ::open(s_.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::cerr << "error: cannot read `" << s_.path << "`: " << std::strerror(errno) << '\n';
      read_failed_ = true;
      return;
    }
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    total_bytes_ = static_cast<std::size_t>(st.st_size);

  line_reader reader(fd, bytes_read_, s_.max_line);
  for (;;) {
    auto c = fresh_chunk();
    if (!reader.next(c->data, c->lines, read_block)) break;
    if (!c->lines.empty() && !push(std::move(c))) break;
  }
  if (reader.failed()) {
    std::cerr << "error: reading `" << s_.path << "`: " << std::strerror(errno) << '\n';
    read_failed_ = true;
  }
  if (fd != STDIN_FILENO) ::close(fd);
}

void pipeline::read_csv() {
  std::ifstream file;
  if (s_.path != "-") {
    file.open(s_.path, std::ios::binary);
    if (!file) {
      std::cerr << "error: cannot read `" << s_.path << "`\n";
      read_failed_ = true;
      return;
    }
  }
  std::istream& in = s_.path == "-" ? std::cin : file;
  read_csv_records(in);
  // A read error (EIO, a directory) ends the records as the end of input does: tell them apart.
  if (in.bad()) {
    const int e = errno;
    std::cerr << "error: reading `" << s_.path << "`: " << (e ? std::strerror(e) : "read error")
              << " (the records before it were written; the rest of the input was not read)\n";
    read_failed_ = true;
  }
}

void pipeline::read_csv_records(std::istream& in) {
  detail::csv_reader reader(in, s_.source_name);
  detail::csv_record rec;
  std::optional<diagnostic> err;
  if (!reader.next(rec, err)) return;  // empty input: nothing to decide
  shipment_lines lines(rec.cells, s_.source_name);
  if (!lines.header_diagnostics().empty() || err) {
    if (err) std::cerr << format(*err) << '\n';
    for (const auto& d : lines.header_diagnostics()) std::cerr << format(d) << '\n';
    result_.header_error = true;
    return;
  }
  const std::size_t width = rec.cells.size();
  std::vector<diagnostic> syntax;  // rows that could not be read, waiting for their shipment
  // The rows read but not yet part of an emitted shipment, as CSV text (cells quoted when they
  // need it), so that a record names the SHA-256 of the input it was decided from.
  std::deque<std::pair<std::size_t, std::string>> rows;
  auto c = fresh_chunk();
  auto emit = [&](shipment_lines_result r) {
    std::string text;
    while (!rows.empty() && rows.front().first <= r.last_row) {
      if (rows.front().first >= r.first_row) text += rows.front().second;
      rows.pop_front();
    }
    c->input_sha256.push_back(detail::sha256_hex(text));
    for (auto it = syntax.begin(); it != syntax.end();) {
      const auto line = static_cast<std::size_t>(it->line);
      if (line < r.first_row || line > r.last_row) {
        ++it;
        continue;
      }
      r.diagnostics.insert(r.diagnostics.begin(), std::move(*it));  // the cause, first
      r.value.reset();
      it = syntax.erase(it);
    }
    c->shipments.push_back(std::move(r));
    if (c->shipments.size() < csv_chunk_shipments) return true;
    auto full = std::move(c);
    c = fresh_chunk();
    return push(std::move(full));
  };
  std::vector<std::string_view> cells;
  while (reader.next(rec, err)) {
    cells.assign(rec.cells.begin(), rec.cells.end());
    std::string& row = rows.emplace_back(rec.line, std::string()).second;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) row += ',';
      if (cells[i].find_first_of(",\"\r\n") == std::string_view::npos) {
        row += cells[i];
        continue;
      }
      row += '"';
      for (char ch : cells[i]) row.append(ch == '"' ? 2 : 1, ch);
      row += '"';
    }
    row += '\n';
    if (err) {
      // A row that could not be read must refuse its whole shipment, never leave it deciding
      // without this item: cut it short so that shipment_lines rejects it too.
      if (cells.size() >= width && width > 0) cells.resize(width - 1);
      syntax.push_back(*err);
    }
    if (auto done = lines.add(cells, rec.line); done && !emit(std::move(*done))) return;
  }
  if (auto last = lines.finish(); last && !emit(std::move(*last))) return;
  if (!c->shipments.empty()) (void)push(std::move(c));
}

void pipeline::decide(chunk& c, shipment& sh, std::size_t line, std::string_view input_sha256,
                      std::string_view text) {
  if (s_.db != nullptr) {
    // Released by the writer, in input order (release_chunk): a placeholder keeps the place.
    c.orders.push_back({c.records.size(), line,
                        input_sha256.empty() ? detail::sha256_hex(text) : std::string(input_sha256),
                        std::move(sh)});
    c.records.emplace_back();
    return;
  }
  auto result = eng_.check(sh, {s_.as_of});
  if (!result.value) {
    ++c.counts.bad;
    write_error_record(c.records.emplace_back(), line, result.diagnostics,
                       input_sha256.empty() ? detail::sha256_hex(text) : std::string(input_sha256));
    return;
  }
  std::string json = to_json(*result.value);
  if (s_.receipts) {
    const std::string receipt = make_receipt(sh, *result.value, json);
    json.pop_back();  // the closing brace: the receipt becomes the record's last member
    json += ",\"receipt\":";
    json += receipt;
    json += '}';
  }
  json.pop_back();  // open again: the input line and the chain member follow
  json += ",\"line\":";
  json += std::to_string(line);
  c.records.push_back(std::move(json));
  c.counts.add(*result.value, sh);
}

void pipeline::process(chunk& c) {
  if (s_.format == batch_input::jsonl) {
    c.records.reserve(c.lines.size());
    for (const auto& l : c.lines) {
      if (l.too_long > 0) {
        diagnostic d;
        d.code = "EXC-E6010";
        d.message = "line is " + std::to_string(l.too_long) + " bytes; the limit is " +
                    std::to_string(s_.max_line);
        d.file = s_.source_name;
        d.line = static_cast<int>(l.number);
        d.help = "one shipment per line; a line this long is not one shipment";
        ++c.counts.bad;
        write_error_record(c.records.emplace_back(), l.number, {d}, {});
        continue;
      }
      const std::string_view text = std::string_view(c.data).substr(l.offset, l.size);
      try {
        auto parsed = parse_shipment(text, s_.source_name);
        // Positions inside a one-line document are on its line 1: move them to the input's line.
        if (!parsed.value) {
          for (auto& d : parsed.diagnostics)
            if (d.line > 0) d.line += static_cast<int>(l.number) - 1;
          ++c.counts.bad;
          write_error_record(c.records.emplace_back(), l.number, parsed.diagnostics,
                             detail::sha256_hex(text));
          continue;
        }
        shipment& sh = *parsed.value;
        for (auto& it : sh.items) it.position.line += static_cast<int>(l.number) - 1;
        for (auto& p : sh.parties) p.position.line += static_cast<int>(l.number) - 1;
        for (auto& t : sh.transfers) t.position.line += static_cast<int>(l.number) - 1;
        decide(c, sh, l.number, {}, text);
      } catch (const std::exception& e) {
        ++c.counts.bad;
        write_error_record(c.records.emplace_back(), l.number,
                           {internal_error(s_.source_name, l.number, e.what())},
                           detail::sha256_hex(text));
      }
    }
  } else {
    for (std::size_t i = 0; i < c.shipments.size(); ++i) {
      auto& r = c.shipments[i];
      const std::string_view input_sha256 = c.input_sha256[i];
      try {
        if (!r.value) {
          ++c.counts.bad;
          write_error_record(c.records.emplace_back(), r.first_row, r.diagnostics, input_sha256);
          continue;
        }
        decide(c, *r.value, r.first_row, input_sha256, {});
      } catch (const std::exception& e) {
        ++c.counts.bad;
        write_error_record(c.records.emplace_back(), r.first_row,
                           {internal_error(s_.source_name, r.first_row, e.what())}, input_sha256);
      }
    }
  }
  // The records' hashes here, on all cores; the writer only chains them (one short hash each).
  c.record_sha256.reserve(c.records.size());
  for (auto& rec : c.records) {
    c.record_sha256.push_back(detail::sha256_hex(rec));
    rec.reserve(rec.size() + 96);  // room for the chain member, so the writer never copies
  }
  c.shipments.clear();  // shipments own memory; the input text is kept for its capacity
}

void pipeline::release_chunk(chunk& c) {
  std::vector<shipment> group;
  group.reserve(c.orders.size());
  for (auto& o : c.orders) group.push_back(std::move(o.s));
  auto results = s_.db->release_many(eng_, group, {s_.as_of});
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& o = c.orders[i];
    auto& r = results[i];
    std::string& rec = c.records[o.record];
    if (!r.value || !r.release) {
      // Not decided (a bad shipment) or not recorded (the database failed): an error record,
      // never a decision that the ledger does not have.
      ++c.counts.bad;
      write_error_record(rec, o.line, r.diagnostics, o.input_sha256);
    } else {
      rec = to_json(*r.value, *r.release);
      rec.pop_back();  // open again: the input line and the chain member follow
      rec += ",\"line\":";
      rec += std::to_string(o.line);
      c.counts.add(*r.value, group[i]);
    }
    c.record_sha256[o.record] = detail::sha256_hex(rec);
    rec.reserve(rec.size() + 96);
  }
  c.orders.clear();
}

void pipeline::work() {
  for (;;) {
    std::pair<std::size_t, std::unique_ptr<chunk>> job;
    {
      std::unique_lock lock(m_);
      work_cv_.wait(lock, [&] { return !todo_.empty() || reader_finished_; });
      if (todo_.empty()) return;
      job = std::move(todo_.front());
      todo_.pop_front();
    }
    process(*job.second);
    {
      std::lock_guard lock(m_);
      done_.emplace(job.first, std::move(job.second));
    }
    done_cv_.notify_one();
  }
}

void pipeline::draw_progress(bool final) {
  const auto now = std::chrono::steady_clock::now();
  if (!final && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  if (final) {
    std::cerr << "\r\033[K" << std::flush;
    return;
  }
  const double secs = std::chrono::duration<double>(now - start_).count();
  const std::size_t n = result_.counts.shipments + result_.counts.bad;
  char line[160];
  if (total_bytes_ > 0) {
    const double frac =
        std::min(1.0, static_cast<double>(bytes_read_) / static_cast<double>(total_bytes_));
    const int filled = static_cast<int>(frac * 30);
    std::snprintf(line, sizeof line, "\r[%-30.*s] %3.0f%% %zu shipments, %.0f/s", filled,
                  "##############################", frac * 100, n, secs > 0 ? n / secs : 0.0);
  } else {
    std::snprintf(line, sizeof line, "\r%zu shipments, %.0f/s", n, secs > 0 ? n / secs : 0.0);
  }
  std::cerr << line << "\033[K" << std::flush;
}

bool pipeline::emit(std::vector<std::string>& records) {
  if (s_.sink) return s_.sink(records);
  return write_records(fileno(out_), records);
}

batch_outcome pipeline::run() {
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < s_.threads; ++i) workers.emplace_back([this] { work(); });
  std::thread reader([this] {
    try {
      if (s_.format == batch_input::csv) {
        read_csv();
      } else {
        read_jsonl();
      }
    } catch (const std::exception& e) {
      std::cerr << "error: reading input: " << e.what() << '\n';
      read_failed_ = true;
    }
    std::lock_guard lock(m_);
    reader_finished_ = true;
    work_cv_.notify_all();
    done_cv_.notify_all();
  });

  // Records bypass stdio (writev on the descriptor); nothing else is written to `out_`.
  if (out_ != nullptr) std::fflush(out_);
  for (;;) {
    std::unique_ptr<chunk> c;
    {
      std::unique_lock lock(m_);
      done_cv_.wait(lock, [&] {
        return done_.count(written_) > 0 || (reader_finished_ && written_ == produced_);
      });
      auto it = done_.find(written_);
      if (it == done_.end()) break;
      c = std::move(it->second);
      done_.erase(it);
      ++written_;
    }
    space_cv_.notify_one();
    if (!stop_ && !c->orders.empty()) release_chunk(*c);
    if (!stop_) {
      for (std::size_t i = 0; i < c->records.size(); ++i) {
        close_record(c->records[i], chain_);
        chain_ = chain_next(chain_, c->record_sha256[i]);
      }
      chained_ += c->records.size();
      if (!emit(c->records)) {
        std::cerr << "error: cannot write the output: " << output_error() << '\n';
        result_.io_error = true;
        std::lock_guard lock(m_);
        stop_ = true;
        space_cv_.notify_all();
      }
    }
    result_.counts.merge(c->counts);
    if (s_.progress) draw_progress(false);
    c->records.clear();  // here, on the least busy thread
    std::lock_guard lock(m_);
    free_.push_back(std::move(c));
  }
  reader.join();
  for (auto& w : workers) w.join();
  if (read_failed_) result_.io_error = true;
  // The summary says the input was read to its end: a run that stopped early has none, and
  // `verify` then reports the file as incomplete.
  std::vector<std::string> summary{summary_record(chained_, chain_)};
  if (!result_.io_error && !result_.header_error && !emit(summary)) {
    std::cerr << "error: cannot write the output: " << output_error() << '\n';
    result_.io_error = true;
  }
  if (out_ != nullptr && std::fflush(out_) != 0) result_.io_error = true;
  if (s_.progress) draw_progress(true);
  return std::move(result_);
}

}  // namespace

batch_outcome run_batch(const engine& eng, const batch_settings& s, std::FILE* out) {
  pipeline p(eng, s, out);
  return p.run();
}

}  // namespace exportctl::cli
