// party_graph_test.cpp: paths, cycles, bounds and parties off every path.
#include "graph/party_graph.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <utility>
#include <vector>

using exportctl::detail::analyze_party_graph;
using exportctl::detail::graph_facts;
using exportctl::detail::graph_input;
using exportctl::detail::graph_options;

namespace {

struct graph {
  std::vector<std::uint8_t> end_user;
  std::vector<std::pair<int, int>> edges;

  graph_facts run(int exporter = 0, graph_options options = {}) const {
    return analyze_party_graph({static_cast<int>(end_user.size()), exporter, end_user, edges},
                               options);
  }
};

std::vector<std::vector<int>> paths(const graph_facts& g) {
  std::vector<std::vector<int>> out;
  for (std::size_t i = 0; i < g.path_count(); ++i) {
    const auto p = g.path(i);
    out.emplace_back(p.begin(), p.end());
  }
  return out;
}

using paths_t = std::vector<std::vector<int>>;

}  // namespace

TEST_CASE("a chain gives one path to the end user", "[graph]") {
  const graph g{{0, 0, 0, 1}, {{0, 1}, {1, 2}, {2, 3}}};
  const auto f = g.run();
  CHECK(paths(f) == paths_t{{0, 1, 2, 3}});
  CHECK(f.end_user_reached);
  CHECK(f.cycles.empty());
  CHECK(f.off_path.empty());
  CHECK_FALSE(f.truncated);
}

TEST_CASE("branches are enumerated in transfer input order", "[graph]") {
  // 0 → 2 (end user) is listed before 0 → 1 → 3.
  const graph g{{0, 0, 1, 1}, {{0, 2}, {0, 1}, {1, 3}}};
  CHECK(paths(g.run()) == paths_t{{0, 2}, {0, 1, 3}});
  // Diamond: two routes to the same end user.
  const graph diamond{{0, 0, 0, 1}, {{0, 1}, {0, 2}, {1, 3}, {2, 3}}};
  CHECK(paths(diamond.run()) == paths_t{{0, 1, 3}, {0, 2, 3}});
}

TEST_CASE("a cycle is reported and the walk does not loop", "[graph]") {
  // 0 → 1 → 2 → 1 (back to 1), 2 → 3 (end user).
  const graph g{{0, 0, 0, 1}, {{0, 1}, {1, 2}, {2, 1}, {2, 3}}};
  const auto f = g.run();
  CHECK(paths(f) == paths_t{{0, 1, 2, 3}});
  REQUIRE(f.cycles.size() == 1);
  CHECK(f.cycles[0] == std::vector<int>{1, 2});
  // Without the way out, the path stops where every transfer leads back into it.
  const graph closed{{0, 0, 0}, {{0, 1}, {1, 2}, {2, 0}}};
  const auto c = closed.run();
  CHECK(paths(c) == paths_t{{0, 1, 2}});
  REQUIRE(c.cycles.size() == 1);
  CHECK(c.cycles[0] == std::vector<int>{0, 1, 2});
  CHECK_FALSE(c.end_user_reached);
}

TEST_CASE("a path ends at a party without outgoing transfers (freight forwarder)", "[graph]") {
  const graph g{{0, 0}, {{0, 1}}};
  const auto f = g.run();
  CHECK(paths(f) == paths_t{{0, 1}});
  CHECK_FALSE(f.end_user_reached);
  // The exporter alone: one path without hops.
  const graph alone{{0}, {}};
  CHECK(paths(alone.run()) == paths_t{{0}});
}

TEST_CASE("a path stops at an end user, parties beyond it and unreachable ones are off path",
          "[graph]") {
  // 0 → 1 (end user) → 2; 3 is not connected; the exporter is party 4.
  const graph g{{0, 1, 0, 0, 0}, {{4, 1}, {1, 2}}};
  const auto f = g.run(4);
  CHECK(paths(f) == paths_t{{4, 1}});
  CHECK(f.off_path == std::vector<int>{0, 2, 3});
}

TEST_CASE("the number of paths is bounded", "[graph]") {
  // Layers of two parties each, fully connected between layers: 2^layers paths.
  graph g;
  const int layers = 8;
  g.end_user.assign(1 + 2 * layers + 1, 0);
  g.end_user.back() = 1;
  const int sink = static_cast<int>(g.end_user.size()) - 1;
  std::vector<int> prev{0};
  for (int l = 0; l < layers; ++l) {
    std::vector<int> layer{1 + 2 * l, 2 + 2 * l};
    for (int p : prev) {
      for (int q : layer) g.edges.emplace_back(p, q);
    }
    prev = layer;
  }
  for (int p : prev) g.edges.emplace_back(p, sink);
  CHECK(g.run().path_count() == 256);
  CHECK_FALSE(g.run().truncated);
  const auto f = g.run(0, graph_options{10});
  CHECK(f.truncated);
  CHECK(f.path_count() == 10);
  CHECK(f.off_path.empty());  // not computed when truncated
}

TEST_CASE("duplicate transfers count once", "[graph]") {
  const graph g{{0, 1}, {{0, 1}, {0, 1}}};
  CHECK(paths(g.run()) == paths_t{{0, 1}});
}
