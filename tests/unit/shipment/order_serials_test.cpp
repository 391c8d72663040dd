// The shipment's `order_id` and an item's `serials` (a string_list row): read from YAML and JSON
// by both JSON readers alike, their errors placed at the entry, their lengths bounded by the
// engine, written back only when given (so canonical JSON without them is unchanged), and read
// from shipment lines.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/validate.hpp"
#include "exportctl/io.hpp"
#include "exportctl/limits.hpp"
#include "shipment/shipment_json_fast.hpp"
#include "unit/io/shipment_equal.hpp"

namespace {

using namespace exportctl;

const std::string serials_yaml = R"(id: SO-1
order_id: PO-77
items:
  - product: nvidia-h100-sxm5-80gb
    quantity: 3
    serials: [SN-1, "SN-2", 1003, SN-1]
  - product: nvidia-h20
    quantity: 1
    serials:
      - Z-9
parties:
  - {id: e, name: E, country: US, role: exporter}
  - {id: u, name: U, country: MY, role: end_user}
transfers: [{from: e, to: u}]
)";

// A JSON document whose first item has `serials` set to `value`.
std::string serials_json(const std::string& value) {
  return R"({"id":"SO-1","items":[{"product":"nvidia-h100-sxm5-80gb","quantity":1,"serials":)" +
         value +
         R"(}],"parties":[{"id":"e","name":"E","country":"US","role":"exporter"},)"
         R"({"id":"u","name":"U","country":"MY","role":"end_user"}],)"
         R"("transfers":[{"from":"e","to":"u"}]})";
}

shipment_result serials_located(const std::string& text, const std::string& name) {
  const detail::json_fast_path_off off;
  return parse_shipment(text, name);
}

std::string serials_diagnostics(const shipment_result& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += format(d) + "\n";
  return out;
}

}  // namespace

TEST_CASE("order_id and serials are read from YAML, repeats and all", "[shipment][serials]") {
  const auto r = parse_shipment(serials_yaml, "so.yaml");
  INFO(serials_diagnostics(r));
  REQUIRE(r.value);
  CHECK(r.value->order_id == "PO-77");
  // Any scalar is text, as for string fields; a repeated serial is the engine's red flag.
  CHECK(r.value->items[0].serials == std::vector<std::string>{"SN-1", "SN-2", "1003", "SN-1"});
  CHECK(r.value->items[1].serials == std::vector<std::string>{"Z-9"});
}

TEST_CASE("absent order_id and serials read as empty, and null and [] as absent",
          "[shipment][serials]") {
  for (const std::string& value : {std::string("null"), std::string("[]")}) {
    const auto r = parse_shipment(serials_json(value), "in.json");
    REQUIRE(r.value);
    CHECK(r.value->order_id.empty());
    CHECK(r.value->items[0].serials.empty());
  }
}

TEST_CASE("serials in JSON: the fast path and the located reader build the same shipment",
          "[shipment][serials]") {
  const std::string text = serials_json(R"(["A-1","A-\u00e9","A-1"])");
  const auto fast = detail::read_json_shipment_fast(text, "in.json", 64);
  REQUIRE(fast);  // taken, not declined
  const auto located = serials_located(text, "in.json");
  REQUIRE(located.value);
  CHECK(test::shipment_compare{}(*fast, *located.value).empty());
  CHECK(fast->items[0].serials == std::vector<std::string>{"A-1", "A-\xc3\xa9", "A-1"});
  // A number is text to the located reader: the fast path leaves it to it.
  const std::string number = serials_json("[1003]");
  CHECK_FALSE(detail::read_json_shipment_fast(number, "in.json", 64));
  const auto r = parse_shipment(number, "in.json");
  REQUIRE(r.value);
  CHECK(r.value->items[0].serials == std::vector<std::string>{"1003"});
}

TEST_CASE("bad serials are diagnostics at the entry, and nothing is read", "[shipment][serials]") {
  struct bad_case {
    std::string value;
    std::string expected;
  };
  // The `serials` value starts at column 81 of the line, its second entry at 86.
  const std::vector<bad_case> cases = {
      {R"(["A",""])",
       "in.json:1:86: error[EXC-E2004]: empty serial\n  at items[0].serials[1]\n"
       "  help: leave out a unit without one; each entry is one unit's serial\n"},
      {R"(["A",{"n":1}])",
       "in.json:1:86: error[EXC-E2002]: expected a string, found a mapping\n"
       "  at items[0].serials[1]\n"},
      {R"(["A",null])",
       "in.json:1:86: error[EXC-E2002]: expected a string, found null\n"
       "  at items[0].serials[1]\n"},
      {R"("A")",
       "in.json:1:81: error[EXC-E2002]: expected a list of strings, found a string `A`\n"
       "  at items[0].serials\n  help: write a one-element list as `[A]`\n"},
  };
  for (const auto& c : cases) {
    const std::string text = serials_json(c.value);
    INFO(text);
    CHECK_FALSE(detail::read_json_shipment_fast(text, "in.json", 64));
    const auto r = parse_shipment(text, "in.json");
    CHECK_FALSE(r.value);
    CHECK(serials_diagnostics(r) == c.expected);
  }
  // In YAML: line and column of the entry.
  const auto r = parse_shipment(
      "id: S\nitems:\n  - quantity: 1\n    serials:\n      - A\n      - ''\n      - [B]\n"
      "parties: []\ntransfers: []\n",
      "so.yaml");
  CHECK_FALSE(r.value);
  REQUIRE(r.diagnostics.size() == 2);
  CHECK(r.diagnostics[0].code == "EXC-E2004");
  CHECK(r.diagnostics[0].line == 6);
  CHECK(r.diagnostics[0].column == 9);
  CHECK(r.diagnostics[0].path == "items[0].serials[1]");
  CHECK(r.diagnostics[1].code == "EXC-E2002");
  CHECK(r.diagnostics[1].line == 7);
  CHECK(r.diagnostics[1].path == "items[0].serials[2]");
}

