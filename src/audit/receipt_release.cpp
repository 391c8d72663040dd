// receipt_release.cpp: a release's state and licences in its receipt (receipt_release.hpp). The
// licences' terms and quantities are the ledger's and are not in the receipt, so verify cannot
// choose the licences again; it checks what the release did against the decision made again:
// a receipt whose decision needs a licence for an item is not one whose release drew on none.
#include "audit/receipt_release.hpp"

#include <algorithm>

#include "doc/json_writer.hpp"

namespace exportctl::detail {
namespace {

void key(std::string& out, std::string_view k) {
  append_json_string(out, k);
  out += ':';
}

}  // namespace

void append_release_record(std::string& out, const release_record& r) {
  out += ",\"release\":{";
  key(out, "state");
  append_json_string(out, r.state);
  out += ",\"licenses\":[";
  for (std::size_t i = 0; i < r.licenses.size(); ++i) {
    const license_use& u = r.licenses[i];
    out += i ? ",{" : "{";
    key(out, "number");
    append_json_string(out, u.number);
    out += ",\"item\":" + std::to_string(u.item) + ",\"units\":" + std::to_string(u.units);
    if (u.tpp) {
      out += ",\"tpp\":";
      append_json_number(out, *u.tpp);
    }
    out += ",\"remaining\":" + std::to_string(u.remaining);
    if (u.remaining_tpp) {
      out += ",\"remaining_tpp\":";
      append_json_number(out, *u.remaining_tpp);
    }
    out += '}';
  }
  out += "],\"blocked\":[";
  for (std::size_t i = 0; i < r.blocked.size(); ++i) {
    out += i ? ",{" : "{";
    out += "\"item\":" + std::to_string(r.blocked[i].item) + ',';
    key(out, "reason");
    append_json_string(out, r.blocked[i].reason);
    out += '}';
  }
  out += "]}";
}

bool parse_release_record(const ojson& j, release_record* out, std::string* why) {
  *why =
      "a receipt's `release` needs `state` (released, blocked or held), `licenses` (each "
      "`number`, `item`, `units`, `remaining`) and `blocked` (each `item`, `reason`)";
  if (!j.is_object() || !j.contains("state") || !j["state"].is_string() ||
      !j.contains("licenses") || !j["licenses"].is_array() || !j.contains("blocked") ||
      !j["blocked"].is_array())
    return false;
  release_record r;
  r.state = j["state"].get<std::string>();
  if (r.state != "released" && r.state != "blocked" && r.state != "held") return false;
  for (const auto& e : j["licenses"]) {
    const bool good = e.is_object() && e.contains("number") && e["number"].is_string() &&
                      e.contains("item") && e["item"].is_number_integer() && e.contains("units") &&
                      e["units"].is_number_integer() && e.contains("remaining") &&
                      e["remaining"].is_number_integer() &&
                      (!e.contains("tpp") || e["tpp"].is_number()) &&
                      (!e.contains("remaining_tpp") || e["remaining_tpp"].is_number());
    if (!good) return false;
    license_use u;
    u.number = e["number"].get<std::string>();
    u.item = e["item"].get<int>();
    u.units = e["units"].get<std::int64_t>();
    if (e.contains("tpp")) u.tpp = e["tpp"].get<double>();
    u.remaining = e["remaining"].get<std::int64_t>();
    if (e.contains("remaining_tpp")) u.remaining_tpp = e["remaining_tpp"].get<double>();
    r.licenses.push_back(std::move(u));
  }
  for (const auto& e : j["blocked"]) {
    if (!e.is_object() || !e.contains("item") || !e["item"].is_number_integer() ||
        !e.contains("reason") || !e["reason"].is_string())
      return false;
    r.blocked.push_back({e["item"].get<int>(), e["reason"].get<std::string>()});
  }
  why->clear();
  *out = std::move(r);
  return true;
}

bool release_matches(const release_record& r, const decision& d,
                     std::vector<std::string>& problems) {
  const std::size_t before = problems.size();
  const std::string outcome_now(to_string(d.result));
  const auto say = [&](std::string line) { problems.push_back("release differs: " + line); };
  if ((r.state == "held") != (d.result == outcome::hold))
    say("the release was " + r.state + ", the decision made again is `" + outcome_now + "`");
  if (r.state == "blocked" && d.result != outcome::license_required)
    say("the release was blocked, but the decision made again needs no licence (`" + outcome_now +
        "`)");
  if (r.state != "released" && !r.licenses.empty())
    say("the release was " + r.state + " and yet drew on licences");
  if (r.state == "released") {
    if (!r.blocked.empty()) say("the release was released with blocked items");
    const bool licensed = d.result == outcome::license_required;
    for (const auto& it : d.items) {
      const bool needs = licensed && it.decision == outcome::license_required;
      std::int64_t units = 0;
      std::size_t uses = 0;
      for (const auto& u : r.licenses) {
        if (u.item != it.line) continue;
        units += u.units;
        ++uses;
      }
      if (needs && uses == 0)
        say("item " + std::to_string(it.line) + " needs a licence and the release drew on none");
      else if (needs && units != it.quantity)
        say("item " + std::to_string(it.line) + " has " + std::to_string(it.quantity) +
            " units and the release's licences cover " + std::to_string(units));
      else if (!needs && uses != 0)
        say("item " + std::to_string(it.line) + " needs no licence and the release drew on one");
    }
    for (const auto& u : r.licenses) {
      const bool known = std::any_of(d.items.begin(), d.items.end(),
                                     [&](const item_result& it) { return it.line == u.item; });
      if (!known)
        say("licence " + u.number + " is drawn on for item " + std::to_string(u.item) +
            ", which the shipment does not have");
    }
  }
  return problems.size() == before;
}

}  // namespace exportctl::detail
