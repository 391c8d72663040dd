// reader_test.cpp: typed reads and their diagnostics.
#include "doc/reader.hpp"

#include <catch2/catch.hpp>

#include "model/text.hpp"

using namespace exportctl;
using namespace exportctl::detail;

namespace {

struct reader_fixture {
  std::vector<diagnostic> diags;
  read_context ctx{"t.yaml", &diags};
  doc_node root;

  explicit reader_fixture(const std::string& text) {
    auto doc = parse_document(text, "t.yaml", diags);
    REQUIRE(doc);
    root = std::move(*doc);
  }
  const doc_node& at(std::string_view key) const { return *root.find(key); }
};

}  // namespace

TEST_CASE("numbers are plain, finite decimals", "[rules][reader]") {
  reader_fixture f(
      "a: 12\nb: -1.5\nc: 4.8e3\nd: .5\ne: \"12\"\nf: abc\ng: .inf\nh: nan\ni: 0x10\nj: 1e999\n"
      "k: +3\n");
  CHECK(read_number(f.ctx, f.at("a"), "a") == 12.0);
  CHECK(read_number(f.ctx, f.at("b"), "b") == -1.5);
  CHECK(read_number(f.ctx, f.at("c"), "c") == 4800.0);
  CHECK(read_number(f.ctx, f.at("d"), "d") == 0.5);
  CHECK(read_number(f.ctx, f.at("k"), "k") == 3.0);
  CHECK(f.diags.empty());

  CHECK_FALSE(read_number(f.ctx, f.at("e"), "e"));
  REQUIRE(f.diags.size() == 1);
  CHECK(f.diags[0].code == "EXC-E2002");
  CHECK(f.diags[0].message == "expected a number, found a string `12`");
  CHECK(f.diags[0].help == "remove the quotes: quoted values are always strings");
  CHECK(f.diags[0].line == 5);
  CHECK(f.diags[0].column == 4);
  CHECK(f.diags[0].path == "e");

  CHECK_FALSE(read_number(f.ctx, f.at("f"), "f"));
  CHECK(f.diags.back().message == "expected a number, found a string `abc`");
  CHECK_FALSE(read_number(f.ctx, f.at("g"), "g"));
  CHECK(f.diags.back().code == "EXC-E2004");
  CHECK_FALSE(read_number(f.ctx, f.at("h"), "h"));
  CHECK(f.diags.back().code == "EXC-E2004");
  CHECK_FALSE(read_number(f.ctx, f.at("i"), "i"));
  CHECK(f.diags.back().code == "EXC-E2002");
  CHECK_FALSE(read_number(f.ctx, f.at("j"), "j"));
  CHECK(f.diags.back().code == "EXC-E2004");
}

TEST_CASE("non-negative numbers and integers", "[rules][reader]") {
  reader_fixture f("a: -3\nb: 0\nc: 7\nd: 7.5\n");
  CHECK_FALSE(read_non_negative(f.ctx, f.at("a"), "a"));
  REQUIRE(f.diags.size() == 1);
  CHECK(f.diags[0].code == "EXC-E2006");
  CHECK(read_non_negative(f.ctx, f.at("b"), "b") == 0.0);
  CHECK(read_integer(f.ctx, f.at("c"), "c") == 7);
  CHECK_FALSE(read_integer(f.ctx, f.at("d"), "d"));
  CHECK(f.diags.back().message == "expected an integer, found a number `7.5`");
}

TEST_CASE("booleans are true or false only", "[rules][reader]") {
  reader_fixture f("a: true\nb: false\nc: yes\nd: \"true\"\ne: True\n");
  CHECK(read_bool(f.ctx, f.at("a"), "a") == true);
  CHECK(read_bool(f.ctx, f.at("b"), "b") == false);
  CHECK(f.diags.empty());
  CHECK_FALSE(read_bool(f.ctx, f.at("c"), "c"));
  CHECK(f.diags.back().message == "expected a boolean (`true` or `false`), found a string `yes`");
  CHECK_FALSE(read_bool(f.ctx, f.at("d"), "d"));
  CHECK_FALSE(read_bool(f.ctx, f.at("e"), "e"));
  CHECK(f.diags.size() == 3);
}

