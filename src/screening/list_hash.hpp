// list_hash.hpp (internal): the hashing and deletion neighbourhood shared by building the
// list index (list_build.cpp) and screening against it (list_index.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace exportctl::detail::list_hash {

inline std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0) {
  std::uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

/// Tokens shorter than this match only exactly: one edit in "hmc" is another company.
inline constexpr std::size_t min_fuzzy_length = 4;

/// Calls f(hash) for the token and each of its one-character deletions (UTF-8 lead bytes only,
/// so a deletion never splits a code point).
template <typename F>
void for_each_deletion(std::string_view t, std::string& buf, F f) {
  f(hash_bytes(t));
  if (t.size() < min_fuzzy_length || t.size() > 64) return;
  for (std::size_t i = 0; i < t.size();) {
    std::size_t len = 1;
    while (i + len < t.size() && (static_cast<unsigned char>(t[i + len]) & 0xC0) == 0x80) ++len;
    buf.assign(t.substr(0, i));
    buf.append(t.substr(i + len));
    f(hash_bytes(buf));
    i += len;
  }
}

}  // namespace exportctl::detail::list_hash
