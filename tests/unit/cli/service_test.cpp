// The handlers of `exportctl serve` without a socket (cli/service.hpp): target decoding, the
// tokens file, the router's refusals, and POST /v1/check's bytes against the CLI's to_json. The
// HTTP framing, limits and timeouts are tested over real sockets by tests/serve/.
#include "cli/service.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "../read_file.hpp"
#include "exportctl/io.hpp"

using namespace exportctl;
using namespace exportctl::cli::service;

namespace {

std::string temp_file(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() /
                 ("exportctl-service-test-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(p) << text;
  return p.string();
}

// SHA-256 of "secret-check" (printf %s secret-check | sha256sum).
const char* const check_hash = "a4c09f62e1f4d335f74987a83c3ee76bcb4bb3ce94e183213932035c687c58ae";

state& shared_state() {
  static state st = [] {
    settings s;
    s.engine.rules = {test::rules_dir};
    auto built = engine::load({{test::rules_dir}, {}});
    REQUIRE(built.value);
    return state(std::move(s), std::move(*built.value));
  }();
  return st;
}

}  // namespace

TEST_CASE("service: targets are split and percent-decoded", "[service]") {
  request r;
  REQUIRE(parse_target("/v1/orders/SO%2F1/journal?as_of=2026-01-02&x=a+b&flag", r));
  CHECK(r.path == "/v1/orders/SO/1/journal");
  REQUIRE(r.query.size() == 3);
  CHECK(*r.param("as_of") == "2026-01-02");
  CHECK(*r.param("x") == "a b");
  CHECK(r.param("flag")->empty());
  CHECK(r.param("nope") == nullptr);
  CHECK_FALSE(parse_target("http://host/v1/check", r));  // absolute-form is not served
  CHECK_FALSE(parse_target("/v1/%2", r));                // truncated escape
  CHECK_FALSE(parse_target("/v1/%zz", r));
  CHECK_FALSE(parse_target("/v1/a%00b", r));  // a NUL would cut an order id short
}

TEST_CASE("service: the tokens file is read strictly, with locations", "[service]") {
  std::vector<diagnostic> diags;
  const std::string good = temp_file("good.yaml", std::string("- {name: erp, sha256: ") +
                                                      check_hash + ", scopes: [check, release]}\n");
  auto t = token_table::load(good, diags);
  REQUIRE(t);
  CHECK(t->size() == 1);
  auto who = t->find("secret-check");
  REQUIRE(who);
  CHECK(who->name == "erp");
  CHECK(who->scopes == (scope_check | scope_release));
  CHECK_FALSE(t->find("secret-checK"));
  CHECK_FALSE(t->find(""));

  const std::pair<const char*, const char*> bad[] = {
      {"- {name: a, sha256: abc, scopes: [check]}\n", "EXC-E9306"},
      {"- {name: a, sha256: %H, scopes: [write]}\n", "EXC-E9307"},
      {"- {name: a, sha256: %H, scopes: [check], scope: x}\n", "EXC-E9304"},
      {"- {name: a, sha256: %H, scopes: [check]}\n- {name: a, sha256: %H, scopes: [check]}\n",
       "EXC-E9305"},
      {"name: a\n", "EXC-E9304"},
  };
  for (const auto& [text, code] : bad) {
    std::string body = text;
    for (auto at = body.find("%H"); at != std::string::npos; at = body.find("%H"))
      body.replace(at, 2, check_hash);
    diags.clear();
    const auto f = temp_file("bad.yaml", body);
    INFO(body);
    CHECK_FALSE(token_table::load(f, diags));
    REQUIRE_FALSE(diags.empty());
    bool found = false;
    for (const auto& d : diags) found = found || (d.code == code && d.line >= 1 && d.file == f);
    CHECK(found);
  }
}

TEST_CASE("service: a token is presented as a bearer or in the page's cookie", "[service]") {
  CHECK(presented_token("Bearer abc", "") == "abc");
  CHECK(presented_token("", "a=1; exportctl_token=xyz; b=2") == "xyz");
  CHECK(presented_token("Basic abc", "") == "");
  CHECK(presented_token("", "exportctl_tokenx=1") == "");
}

TEST_CASE("service: the router refuses before any handler runs", "[service]") {
  router routes;
  request r;
  r.method = "POST";
  r.path = "/v1/nothing";
  CHECK(routes.authorize(r, true)->status == 404);
  r.path = "/healthz";
  auto res = routes.authorize(r, true);
  REQUIRE(res);
  CHECK(res->status == 405);
  CHECK(res->headers.at(0) == std::make_pair(std::string("Allow"), std::string("GET")));
  r.path = "/v1/check";
  res = routes.authorize(r, false);
  REQUIRE(res);
  CHECK(res->status == 401);
  r.who = {"erp", scope_release};
  r.bearer = true;
  CHECK(routes.authorize(r, true)->status == 403);
  r.who = {"erp", scope_check};
  CHECK_FALSE(routes.authorize(r, true));
  // The page's cookie without the page's header, or a cross-site request: CSRF.
  r.bearer = false;
  r.cookie = "exportctl_token=x";
  CHECK(routes.authorize(r, true)->status == 403);
  r.page_header = true;
  CHECK_FALSE(routes.authorize(r, true));
  r.cross_site = true;
  CHECK(routes.authorize(r, true)->status == 403);
  r.method = "GET";
  r.path = "/healthz";
  CHECK_FALSE(routes.authorize(r, true));  // reading is harmless; the browser hides the answer
}

TEST_CASE("service: POST /v1/check answers the CLI's bytes, or the error body", "[service]") {
  auto& st = shared_state();
  router routes;
  const std::string file =
      std::string(EXPORTCTL_SOURCE_DIR) + "/examples/so-1042-singapore-to-malaysia.yaml";
  const std::string text = test::read_file(file);
  request r;
  r.method = "POST";
  r.path = "/v1/check";
  r.body = text;
  r.content_type = "application/yaml";
  r.who = {"anonymous", scope_check};
  r.bearer = true;
  auto res = routes.handle(st, r, true);
  REQUIRE(res.status == 200);
  auto parsed = parse_shipment(text, file);
  REQUIRE(parsed.value);
  auto decided = st.engine()->check(*parsed.value);
  REQUIRE(decided.value);
  CHECK(res.body == to_json(*decided.value) + "\n");

  r.body = "shipment: [";
  res = routes.handle(st, r, true);
  CHECK(res.status == 422);
  CHECK(res.body.find("\"file\":\"<request>\"") != std::string::npos);
  CHECK(res.body.find(EXPORTCTL_SOURCE_DIR) == std::string::npos);

  r.body = text;
  r.content_type = "application/x-www-form-urlencoded";
  CHECK(routes.handle(st, r, true).status == 415);
  r.content_type = "application/yaml";
  r.query = {{"as_of", "2026-02-30"}};
  CHECK(routes.handle(st, r, true).status == 400);
}

TEST_CASE("service: the ledger endpoints answer 503 without --db", "[service]") {
  auto& st = shared_state();
  router routes;
  request r;
  r.method = "GET";
  r.path = "/v1/holds";
  r.who = {"anonymous", scope_release | scope_review};
  r.bearer = true;
  auto res = routes.handle(st, r, true);
  CHECK(res.status == 503);
  CHECK(res.body.find("EXC-E9301") != std::string::npos);
}
