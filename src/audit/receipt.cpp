// receipt.cpp: audit receipts (include/exportctl/receipt.hpp). Written with the streaming JSON
// writer; read with nlohmann (through doc/json.hpp) because a receipt is read once per audit and
// its `input` member has to be cut out as text.
#include "exportctl/receipt.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "audit/receipt_facts.hpp"
#include "audit/receipt_release.hpp"
#include "doc/json.hpp"
#include "doc/json_writer.hpp"
#include "exportctl/io.hpp"
#include "exportctl/version.hpp"
#include "model/diag_codes.hpp"
#include "model/sha256.hpp"

namespace exportctl {
namespace {

void member(std::string& out, std::string_view key, std::string_view value) {
  out += ',';
  detail::append_json_string(out, key);
  out += ':';
  detail::append_json_string(out, value);
}

std::vector<std::string> split_scenarios(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    const auto comma = joined.find(',');
    out.emplace_back(joined.substr(0, comma));
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  return out;
}

diagnostic receipt_error(std::string_view file, detail::diag_code code, std::string message,
                         std::string path, std::string help = {}) {
  diagnostic d;
  d.code = std::string(code.text());
  d.message = std::move(message);
  d.file = std::string(file);
  d.path = std::move(path);
  d.help = std::move(help);
  return d;
}

std::string short_hash(std::string_view h) { return std::string(h.substr(0, 12)); }

}  // namespace

std::string make_receipt(const shipment& input, const decision& d) {
  return make_receipt(input, d, to_json(d));
}

std::string make_receipt(const shipment& input, const decision& d, std::string_view decision_json,
                         const ledger_facts* facts, const release_record* release) {
  const std::string canonical = to_json(input);
  std::string out = "{";
  detail::append_json_string(out, "receipt");
  out += ':';
  detail::append_json_string(out, receipt_format);
  member(out, "engine", d.engine);
  member(out, "as_of", d.as_of.to_string());
  out += ",\"scenarios\":[";
  bool first = true;
  for (const auto& s : split_scenarios(d.scenario)) {
    if (!first) out += ',';
    first = false;
    detail::append_json_string(out, s);
  }
  out += ']';
  member(out, "fingerprint", d.fingerprint);
  out += ",\"rulepacks\":[";
  for (std::size_t i = 0; i < d.rulepacks.size(); ++i) {
    out += i ? ",{" : "{";
    detail::append_json_string(out, "id");
    out += ':';
    detail::append_json_string(out, d.rulepacks[i].id);
    member(out, "version", d.rulepacks[i].version);
    member(out, "sha256", d.rulepacks[i].sha256);
    out += '}';
  }
  out += ']';
  out += ",\"lists\":[";
  for (std::size_t i = 0; i < d.lists.size(); ++i) {
    out += i ? ",{" : "{";
    detail::append_json_string(out, "source");
    out += ':';
    detail::append_json_string(out, d.lists[i].source);
    member(out, "file", d.lists[i].file);
    out += ",\"rows\":" + std::to_string(d.lists[i].rows);
    member(out, "sha256", d.lists[i].sha256);
    out += '}';
  }
  out += ']';
  member(out, "input_sha256", detail::sha256_hex(canonical));
  member(out, "decision_sha256", detail::sha256_hex(decision_json));
  out += ",\"input\":";
  out += canonical;
  if (facts != nullptr) detail::append_ledger_facts(out, *facts);
  if (release != nullptr) detail::append_release_record(out, *release);
  out += '}';
  return out;
}

receipt_result parse_receipt(std::string_view text, std::string_view file_name) {
  receipt_result result;
  auto fail = [&](std::string message, std::string path, std::string help = {}) {
    result.diagnostics.push_back(receipt_error(file_name, "EXC-E6101", std::move(message),
                                               std::move(path), std::move(help)));
    return std::move(result);
  };
  detail::ojson doc;
  try {
    doc = detail::ojson::parse(text.begin(), text.end());
  } catch (const detail::ojson::parse_error& e) {
    return fail("receipt is not JSON (byte " + std::to_string(e.byte) + ")", "");
  }
  std::string recorded;
  if (doc.is_object() && doc.contains("receipt") && doc["receipt"].is_object()) {
    detail::ojson inner = std::move(doc["receipt"]);
    doc = std::move(inner);
    // batch --receipts writes the decision's bytes, then the receipt as the last member: cut it
    // off to get back exactly the bytes the receipt's decision_sha256 is about.
    const auto at = text.rfind(",\"receipt\":{\"receipt\":");
    if (at != std::string_view::npos) recorded = std::string(text.substr(0, at)) + "}";
  }
  if (!doc.is_object()) return fail("receipt is not a JSON object", "");
  receipt r;
  auto str = [&](const char* key, std::string& out) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) {
      result.diagnostics.push_back(receipt_error(
          file_name, "EXC-E6101", std::string("receipt has no `") + key + "` string", key));
      return false;
    }
    out = it->get<std::string>();
    return true;
  };
  if (!str("receipt", r.format)) return result;
  if (r.format != receipt_format) {
    // /1 receipts predate the `lists` member: they cannot say which screening lists a decision
    // saw, so they cannot be replayed against a list snapshot (issue 12). Decide again instead.
    const bool first = r.format == "exportctl-receipt/1";
    result.diagnostics.push_back(receipt_error(
        file_name, "EXC-E6102", "unsupported receipt format `" + r.format + "`", "receipt",
        first ? "`exportctl-receipt/1` receipts name no screening lists; this exportctl reads `" +
                    std::string(receipt_format) + "`: decide the input again for a new receipt"
              : "this exportctl reads `" + std::string(receipt_format) + "`"));
    return result;
  }
  std::string as_of;
  // Every field is looked at (a braced list is evaluated in order), so each missing one is named.
  const bool found[] = {str("engine", r.engine), str("as_of", as_of),
                        str("fingerprint", r.fingerprint), str("input_sha256", r.input_sha256),
                        str("decision_sha256", r.decision_sha256)};
  const bool ok = std::all_of(std::begin(found), std::end(found), [](bool b) { return b; });
  if (ok) {
    if (auto d = date::parse(as_of)) {
      r.as_of = *d;
    } else {
      return fail("receipt `as_of` `" + as_of + "` is not a date", "as_of");
    }
  }
  auto sc = doc.find("scenarios");
  if (sc == doc.end() || !sc->is_array())
    return fail("receipt has no `scenarios` list", "scenarios");
  for (const auto& s : *sc) {
    if (!s.is_string()) return fail("receipt `scenarios` holds a non-string", "scenarios");
    r.scenarios.push_back(s.get<std::string>());
  }
  auto packs = doc.find("rulepacks");
  if (packs == doc.end() || !packs->is_array())
    return fail("receipt has no `rulepacks` list", "rulepacks");
  for (const auto& p : *packs) {
    const bool good = p.is_object() && p.contains("id") && p["id"].is_string() &&
                      p.contains("version") && p["version"].is_string() && p.contains("sha256") &&
                      p["sha256"].is_string();
    if (!good)
      return fail("receipt `rulepacks` entry lacks `id`, `version` or `sha256`", "rulepacks");
    r.rulepacks.push_back({p["id"].get<std::string>(), p["version"].get<std::string>(),
                           p["sha256"].get<std::string>()});
  }
  auto lists = doc.find("lists");
  if (lists == doc.end() || !lists->is_array())
    return fail("receipt has no `lists` list", "lists",
                "receipts name the screening lists used (an empty list: none)");
  for (const auto& l : *lists) {
    const bool good = l.is_object() && l.contains("source") && l["source"].is_string() &&
                      l.contains("file") && l["file"].is_string() && l.contains("rows") &&
                      l["rows"].is_number_unsigned() && l.contains("sha256") &&
                      l["sha256"].is_string();
    if (!good)
      return fail("receipt `lists` entry lacks `source`, `file`, `rows` or `sha256`", "lists");
    r.lists.push_back({l["source"].get<std::string>(), l["file"].get<std::string>(),
                       l["rows"].get<std::size_t>(), l["sha256"].get<std::string>()});
  }
  auto input = doc.find("input");
  if (input == doc.end() || !input->is_object())
    return fail("receipt has no `input` object", "input");
  r.input_json = input->dump(-1, ' ', false, detail::ojson::error_handler_t::replace);
  if (auto facts = doc.find("ledger_facts"); facts != doc.end()) {
    ledger_facts f;
    std::string why;
    if (!detail::parse_ledger_facts(*facts, &f, &why)) return fail(why, "ledger_facts");
    r.facts = std::move(f);
  }
  if (auto rel = doc.find("release"); rel != doc.end()) {
    release_record x;
    std::string why;
    if (!detail::parse_release_record(*rel, &x, &why)) return fail(why, "release");
    r.release = std::move(x);
  }
  r.recorded_decision = std::move(recorded);
  if (ok && result.diagnostics.empty()) result.value = std::move(r);
  return result;
}

