// ownership_graph_test.cpp: the order of the ownership walk: owners first, cycles, depth.
#include "graph/ownership_graph.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <utility>
#include <vector>

using exportctl::detail::order_ownership;
using exportctl::detail::ownership_order;

namespace {

std::size_t position(const ownership_order& o, int v) {
  return static_cast<std::size_t>(std::find(o.order.begin(), o.order.end(), v) - o.order.begin());
}

}  // namespace

TEST_CASE("owners come before what they own", "[graph][ownership]") {
  // 3 owns 2 owns 1 owns 0; 4 owns 0 too.
  const std::vector<std::pair<int, int>> edges{{1, 0}, {2, 1}, {3, 2}, {4, 0}};
  ownership_order o;
  order_ownership(5, edges, o);
  REQUIRE(o.order.size() == 5);
  for (const auto& [owner, owned] : edges) CHECK(position(o, owner) < position(o, owned));
  CHECK(o.depth == std::vector<int>{3, 2, 1, 0, 0});
  CHECK(std::none_of(o.cyclic.begin(), o.cyclic.end(), [](auto c) { return c != 0; }));
}

TEST_CASE("a cycle of cross-holdings is found and ordered after its owners", "[graph][ownership]") {
  // 0 is owned by 1; 1 and 2 hold each other; 3 owns 2.
  const std::vector<std::pair<int, int>> edges{{1, 0}, {2, 1}, {1, 2}, {3, 2}};
  ownership_order o;
  order_ownership(4, edges, o);
  CHECK(o.cyclic == std::vector<std::uint8_t>{0, 1, 1, 0});
  CHECK(o.component[1] == o.component[2]);
  CHECK(position(o, 3) < position(o, 2));
  CHECK(position(o, 1) < position(o, 0));
  CHECK(position(o, 2) < position(o, 0));
}

TEST_CASE("no vertices, no edges", "[graph][ownership]") {
  ownership_order o;
  order_ownership(0, {}, o);
  CHECK(o.order.empty());
  order_ownership(2, {}, o);
  CHECK(o.order.size() == 2);
  CHECK(o.depth == std::vector<int>{0, 0});
}
