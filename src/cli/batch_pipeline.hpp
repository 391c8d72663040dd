// batch_pipeline.hpp: the streaming machinery of `exportctl batch`. A reader thread cuts the
// input into chunks; worker threads decide and serialize whole chunks into per-chunk strings; the
// caller's thread writes chunks in input order. At most `window` chunks exist at once, so memory
// stays flat however long the input is.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/batch_input.hpp"
#include "cli/batch_summary.hpp"
#include "exportctl/engine.hpp"
#include "exportctl/ledger.hpp"

namespace exportctl::cli {

enum class batch_input { jsonl, csv };

struct batch_settings {
  std::string path;         ///< input file, or "-" for standard input
  std::string source_name;  ///< name used in diagnostics ("<stdin>" for "-")
  /// JSON Lines read from this open descriptor instead of `path` when >= 0 (exportctl serve's
  /// /v1/batch feeds a pipe); the pipeline closes it at the end of input.
  int fd = -1;
  /// A longer line becomes an error record (EXC-E6010) without being held in memory.
  std::size_t max_line = max_line_bytes;
  batch_input format = batch_input::jsonl;
  unsigned threads = 1;
  std::optional<date> as_of;
  bool receipts = false;  ///< append a `receipt` member to each decision record
  bool progress = false;  ///< draw a progress bar on stderr (a terminal)
  /// `--db`: release every shipment into this ledger instead of only deciding it. Each chunk
  /// of input is one group commit (ledger::release_many) made by the writer thread in input
  /// order, before its records are written; the records are those of `exportctl release`.
  ledger* db = nullptr;
  /// When set, the records go to this function instead of `out` (which may then be null): each
  /// call hands over the next records in input order, each ending in a newline, to be moved
  /// from. It may block (back-pressure); false stops the run as a failed write does. exportctl
  /// serve's /v1/batch sends them to the socket from here, with no pipe between.
  std::function<bool(std::vector<std::string>& records)> sink;
};

struct batch_outcome {
  batch_counts counts;
  bool io_error = false;      ///< the input could not be read or the output not written
  bool header_error = false;  ///< CSV: the header was refused (nothing was decided)
};

/// Runs the pipeline, writing records to `out` (or `s.sink`). Never throws for bad input: each bad
/// line becomes an error record.
[[nodiscard]] batch_outcome run_batch(const engine& eng, const batch_settings& s, std::FILE* out);

}  // namespace exportctl::cli
