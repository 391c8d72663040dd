// lists_test.cpp: the readers of the official screening-list files (screening/lists/list.hpp).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "screening/lists/delimited.hpp"
#include "screening/lists/list.hpp"

using namespace exportctl;
using namespace exportctl::detail::lists;

namespace {

const std::string data = EXPORTCTL_TEST_DATA_DIR "/data/lists/";
/// The full 2021 SDN sample (tests/data/lists/README.md).
const std::string reference_sdn =
    std::string(EXPORTCTL_SOURCE_DIR) + "/tests/data/lists/ofac-sdn-2021/sdn.csv";

std::string codes(const std::vector<diagnostic>& d) {
  std::string out;
  for (const auto& x : d) out += format(x) + "\n";
  return out;
}

const std::string csl_header =
    "source,name,alt_names,addresses,start_date,license_requirement,license_policy,"
    "federal_register_notice\n";

}  // namespace

TEST_CASE("delimited_reader: quotes, doubled quotes, line breaks in cells, CRLF",
          "[screening][lists]") {
  delimited_reader r("a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,\"two\nlines\",3\n\n x ,\"y\" ,z", ',',
                     100);
  record rec;
  REQUIRE(r.next(rec));
  CHECK(rec.line == 1);
  CHECK(rec.cells == std::vector<std::string>{"a", "b, c", "say \"hi\""});
  REQUIRE(r.next(rec));
  CHECK(rec.line == 2);
  CHECK(rec.cells == std::vector<std::string>{"1", "two\nlines", "3"});
  REQUIRE(r.next(rec));  // the blank line
  CHECK(rec.line == 4);
  REQUIRE(r.next(rec));
  CHECK(rec.line == 5);
  CHECK(rec.cells == std::vector<std::string>{" x ", "y", "z"});
  CHECK_FALSE(r.next(rec));
  CHECK(r.error().empty());
}

TEST_CASE("delimited_reader: syntax errors stop with their line", "[screening][lists]") {
  record rec;
  delimited_reader a("x,y\n\"open,\nnever closed", ',', 100);
  REQUIRE(a.next(rec));
  CHECK_FALSE(a.next(rec));
  CHECK(a.error() == "unterminated quoted cell");
  CHECK(a.error_line() == 2);
  delimited_reader b("ok\nab\"c\"", ',', 100);
  REQUIRE(b.next(rec));
  CHECK_FALSE(b.next(rec));
  CHECK(b.error() == "quote inside an unquoted cell");
  const std::string long_cell(200, 'x');
  delimited_reader c(long_cell, ',', 100);
  CHECK_FALSE(c.next(rec));
  CHECK(c.error() == "cell longer than 100 bytes");
}

TEST_CASE("OFAC trio: names, aliases, addresses, countries, the DOS end mark",
          "[screening][lists]") {
  std::vector<diagnostic> d;
  const auto l = read_list(data + "sdn-mini/sdn.csv", d);
  INFO(codes(d));
  REQUIRE(l);
  CHECK(l->source == "OFAC SDN");
  CHECK(l->rows == 4 + 2 + 3);
  CHECK(l->sha256.size() == 64);
  REQUIRE(l->entries.size() == 4);
  const auto& hmc = l->entries[2];
  CHECK(hmc.id == "102");
  CHECK(hmc.names == std::vector<std::string>{"HAIGUANG MICROELECTRONICS CO., LTD.", "HMC"});
  CHECK(hmc.countries == std::vector<std::string>{"CN"});
  CHECK(hmc.programs == "CHINA");
  CHECK(hmc.line == 3);
  CHECK(l->entries[0].addresses == std::vector<std::string>{"12 Enghelab St, Tehran, Iran"});
  CHECK(l->entries[0].countries == std::vector<std::string>{"IR"});
}

TEST_CASE("OFAC trio: bad rows are located errors, never skipped", "[screening][lists]") {
  ofac_files f{"sdn.csv",
               "alt.csv",
               "add.csv",
               "1,\"A\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n"
               "x2,\"B\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n"
               "3,\"C\",-0-\n",
               "1,10,\"aka\",\"A ONE\",-0-\n9,11,\"aka\",\"ORPHAN\",-0-\n",
               ""};
  std::vector<diagnostic> d;
  CHECK_FALSE(parse_ofac(f, d));
  const auto text = codes(d);
  CHECK(text ==
        "sdn.csv:2:1: error[EXC-E8008]: ent_num `x2` is not a number\n"
        "sdn.csv:3: error[EXC-E8007]: row has 3 cells; this file has 12\n"
        "  help: quote cells that contain commas\n"
        "alt.csv:2:1: error[EXC-E8008]: ent_num `9` is not in sdn.csv\n");
}