receipt_check verify_receipt(const receipt& r, const engine& e) {
  receipt_check c;
  c.engine_ok = r.engine == engine_name;
  if (!c.engine_ok)
    c.problems.push_back("engine differs: the receipt was made by `" + r.engine + "`, this is `" +
                         std::string(engine_name) + "`");

  c.packs_ok = r.fingerprint == e.fingerprint();
  if (!c.packs_ok)
    c.problems.push_back("pack set differs: fingerprint " + short_hash(r.fingerprint) +
                         "… in the receipt, " + short_hash(e.fingerprint()) + "… loaded");

  // The lists: the same snapshots (by source and SHA-256), else name each that differs.
  c.lists_ok = r.lists.size() == e.lists().size();
  for (const auto& l : r.lists) {
    const bool same = std::any_of(e.lists().begin(), e.lists().end(), [&](const auto& q) {
      return q.source == l.source && q.sha256 == l.sha256;
    });
    if (!same) {
      c.lists_ok = false;
      c.problems.push_back("list `" + l.file + "` (" + l.source + ", sha256 " +
                           short_hash(l.sha256) +
                           "…) is in the receipt but not loaded now (give it with --lists)");
    }
  }
  for (const auto& q : e.lists()) {
    const bool known = std::any_of(r.lists.begin(), r.lists.end(), [&](const receipt_list& l) {
      return q.source == l.source && q.sha256 == l.sha256;
    });
    if (!known) {
      c.lists_ok = false;
      c.problems.push_back("list `" + std::string(q.file) + "` (" + std::string(q.source) +
                           ", sha256 " + short_hash(q.sha256) +
                           "…) is loaded now but not in the receipt");
    }
  }

  auto parsed = parse_shipment(r.input_json, "<receipt input>");
  if (!parsed.value) {
    c.problems.push_back(
        "the receipt's input is not a valid shipment: " +
        (parsed.diagnostics.empty() ? std::string("?") : format(parsed.diagnostics[0])));
    return c;
  }
  c.input_ok = detail::sha256_hex(to_json(*parsed.value)) == r.input_sha256;
  if (!c.input_ok)
    c.problems.push_back("input differs: its canonical JSON does not hash to input_sha256 " +
                         short_hash(r.input_sha256) +
                         "… (the input was changed after the receipt was made)");

  check_options opts;
  opts.as_of = r.as_of;
  // A release's decision was made with the ledger's facts: they are in the receipt, so the
  // replay needs no database.
  if (r.facts) opts.facts = &*r.facts;
  auto result = e.check(*parsed.value, opts);
  if (!result.value) {
    c.problems.push_back(
        "the input is no longer decided on these packs: " +
        (result.diagnostics.empty() ? std::string("?") : format(result.diagnostics[0])));
    return c;
  }
  const decision& d = *result.value;
  c.decision_json = to_json(d);
  c.decision_ok = detail::sha256_hex(c.decision_json) == r.decision_sha256;
  if (!c.decision_ok)
    c.problems.push_back(
        "decision differs: re-deciding gives `" + std::string(to_string(d.result)) +
        "` with bytes that do not hash to decision_sha256 " + short_hash(r.decision_sha256) + "…");

  // What the release did must be what a release of this decision does (receipt_release.cpp).
  if (r.release) c.release_ok = detail::release_matches(*r.release, d, c.problems);

  if (!r.recorded_decision.empty() &&
      detail::sha256_hex(r.recorded_decision) != r.decision_sha256) {
    c.decision_ok = false;
    c.problems.push_back(
        "recorded decision differs: the decision in the record does not hash to "
        "decision_sha256 " +
        short_hash(r.decision_sha256) + "… (the record was changed after the receipt was made)");
  }

  // Name the packs that differ, so the auditor knows which change to look at.
  for (const auto& p : r.rulepacks) {
    auto it = std::find_if(d.rulepacks.begin(), d.rulepacks.end(),
                           [&](const rulepack_ref& q) { return q.id == p.id; });
    // The receipt's own pack list is part of what it claims: a pack dropped from it or a
    // changed hash fails the receipt even when its fingerprint matches the packs loaded.
    if (it == d.rulepacks.end()) {
      c.packs_ok = false;
      c.problems.push_back("pack `" + p.id + "` " + p.version +
                           " is in the receipt but not applied now");
    } else if (it->sha256 != p.sha256 || it->version != p.version) {
      c.packs_ok = false;
      c.problems.push_back("pack `" + p.id + "` differs: " + p.version + " (" +
                           short_hash(p.sha256) + "…) in the receipt, " + std::string(it->version) +
                           " (" + short_hash(it->sha256) + "…) loaded");
    }
  }
  if (r.rulepacks.size() != d.rulepacks.size()) {
    c.packs_ok = false;
    c.problems.push_back("the receipt lists " + std::to_string(r.rulepacks.size()) + " pack(s); " +
                         std::to_string(d.rulepacks.size()) + " are applied now");
  }
  for (const auto& q : d.rulepacks) {
    const bool known = std::any_of(r.rulepacks.begin(), r.rulepacks.end(),
                                   [&](const receipt_pack& p) { return p.id == q.id; });
    if (!known) {
      c.packs_ok = false;
      c.problems.push_back("pack `" + std::string(q.id) +
                           "` is applied now but not in the receipt");
    }
  }
  return c;
}

}  // namespace exportctl
