// RFC 4180 records: quoting, embedded line breaks, CRLF, and the errors that resynchronise.
#include "shipment/csv.hpp"

#include <catch2/catch.hpp>
#include <sstream>

namespace {

using exportctl::diagnostic;
using exportctl::detail::csv_reader;
using exportctl::detail::csv_record;

struct read_all {
  std::vector<csv_record> records;
  std::vector<diagnostic> errors;
};

read_all read(const std::string& text) {
  std::istringstream in(text);
  csv_reader r(in, "t.csv");
  read_all out;
  csv_record rec;
  std::optional<diagnostic> err;
  while (r.next(rec, err)) {
    out.records.push_back(rec);
    if (err) out.errors.push_back(*err);
  }
  return out;
}

}  // namespace

TEST_CASE("csv reads plain and quoted cells with line numbers", "[io][csv]") {
  auto r = read("a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\r\n\"multi\nline\",2,3\n4,5,6");
  REQUIRE(r.errors.empty());
  REQUIRE(r.records.size() == 4);
  CHECK(r.records[0].cells == std::vector<std::string>{"a", "b", "c"});
  CHECK(r.records[1].cells == std::vector<std::string>{"1", "x, \"y\"", ""});
  CHECK(r.records[1].line == 2);
  CHECK(r.records[2].cells == std::vector<std::string>{"multi\nline", "2", "3"});
  CHECK(r.records[2].line == 4);
  CHECK(r.records[3].line == 6);
  CHECK(r.records[3].cells == std::vector<std::string>{"4", "5", "6"});
}

TEST_CASE("csv skips a byte-order mark and keeps a trailing empty cell", "[io][csv]") {
  auto r = read("\xEF\xBB\xBFshipment,x\nS1,\n");
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].cells[0] == "shipment");
  CHECK(r.records[1].cells == std::vector<std::string>{"S1", ""});
}

TEST_CASE("csv reports stray quotes and resumes at the next line", "[io][csv]") {
  auto r = read("a,b\"c\n\"d\"e,f\nok,1\n\"open");
  REQUIRE(r.records.size() == 4);
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].code == "EXC-E6007");
  CHECK(r.errors[0].line == 1);
  CHECK(r.errors[0].column == 4);
  CHECK(r.errors[1].line == 2);
  CHECK(r.errors[1].message == "text after the closing quote of a cell");
  CHECK(r.records[2].cells == std::vector<std::string>{"ok", "1"});
  CHECK(r.errors[2].line == 4);
  CHECK(r.errors[2].message == "quoted cell is not closed before the end of input");
}
