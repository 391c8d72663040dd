// The condition parameters are one table (conditions/condition.hpp); the rule-pack JSON Schema
// and the format doc list exactly its names, in its order, and the reader accepts each of them.
#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "conditions/condition.hpp"
#include "unit/read_file.hpp"

namespace {

std::vector<std::string> table_names() {
  std::vector<std::string> out;
  for (const auto& row : exportctl::detail::params) out.emplace_back(row.name);
  return out;
}

// The backquoted names in `text`.
std::vector<std::string> quoted(const std::string& text, const std::regex& re) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    out.push_back((*it)[1].str());
  return out;
}

}  // namespace

TEST_CASE("the rule-pack JSON Schema's threshold params equal the parameter table", "[docs]") {
  const std::string schema =
      exportctl::test::read_file(EXPORTCTL_SOURCE_DIR "/docs/rule-pack.schema.json");
  std::smatch m;
  REQUIRE(std::regex_search(schema, m, std::regex(R"re("param":\s*\{"enum":\s*\[([^\]]*)\])re")));
  CHECK(quoted(m[1].str(), std::regex(R"re("([a-z0-9_]+)")re")) == table_names());
}

TEST_CASE("docs/rule-pack-format.md lists the parameter table's params", "[docs]") {
  const std::string doc =
      exportctl::test::read_file(EXPORTCTL_SOURCE_DIR "/docs/rule-pack-format.md");
  std::smatch m;
  // The paragraph "Params: `tpp`, ..., and `shipment_tpp_with_ytd` (...)." up to its first '('.
  REQUIRE(std::regex_search(doc, m, std::regex(R"(\nParams: ([^(]*)\()")));
  CHECK(quoted(m[1].str(), std::regex("`([a-z0-9_]+)`")) == table_names());
}

TEST_CASE("the parameter table is in enum order and names are unique", "[conditions]") {
  using namespace exportctl::detail;
  for (const auto& row : params) {
    CHECK(&info(row.p) == &row);
    REQUIRE(param_named(row.name).has_value());
    CHECK(*param_named(row.name) == row.p);
  }
  CHECK_FALSE(param_named("TPP").has_value());
}