TEST_CASE("dates, strings, lists and enums", "[rules][reader]") {
  reader_fixture f(
      "a: 2024-04-04\nb: \"2024-04-04\"\nc: 2024-02-30\nd: [x, y]\ne: x\nf: case_by_case\n"
      "g: case_by_cas\nh: {k: v}\n");
  CHECK(read_date(f.ctx, f.at("a"), "a") == date::from_ymd(2024, 4, 4));
  CHECK(read_date(f.ctx, f.at("b"), "b") == date::from_ymd(2024, 4, 4));
  CHECK_FALSE(read_date(f.ctx, f.at("c"), "c"));
  REQUIRE(f.diags.size() == 1);
  CHECK(f.diags[0].code == "EXC-E2005");
  CHECK(read_string_list(f.ctx, f.at("d"), "d") == std::vector<std::string>{"x", "y"});
  CHECK_FALSE(read_string_list(f.ctx, f.at("e"), "e"));
  CHECK(f.diags.back().help == "write a one-element list as `[x]`");
  CHECK(read_enum(f.ctx, f.at("f"), "f", {"case_by_case", "presumption_of_denial"}) ==
        "case_by_case");
  CHECK_FALSE(read_enum(f.ctx, f.at("g"), "g", {"case_by_case", "presumption_of_denial"}));
  CHECK(f.diags.back().code == "EXC-E2004");
  CHECK(f.diags.back().message ==
        "unknown value `case_by_cas`; expected one of `case_by_case`, `presumption_of_denial`");
  CHECK(f.diags.back().help == "did you mean `case_by_case`?");
  CHECK_FALSE(read_string(f.ctx, f.at("h"), "h"));
  CHECK(f.diags.back().message == "expected a string, found a mapping");
}

TEST_CASE("map_reader reports missing and unknown keys", "[rules][reader]") {
  reader_fixture f("rule:\n  id: X\n  treshold: 1\n  citation: null\n  zzzzzz: 2\n");
  map_reader m(f.ctx, f.at("rule"), "rules[0]", {"id", "citation", "message", "threshold"});
  REQUIRE(m.ok());
  CHECK(m.required("id") != nullptr);
  CHECK(m.required("message") == nullptr);
  REQUIRE(f.diags.size() == 1);
  CHECK(f.diags[0].code == "EXC-E2001");
  CHECK(f.diags[0].message == "missing required key `message`");
  CHECK(f.diags[0].path == "rules[0]");
  CHECK(f.diags[0].line == 2);
  CHECK(m.optional("citation") == nullptr);  // explicit null counts as absent
  CHECK(m.required("citation") != nullptr);  // ... but a required null is a wrong type later
  CHECK(m.path("id") == "rules[0].id");
  m.finish();
  REQUIRE(f.diags.size() == 3);
  CHECK(f.diags[1].code == "EXC-E2003");
  CHECK(f.diags[1].message == "unknown key `treshold`");
  CHECK(f.diags[1].help == "did you mean `threshold`?");
  CHECK(f.diags[1].line == 3);
  CHECK(f.diags[1].column == 3);
  CHECK(f.diags[2].help == "allowed keys: `id` `citation` `message` `threshold`");

  map_reader not_a_map(f.ctx, f.at("rule").entries[0].second, "x", {});
  CHECK_FALSE(not_a_map.ok());
  CHECK(f.diags.back().message == "expected a mapping, found a string `X`");
}

TEST_CASE("closest_match suggests near misses only", "[rules][reader]") {
  const std::vector<std::string> keys{"effective_from", "effective_to", "citation", "id"};
  CHECK(closest_match("efective_from", keys) == "effective_from");
  CHECK(closest_match("citaton", keys) == "citation");
  CHECK(closest_match("ID", keys) == "id");
  CHECK_FALSE(closest_match("xy", keys));
  CHECK_FALSE(closest_match("colour", keys));
  CHECK(closest_match("de", {"DE", "DK"}) == "DE");
}
