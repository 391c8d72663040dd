// Licence files (parse_licenses): what a valid file gives, and each problem as its diagnostic
// with file:line:column, after which no licence is returned.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "exportctl/license.hpp"
#include "unit/read_file.hpp"

namespace {

using namespace exportctl;

// One licence, one key a line, so that a test can replace line N and know every position.
const std::string licence_text =
    "number: D1234567\n"                                           // 1
    "holder: Example Inc.\n"                                       // 2
    "valid_from: 2026-01-15\n"                                     // 3
    "valid_to: 2028-01-14\n"                                       // 4
    "products: [nvidia-h200-sxm-141gb]\n"                          // 5
    "eccns: [3A090.a]\n"                                           // 6
    "destinations: [SG, CN]\n"                                     // 7
    "consignees: [Lion City Compute Pte. Ltd.]\n"                  // 8
    "end_users: [\"Example Cloud (Beijing) Co., Ltd.\"]\n"         // 9
    "quantity: 100\n"                                              // 10
    "value: 3200000\n"                                             // 11
    "tpp: 1600000\n"                                               // 12
    "conditions: No reexport without prior BIS authorization.\n";  // 13

// `licence_text` with line `n` (1-based) replaced by `text` (empty: the line is removed).
std::string with_line(int n, const std::string& text) {
  std::istringstream in(licence_text);
  std::string out;
  int i = 0;
  for (std::string line; std::getline(in, line);) {
    if (++i == n) {
      if (!text.empty()) out += text + "\n";
    } else {
      out += line + "\n";
    }
  }
  return out;
}

// The one diagnostic of an invalid file, formatted (file:line:column: error[CODE]: message and
// its "at" and "help" lines).
std::string only_error(const std::string& text) {
  auto r = parse_licenses(text, "licenses.yaml");
  CHECK(r.value.empty());
  for (const auto& d : r.diagnostics) UNSCOPED_INFO(format(d));
  REQUIRE(r.diagnostics.size() == 1);
  return format(r.diagnostics[0]);
}

}  // namespace

TEST_CASE("a licence file with one licence gives every field", "[ledger][license_file]") {
  auto r = parse_licenses(licence_text, "licenses.yaml");
  for (const auto& d : r.diagnostics) UNSCOPED_INFO(format(d));
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.value.size() == 1);
  const license& l = r.value[0];
  CHECK(l.number == "D1234567");
  CHECK(l.holder == "Example Inc.");
  CHECK(l.valid_from.to_string() == "2026-01-15");
  CHECK(l.valid_to.to_string() == "2028-01-14");
  CHECK(l.products == std::vector<std::string>{"nvidia-h200-sxm-141gb"});
  CHECK(l.eccns == std::vector<std::string>{"3A090.a"});
  CHECK(l.destinations == std::vector<std::string>{"SG", "CN"});
  CHECK(l.consignees == std::vector<std::string>{"Lion City Compute Pte. Ltd."});
  CHECK(l.end_users == std::vector<std::string>{"Example Cloud (Beijing) Co., Ltd."});
  CHECK(l.quantity == 100);
  CHECK(l.value == 3200000.0);
  CHECK(l.tpp == 1600000.0);
  CHECK(l.conditions == "No reexport without prior BIS authorization.");
  CHECK(l.source_name == "licenses.yaml");
  CHECK(l.position.line == 1);
  CHECK(l.position.column == 1);
}

TEST_CASE("optional licence keys may be left out", "[ledger][license_file]") {
  const std::string text =
      "number: D7654321\nholder: Example Inc.\nvalid_from: 2026-01-01\nvalid_to: 2026-01-01\n"
      "eccns: [4A090]\ndestinations: [AE]\nquantity: 1\n";
  auto r = parse_licenses(text, "one.yaml");
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.value.size() == 1);
  CHECK(r.value[0].products.empty());
  CHECK(r.value[0].consignees.empty());
  CHECK(r.value[0].end_users.empty());
  CHECK_FALSE(r.value[0].value);
  CHECK_FALSE(r.value[0].tpp);
  CHECK(r.value[0].conditions.empty());
}

