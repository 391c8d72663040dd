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

// Per-thread storage for one analysis: the Boost graph and the search's scratch keep their
// capacity from call to call (engines are shared between threads, analyses are not).
struct scratch {
  graph_t g;
  std::vector<boost::default_color_type> colors;
  std::vector<int> parent;
  std::vector<std::uint8_t> on_path;
  std::vector<std::uint8_t> used;
  std::vector<frame> stack;

  // Makes `g` the graph of `in`: n vertices, the transfers as edges (duplicates once).
  void build(const graph_input& in, std::size_t n) {
    // Vertices beyond n are removed from the back (no renumbering); the out-edge lists of the
    // rest are emptied without giving back their memory.
    while (boost::num_vertices(g) > n) boost::remove_vertex(boost::num_vertices(g) - 1, g);
    for (std::size_t v = 0; v < boost::num_vertices(g); ++v) boost::clear_out_edges(v, g);
    while (boost::num_vertices(g) < n) boost::add_vertex(g);
    for (std::size_t i = 0; i < in.edges.size(); ++i) {
      bool duplicate = false;
      for (std::size_t j = 0; j < i && !duplicate; ++j) duplicate = in.edges[j] == in.edges[i];
      if (!duplicate) {
        boost::add_edge(static_cast<vertex_t>(in.edges[i].first),
                        static_cast<vertex_t>(in.edges[i].second), g);
      }
    }
  }
};

// The analysis itself (see analyze_party_graph).
void analyze(const graph_input& in, const graph_options& options, graph_facts& out) {
  out.nodes.clear();
  out.offsets.assign(1, 0);
  out.cycles.clear();
  out.off_path.clear();
  out.truncated = false;
  out.end_user_reached = false;
  const auto n = static_cast<std::size_t>(in.party_count);
  if (in.party_count <= 0 || in.exporter < 0 || in.exporter >= in.party_count) return;

  thread_local scratch sc;
  sc.build(in, n);
  const graph_t& g = sc.g;
  const auto exporter = static_cast<vertex_t>(in.exporter);

  // Cycles: back edges of one depth-first search started at the exporter; parties the exporter
  // does not reach are searched afterwards, in input order.
  {
    sc.parent.assign(n, -1);
    sc.colors.assign(n, boost::white_color);
    cycle_recorder rec(&sc.parent, &out.cycles);
    boost::depth_first_search(g, boost::visitor(rec)
                                     .color_map(boost::make_iterator_property_map(
                                         sc.colors.begin(), boost::get(boost::vertex_index, g)))
                                     .root_vertex(exporter));
  }

  // Simple paths, depth first. A path stops at an end user, at a party without outgoing
  // transfers, or where every outgoing transfer goes back into the path.
  std::vector<std::uint8_t>& on_path = sc.on_path;
  std::vector<std::uint8_t>& used = sc.used;
  std::vector<frame>& stack = sc.stack;
  on_path.assign(n, 0);
  used.assign(n, 0);
  stack.clear();
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
}

// The analysis is a function of its input alone. Shipments mostly share a few shapes (a chain
// of three or four parties in input order), so each thread keeps its last input and result and
// answers a repeat without rebuilding the graph.
struct last_analysis {
  bool valid = false;
  int party_count = 0;
  int exporter = 0;
  std::size_t max_paths = 0;
  std::vector<std::uint8_t> end_user;
  std::vector<std::pair<int, int>> edges;
  graph_facts facts;

  [[nodiscard]] bool same(const graph_input& in, const graph_options& options) const {
    return valid && party_count == in.party_count && exporter == in.exporter &&
           max_paths == options.max_paths &&
           std::equal(end_user.begin(), end_user.end(), in.end_user.begin(), in.end_user.end()) &&
           std::equal(edges.begin(), edges.end(), in.edges.begin(), in.edges.end());
  }
  void remember(const graph_input& in, const graph_options& options, const graph_facts& f) {
    party_count = in.party_count;
    exporter = in.exporter;
    max_paths = options.max_paths;
    end_user.assign(in.end_user.begin(), in.end_user.end());
    edges.assign(in.edges.begin(), in.edges.end());
    facts = f;
    valid = true;
  }
};

}  // namespace

graph_facts analyze_party_graph(const graph_input& in, const graph_options& options) {
  graph_facts out;
  analyze_party_graph(in, options, out);
  return out;
}

void analyze_party_graph(const graph_input& in, const graph_options& options, graph_facts& out) {
  thread_local last_analysis last;
  if (last.same(in, options)) {
    out = last.facts;
    return;
  }
  analyze(in, options, out);
  last.remember(in, options, out);
}

}  // namespace exportctl::detail
