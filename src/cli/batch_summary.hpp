// batch_summary.hpp: what `exportctl batch` counts while it runs (decisions, destinations, rules
// that fired, bad lines) and how it reports them at the end (stderr text, --summary-json).
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/decision.hpp"
#include "exportctl/shipment.hpp"

namespace exportctl::cli {

/// Counts for one chunk of input, merged in input order by the writer. Ordered maps: the
/// summary's bytes must not depend on thread scheduling.
struct batch_counts {
  std::size_t shipments = 0;                                     ///< decided
  std::size_t bad = 0;                                           ///< error records written
  std::array<std::size_t, 4> decisions{};                        ///< by outcome
  std::map<std::string, std::size_t, std::less<>> destinations;  ///< end users' countries
  std::map<std::string, std::size_t, std::less<>> rules;  ///< rules that fired, once per shipment

  /// Counts one decision: its outcome, each distinct end-user country and each distinct rule of
  /// a requirement, notice, Entity List, exception, review policy, red flag or missing fact.
  void add(const decision& d, const shipment& s);
  void merge(const batch_counts& other);

 private:
  std::vector<std::string_view> fired_;  // scratch of add()
};

/// Prints the summary to stderr: totals and rate, then decisions, destinations and rules, each
/// sorted by count (highest first, then by name).
void print_summary(const batch_counts& c, double seconds);
/// The same as one JSON object, keys sorted within each section (keys: shipments, bad_lines,
/// decisions, destinations, rules). No timing: the same input gives the same bytes.
[[nodiscard]] std::string summary_json(const batch_counts& c);

}  // namespace exportctl::cli
