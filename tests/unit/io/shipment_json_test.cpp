// Canonical shipment JSON (to_json(const shipment&)): every example and golden shipment survives
// parse → to_json → parse unchanged (positions aside), on one line, with stable bytes.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "exportctl/io.hpp"
#include "unit/io/shipment_equal.hpp"
#include "unit/read_file.hpp"

TEST_CASE("canonical shipment JSON reads back as the same shipment", "[io][shipment_json]") {
  const auto files = exportctl::test::sample_shipments();
  REQUIRE(files.size() >= 80);
  const exportctl::test::shipment_compare compare{false, false};
  for (const auto& file : files) {
    INFO(file.filename().string());
    const auto parsed = exportctl::parse_shipment(exportctl::test::read_file(file), "in.yaml");
    REQUIRE(parsed.value);
    const std::string line = exportctl::to_json(*parsed.value);
    CHECK(line.find('\n') == std::string::npos);
    const auto again = exportctl::parse_shipment(line, "in.json");
    INFO(line);
    REQUIRE(again.value);
    CHECK(compare(*parsed.value, *again.value).empty());
    CHECK(exportctl::to_json(*again.value) == line);
  }
}

TEST_CASE("canonical shipment JSON has a fixed key order and omits absent values",
          "[io][shipment_json]") {
  exportctl::shipment s;
  s.id = "SO-1";
  s.ship_date = exportctl::date::parse("2025-06-01");
  exportctl::item board;
  board.description = "accelerator \"board\"";
  board.quantity = 2;
  exportctl::item chip;
  chip.product = "x";
  chip.specs.emplace();
  chip.specs->dense_tops = {{"fp8", 1979}, {"fp16", 989.5}};
  chip.specs->datacenter = true;
  chip.specs->hbm = false;
  board.contains = {chip};
  s.items = {board};
  exportctl::party p;
  p.id = "a";
  p.name = "A";
  p.country = "US";
  p.role = exportctl::party_role::exporter;
  p.consignee_ytd_tpp = 0.25;
  s.parties = {p};
  s.transfers = {{"a", "b", {}}};
  CHECK(exportctl::to_json(s) ==
        R"({"id":"SO-1","date":"2025-06-01","items":[{"description":"accelerator \"board\"",)"
        R"("quantity":2,"contains":[{"product":"x","quantity":1,"specs":{"dense_tops":{"fp8":)"
        R"(1979,"fp16":989.5},"datacenter":true}}]}],"parties":[{"id":"a","name":"A",)"
        R"("country":"US","role":"exporter","consignee_ytd_tpp":0.25}],"transfers":[{"from":"a",)"
        R"("to":"b"}]})");
}
