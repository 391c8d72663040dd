// read_lists.cpp: the lists of --lists paths, files or directories, as `check`, `batch`,
// `screen` and `verify` load them (one rule for all, so a directory means the same everywhere).
#include <algorithm>
#include <filesystem>

#include "model/text.hpp"
#include "screening/lists/list_common.hpp"

namespace exportctl::detail::lists {

namespace {

namespace fs = std::filesystem;

/// The list files of a directory, in name order: its `sdn.csv` (whose alt.csv, add.csv and
/// sdn_comments.csv companions the OFAC reader finds itself) and every other .csv, .tsv and
/// .txt file.
std::vector<std::string> list_files(const std::string& dir, std::vector<diagnostic>& diags) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = ascii_lower(e.path().filename().string());
    if (name == "alt.csv" || name == "add.csv" || name == "sdn_comments.csv") continue;
    const std::string ext = ascii_lower(e.path().extension().string());
    if (ext == ".csv" || ext == ".tsv" || ext == ".txt") out.push_back(e.path().string());
  }
  if (ec) {
    add_diag(diags, "EXC-E9001", "cannot read the list directory: " + ec.message(), dir, 0);
    return {};
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) {
    add_diag(diags, "EXC-E8009", "no screening list file (.csv, .tsv, .txt) in the directory", dir,
             0, 0, "give the list files, or a directory holding them");
  }
  return out;
}

}  // namespace

std::vector<screening_list> read_lists(const std::vector<std::string>& paths,
                                       std::vector<diagnostic>& diags, const list_limits& limits) {
  std::vector<screening_list> out;
  for (const auto& path : paths) {
    std::error_code ec;
    const std::vector<std::string> files =
        fs::is_directory(path, ec) ? list_files(path, diags) : std::vector<std::string>{path};
    for (const auto& file : files) {
      if (auto l = read_list(file, diags, limits)) out.push_back(std::move(*l));
    }
  }
  return out;
}

}  // namespace exportctl::detail::lists
