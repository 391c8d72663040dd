// sha256.hpp: SHA-256 for pack hashes and the pack-set fingerprint. The only user of OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace exportctl::detail {

/// Lower-case hex SHA-256 of `data`.
[[nodiscard]] std::string sha256_hex(std::string_view data);

}  // namespace exportctl::detail
