// diag_codes.hpp: the table of every diagnostic code exportctl emits, and `diag_code`, the type
// the diagnostic helpers take: it can only be made from a string literal in the table, at
// compile time, so a mistyped code (E2030 for E2003) does not compile. A new code is
// one row here and one section in docs/diagnostics.md (tests/unit/model/diagnostics_doc_test.cpp
// checks the two list the same codes).
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace exportctl::detail {

/// Every diagnostic code, sorted.
inline constexpr std::array diagnostic_codes = {
    "EXC-E1001", "EXC-E1002", "EXC-E1003", "EXC-E1004", "EXC-E1005", "EXC-E1006", "EXC-E1007",
    "EXC-E1008", "EXC-E2001", "EXC-E2002", "EXC-E2003", "EXC-E2004", "EXC-E2005", "EXC-E2006",
    "EXC-E2007", "EXC-E2008", "EXC-E3001", "EXC-E3002", "EXC-E3003", "EXC-E3004", "EXC-E3005",
    "EXC-E3006", "EXC-E3007", "EXC-E3008", "EXC-E3009", "EXC-E3010", "EXC-E3011", "EXC-E3012",
    "EXC-E3013", "EXC-E3014", "EXC-E3015", "EXC-E4001", "EXC-E4002", "EXC-E4003", "EXC-E4004",
    "EXC-E4005", "EXC-E4006", "EXC-E4007", "EXC-E4008", "EXC-E4009", "EXC-E4010", "EXC-E4011",
    "EXC-E4012", "EXC-E4013", "EXC-E4014", "EXC-E4015", "EXC-E4016", "EXC-E5001", "EXC-E5002",
    "EXC-E5003", "EXC-E5004", "EXC-E5005", "EXC-E6001", "EXC-E6002", "EXC-E6003", "EXC-E6004",
    "EXC-E6005", "EXC-E6006", "EXC-E6007", "EXC-E6008", "EXC-E6009", "EXC-E6010", "EXC-E6011",
    "EXC-E6012", "EXC-E6101", "EXC-E6102", "EXC-E7001", "EXC-E7002", "EXC-E7003", "EXC-E8001",
    "EXC-E8002", "EXC-E8003", "EXC-E8004", "EXC-E8005", "EXC-E8006", "EXC-E8007", "EXC-E8008",
    "EXC-E8009", "EXC-E8010", "EXC-E9001", "EXC-E9002", "EXC-E9003", "EXC-E9004", "EXC-E9101",
    "EXC-E9102", "EXC-E9103", "EXC-E9104", "EXC-E9105", "EXC-E9106", "EXC-E9107", "EXC-E9108",
    "EXC-E9109", "EXC-E9110", "EXC-E9111", "EXC-E9112", "EXC-E9201", "EXC-E9202", "EXC-E9203",
    "EXC-E9204", "EXC-E9205", "EXC-E9206", "EXC-E9207", "EXC-E9208", "EXC-E9209", "EXC-E9301",
    "EXC-E9302", "EXC-E9303", "EXC-E9304", "EXC-E9305", "EXC-E9306", "EXC-E9307", "EXC-E9308",
    "EXC-E9309", "EXC-E9310",
};

static_assert(std::is_sorted(diagnostic_codes.begin(), diagnostic_codes.end(),
                             [](std::string_view a, std::string_view b) { return a < b; }),
              "keep diagnostic_codes sorted");

/// Whether `code` is in the table.
[[nodiscard]] constexpr bool is_diagnostic_code(std::string_view code) {
  return std::binary_search(diagnostic_codes.begin(), diagnostic_codes.end(), code,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

/// A diagnostic code from the table. The constructor is consteval: a code that is not in the
/// table is a compile error ("call to consteval function ... is not a constant expression").
class diag_code {
 public:
  // NOLINTNEXTLINE(google-explicit-constructor): literals convert at every call site on purpose
  consteval diag_code(const char* code) : code_(code) {
    if (!is_diagnostic_code(code_)) throw "unknown diagnostic code: add it to diag_codes.hpp";
  }
  [[nodiscard]] constexpr std::string_view text() const { return code_; }
  // NOLINTNEXTLINE(google-explicit-constructor)
  constexpr operator std::string_view() const { return code_; }

 private:
  std::string_view code_;
};

}  // namespace exportctl::detail
