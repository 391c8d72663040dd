// document_test.cpp: YAML/JSON → located doc_node tree, and the document-level diagnostics.
#include "doc/document.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace exportctl;
using namespace exportctl::detail;

namespace {

struct parsed {
  std::optional<doc_node> doc;
  std::vector<diagnostic> diags;
};

parsed parse(const std::string& text) {
  parsed p;
  p.doc = parse_document(text, "t.yaml", p.diags);
  return p;
}

}  // namespace

TEST_CASE("positions are 1-based", "[rules][document]") {
  auto p = parse("pack:\n  id: x\n  list: [a, \"b\"]\n");
  REQUIRE(p.doc);
  CHECK(p.diags.empty());
  const doc_node* pack = p.doc->find("pack");
  REQUIRE(pack);
  CHECK(pack->is_mapping());
  CHECK(pack->line == 2);
  CHECK(pack->column == 3);
  const doc_node* id = pack->find("id");
  REQUIRE(id);
  CHECK(id->text == "x");
  CHECK(id->line == 2);
  CHECK(id->column == 7);
  CHECK(pack->entries[0].first.line == 2);
  CHECK(pack->entries[0].first.column == 3);
  const doc_node* list = pack->find("list");
  REQUIRE(list);
  REQUIRE(list->items.size() == 2);
  CHECK(list->items[1].column == 13);
  CHECK(list->items[1].quoted);
  CHECK_FALSE(list->items[0].quoted);
  CHECK(pack->find("missing") == nullptr);
}

TEST_CASE("scalars keep whether they were quoted, null spellings", "[rules][document]") {
  auto p = parse("a: 12\nb: \"12\"\nc: '12'\nd: |\n  12\ne: null\nf: ~\ng:\nh: ''\ni: NULL\n");
  REQUIRE(p.doc);
  const auto& d = *p.doc;
  CHECK(d.find("a")->is_scalar());
  CHECK_FALSE(d.find("a")->quoted);
  CHECK(d.find("b")->quoted);
  CHECK(d.find("c")->quoted);
  CHECK(d.find("d")->quoted);  // block scalars are strings
  CHECK(d.find("e")->is_null());
  CHECK(d.find("f")->is_null());
  CHECK(d.find("g")->is_null());
  CHECK(d.find("g")->line == 8);  // an empty value sits at its key, not on the next line
  CHECK(d.find("h")->is_scalar());
  CHECK(d.find("h")->text.empty());
  CHECK(d.find("i")->is_null());
}

TEST_CASE("mapping entries keep input order", "[rules][document]") {
  auto p = parse("z: 1\na: 2\nm: 3\n");
  REQUIRE(p.doc);
  REQUIRE(p.doc->entries.size() == 3);
  CHECK(p.doc->entries[0].first.text == "z");
  CHECK(p.doc->entries[2].first.text == "m");
}

TEST_CASE("duplicate keys are reported at the second occurrence", "[rules][document]") {
  auto p = parse("a: 1\nb:\n  c: 2\n  c: 3\n");
  REQUIRE(p.doc);  // still usable: the first one wins
  REQUIRE(p.diags.size() == 1);
  CHECK(p.diags[0].code == "EXC-E1002");
  CHECK(p.diags[0].line == 4);
  CHECK(p.diags[0].column == 3);
  CHECK(p.diags[0].message == "duplicate key `c` (first defined at line 3)");
  CHECK(p.doc->find("b")->find("c")->text == "2");
  // Quoting does not make a different key.
  auto q = parse("{\"a\": 1, a: 2}");
  REQUIRE(q.diags.size() == 1);
  CHECK(q.diags[0].code == "EXC-E1002");
}

TEST_CASE("aliases are refused", "[rules][document]") {
  auto p = parse("a: &x [1, 2]\nb: *x\n");
  CHECK_FALSE(p.doc);
  REQUIRE(p.diags.size() == 1);
  CHECK(p.diags[0].code == "EXC-E1003");
  CHECK(p.diags[0].line == 2);
  CHECK(p.diags[0].column == 4);
}

TEST_CASE("syntax errors carry the parser's position", "[rules][document]") {
  auto p = parse("a: [1, 2\nb: 3\n");
  CHECK_FALSE(p.doc);
  REQUIRE(p.diags.size() == 1);
  CHECK(p.diags[0].code == "EXC-E1001");
  CHECK(p.diags[0].line == 2);
  CHECK(p.diags[0].message.find("syntax error") == 0);
}

TEST_CASE("empty and multi-document input", "[rules][document]") {
  for (const char* text : {"", "# comment only\n", "---\n", "~\n"}) {
    auto p = parse(text);
    CHECK_FALSE(p.doc);
    REQUIRE(p.diags.size() == 1);
    CHECK(p.diags[0].code == "EXC-E1004");
  }
  auto p = parse("a: 1\n---\nb: 2\n");
  CHECK_FALSE(p.doc);
  REQUIRE(p.diags.size() == 1);
  CHECK(p.diags[0].code == "EXC-E1004");
  CHECK(p.diags[0].line == 2);
}

TEST_CASE("JSON parses as YAML flow syntax", "[rules][document]") {
  auto p = parse(
      "{\n  \"id\": \"SO-1\",\n  \"qty\": 12,\n  \"ok\": true,\n  \"x\": null,\n"
      "  \"items\": [{\"tpp\": 1.5e3}]\n}\n");
  REQUIRE(p.doc);
  CHECK(p.diags.empty());
  const doc_node* id = p.doc->find("id");
  REQUIRE(id);
  CHECK(id->quoted);
  CHECK(id->line == 2);
  CHECK(id->column == 9);
  CHECK_FALSE(p.doc->find("qty")->quoted);
  CHECK(p.doc->find("x")->is_null());
  CHECK(p.doc->find("items")->items[0].find("tpp")->text == "1.5e3");
}

TEST_CASE("nesting is limited to 64 levels", "[rules][document]") {
  const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  auto ok = parse(nested(64));
  CHECK(ok.doc);
  CHECK(ok.diags.empty());
  auto deep = parse(nested(65));
  CHECK_FALSE(deep.doc);
  REQUIRE(deep.diags.size() == 1);
  CHECK(deep.diags[0].code == "EXC-E1005");
  auto very_deep = parse(nested(100000));  // must not exhaust the stack
  CHECK_FALSE(very_deep.doc);
}

TEST_CASE("complex keys and explicit tags are refused", "[rules][document]") {
  auto p = parse("? [a, b]\n: 1\nc: 2\n");
  REQUIRE(p.doc);
  REQUIRE(p.diags.size() == 1);
  CHECK(p.diags[0].code == "EXC-E1006");
  CHECK(p.doc->entries.size() == 1);
  auto t = parse("a: !!str 12\n");
  REQUIRE(t.diags.size() == 1);
  CHECK(t.diags[0].code == "EXC-E1007");
}