TEST_CASE("OFAC: a missing ALT.CSV beside SDN.CSV is an error", "[screening][lists]") {
  const auto dir = std::filesystem::temp_directory_path() / "exportctl-lists-noalt";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "sdn.csv") << "1,\"A\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n";
  std::vector<diagnostic> d;
  CHECK_FALSE(read_list((dir / "sdn.csv").string(), d));
  REQUIRE(d.size() == 2);  // alt.csv and add.csv
  CHECK(d[0].code == "EXC-E9001");
  CHECK(d[0].file == (dir / "alt.csv").string());
  std::filesystem::remove_all(dir);
}

TEST_CASE("Denied Persons List sample: every row, hash of the bytes", "[screening][lists]") {
  std::vector<diagnostic> d;
  const auto l = read_list(data + "bis-dpl-2022.txt", d);
  INFO(codes(d));
  REQUIRE(l);
  CHECK(l->format == list_format::bis_dpl);
  CHECK(l->rows == 581);
  CHECK(l->entries.size() == 581);
  CHECK(l->sha256 == "9bac1eb5401d4ee8eb46a7aba97df2c899d7bdc850c813cb4fa0c0a77a66449b");
  const auto& first = l->entries[0];
  CHECK(first.names == std::vector<std::string>{"I. ASH"});
  CHECK(first.line == 2);
  CHECK(first.countries == std::vector<std::string>{"US"});
  CHECK(first.start_date == "06/19/2003");
  CHECK(first.federal_register_notice.rfind("68 F.R. 38290", 0) == 0);
}

TEST_CASE("Denied Persons List: unknown and missing columns", "[screening][lists]") {
  std::vector<diagnostic> d;
  CHECK_FALSE(parse_dpl("\"Name\"\t\"Street_Adress\"\n\"X\"\t\"Y\"\n", "dpl.txt", d));
  REQUIRE(d.size() >= 2);
  CHECK(format(d[0]) == "dpl.txt:1:2: error[EXC-E8003]: unknown column `Street_Adress`");
  CHECK(d[1].code == "EXC-E8004");
}

TEST_CASE("Consolidated Screening List samples, 2019 and current column sets",
          "[screening][lists]") {
  for (const char* f : {"watchman-cslustest-consolidated.csv", "watchman-test-csl-2019.csv"}) {
    std::vector<diagnostic> d;
    const auto l = read_list(data + f, d);
    INFO(f << "\n" << codes(d));
    REQUIRE(l);
    CHECK(l->format == list_format::csl);
    CHECK(l->rows == l->entries.size());
    CHECK(l->rows > 10);
  }
  std::vector<diagnostic> d;
  const auto l = read_list(data + "watchman-test-csl-2019.csv", d);
  REQUIRE(l);
  const auto it = std::find_if(l->entries.begin(), l->entries.end(), [](const list_entry& e) {
    return e.names[0] == "2904977 CANADA, INC.";
  });
  REQUIRE(it != l->entries.end());
  CHECK(it->names ==
        std::vector<std::string>{"2904977 CANADA, INC.", "CARIBE SOL", "HAVANTUR CANADA INC."});
  CHECK(it->countries == std::vector<std::string>{"CA"});
  CHECK(it->line > 1);
}

TEST_CASE("CSL: licence fields kept raw, the successor clause is not part of the name",
          "[screening][lists]") {
  std::vector<diagnostic> d;
  const auto l =
      parse_csl(csl_header +
                    "Entity List (EL) - Bureau of Industry and Security,Alpha Co.,A1; A2,"
                    "\"1 Road, Shenzhen, CN; 2 Street, Hong Kong, HK\",2020-05-22,"
                    "For all items subject to the EAR.,Presumption of denial.,85 FR 34495\n"
                    "ISN,\"Beta Co; and any successor, sub-unit, or subsidiary thereof\",,,,,,\n",
                "csl.csv", d);
  INFO(codes(d));
  REQUIRE(l);
  REQUIRE(l->entries.size() == 2);
  const auto& e = l->entries[0];
  CHECK(e.id == "2");
  CHECK(e.names == std::vector<std::string>{"Alpha Co.", "A1", "A2"});
  CHECK(e.addresses.size() == 2);
  CHECK(e.countries == std::vector<std::string>{"CN", "HK"});
  CHECK(e.license_requirement == "For all items subject to the EAR.");
  CHECK(e.license_policy == "Presumption of denial.");
  CHECK(e.federal_register_notice == "85 FR 34495");
  CHECK(e.start_date == "2020-05-22");
  CHECK(l->entries[1].names == std::vector<std::string>{"Beta Co"});
}