TEST_CASE("a serial or an order id over the id length limit is EXC-E5005", "[shipment][serials]") {
  const input_limits lim;
  auto r = parse_shipment(serials_yaml, "so.yaml");
  REQUIRE(r.value);
  std::vector<diagnostic> out;
  CHECK(detail::check_shipment_limits(*r.value, lim, out));
  CHECK(out.empty());

  shipment s = *r.value;
  s.items[1].serials.push_back(std::string(lim.max_id_length + 1, 'S'));
  s.order_id = std::string(lim.max_id_length + 1, 'P');
  CHECK_FALSE(detail::check_shipment_limits(s, lim, out));
  REQUIRE(out.size() == 2);
  CHECK(out[0].code == "EXC-E5005");
  CHECK(out[0].path == "order_id");
  CHECK(out[0].message.find("order id is 257 bytes long") == 0);
  CHECK(out[1].code == "EXC-E5005");
  CHECK(out[1].path == "items[1].serials[1]");
  CHECK(out[1].message.find("serial is 257 bytes long") == 0);
  // The item's position: a serial has none of its own.
  CHECK(out[1].line == s.items[1].position.line);
  CHECK(out[1].column == s.items[1].position.column);
  // Exactly at the limit is fine.
  s.items[1].serials.back().pop_back();
  s.order_id.pop_back();
  out.clear();
  CHECK(detail::check_shipment_limits(s, lim, out));
}

TEST_CASE("canonical JSON writes order_id after id and serials last in an item, only if given",
          "[shipment][serials]") {
  auto r = parse_shipment(serials_yaml, "so.yaml");
  REQUIRE(r.value);
  const std::string line = to_json(*r.value);
  CHECK(line.find(R"({"id":"SO-1","order_id":"PO-77","items":)") == 0);
  CHECK(line.find(R"("quantity":3,"serials":["SN-1","SN-2","1003","SN-1"]})") != std::string::npos);
  const auto again = parse_shipment(line, "in.json");
  REQUIRE(again.value);
  CHECK(test::shipment_compare{false, false}(*r.value, *again.value).empty());
  CHECK(to_json(*again.value) == line);

  // Without them the line is what it was before the fields existed.
  shipment bare = *r.value;
  bare.order_id.clear();
  for (auto& it : bare.items) it.serials.clear();
  const std::string plain = to_json(bare);
  CHECK(plain.find("order_id") == std::string::npos);
  CHECK(plain.find("serials") == std::string::npos);
  CHECK(plain.find(R"({"id":"SO-1","items":[{"product":"nvidia-h100-sxm5-80gb","quantity":3},)") ==
        0);
}

TEST_CASE("shipment lines read order_id per shipment and serials per item",
          "[shipment][serials][shipment_lines]") {
  const std::vector<std::string> header = {"shipment",         "order_id", "product",
                                           "quantity",         "serials",  "exporter",
                                           "exporter_country", "end_user", "end_user_country"};
  shipment_lines lines(header, "t.csv");
  REQUIRE(lines.header_diagnostics().empty());
  using row = std::vector<std::string_view>;
  CHECK_FALSE(lines.add(
      row{"S-1", "PO-1", "nvidia-h100-sxm5-80gb", "2", " A-1 ; A-2;", "E", "US", "U", "MY"}, 2));
  CHECK_FALSE(lines.add(row{"S-1", "PO-1", "nvidia-h20", "1", "", "E", "US", "U", "MY"}, 3));
  auto first = lines.add(row{"S-2", "", "nvidia-h20", "1", "B-1;B-1", "E", "US", "U", "MY"}, 4);
  REQUIRE(first);
  REQUIRE(first->value);
  CHECK(first->value->order_id == "PO-1");
  CHECK(first->value->items[0].serials == std::vector<std::string>{"A-1", "A-2"});
  CHECK(first->value->items[1].serials.empty());
  auto second = lines.finish();
  REQUIRE(second);
  REQUIRE(second->value);
  CHECK(second->value->order_id.empty());  // the same as the shipment id
  CHECK(second->value->items[0].serials == std::vector<std::string>{"B-1", "B-1"});
}

TEST_CASE("rows of one shipment must agree on order_id (EXC-E6006)",
          "[shipment][serials][shipment_lines]") {
  const std::vector<std::string> header = {"shipment", "order_id",        "product",
                                           "quantity", "exporter",        "exporter_country",
                                           "end_user", "end_user_country"};
  shipment_lines lines(header, "t.csv");
  using row = std::vector<std::string_view>;
  CHECK_FALSE(lines.add(row{"S-1", "PO-1", "nvidia-h20", "1", "E", "US", "U", "MY"}, 2));
  CHECK_FALSE(lines.add(row{"S-1", "PO-2", "nvidia-h20", "1", "E", "US", "U", "MY"}, 3));
  auto r = lines.finish();
  REQUIRE(r);
  CHECK_FALSE(r->value);
  REQUIRE(r->diagnostics.size() == 1);
  CHECK(r->diagnostics[0].code == "EXC-E6006");
  CHECK(r->diagnostics[0].line == 3);
  CHECK(r->diagnostics[0].column == 2);
  CHECK(r->diagnostics[0].path == "order_id");
}
