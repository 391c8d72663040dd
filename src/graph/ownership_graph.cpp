// ownership_graph.cpp: the ownership graph's order with Boost.Graph. Strong components find the
// cycles of ownership (cross-holdings); the condensation is a DAG, sorted topologically so that
// the Affiliates-rule walk (src/engine/ownership.cpp) sees every owner before what it owns.
#include "graph/ownership_graph.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <iterator>

namespace exportctl::detail {
namespace {

using owner_graph_t = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

}  // namespace

void order_ownership(int vertex_count, std::span<const std::pair<int, int>> edges,
                     ownership_order& out) {
  const auto n = static_cast<std::size_t>(vertex_count);
  out.order.clear();
  out.component.clear();
  out.cyclic.assign(n, 0);
  out.depth.assign(n, 0);
  if (n == 0) return;
  owner_graph_t g(n);
  for (const auto& [from, to] : edges) boost::add_edge(from, to, g);

  std::vector<int>& component = out.component;
  component.assign(n, 0);
  const int components = boost::strong_components(
      g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  std::vector<int> size(static_cast<std::size_t>(components), 0);
  for (const int c : component) ++size[static_cast<std::size_t>(c)];

  // The condensation: one vertex per component, an edge where an owner's component differs
  // from the owned one's. A DAG, so topological_sort cannot meet a back edge.
  owner_graph_t dag(static_cast<std::size_t>(components));
  for (const auto& [from, to] : edges) {
    const int a = component[static_cast<std::size_t>(from)];
    const int b = component[static_cast<std::size_t>(to)];
    if (a != b) boost::add_edge(static_cast<std::size_t>(a), static_cast<std::size_t>(b), dag);
  }
  std::vector<std::size_t> reversed;
  reversed.reserve(static_cast<std::size_t>(components));
  boost::topological_sort(dag, std::back_inserter(reversed));
  std::reverse(reversed.begin(), reversed.end());

  // Longest chain of components above each one, in topological order.
  std::vector<int> level(static_cast<std::size_t>(components), 0);
  for (const std::size_t c : reversed) {
    for (auto [e, end] = boost::out_edges(c, dag); e != end; ++e) {
      const std::size_t t = boost::target(*e, dag);
      level[t] = std::max(level[t], level[c] + 1);
    }
  }
  std::vector<std::vector<int>> members(static_cast<std::size_t>(components));
  for (std::size_t v = 0; v < n; ++v) {
    const auto c = static_cast<std::size_t>(component[v]);
    members[c].push_back(static_cast<int>(v));
    out.cyclic[v] = size[c] > 1 ? 1 : 0;
    out.depth[v] = level[c];
  }
  out.order.reserve(n);
  for (const std::size_t c : reversed)
    out.order.insert(out.order.end(), members[c].begin(), members[c].end());
}

}  // namespace exportctl::detail
