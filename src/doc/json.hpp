// json.hpp: the one place that includes nlohmann/json. Decisions are written by json_writer
// (json_writer.hpp), which uses nlohmann's number formatting and is tested against these helpers:
// ordered_json keeps keys in a fixed, documented order, so it is the reference for the bytes.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace exportctl::detail {

using ojson = nlohmann::ordered_json;

/// Integral values print without a fraction (TPP 15832, not 15832.0).
inline ojson json_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15)
    return ojson(static_cast<long long>(v));
  return ojson(v);
}

inline ojson json_number(const std::optional<double>& v) {
  return v ? json_number(*v) : ojson(nullptr);
}

inline ojson json_string_or_null(const std::string& s) {
  return s.empty() ? ojson(nullptr) : ojson(s);
}

inline ojson json_strings(const std::vector<std::string>& v) {
  ojson a = ojson::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

}  // namespace exportctl::detail
