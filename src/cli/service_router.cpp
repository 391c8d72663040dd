// service_router.cpp: finds a request's route, checks its scope and calls its handler
// (cli/service.hpp).
#include <exception>
#include <iostream>

#include "cli/service.hpp"

namespace exportctl::cli::service {
namespace {

/// Matches `path` against `pattern`, where `{}` stands for one non-empty segment; the
/// segments it stood for go to `captures`.
bool match(std::string_view pattern, std::string_view path, std::vector<std::string>* captures) {
  if (captures) captures->clear();
  for (;;) {
    const auto brace = pattern.find("{}");
    if (brace == std::string_view::npos) return pattern == path;
    if (path.substr(0, brace) != pattern.substr(0, brace)) return false;
    path.remove_prefix(brace);
    pattern.remove_prefix(brace + 2);
    const auto end = path.find('/');
    const auto segment = path.substr(0, end);
    if (segment.empty()) return false;
    if (captures) captures->emplace_back(segment);
    path.remove_prefix(segment.size());
  }
}

std::string name_of(const route& r) {
  if (!r.name.empty()) return r.name;
  return r.pattern;
}

}  // namespace

router::router() {
  add_core_routes(routes_);
  add_ledger_routes(routes_);
  add_page_routes(routes_);
  for (auto& r : routes_) r.name = name_of(r);
}

const route* router::find(std::string_view method, std::string_view path,
                          std::vector<std::string>* captures, bool* path_known) const {
  if (path_known) *path_known = false;
  for (const auto& r : routes_) {
    if (!match(r.pattern, path, captures)) continue;
    if (path_known) *path_known = true;
    if (r.method == method || (method == "HEAD" && r.method == "GET")) return &r;
  }
  return nullptr;
}

std::string_view router::route_name(std::string_view method, std::string_view path) const {
  const route* r = find(method, path, nullptr, nullptr);
  return r ? std::string_view(r->name) : std::string_view("other");
}

bool router::inline_route(std::string_view method, std::string_view path) const {
  const route* r = find(method, path, nullptr, nullptr);
  return r && r->inline_ok;
}

std::optional<response> router::authorize(const request& req, bool authenticated) const {
  bool known = false;
  const route* r = find(req.method, req.path, nullptr, &known);
  if (!r) {
    if (!known) return error(404, "not_found", "no such endpoint (see docs/service.md)");
    auto res = error(405, "method_not_allowed", "this endpoint does not take " + req.method);
    std::string allow;
    for (const auto& other : routes_)
      if (match(other.pattern, req.path, nullptr) && allow.find(other.method) == std::string::npos)
        allow += (allow.empty() ? "" : ", ") + other.method;
    res.headers.emplace_back("Allow", allow);
    return res;
  }
  if (r->needs == scope_none) return std::nullopt;
  if (!authenticated) {
    auto res = error(401, "unauthorized",
                     "this endpoint needs a bearer token (Authorization: Bearer TOKEN)");
    res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"exportctl\"");
    return res;
  }
  if ((req.who.scopes & r->needs) == 0)
    return error(403, "forbidden",
                 "the token `" + req.who.name + "` lacks the scope this endpoint needs");
  // A browser sends cookies with any site's form post; a page of ours also sends this header,
  // which a cross-site form cannot (CSRF).
  const bool writes = req.method != "GET" && req.method != "HEAD";
  if (writes && req.cross_site)
    return error(403, "csrf", "a cross-site request may not change anything");
  if (writes && !req.bearer && !req.page_header && !presented_token("", req.cookie).empty())
    return error(403, "csrf", "a request authenticated by cookie must send X-Exportctl-Page: 1");
  return std::nullopt;
}

response router::handle(state& st, request& req, bool authenticated) const {
  if (auto refused = authorize(req, authenticated)) return *refused;
  std::vector<std::string> captures;
  const route* r = find(req.method, req.path, &captures, nullptr);
  try {
    return r->fn(st, req, captures);
  } catch (const std::exception& e) {
    // The detail is for the operator's log, never for the client.
    std::cerr << "exportctl serve: internal error on " << req.method << ' ' << r->name << ": "
              << e.what() << '\n';
  } catch (...) {
    std::cerr << "exportctl serve: internal error on " << req.method << ' ' << r->name << '\n';
  }
  return error(500, "internal", "internal error (the server's log has the detail)");
}

}  // namespace exportctl::cli::service

namespace exportctl::cli::service {
namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return false;
    out += c;
  }
  return true;
}
}  // namespace

bool parse_target(std::string_view target, request& req) {
  req.query.clear();
  if (target.empty() || target[0] != '/') return false;
  const auto q = target.find('?');
  if (!decode(target.substr(0, q), false, req.path)) return false;
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string k, v;
    if (!decode(pair.substr(0, eq), true, k)) return false;
    if (eq != std::string_view::npos && !decode(pair.substr(eq + 1), true, v)) return false;
    req.query.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

}  // namespace exportctl::cli::service
