// ownership_graph.hpp: the ownership graph of a shipment (vertices = parties, entities and named
// owners; edges = "owner holds a share of owned") ordered for the Affiliates-rule walk: owners
// before what they own, cycles of ownership found, and the longest owner chain above each
// vertex. Boost.Graph stays inside ownership_graph.cpp; this header exposes standard types only.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace exportctl::detail {

struct ownership_order {
  /// Every vertex once, owners before the vertices they own (within a cycle, in vertex order).
  std::vector<int> order;
  /// Per vertex: its strong component (vertices on one cycle share it).
  std::vector<int> component;
  /// Per vertex: 1 if it lies on a cycle of ownership (A owns B owns ... owns A).
  std::vector<std::uint8_t> cyclic;
  /// Per vertex: the most owner levels above it (0: no owners); a cycle counts once.
  std::vector<int> depth;
};

/// Orders `vertex_count` vertices under `edges` (owner, owned), into `out`.
void order_ownership(int vertex_count, std::span<const std::pair<int, int>> edges,
                     ownership_order& out);

}  // namespace exportctl::detail
