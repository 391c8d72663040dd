// party_graph.hpp: the parties of a shipment as a directed graph (vertices = parties, edges =
// transfers in input order), every simple path from the exporter to where the goods stop, and
// the cycles. The implementation uses Boost.Graph; this header exposes standard types only, so
// that Boost stays inside src/graph/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace exportctl::detail {

/// Bounds of the path enumeration (the number of simple paths can grow exponentially).
struct graph_options {
  std::size_t max_paths = 4096;
};

/// The graph to analyse. Party and transfer references are indices (already validated).
struct graph_input {
  int party_count = 0;
  int exporter = 0;
  std::span<const std::uint8_t> end_user;      ///< per party: 1 if its role is end_user
  std::span<const std::pair<int, int>> edges;  ///< transfers (from, to), in input order
};

/// What the red-flag rules and the evaluator need to know about the graph.
struct graph_facts {
  /// Paths, concatenated: path i is nodes[offsets[i] .. offsets[i + 1]). A path starts at the
  /// exporter and ends at an end user, at a party with no outgoing transfer, or where every
  /// outgoing transfer leads back into the path (a cycle). Order: depth first, following the
  /// transfers in input order.
  std::vector<int> nodes;
  std::vector<std::uint32_t> offsets{0};
  /// Cycles (each a back edge of a depth-first search started at the exporter), as the
  /// parties in transfer order starting from the one reached first.
  std::vector<std::vector<int>> cycles;
  /// Parties on no path (not reachable from the exporter, or only beyond an end user), in
  /// input order. Empty when the enumeration was truncated.
  std::vector<int> off_path;
  bool truncated = false;         ///< more than max_paths paths: enumeration stopped
  bool end_user_reached = false;  ///< some path ends at an end user

  [[nodiscard]] std::size_t path_count() const { return offsets.size() - 1; }
  [[nodiscard]] std::span<const int> path(std::size_t i) const {
    return {nodes.data() + offsets[i], nodes.data() + offsets[i + 1]};
  }
};

/// Analyses the party graph. Duplicate transfers (same from and to) count once.
[[nodiscard]] graph_facts analyze_party_graph(const graph_input& in,
                                              const graph_options& options = {});
/// As above, into `out`, whose vectors keep their capacity (a caller that analyses graph after
/// graph reuses one graph_facts and allocates nothing once it has grown).
void analyze_party_graph(const graph_input& in, const graph_options& options, graph_facts& out);

}  // namespace exportctl::detail