TEST_CASE("a list of licences, in YAML or JSON, each with its position", "[ledger][license_file]") {
  const std::string yaml =
      "- {number: D1000001, holder: A, valid_from: 2026-01-01, valid_to: 2027-01-01,\n"
      "   eccns: [3A090], destinations: [SG], quantity: 5}\n"
      "- number: D1000002\n"
      "  holder: B\n"
      "  valid_from: 2026-01-01\n"
      "  valid_to: 2027-01-01\n"
      "  products: [nvidia-h100-sxm5-80gb]\n"
      "  destinations: [HK]\n"
      "  quantity: 2\n";
  auto r = parse_licenses(yaml, "two.yaml");
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.value.size() == 2);
  CHECK(r.value[0].number == "D1000001");
  CHECK(r.value[0].position.line == 1);
  CHECK(r.value[0].position.column == 3);
  CHECK(r.value[1].number == "D1000002");
  CHECK(r.value[1].position.line == 3);
  CHECK(r.value[1].position.column == 3);
  CHECK(r.value[1].destinations == std::vector<std::string>{"HK"});  // not aliased to CN

  const std::string json =
      R"([{"number": "D1000003", "holder": "C", "valid_from": "2026-01-01", )"
      R"("valid_to": "2027-01-01", "eccns": ["3A090.a.1"], "destinations": ["MY"], )"
      R"("quantity": 3, "value": 12.5}])";
  auto j = parse_licenses(json, "three.json");
  REQUIRE(j.diagnostics.empty());
  REQUIRE(j.value.size() == 1);
  CHECK(j.value[0].eccns == std::vector<std::string>{"3A090.a.1"});
  CHECK(j.value[0].value == 12.5);
  CHECK(j.value[0].source_name == "three.json");
}

TEST_CASE("the example licence file reads cleanly", "[ledger][license_file]") {
  const std::string path = EXPORTCTL_SOURCE_DIR "/examples/licenses/d1234567.yaml";
  auto r = parse_licenses(test::read_file(path), "examples/licenses/d1234567.yaml");
  for (const auto& d : r.diagnostics) UNSCOPED_INFO(format(d));
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.value.size() == 1);
  CHECK(r.value[0].number == "D1234567");
}

TEST_CASE("a licence file that is not a licence or a list of them", "[ledger][license_file]") {
  CHECK(only_error("just text\n") ==
        "licenses.yaml:1:1: error[EXC-E9201]: a licence file holds one licence (a mapping) or a "
        "list of them\n  help: e.g. `number: D1234567` with `holder`, `valid_from`, ... "
        "(docs/ledger.md)");
  CHECK(only_error("[]\n").rfind(
            "licenses.yaml:1:1: error[EXC-E9201]: the licence file lists no licence", 0) == 0);
  CHECK(only_error("- 42\n").rfind("licenses.yaml:1:3: error[EXC-E2002]:", 0) == 0);
}

TEST_CASE("unknown, missing and mistyped licence keys", "[ledger][license_file]") {
  CHECK(
      only_error(licence_text + "quantty: 3\n").rfind("licenses.yaml:14:1: error[EXC-E2003]:", 0) ==
      0);
  CHECK(only_error(with_line(2, "")).rfind("licenses.yaml:1:1: error[EXC-E2001]:", 0) == 0);
  CHECK(only_error(with_line(10, "quantity: ten")).rfind("licenses.yaml:10:11: error[EXC-E2", 0) ==
        0);
  CHECK(only_error(with_line(7, "destinations: SG"))
            .rfind("licenses.yaml:7:15: error[EXC-E2002]:", 0) == 0);
  CHECK(only_error(with_line(8, "consignees: [[A]]"))
            .rfind("licenses.yaml:8:14: error[EXC-E2002]:", 0) == 0);
  CHECK(only_error(with_line(11, "value: lots")).rfind("licenses.yaml:11:8: error[EXC-E2", 0) == 0);
}

TEST_CASE("licence dates: format and order", "[ledger][license_file]") {
  CHECK(only_error(with_line(3, "valid_from: 2026-02-30"))
            .rfind("licenses.yaml:3:13: error[EXC-E2005]:", 0) == 0);
  CHECK(only_error(with_line(4, "valid_to: 14.01.2028"))
            .rfind("licenses.yaml:4:11: error[EXC-E2005]:", 0) == 0);
  CHECK(only_error(with_line(4, "valid_to: 2026-01-14")) ==
        "licenses.yaml:4:11: error[EXC-E9203]: `valid_to` 2026-01-14 is before `valid_from` "
        "2026-01-15\n  at valid_to");
}

TEST_CASE("licence destinations are assigned ISO codes, none twice", "[ledger][license_file]") {
  CHECK(only_error(with_line(7, "destinations: [SG, XX]")) ==
        "licenses.yaml:7:20: error[EXC-E9204]: unknown destination code `XX`\n"
        "  at destinations[1]\n"
        "  help: destinations are ISO 3166-1 alpha-2 codes such as `AE`");
  CHECK(only_error(with_line(7, "destinations: [UK]")) ==
        "licenses.yaml:7:16: error[EXC-E9204]: unknown destination code `UK`\n"
        "  at destinations[0]\n"
        "  help: did you mean `GB`?");
  CHECK(only_error(with_line(7, "destinations: [sg]")).find("help: did you mean `SG`?") !=
        std::string::npos);
  CHECK(only_error(with_line(7, "destinations: []")) ==
        "licenses.yaml:7:15: error[EXC-E9202]: `destinations` is empty\n"
        "  at destinations\n"
        "  help: a licence authorizes shipments to the countries it names");
  CHECK(only_error(with_line(7, "destinations: [SG, CN, SG]")) ==
        "licenses.yaml:7:24: error[EXC-E9209]: `SG` is listed twice in `destinations`\n"
        "  at destinations[2]\n"
        "  help: first listed on line 7");
}

