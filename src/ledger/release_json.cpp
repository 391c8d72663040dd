// release_json.cpp: the `release` block as JSON (release_json.hpp).
#include "ledger/release_json.hpp"

#include "doc/json.hpp"
#include "exportctl/io.hpp"

namespace exportctl {

std::string_view to_string(release_state s) {
  switch (s) {
    case release_state::released:
      return "released";
    case release_state::blocked:
      return "blocked";
    case release_state::held:
      return "held";
  }
  return "held";
}

int exit_code(release_state s) {
  switch (s) {
    case release_state::released:
      return 0;
    case release_state::blocked:
      return 2;
    case release_state::held:
      return 3;
  }
  return 3;
}

namespace detail {

ojson license_uses_json(const std::vector<license_use>& uses) {
  ojson a = ojson::array();
  for (const auto& u : uses) {
    ojson e;
    e["number"] = u.number;
    e["item"] = u.item;
    e["units"] = u.units;
    if (u.tpp) e["tpp"] = json_number(*u.tpp);
    e["remaining"] = u.remaining;
    if (u.remaining_tpp) e["remaining_tpp"] = json_number(*u.remaining_tpp);
    a.push_back(std::move(e));
  }
  return a;
}

namespace {

ojson block_object(const release_block& b) {
  ojson j;
  j["order_id"] = b.order_id;
  j["state"] = std::string(to_string(b.state));
  j["licenses"] = license_uses_json(b.licenses);
  ojson blocked = ojson::array();
  for (const auto& x : b.blocked) blocked.push_back(ojson{{"item", x.item}, {"reason", x.reason}});
  j["blocked"] = std::move(blocked);
  j["replayed"] = b.replayed;
  j["journal_seq"] = b.journal_seq;
  return j;
}

}  // namespace

std::string release_block_json(const release_block& b) { return block_object(b).dump(); }

bool parse_release_block(const std::string& text, release_block* out) {
  const auto j = ojson::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    release_block b;
    b.order_id = j.at("order_id").get<std::string>();
    const auto state = j.at("state").get<std::string>();
    if (state == "released")
      b.state = release_state::released;
    else if (state == "blocked")
      b.state = release_state::blocked;
    else if (state == "held")
      b.state = release_state::held;
    else
      return false;
    for (const auto& e : j.at("licenses")) {
      license_use u;
      u.number = e.at("number").get<std::string>();
      u.item = e.at("item").get<int>();
      u.units = e.at("units").get<std::int64_t>();
      if (e.contains("tpp")) u.tpp = e["tpp"].get<double>();
      u.remaining = e.at("remaining").get<std::int64_t>();
      if (e.contains("remaining_tpp")) u.remaining_tpp = e["remaining_tpp"].get<double>();
      b.licenses.push_back(std::move(u));
    }
    for (const auto& e : j.at("blocked"))
      b.blocked.push_back({e.at("item").get<int>(), e.at("reason").get<std::string>()});
    b.replayed = j.at("replayed").get<bool>();
    b.journal_seq = j.at("journal_seq").get<std::uint64_t>();
    *out = std::move(b);
    return true;
  } catch (const ojson::exception&) {
    return false;  // a damaged stored block: the caller reports it
  }
}

}  // namespace detail

std::string to_json(const decision& d, const release_block& b, bool pretty) {
  auto j = detail::ojson::parse(to_json(d, false));
  j["release"] = detail::block_object(b);
  return pretty ? j.dump(2) : j.dump();
}

}  // namespace exportctl
