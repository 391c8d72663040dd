// read_file.hpp: test data shared by the unit tests: a whole file as a string (golden inputs and
// expected outputs), the source tree's packs, and the sample shipments.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace exportctl::test {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The source tree's rule packs.
inline const std::string rules_dir = EXPORTCTL_SOURCE_DIR "/rules";

/// Every example and golden shipment (*.yaml), sorted.
inline std::vector<std::filesystem::path> sample_shipments() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"examples", "tests/golden/decisions"}) {
    for (const auto& e :
         std::filesystem::directory_iterator(std::filesystem::path(EXPORTCTL_SOURCE_DIR) / dir))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace exportctl::test
