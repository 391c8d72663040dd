// read_list.cpp: a list file by path: its format, its companion files and its hash.
#include <algorithm>
#include <filesystem>

#include "model/file_read.hpp"
#include "model/sha256.hpp"
#include "model/text.hpp"
#include "screening/lists/list_common.hpp"

namespace exportctl::detail::lists {

namespace {

/// `name` beside `sdn` in the case the SDN file uses ("SDN.CSV" → "ALT.CSV").
std::string companion(const std::string& sdn, const char* name) {
  const std::filesystem::path p(sdn);
  const std::string file = p.filename().string();
  std::string n = name;
  if (!file.empty() && std::isupper(static_cast<unsigned char>(file[0])))
    std::transform(n.begin(), n.end(), n.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return (p.parent_path() / n).string();
}

}  // namespace

std::optional<screening_list> read_list(const std::string& path, std::vector<diagnostic>& diags,
                                        const list_limits& limits) {
  auto read = [&](const std::string& p) {
    return read_regular_file(p, limits.max_file_bytes, "screening list", diags);
  };
  const auto main = read(path);
  if (!main) return std::nullopt;
  if (ascii_lower(std::filesystem::path(path).filename().string()) == "sdn.csv") {
    ofac_files f;
    f.sdn_file = path;
    f.alt_file = companion(path, "alt.csv");
    f.add_file = companion(path, "add.csv");
    const auto alt = read(f.alt_file);
    const auto add = read(f.add_file);
    if (!alt || !add) return std::nullopt;
    f.sdn = *main;
    f.alt = *alt;
    f.add = *add;
    auto list = parse_ofac(f, diags, limits);
    // The snapshot is the three files together: a changed alias file is a different list.
    if (list) list->sha256 = sha256_hex(sha256_hex(*main) + sha256_hex(*alt) + sha256_hex(*add));
    return list;
  }
  const std::string_view text = *main;
  const auto eol = text.find('\n');
  const auto first = text.substr(0, eol);
  std::optional<screening_list> list;
  if (first.find('\t') != std::string_view::npos &&
      first.find("Street_Address") != std::string_view::npos)
    list = parse_dpl(text, path, diags, limits);
  else if (first.find("source") != std::string_view::npos &&
           first.find("name") != std::string_view::npos)
    list = parse_csl(text, path, diags, limits);
  else {
    add_diag(diags, "EXC-E8001", "`" + path + "` is not a screening list exportctl reads", path, 1,
             0,
             "give OFAC's sdn.csv (with alt.csv and add.csv beside it), the BIS Denied Persons "
             "List file or the Consolidated Screening List CSV");
    return std::nullopt;
  }
  if (list) list->sha256 = sha256_hex(text);
  return list;
}

}  // namespace exportctl::detail::lists
