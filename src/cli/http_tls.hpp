// http_tls.hpp: the TLS context of `exportctl serve --tls-cert --tls-key` (OpenSSL, through
// Boost.Asio), in its own file as OpenSSL's other use (model/sha256.cpp) is in its own.
#pragma once

#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"

namespace boost::asio::ssl {
class context;
}

namespace exportctl::cli::service {

/// Configures `ctx` as a TLS 1.2+ server with the PEM certificate chain and key. False with a
/// diagnostic (EXC-E9308) naming the file that did not load.
[[nodiscard]] bool configure_tls(boost::asio::ssl::context& ctx, const std::string& cert,
                                 const std::string& key, std::vector<diagnostic>& diags);

}  // namespace exportctl::cli::service
