#include "cli/common.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace exportctl::cli {

std::optional<std::string> read_input(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "error: cannot read `" << path << "`\n";
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void print_diagnostics(const std::vector<diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) std::cerr << format(d) << '\n';
}

std::optional<engine> build_engine(const engine_flags& flags) {
  engine_options options{flags.rules, flags.scenarios};
  options.require_headquarters = flags.require_headquarters;
  engine_result built = engine::load(options);
  print_diagnostics(built.diagnostics);
  if (!built.value) {
    std::cerr << "error: the rule packs could not be loaded (run `exportctl lint` on them)\n";
    return std::nullopt;
  }
  return std::move(built.value);
}

std::optional<date> parse_as_of(const engine_flags& flags, bool& ok) {
  ok = true;
  if (flags.as_of.empty()) return std::nullopt;
  auto d = date::parse(flags.as_of);
  if (!d) {
    std::cerr << "error: --as-of `" << flags.as_of << "` is not a date (expected YYYY-MM-DD)\n";
    ok = false;
  }
  return d;
}

bool want_json(const engine_flags& flags) {
  if (flags.format.empty()) return isatty(STDOUT_FILENO) == 0;
  return flags.format == "json";
}

}  // namespace exportctl::cli