TEST_CASE("CSL: unknown, missing columns and short rows are located errors", "[screening][lists]") {
  std::vector<diagnostic> d;
  CHECK_FALSE(parse_csl("source,name,alt_name\nX,Y,Z\n", "c.csv", d));
  CHECK(format(d.at(0)).rfind("c.csv:1:3: error[EXC-E8003]: unknown column `alt_name`", 0) == 0);
  CHECK(d.at(1).code == "EXC-E8004");
  d.clear();
  CHECK_FALSE(parse_csl(csl_header + "EL,Alpha,,,,,,\nEL,Beta,,,\nEL,,,,,,,\n", "c.csv", d));
  REQUIRE(d.size() == 2);
  CHECK(format(d[0]) ==
        "c.csv:3: error[EXC-E8007]: row has 5 cells; the header has 8\n"
        "  help: quote cells that contain commas");
  CHECK(format(d[1]) == "c.csv:4:2: error[EXC-E8008]: empty `name`");
}

TEST_CASE("an unrecognized file is EXC-E8001", "[screening][lists]") {
  const auto p = std::filesystem::temp_directory_path() / "exportctl-not-a-list.csv";
  std::ofstream(p) << "hello,world\n";
  std::vector<diagnostic> d;
  CHECK_FALSE(read_list(p.string(), d));
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "EXC-E8001");
  std::filesystem::remove(p);
}

TEST_CASE("bounds: file size, 100,000 aliases, a 100 kB name, a 50 MB list",
          "[screening][lists][limits]") {
  // A file past the bound is refused by its size, before it is read.
  list_limits small;
  small.max_file_bytes = 1000;
  std::vector<diagnostic> d;
  CHECK_FALSE(read_list(data + "bis-dpl-2022.txt", d, small));
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "EXC-E5001");

  list_limits cells;
  cells.max_cell_bytes = 4 << 20;
  // 100,000 aliases for one entry: one EXC-E8006, not 90,000.
  std::string aliases;
  for (int i = 0; i < 100000; ++i) aliases += "Alias Number " + std::to_string(i) + ";";
  d.clear();
  CHECK_FALSE(parse_csl(csl_header + "EL,Alpha,\"" + aliases + "\",,,,,\n", "big.csv", d, cells));
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "EXC-E8006");
  CHECK(d[0].line == 2);
  // A 100 kB name: one EXC-E8005 at its line (and the 64 kB cell bound is raised for it).
  d.clear();
  CHECK_FALSE(parse_csl(csl_header + "EL,\"" + std::string(100000, 'n') + "\",,,,,,\n", "long.csv",
                        d, cells));
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "EXC-E8005");
  // A 50 MB list (about 420,000 rows) reads whole.
  std::string big = csl_header;
  big.reserve(50u << 20);
  for (int i = 0; big.size() < (50u << 20); ++i)
    big += "Entity List (EL) - Bureau of Industry and Security,Company " + std::to_string(i) +
           " Ltd.,Alias " + std::to_string(i) +
           ",\"1 Road, City, CN\",2020-01-01,all,denial,85 FR 1\n";
  d.clear();
  const auto l = parse_csl(big, "50mb.csv", d);
  REQUIRE(l);
  CHECK(l->entries.size() > 350000);
}

TEST_CASE("the full 2021 SDN sample reads whole", "[screening][lists][reference]") {
  std::vector<diagnostic> d;
  const auto l = read_list(reference_sdn, d);
  INFO(codes(d));
  REQUIRE(l);
  CHECK(l->entries.size() == 8976);
  CHECK(l->rows == 8976 + 11910 + 13837);
  std::size_t names = 0;
  for (const auto& e : l->entries) names += e.names.size();
  CHECK(names > 20000);
}

TEST_CASE("country_code_of: OFAC's names and ISO codes", "[screening][lists]") {
  CHECK(country_code_of("United Kingdom") == "GB");
  CHECK(country_code_of("Korea, North") == "KP");
  CHECK(country_code_of("Iran") == "IR");
  CHECK(country_code_of("Germany") == "DE");
  CHECK(country_code_of("CN") == "CN");
  CHECK(country_code_of("Atlantis").empty());
}