TEST_CASE("empty licence values", "[ledger][license_file]") {
  CHECK(only_error(with_line(1, "number: \"\"")) ==
        "licenses.yaml:1:9: error[EXC-E9202]: `number` is empty\n  at number");
  CHECK(only_error(with_line(2, "holder: ''")).rfind("licenses.yaml:2:9: error[EXC-E9202]:", 0) ==
        0);
  CHECK(only_error(with_line(9, "end_users: [\"\"]")) ==
        "licenses.yaml:9:13: error[EXC-E9202]: an empty entry in `end_users`\n  at end_users[0]");
}

TEST_CASE("a licence names a product or an ECCN, each well formed", "[ledger][license_file]") {
  std::string no_lists = with_line(5, "products: []");
  no_lists = no_lists.substr(0, no_lists.find("eccns")) +
             no_lists.substr(no_lists.find('\n', no_lists.find("eccns")) + 1);
  CHECK(only_error(no_lists) ==
        "licenses.yaml:5:11: error[EXC-E9205]: the licence names no product and no ECCN\n"
        "  at products\n"
        "  help: list what it authorizes in `products` (catalog ids) or `eccns` (e.g. "
        "`3A090.a`)");
  CHECK(only_error(with_line(6, "eccns: [3A090.a, 3a090.b]")) ==
        "licenses.yaml:6:18: error[EXC-E9208]: `3a090.b` is not an ECCN\n"
        "  at eccns[1]\n"
        "  help: ECCNs and paragraphs look like `3A090`, `3A090.a` or `3A090.a.1`");
  CHECK(only_error(with_line(5, "products: [NVIDIA H200]")) ==
        "licenses.yaml:5:12: error[EXC-E9208]: `NVIDIA H200` is not a product id\n"
        "  at products[0]\n"
        "  help: catalog ids are lowercase, e.g. `nvidia-h100-sxm5-80gb`");
  CHECK(only_error(with_line(6, "eccns: [3A090.a, 3A090.a]"))
            .rfind("licenses.yaml:6:18: error[EXC-E9209]: `3A090.a` is listed twice", 0) == 0);
}

TEST_CASE("licence amounts are positive", "[ledger][license_file]") {
  CHECK(only_error(with_line(10, "quantity: 0")) ==
        "licenses.yaml:10:11: error[EXC-E9206]: `quantity` must be greater than 0, got 0\n"
        "  at quantity\n"
        "  help: the units the licence authorizes");
  CHECK(only_error(with_line(11, "value: -5")) ==
        "licenses.yaml:11:8: error[EXC-E9206]: `value` must be greater than 0, got -5\n"
        "  at value\n"
        "  help: leave it out when the licence does not limit it");
  CHECK(only_error(with_line(12, "tpp: 0")).rfind("licenses.yaml:12:6: error[EXC-E9206]:", 0) == 0);
}

TEST_CASE("a licence number twice in one file", "[ledger][license_file]") {
  const std::string text =
      "- {number: D1000001, holder: A, valid_from: 2026-01-01, valid_to: 2027-01-01,\n"
      "   eccns: [3A090], destinations: [SG], quantity: 5}\n"
      "- {number: D1000001, holder: A, valid_from: 2026-01-01, valid_to: 2027-01-01,\n"
      "   eccns: [4A090], destinations: [SG], quantity: 1}\n";
  CHECK(only_error(text) ==
        "licenses.yaml:3:12: error[EXC-E9207]: licence `D1000001` is in the file twice\n"
        "  at [1].number\n"
        "  help: first at line 1");
}

TEST_CASE("every problem of a licence file is reported", "[ledger][license_file]") {
  std::string text = with_line(7, "destinations: [XX]");
  text = text.substr(0, text.find("quantity")) + "quantity: -1\nvalue: 3200000\ntpp: 1600000\n" +
         "colour: red\n";
  auto r = parse_licenses(text, "licenses.yaml");
  CHECK(r.value.empty());
  std::vector<std::string> codes;
  for (const auto& d : r.diagnostics) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{"EXC-E9204", "EXC-E9206", "EXC-E2003"});
}
