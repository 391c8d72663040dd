// http_tls.cpp: the server's TLS context (cli/http_tls.hpp).
#include "cli/http_tls.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

namespace exportctl::cli::service {

bool configure_tls(boost::asio::ssl::context& ctx, const std::string& cert, const std::string& key,
                   std::vector<diagnostic>& diags) {
  auto fail = [&](const std::string& what, const std::string& file,
                  const boost::system::error_code& ec) {
    diagnostic d;
    d.code = "EXC-E9308";
    d.message = "cannot load the TLS " + what + ": " + ec.message();
    d.file = file;
    d.help = "--tls-cert takes a PEM certificate chain, --tls-key its PEM private key";
    diags.push_back(std::move(d));
    return false;
  };
  ctx.set_options(boost::asio::ssl::context::default_workarounds |
                  boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                  boost::asio::ssl::context::single_dh_use);
  // TLS 1.0 and 1.1 are deprecated (RFC 8996).
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(cert, ec);
  if (ec) return fail("certificate", cert, ec);
  ctx.use_private_key_file(key, boost::asio::ssl::context::pem, ec);
  if (ec) return fail("private key", key, ec);
  if (SSL_CTX_check_private_key(ctx.native_handle()) != 1)
    return fail("private key (it does not match the certificate)", key,
                boost::system::error_code(EINVAL, boost::system::generic_category()));
  return true;
}

}  // namespace exportctl::cli::service
