// owners_io_test.cpp: owners and entities through the readers: YAML and JSON (fast path and
// located reader) build the same shipment with the same positions, and shipment lines refuse
// owner columns with a pointer to JSON Lines.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "exportctl/io.hpp"
#include "exportctl/shipment_schema.hpp"
#include "shipment/shipment_json_fast.hpp"
#include "unit/io/shipment_equal.hpp"

namespace {

using namespace exportctl;

const char* const owned_json =
    R"({"id":"S-1","items":[{"product":"nvidia-h100-sxm5-80gb","quantity":1}],)"
    R"("parties":[{"id":"exp","name":"A","country":"US","role":"exporter"},)"
    R"({"id":"eu","name":"B","country":"MY","role":"end_user","owners":[{"entity":"parent","percent":60},)"
    R"({"name":"C","country":"CN"}]}],"transfers":[{"from":"exp","to":"eu"}],)"
    R"("entities":[{"id":"parent","name":"D","country":"HK","owners":[{"name":"E","country":"CN","percent":55}]}]})";

}  // namespace

TEST_CASE("owners and entities: the fast path and the located reader agree", "[io][owners]") {
  auto fast = detail::read_json_shipment_fast(owned_json, "in.json", 64);
  REQUIRE(fast);
  REQUIRE(fast->parties[1].owners.size() == 2);
  CHECK(fast->parties[1].owners[0].entity == "parent");
  CHECK(fast->parties[1].owners[0].percent == 60);
  CHECK_FALSE(fast->parties[1].owners[1].percent);
  REQUIRE(fast->entities.size() == 1);
  CHECK(fast->entities[0].owners[0].percent == 55);
  const detail::json_fast_path_off off;
  auto located = parse_shipment(owned_json, "in.json");
  REQUIRE(located.value);
  const test::shipment_compare same{false, false};
  CHECK(same(*fast, *located.value).empty());
  // The canonical writer writes them back (and omits them when empty).
  CHECK(to_json(*located.value).find("\"entities\":[{\"id\":\"parent\"") != std::string::npos);
  located.value->entities.clear();
  for (auto& p : located.value->parties) p.owners.clear();
  const std::string bare = to_json(*located.value);
  CHECK(bare.find("owners") == std::string::npos);
  CHECK(bare.find("entities") == std::string::npos);
}

TEST_CASE("shipment lines refuse owner columns and point to JSON Lines", "[io][owners]") {
  for (const std::string column : {"owners", "end_user_owners", "owner_percent", "entities"}) {
    INFO(column);
    std::vector<std::string> header;
    for (const auto& c : schema::line_columns) {
      if (c.required) header.emplace_back(c.name);
    }
    header.push_back(column);
    shipment_lines lines(header, "in.csv");
    REQUIRE(lines.header_diagnostics().size() == 1);
    const auto& d = lines.header_diagnostics()[0];
    CHECK(d.code == "EXC-E6001");
    CHECK(d.help.find("JSON Lines") != std::string::npos);
  }
}
