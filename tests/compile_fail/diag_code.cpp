// Compiled by CTest twice (tests/compile_fail/compile_fail.cmake): as is it must compile, and
// with EXPORTCTL_TYPO it must not, because "EXC-E2030" is not in src/model/diag_codes.hpp.
#include "model/diag_codes.hpp"

namespace {
[[maybe_unused]] constexpr exportctl::detail::diag_code known = "EXC-E2003";
#ifdef EXPORTCTL_TYPO
[[maybe_unused]] constexpr exportctl::detail::diag_code typo = "EXC-E2030";
#endif
}  // namespace
