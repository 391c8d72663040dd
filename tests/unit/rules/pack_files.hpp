// pack_files.hpp: writes rule packs to a temporary directory for loader tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "rules/loader.hpp"

namespace exportctl::test {

/// A temporary directory removed at the end of the test.
class pack_files {
 public:
  pack_files() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("exportctl-packs-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
  }
  ~pack_files() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  pack_files(const pack_files&) = delete;
  pack_files& operator=(const pack_files&) = delete;

  /// Writes `text` to `name` inside the directory; returns the full path.
  std::string write(const std::string& name, const std::string& text) const {
    const auto path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  [[nodiscard]] std::string dir() const { return dir_.string(); }

 private:
  std::filesystem::path dir_;
};

/// Result of a load: the packs (or nullptr) and the diagnostics.
struct loaded {
  std::shared_ptr<const detail::compiled_packs> packs;
  std::vector<diagnostic> diags;

  /// The diagnostic codes, in order.
  [[nodiscard]] std::vector<std::string> codes() const {
    std::vector<std::string> v;
    for (const auto& d : diags) v.push_back(d.code);
    return v;
  }
  [[nodiscard]] std::string text() const {
    std::string s;
    for (const auto& d : diags) s += format(d) + "\n";
    return s;
  }
};

inline loaded load(std::vector<std::string> paths, std::vector<std::string> scenarios = {}) {
  loaded r;
  detail::load_options o;
  o.paths = std::move(paths);
  o.scenarios = std::move(scenarios);
  r.packs = detail::load_packs(o, r.diags);
  return r;
}

}  // namespace exportctl::test
