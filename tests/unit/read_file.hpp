// read_file.hpp: a whole test-data file as a string (golden inputs and expected outputs).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace exportctl::test {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace exportctl::test
