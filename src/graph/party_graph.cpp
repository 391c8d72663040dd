// party_graph.cpp: paths and cycles of the party graph with Boost.Graph. Walking every path to
// the end user is how "know your customer" reaches each intermediate consignee (Supp. No. 3 to
// 15 CFR Part 732: a freight forwarder as final destination, abnormal routing).
#include "graph/party_graph.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

namespace exportctl::detail {
namespace {

// vecS out-edge lists keep insertion order, so iteration follows the transfers' input order.
using graph_t = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using vertex_t = boost::graph_traits<graph_t>::vertex_descriptor;
using out_iter = boost::graph_traits<graph_t>::out_edge_iterator;

// Records tree edges (to walk a cycle back) and back edges (cycles).
class cycle_recorder : public boost::default_dfs_visitor {
 public:
  cycle_recorder(std::vector<int>* parent, std::vector<std::vector<int>>* cycles)
      : parent_(parent), cycles_(cycles) {}

  void tree_edge(boost::graph_traits<graph_t>::edge_descriptor e, const graph_t& g) const {
    (*parent_)[boost::target(e, g)] = static_cast<int>(boost::source(e, g));
  }

  void back_edge(boost::graph_traits<graph_t>::edge_descriptor e, const graph_t& g) const {
    const int from = static_cast<int>(boost::source(e, g));
    const int to = static_cast<int>(boost::target(e, g));
    std::vector<int> cycle;
    for (int v = from; v != to && v >= 0; v = (*parent_)[static_cast<std::size_t>(v)]) {
      cycle.push_back(v);
    }
    cycle.push_back(to);
    std::reverse(cycle.begin(), cycle.end());
    cycles_->push_back(std::move(cycle));
  }

 private:
  std::vector<int>* parent_;
  std::vector<std::vector<int>>* cycles_;
};

struct frame {
  vertex_t v;
  out_iter next;
  out_iter end;
  bool extended = false;
};

}  // namespace

graph_facts analyze_party_graph(const graph_input& in, const graph_options& options) {
  graph_facts out;
  const auto n = static_cast<std::size_t>(in.party_count);
  if (in.party_count <= 0 || in.exporter < 0 || in.exporter >= in.party_count) return out;

  graph_t g(n);
  for (std::size_t i = 0; i < in.edges.size(); ++i) {
    const auto [from, to] = in.edges[i];
    bool duplicate = false;
    for (std::size_t j = 0; j < i && !duplicate; ++j) duplicate = in.edges[j] == in.edges[i];
    if (!duplicate) boost::add_edge(static_cast<vertex_t>(from), static_cast<vertex_t>(to), g);
  }
  const auto exporter = static_cast<vertex_t>(in.exporter);

  // Cycles: back edges of one depth-first search started at the exporter; parties the exporter
  // does not reach are searched afterwards, in input order.
  {
    std::vector<int> parent(n, -1);
    cycle_recorder rec(&parent, &out.cycles);
    boost::depth_first_search(g, boost::visitor(rec).root_vertex(exporter));
  }

  // Simple paths, depth first. A path stops at an end user, at a party without outgoing
  // transfers, or where every outgoing transfer goes back into the path.
  std::vector<std::uint8_t> on_path(n, 0);
  std::vector<std::uint8_t> used(n, 0);
  std::vector<frame> stack;
  stack.reserve(n);
  out.nodes.reserve(n * 2);
  const auto emit = [&](vertex_t last, bool include_last) {
    if (out.path_count() >= options.max_paths) {
      out.truncated = true;
      return false;
    }
    for (const auto& f : stack) {
      out.nodes.push_back(static_cast<int>(f.v));
      used[f.v] = 1;
    }
    if (include_last) {
      out.nodes.push_back(static_cast<int>(last));
      used[last] = 1;
    }
    const int final_party =
        include_last ? static_cast<int>(last) : static_cast<int>(stack.back().v);
    if (in.end_user[static_cast<std::size_t>(final_party)]) out.end_user_reached = true;
    out.offsets.push_back(static_cast<std::uint32_t>(out.nodes.size()));
    return true;
  };

  {
    auto [b, e] = boost::out_edges(exporter, g);
    stack.push_back({exporter, b, e});
    on_path[exporter] = 1;
  }
  while (!stack.empty() && !out.truncated) {
    frame& top = stack.back();
    if (top.next == top.end) {
      if (!top.extended && !emit(top.v, false)) break;
      on_path[top.v] = 0;
      stack.pop_back();
      continue;
    }
    const vertex_t w = boost::target(*top.next, g);
    ++top.next;
    if (on_path[w]) continue;  // a back edge: reported as a cycle above
    top.extended = true;
    if (in.end_user[w]) {
      if (!emit(w, true)) break;
      continue;
    }
    auto [b, e] = boost::out_edges(w, g);
    stack.push_back({w, b, e});
    on_path[w] = 1;
  }

  if (!out.truncated) {
    for (std::size_t v = 0; v < n; ++v) {
      if (!used[v]) out.off_path.push_back(static_cast<int>(v));
    }
  }
  return out;
}

}  // namespace exportctl::detail
