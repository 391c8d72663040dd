// Shipment lines (docs/shipment-lines.md): grouping rows into shipments, the party chain, cell
// syntax, rows that disagree, header problems; and a CSV shipment decides like its YAML twin.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "exportctl/io.hpp"
#include "shipment/csv.hpp"
#include "unit/engine/fixtures.hpp"
#include "unit/read_file.hpp"

namespace {

using namespace exportctl;

std::vector<shipment_lines_result> assemble(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  detail::csv_reader reader(in, "lines.csv");
  detail::csv_record rec;
  std::optional<diagnostic> err;
  REQUIRE(reader.next(rec, err));
  shipment_lines lines(rec.cells, "lines.csv");
  REQUIRE(lines.header_diagnostics().empty());
  std::vector<shipment_lines_result> out;
  while (reader.next(rec, err)) {
    REQUIRE(!err);
    std::vector<std::string_view> cells(rec.cells.begin(), rec.cells.end());
    if (auto done = lines.add(cells, rec.line)) out.push_back(std::move(*done));
  }
  if (auto last = lines.finish()) out.push_back(std::move(*last));
  return out;
}

struct table {
  shipment_lines lines;
  explicit table(std::vector<std::string> header) : lines(std::move(header), "t.csv") {}
  std::optional<shipment_lines_result> row(std::vector<std::string_view> cells, std::size_t n) {
    return lines.add(cells, n);
  }
};

const std::vector<std::string> minimal = {"shipment",        "product",          "quantity",
                                          "exporter",        "exporter_country", "end_user",
                                          "end_user_country"};

}  // namespace

TEST_CASE("shipment lines group consecutive rows into shipments", "[io][shipment_lines]") {
  auto all = assemble(EXPORTCTL_TEST_DATA_DIR "/cli/data/lines.csv");
  REQUIRE(all.size() == 3);
  REQUIRE(all[0].value);
  const shipment& s = *all[0].value;
  CHECK(s.id == "SO-1042");
  CHECK(all[0].first_row == 2);
  CHECK(all[0].last_row == 3);
  REQUIRE(s.items.size() == 2);
  CHECK(s.items[0].product == "nvidia-h100-sxm5-80gb");
  CHECK(s.items[0].quantity == 8);
  CHECK_FALSE(s.items[0].specs);
  REQUIRE(s.items[1].specs);
  CHECK(s.items[1].specs->dense_tops.size() == 2);
  CHECK(s.items[1].specs->dense_tops[1].second == 989.5);
  CHECK(s.items[1].specs->datacenter == true);
  REQUIRE(s.parties.size() == 3);
  CHECK(s.parties[1].name == "Example Asia Pte. Ltd.");
  CHECK(s.parties[1].role == party_role::distributor);
  CHECK(s.parties[2].ultimate_parent_headquarters == "CN");
  REQUIRE(s.transfers.size() == 2);
  CHECK(s.transfers[1].from == "intermediary1");
  CHECK(s.transfers[1].to == "end_user");
  REQUIRE(all[2].value);
  CHECK(all[2].value->parties.size() == 2);
  CHECK(all[2].value->parties[1].name == "Studio \"Nord\"");
  CHECK(all[2].value->items[0].description == "gaming card, boxed");
}

TEST_CASE("a CSV shipment decides like the same shipment in YAML", "[io][shipment_lines]") {
  auto all = assemble(EXPORTCTL_TEST_DATA_DIR "/cli/data/lines.csv");
  const auto& eng = test::real_engine();
  auto yaml = parse_shipment(
      test::read_file(EXPORTCTL_SOURCE_DIR "/examples/rtx4090d-to-germany.yaml"), "x.yaml");
  REQUIRE(yaml.value);
  auto from_yaml = eng.check(*yaml.value);
  auto from_csv = eng.check(*all[1].value);
  REQUIRE(from_yaml.value);
  REQUIRE(from_csv.value);
  CHECK(from_csv.value->result == from_yaml.value->result);
  auto so1042 = eng.check(*all[0].value);
  REQUIRE(so1042.value);
  CHECK(so1042.value->result == outcome::license_required);
}

TEST_CASE("shipment lines report bad cells with row and column", "[io][shipment_lines]") {
  table t({"shipment", "quantity", "dense_tops", "datacenter", "exporter", "exporter_country",
           "intermediaries", "end_user", "end_user_country", "date"});
  CHECK_FALSE(
      t.row({"S1", "two", "fp8:1", "maybe", "E", "US", "D:SG:boss", "U", "DE", "2025-02-30"}, 7));
  auto r = t.lines.finish();
  REQUIRE(r);
  CHECK_FALSE(r->value);
  std::vector<std::string> codes;
  for (const auto& d : r->diagnostics)
    codes.push_back(d.code + "@" + std::to_string(d.line) + ":" + std::to_string(d.column));
  CHECK(codes == std::vector<std::string>{"EXC-E2005@7:10", "EXC-E6008@7:7", "EXC-E6008@7:2",
                                          "EXC-E6008@7:3", "EXC-E6008@7:4"});
}

TEST_CASE("rows of one shipment must agree on its parties", "[io][shipment_lines]") {
  table t(minimal);
  CHECK_FALSE(t.row({"S1", "nvidia-h20", "1", "E", "US", "U", "DE"}, 2));
  CHECK_FALSE(t.row({"S1", "nvidia-h20", "1", "E", "US", "U", "FR"}, 3));
  auto next = t.row({"S2", "nvidia-h20", "1", "E", "US", "U", "FR"}, 4);
  REQUIRE(next);
  CHECK_FALSE(next->value);
  REQUIRE(next->diagnostics.size() == 1);
  CHECK(next->diagnostics[0].code == "EXC-E6006");
  CHECK(next->diagnostics[0].line == 3);
  CHECK(next->diagnostics[0].column == 7);
  auto last = t.lines.finish();
  REQUIRE(last);
  CHECK(last->value);
  CHECK(last->first_row == 4);
  CHECK_FALSE(t.lines.finish());
}

TEST_CASE("shipment lines refuse a bad header", "[io][shipment_lines]") {
  shipment_lines lines({"shipment", "quantty", "product", "product"}, "t.csv");
  std::vector<std::string> codes;
  for (const auto& d : lines.header_diagnostics()) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{"EXC-E6001", "EXC-E6002", "EXC-E6003", "EXC-E6003",
                                          "EXC-E6003", "EXC-E6003", "EXC-E6003"});
  CHECK(lines.header_diagnostics()[0].help == "did you mean `quantity`?");
  std::vector<std::string_view> cells = {"S1", "1", "x", "x"};
  CHECK_FALSE(lines.add(cells, 2));
  CHECK_FALSE(lines.finish());
}

TEST_CASE("a short row and empty required cells are errors", "[io][shipment_lines]") {
  table t(minimal);
  CHECK_FALSE(t.row({"S1", "nvidia-h20", ""}, 2));
  auto r = t.lines.finish();
  REQUIRE(r);
  CHECK_FALSE(r->value);
  std::vector<std::string> codes;
  for (const auto& d : r->diagnostics) codes.push_back(d.code);
  CHECK(std::count(codes.begin(), codes.end(), "EXC-E6004") == 1);
  CHECK(std::count(codes.begin(), codes.end(), "EXC-E6005") == 5);
}
