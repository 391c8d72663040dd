// decision_json.cpp: decisions and classifications as canonical JSON. The key order here is the
// documented output format (README "Decision output"); changing it changes golden files. Written
// straight into one string with json_writer: `exportctl batch` renders a decision per shipment,
// and building a JSON tree first cost more than the decision itself.
#include "doc/json_writer.hpp"
#include "exportctl/io.hpp"

namespace exportctl {
namespace {

using detail::json_writer;

void write_policy(json_writer& w, review_policy p) {
  if (p == review_policy::none) {
    w.null();
  } else {
    w.string(to_string(p));
  }
}

void write_item(json_writer& w, const item_result& it) {
  w.begin_object();
  w.key("line");
  w.integer(it.line);
  w.key("product");
  w.string_or_null(it.product);
  w.key("quantity");
  w.integer(it.quantity);
  w.key("eccn");
  w.string_or_null(it.eccn);
  w.key("paragraph");
  w.string_or_null(it.paragraph);
  w.key("tpp");
  w.number(it.tpp);
  w.key("performance_density");
  w.number(it.performance_density);
  w.key("decision");
  w.string(to_string(it.decision));
  w.key("missing_facts");
  w.strings(it.missing_facts);
  w.end_object();
}

void write_finding(json_writer& w, const finding& f) {
  w.begin_object();
  w.key("kind");
  w.string(to_string(f.kind));
  w.key("rule");
  w.string(f.rule);
  w.key("citation");
  w.string(f.citation);
  w.key("pack");
  w.string(f.pack);
  w.key("item");
  if (f.item) {
    w.integer(*f.item);
  } else {
    w.null();
  }
  w.key("parties");
  w.strings(f.parties);
  w.key("effect");
  w.string(to_string(f.effect));
  w.key("message");
  w.string(f.message);
  w.end_object();
}

void write_findings(json_writer& w, const std::vector<finding>& findings) {
  w.begin_array();
  for (const auto& f : findings) write_finding(w, f);
  w.end_array();
}

void write_path(json_writer& w, const path_result& p) {
  w.begin_object();
  w.key("parties");
  w.strings(p.parties);
  w.key("decision");
  w.string(to_string(p.decision));
  w.key("hops");
  w.begin_array();
  for (const auto& h : p.hops) {
    w.begin_object();
    w.key("from");
    w.string(h.from);
    w.key("to");
    w.string(h.to);
    w.key("kind");
    w.string(to_string(h.kind));
    w.key("decision");
    w.string(to_string(h.decision));
    w.key("review_policy");
    write_policy(w, h.policy);
    w.key("license_exceptions");
    w.strings(h.license_exceptions);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_red_flag(json_writer& w, const red_flag& r) {
  w.begin_object();
  w.key("rule");
  w.string(r.rule);
  w.key("citation");
  w.string(r.citation);
  w.key("severity");
  w.string(r.severity);
  w.key("parties");
  w.strings(r.parties);
  w.key("message");
  w.string(r.message);
  w.end_object();
}

// A first guess at the output size, so that a typical decision is written without regrowing.
std::size_t estimated_size(const decision& d, bool pretty) {
  const std::size_t n = 512 + 256 * d.items.size() + 320 * d.paths.size() +
                        400 * d.findings.size() + 300 * d.red_flags.size() +
                        160 * d.rulepacks.size() + 200 * d.lists.size();
  return pretty ? n * 2 : n;
}

}  // namespace

std::string to_json(const decision& d, bool pretty) {
  std::string out;
  out.reserve(estimated_size(d, pretty));
  json_writer w(out, pretty);
  w.begin_object();
  w.key("shipment");
  w.string(d.shipment);
  w.key("as_of");
  w.string(d.as_of.to_string());
  w.key("decision");
  w.string(to_string(d.result));
  w.key("review_policy");
  write_policy(w, d.policy);
  w.key("license_exceptions");
  w.strings(d.license_exceptions);
  w.key("items");
  w.begin_array();
  for (const auto& it : d.items) write_item(w, it);
  w.end_array();
  w.key("paths");
  w.begin_array();
  for (const auto& p : d.paths) write_path(w, p);
  w.end_array();
  if (d.paths_omitted.count > 0) {
    // Only when paths were summarized, so that every other decision keeps its bytes.
    w.key("paths_omitted");
    w.begin_object();
    w.key("count");
    w.integer(static_cast<long long>(d.paths_omitted.count));
    w.key("hops");
    w.integer(static_cast<long long>(d.paths_omitted.hops));
    w.key("decisions");
    w.begin_object();
    for (std::size_t o = 0; o < 4; ++o) {
      w.key(to_string(static_cast<outcome>(o)));
      w.integer(static_cast<long long>(d.paths_omitted.by_outcome[o]));
    }
    w.end_object();
    w.end_object();
  }
  w.key("findings");
  write_findings(w, d.findings);
  w.key("red_flags");
  w.begin_array();
  for (const auto& r : d.red_flags) write_red_flag(w, r);
  w.end_array();
  w.key("missing_facts");
  w.strings(d.missing_facts);
  w.key("rulepacks");
  w.begin_array();
  for (const auto& p : d.rulepacks) {
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
  // The official screening lists every party was screened against (empty: the curated Entity
  // List subset of the packs only).
  w.key("lists");
  w.begin_array();
  for (const auto& l : d.lists) {
    w.begin_object();
    w.key("source");
    w.string(l.source);
    w.key("file");
    w.string(l.file);
    w.key("rows");
    w.integer(static_cast<long long>(l.rows));
    w.key("sha256");
    w.string(l.sha256);
    w.end_object();
  }
  w.end_array();
  w.key("fingerprint");
  w.string(d.fingerprint);
  // null: loaded without a pack-set manifest, so a missing pack would not have been noticed.
  w.key("pack_set");
  w.string_or_null(d.pack_set);
  w.key("scenario");
  w.string_or_null(d.scenario);
  w.key("engine");
  w.string(d.engine);
  w.end_object();
  w.finish();
  return out;
}

std::string to_json(const classification& c, bool pretty) {
  std::string out;
  out.reserve(pretty ? 2048 : 1024);
  json_writer w(out, pretty);
  w.begin_object();
  w.key("as_of");
  w.string(c.as_of.to_string());
  w.key("item");
  write_item(w, c.item);
  w.key("missing_facts");
  w.strings(c.missing_facts);
  w.key("findings");
  write_findings(w, c.findings);
  w.end_object();
  w.finish();
  return out;
}

}  // namespace exportctl
