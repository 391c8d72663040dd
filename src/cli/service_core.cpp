// service_core.cpp: the service's own endpoints and the stateless ones (docs/service.md):
// health, readiness, metrics, POST /v1/check, POST /v1/screen and POST /v1/admin/reload.
// Decisions are the bytes `exportctl check --format json` prints: the same to_json, the same
// newline.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/batch_pipeline.hpp"
#include "cli/screen_json.hpp"
#include "cli/service.hpp"
#include "doc/json.hpp"
#include "doc/json_writer.hpp"
#include "exportctl/io.hpp"
#include "model/country.hpp"
#include "screening/lists/list.hpp"

namespace exportctl::cli::service {
namespace {

response healthz(state&, const request&, const std::vector<std::string>&) {
  return json_ok("{\"status\":\"ok\"}\n");
}

response readyz(state& st, const request& req, const std::vector<std::string>&) {
  if (!st.accepting()) return error(503, "not_ready", "the service is shutting down");
  const auto eng = st.engine();
  std::string backend;
  if (!st.config().db.empty()) {
    std::vector<diagnostic> diags;
    if (!st.thread_ledger(req.who, diags)) {
      // The ledger's diagnostics name its URL or file: the operator's log gets them, the
      // (unauthenticated) health check only the state.
      for (const auto& d : diags) std::cerr << "exportctl serve: readyz: " << format(d) << '\n';
      return error(503, "not_ready", "the ledger cannot be opened");
    }
    backend = st.config().db.rfind("postgres", 0) == 0 ? "postgresql" : "sqlite";
  }
  std::string out;
  {
    detail::json_writer w(out, false);
    w.begin_object();
    w.key("status");
    w.string("ready");
    w.key("fingerprint");
    w.string(eng->fingerprint());
    w.key("packs");
    w.begin_array();
    for (const auto& p : eng->packs()) {
      w.begin_object();
      w.key("id");
      w.string(p.id);
      w.key("version");
      w.string(p.version);
      w.key("sha256");
      w.string(p.sha256);
      w.end_object();
    }
    w.end_array();
    w.key("lists");
    w.begin_array();
    for (const auto& l : eng->lists()) {
      w.begin_object();
      w.key("source");
      w.string(l.source);
      w.key("file");  // the basename: error and status bodies name no server path
      w.string(base_name(l.file));
      w.key("rows");
      w.integer(static_cast<long long>(l.rows));
      w.key("sha256");
      w.string(l.sha256);
      w.end_object();
    }
    w.end_array();
    w.key("ledger");
    w.string_or_null(backend);
    w.end_object();
  }
  out += '\n';
  return json_ok(std::move(out));
}

response metrics_text(state& st, const request&, const std::vector<std::string>&) {
  response r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = st.stats().text(*st.engine());
  return r;
}

response check(state& st, const request& req, const std::vector<std::string>&) {
  if (refused_media(req.content_type))
    return error(415, "", "send the shipment as application/json or application/yaml");
  bool bad = false;
  auto as_of = as_of_param(req, bad);
  if (bad) return bad_as_of();
  const auto eng = st.engine();  // this request's packs, whatever a reload does meanwhile
  auto parsed = parse_shipment(req.body, "<request>", eng->limits());
  if (!parsed.value) return error(422, "", "the shipment is not valid", parsed.diagnostics);
  auto result = eng->check(*parsed.value, {as_of});
  if (!result.value) return error(422, "", "the shipment cannot be decided", result.diagnostics);
  st.stats().decision(to_string(result.value->result));
  return json_ok(to_json(*result.value) + "\n");
}

/// The screening index of one engine's lists, built on first use and kept while that engine is
/// in force (a reload brings new lists, so a new engine gets a new index).
class screen_index_cache {
 public:
  std::shared_ptr<const detail::list_index> get(const std::shared_ptr<const engine>& eng,
                                                const settings& cfg,
                                                std::vector<diagnostic>& diags) {
    std::lock_guard<std::mutex> lock(m_);
    if (index_ && for_ == eng.get()) return index_;
    std::vector<std::string> paths = cfg.engine.lists;
    if (paths.empty())
      for (const auto& l : eng->lists()) paths.emplace_back(l.file);
    if (paths.empty()) return nullptr;
    auto loaded = detail::lists::read_lists(paths, diags);
    if (has_errors(diags) || loaded.empty()) return nullptr;
    // The files are read again here: they must still be the bytes the engine screens parties
    // with, or /v1/screen would answer from other lists than decisions name (a reload fixes it).
    const auto& in_force = eng->lists();
    if (loaded.size() != in_force.size()) return nullptr;
    for (std::size_t i = 0; i < loaded.size(); ++i)
      if (loaded[i].sha256 != in_force[i].sha256) return nullptr;
    index_ = std::make_shared<const detail::list_index>(std::move(loaded));
    keep_ = eng;  // holds the engine so its address is not reused by a later one
    for_ = eng.get();
    return index_;
  }

