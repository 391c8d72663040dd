// validate_test.cpp: semantic shipment validation (EXC-E4001 .. EXC-E4010): every problem is
// reported, with the file, the element's position and the logical path.
#include <catch2/catch.hpp>

#include "unit/engine/fixtures.hpp"

using namespace exportctl;
using namespace exportctl::test;

namespace {

shipment valid_shipment() {
  return chain(
      {product_item("nvidia-h100-sxm5-80gb", 2)},
      {make_party("exp", "US", party_role::exporter), make_party("eu", "DE", party_role::end_user)},
      "2025-06-01");
}

std::vector<diagnostic> diagnostics_of(const shipment& s) {
  auto r = real_engine().check(s);
  CHECK_FALSE(r.value);  // bad input: nothing is decided
  return r.diagnostics;
}

const diagnostic* find(const std::vector<diagnostic>& ds, std::string_view code,
                       std::string_view path) {
  for (const auto& d : ds) {
    if (d.code == code && d.path == path) return &d;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a valid shipment has no diagnostics", "[engine][validate]") {
  auto r = real_engine().check(valid_shipment());
  CHECK(r.diagnostics.empty());
  CHECK(r.value);
}

TEST_CASE("every problem is reported with file, position and path", "[engine][validate]") {
  shipment s = valid_shipment();
  s.parties[1].country = "XX";
  s.parties[1].position = {7, 5};
  s.parties[1].headquarters = "de";
  s.parties[1].ultimate_parent_headquarters = "UK";
  s.items[0].product = "nvidia-h2o";
  s.items[0].position = {3, 5};
  s.items[0].quantity = 0;
  s.transfers.push_back({"eu", "ghost", {9, 5}});
  s.transfers.push_back({"exp", "exp", {10, 5}});
  const auto ds = diagnostics_of(s);

  const auto* country = find(ds, "EXC-E4005", "parties[1].country");
  REQUIRE(country);
  CHECK(country->file == "test.yaml");
  CHECK(country->line == 7);
  CHECK(country->column == 5);
  CHECK(country->message == "unknown country code `XX`");
  const auto* hq = find(ds, "EXC-E4005", "parties[1].headquarters");
  REQUIRE(hq);
  CHECK(hq->help == "did you mean `DE`?");
  const auto* parent = find(ds, "EXC-E4005", "parties[1].ultimate_parent_headquarters");
  REQUIRE(parent);
  CHECK(parent->help == "did you mean `GB`?");

  const auto* product = find(ds, "EXC-E4001", "items[0].product");
  REQUIRE(product);
  CHECK(product->line == 3);
  CHECK(product->help == "did you mean `nvidia-h20`?");
  CHECK(find(ds, "EXC-E4008", "items[0].quantity"));

  const auto* ghost = find(ds, "EXC-E4003", "transfers[1].to");
  REQUIRE(ghost);
  CHECK(ghost->line == 9);
  CHECK(ghost->message == "transfer names unknown party `ghost`");
  CHECK(find(ds, "EXC-E4009", "transfers[2].to"));
  CHECK(ds.size() == 7);
}

TEST_CASE("exactly one exporter, party ids are unique", "[engine][validate]") {
  shipment s = valid_shipment();
  s.parties[1].role = party_role::exporter;
  s.parties.push_back(make_party("exp", "FR", party_role::end_user));
  const auto ds = diagnostics_of(s);
  CHECK(find(ds, "EXC-E4004", "parties[1].role"));
  const auto* dup = find(ds, "EXC-E4006", "parties[2].id");
  REQUIRE(dup);
  CHECK(dup->message == "duplicate party id `exp`");

  shipment none = valid_shipment();
  none.parties[0].role = party_role::distributor;
  CHECK(find(diagnostics_of(none), "EXC-E4004", "parties"));
}

TEST_CASE("items need a product, specs or contents, precisions must be known",
          "[engine][validate]") {
  shipment s = valid_shipment();
  item server;
  server.contains = {item{}, specs_item({})};
  server.contains[1].specs->dense_tops = {{"fp166", 100}};
  s.items.push_back(server);
  const auto ds = diagnostics_of(s);
  CHECK(find(ds, "EXC-E4002", "items[1].contains[0]"));
  const auto* precision = find(ds, "EXC-E4007", "items[1].contains[1].specs.dense_tops.fp166");
  REQUIRE(precision);
  CHECK(precision->help == "did you mean `fp16`?");
}

TEST_CASE("a shipment without items or parties", "[engine][validate]") {
  shipment s;
  s.source_name = "empty.yaml";
  const auto ds = diagnostics_of(s);
  CHECK(find(ds, "EXC-E4010", "items"));
  CHECK(find(ds, "EXC-E4010", "parties"));
}
