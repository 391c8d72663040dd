// service_page.cpp: the review page of `exportctl serve` (docs/service.md): GET / (the HTML
// document), GET /page.js and GET /page.css. Static and unscoped: the page's data comes from
// the scoped API (GET /v1/holds, /v1/orders/{id}/journal, POST /v1/orders/{id}/resolve), which
// the script calls with the cookie exportctl_token and `X-Exportctl-Page: 1`. The files are in
// cli/service_page_assets.hpp.
#include "cli/service.hpp"
#include "cli/service_page_assets.hpp"

namespace exportctl::cli::service {
namespace {

/// Only the page's own origin: no inline script or style, no external resource, so data that
/// slipped into markup could not run.
constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'";

response asset(std::string_view content_type, std::string_view body) {
  response r;
  r.content_type = std::string(content_type);
  r.body = std::string(body);
  r.headers = {
      {"Content-Security-Policy", std::string(content_security_policy)},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      // The files change with the binary: a browser revalidates rather than keep an old script.
      {"Cache-Control", "no-cache"},
  };
  return r;
}

response page_html(state&, const request&, const std::vector<std::string>&) {
  return asset("text/html; charset=utf-8", page::html);
}
response page_js(state&, const request&, const std::vector<std::string>&) {
  return asset("text/javascript; charset=utf-8", page::js);
}
response page_css(state&, const request&, const std::vector<std::string>&) {
  return asset("text/css; charset=utf-8", page::css);
}

}  // namespace

void add_page_routes(std::vector<route>& routes) {
  routes.push_back({"GET", "/", scope_none, page_html, "", true});
  routes.push_back({"GET", "/page.js", scope_none, page_js, "", true});
  routes.push_back({"GET", "/page.css", scope_none, page_css, "", true});
}

}  // namespace exportctl::cli::service