 private:
  std::mutex m_;
  std::shared_ptr<const detail::list_index> index_;
  std::shared_ptr<const engine> keep_;
  const engine* for_ = nullptr;
};

screen_index_cache& screens() {
  static screen_index_cache c;
  return c;
}

response screen(state& st, const request& req, const std::vector<std::string>&) {
  if (refused_media(req.content_type))
    return error(415, "", "send {\"names\": [...]} as application/json");
  auto body = detail::ojson::parse(req.body, nullptr, false);
  const char* shape =
      "the body is {\"names\": [\"...\"], \"country\": \"CN\", \"limit\": 10, \"min_score\": 0.5}";
  if (body.is_discarded() || !body.is_object() || !body.contains("names") ||
      !body["names"].is_array())
    return error(422, "", shape, {request_diag("EXC-E9303", shape)});
  detail::screen_options opt;
  std::string country;
  for (const auto& [k, v] : body.items()) {
    if (k == "names") continue;
    if (k == "country" && v.is_string()) {
      country = v.get<std::string>();
      if (!detail::parse_country(country))
        return error(422, "", "country is not an ISO 3166-1 alpha-2 code",
                     {request_diag("EXC-E9303",
                                   "country `" + country + "` is not an ISO 3166-1 alpha-2 code")});
    } else if (k == "limit" && v.is_number_integer() && v.get<long long>() >= 1 &&
               v.get<long long>() <= 1000) {
      opt.limit = v.get<std::size_t>();
    } else if (k == "min_score" && v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 1) {
      opt.min_score = v.get<double>();
    } else {
      return error(422, "", shape,
                   {request_diag("EXC-E9303", "member `" + k + "` is unknown or out of range")});
    }
  }
  opt.country = country;
  std::vector<std::string> names;
  for (const auto& n : body["names"]) {
    if (!n.is_string())
      return error(422, "", shape, {request_diag("EXC-E9303", "every name is a string")});
    names.push_back(n.get<std::string>());
    if (names.back().size() > screen_max_query_bytes)
      return error(422, "", "a name is too long",
                   {request_diag("EXC-E9303", "a name is " + std::to_string(names.back().size()) +
                                                  " bytes; the limit is " +
                                                  std::to_string(screen_max_query_bytes))});
  }
  std::vector<diagnostic> diags;
  const auto eng = st.engine();
  auto index = screens().get(eng, st.config(), diags);
  if (!index) {
    // List paths are the server's: the body says that lists are missing, not where.
    return error(503, "lists_unavailable",
                 "no screening lists: none given (--lists), or their files changed since they were "
                 "loaded (reload)");
  }
  response r;
  r.content_type = "application/x-ndjson";
  detail::screen_scratch scratch;
  for (const auto& q : names)
    write_screen_json(r.body, q, country, *index, index->screen(q, opt, scratch));
  return r;
}

/// POST /v1/batch from a body already read whole. The server streams this endpoint instead
/// (cli/http_batch.hpp: the body never sits in memory); this handler serves callers of the
/// router that have the body in hand, with the same pipeline and the same records.
response batch(state& st, const request& req, const std::vector<std::string>&) {
  bool bad = false;
  auto as_of = as_of_param(req, bad);
  if (bad) return bad_as_of();
  const int in = ::memfd_create("exportctl-batch", MFD_CLOEXEC);
  if (in < 0) return error(503, "busy", "no memory for the batch");
  for (std::size_t done = 0; done < req.body.size();) {
    const auto n = ::write(in, req.body.data() + done, req.body.size() - done);
    if (n <= 0) {
      ::close(in);
      return error(503, "busy", "no memory for the batch");
    }
    done += static_cast<std::size_t>(n);
  }
  ::lseek(in, 0, SEEK_SET);
  batch_settings bs;
  bs.path = bs.source_name = "<request>";
  bs.fd = in;  // the pipeline closes it
  bs.threads = std::max(1u, st.config().threads);
  bs.as_of = as_of;
  bs.max_line = st.config().max_line_bytes;
  char* buf = nullptr;
  std::size_t size = 0;
  std::FILE* out = ::open_memstream(&buf, &size);
  if (!out) return error(503, "busy", "no memory for the batch");
  (void)run_batch(*st.engine(), bs, out);
  std::fclose(out);
  response r;
  r.content_type = "application/x-ndjson";
  r.body.assign(buf, size);
  std::free(buf);
  return r;
}

response reload(state& st, const request&, const std::vector<std::string>&) {
  auto r = st.reload();
  if (!r.reloaded) {
    // Diagnostics of a pack name the pack's file: that is the operator's own configuration,
    // and the endpoint needs the admin scope.
    return error(422, "reload_failed", "the packs or lists did not load; the old ones stay",
                 r.diagnostics);
  }
  std::string out =
      "{\"reloaded\":true,\"fingerprint\":\"" + st.engine()->fingerprint() + "\",\"diagnostics\":";
  append_diagnostics_json(out, r.diagnostics);
  out += "}\n";
  return json_ok(std::move(out));
}

}  // namespace

void add_core_routes(std::vector<route>& routes) {
  routes.push_back({"GET", "/healthz", scope_none, healthz, "", true});
  routes.push_back({"GET", "/readyz", scope_none, readyz, "", false});
  routes.push_back({"GET", "/metrics", scope_none, metrics_text, "", true});
  routes.push_back({"POST", "/v1/check", scope_check, check, "", true});
  routes.push_back({"POST", "/v1/screen", scope_check, screen, "", true});
  routes.push_back({"POST", "/v1/batch", scope_check, batch, "", false});
  routes.push_back({"POST", "/v1/admin/reload", scope_admin, reload, "", false});
}

}  // namespace exportctl::cli::service
