// decision_read.cpp: a decision back from the canonical JSON of decision_json.cpp. The reader
// takes exactly the members that writer writes, with the types it writes them with, and refuses
// anything else, so that writing the result again gives the input's bytes (the golden decisions
// are the test). Text the decision views (findings, red flags, packs, lists, fingerprint) goes
// into one block owned by the decision's keepalive, like the engine's own decisions.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "doc/json.hpp"
#include "exportctl/io.hpp"
#include "model/names.hpp"
#include "model/text.hpp"

namespace exportctl {
namespace {

using detail::index_path;
using detail::ojson;

// The text a read decision views. A std::set's nodes never move, so views into its strings stay
// valid as more are added; equal texts (rule ids, citations, pack ids) are stored once.
struct decision_text {
  std::set<std::string, std::less<>> strings;
  std::deque<std::vector<std::string_view>> lists;  // parties of findings and red flags
};

using member_list = std::span<const std::string_view>;

// Members of each object, in the writer's order.
constexpr std::array decision_members = std::to_array<std::string_view>(
    {"shipment", "as_of", "decision", "review_policy", "license_exceptions", "items", "paths",
     "findings", "red_flags", "missing_facts", "rulepacks", "lists", "fingerprint", "pack_set",
     "scenario", "engine"});
constexpr std::array optional_decision_members = std::to_array<std::string_view>({"paths_omitted"});
constexpr std::array item_members =
    std::to_array<std::string_view>({"line", "product", "quantity", "eccn", "paragraph", "tpp",
                                     "performance_density", "decision", "missing_facts"});
constexpr std::array path_members =
    std::to_array<std::string_view>({"parties", "decision", "hops"});
constexpr std::array hop_members = std::to_array<std::string_view>(
    {"from", "to", "kind", "decision", "review_policy", "license_exceptions"});
constexpr std::array omitted_members =
    std::to_array<std::string_view>({"count", "hops", "decisions"});
constexpr std::array finding_members = std::to_array<std::string_view>(
    {"kind", "rule", "citation", "pack", "item", "parties", "effect", "message"});
constexpr std::array red_flag_members =
    std::to_array<std::string_view>({"rule", "citation", "severity", "parties", "message"});
constexpr std::array rulepack_members =
    std::to_array<std::string_view>({"id", "version", "sha256"});
// The outcomes by value (0..3), as the writer keys paths_omitted.decisions.
constexpr std::array outcome_members = std::to_array<std::string_view>(
    {"no_license_required", "license_exception", "license_required", "hold"});
constexpr std::array list_members =
    std::to_array<std::string_view>({"source", "file", "rows", "sha256"});

// Integral numbers below this are written without a fraction (json_writer.hpp).
constexpr double integral_limit = 9.0e15;

std::string type_name(const ojson& j) {
  if (j.is_number_integer()) return "an integer";
  if (j.is_number_float()) return "a floating-point number";
  switch (j.type()) {
    case ojson::value_t::null:
      return "null";
    case ojson::value_t::boolean:
      return "a boolean";
    case ojson::value_t::string:
      return "a string";
    case ojson::value_t::array:
      return "an array";
    case ojson::value_t::object:
      return "an object";
    default:
      return "another value";
  }
}

std::string member_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Every check records the first problem and returns false; the caller stops at the first false.
class decision_reader {
 public:
  explicit decision_reader(decision_text& text) : text_(text) {}

  [[nodiscard]] const std::string& error() const { return error_; }

  bool fail(const std::string& path, const std::string& what) {
    if (error_.empty()) error_ = (path.empty() ? std::string("decision") : path) + ": " + what;
    return false;
  }

  // `o` is an object with exactly the members `required` (plus those of `optional` it has).
  bool shape(const ojson& o, const std::string& path, member_list required,
             member_list optional = {}) {
    if (!o.is_object()) return fail(path, "expected an object, got " + type_name(o));
    const auto listed = [](member_list keys, std::string_view k) {
      return std::find(keys.begin(), keys.end(), k) != keys.end();
    };
    for (const auto& [k, v] : o.items()) {
      if (!listed(required, k) && !listed(optional, k))
        return fail(path, "unknown member `" + k + "`");
    }
    for (auto key : required) {
      if (o.find(std::string(key)) == o.end())
        return fail(path, "missing member `" + std::string(key) + "`");
    }
    return true;
  }

  // The member `key` of an object already checked by shape().
  static const ojson& at(const ojson& o, std::string_view key) { return *o.find(std::string(key)); }

  bool text(const ojson& o, const std::string& path, std::string_view key, std::string* out) {
    const ojson& v = at(o, key);
    if (!v.is_string())
      return fail(member_path(path, key), "expected a string, got " + type_name(v));
    *out = v.get_ref<const std::string&>();
    return true;
  }

  // The writer's string_or_null: null for an empty string, so "" cannot come from it.
  bool text_or_null(const ojson& o, const std::string& path, std::string_view key,
                    std::string* out) {
    const ojson& v = at(o, key);
    if (v.is_null()) {
      out->clear();
      return true;
    }
    if (!text(o, path, key, out)) return false;
    if (out->empty())
      return fail(member_path(path, key), "an empty string, which the writer writes as null");
    return true;
  }

  bool view(const ojson& o, const std::string& path, std::string_view key, std::string_view* out) {
    const ojson& v = at(o, key);
    if (!v.is_string())
      return fail(member_path(path, key), "expected a string, got " + type_name(v));
    *out = intern(v.get_ref<const std::string&>());
    return true;
  }

  bool view_or_null(const ojson& o, const std::string& path, std::string_view key,
                    std::string_view* out) {
    const ojson& v = at(o, key);
    if (v.is_null()) {
      *out = {};
      return true;
    }
    if (!view(o, path, key, out)) return false;
    if (out->empty())
      return fail(member_path(path, key), "an empty string, which the writer writes as null");
    return true;
  }

  bool texts(const ojson& o, const std::string& path, std::string_view key,
             std::vector<std::string>* out) {
    const ojson& a = at(o, key);
    const std::string p = member_path(path, key);
    if (!a.is_array()) return fail(p, "expected an array of strings, got " + type_name(a));
    out->clear();
    out->reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string())
        return fail(index_path(p, i), "expected a string, got " + type_name(a[i]));
      out->push_back(a[i].get_ref<const std::string&>());
    }
    return true;
  }

  bool views(const ojson& o, const std::string& path, std::string_view key,
             std::span<const std::string_view>* out) {
    const ojson& a = at(o, key);
    const std::string p = member_path(path, key);
    if (!a.is_array()) return fail(p, "expected an array of strings, got " + type_name(a));
    if (a.empty()) {
      *out = {};
      return true;
    }
    auto& list = text_.lists.emplace_back();
    list.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string())
        return fail(index_path(p, i), "expected a string, got " + type_name(a[i]));
      list.push_back(intern(a[i].get_ref<const std::string&>()));
    }
    *out = list;
    return true;
  }

  // A name the writer prints with to_string (outcomes, hop and finding kinds).
  template <typename E>
  bool name(const ojson& o, const std::string& path, std::string_view key,
            std::optional<E> (*parse)(std::string_view), E* out) {
    const ojson& v = at(o, key);
    const std::string p = member_path(path, key);
    if (!v.is_string()) return fail(p, "expected a string, got " + type_name(v));
    const auto& s = v.get_ref<const std::string&>();
    const auto e = parse(s);
    if (!e) return fail(p, "unknown name `" + s + "`");
    *out = *e;
    return true;
  }

  // review_policy::none is written as null, never as "none".
  bool policy(const ojson& o, const std::string& path, std::string_view key, review_policy* out) {
    const ojson& v = at(o, key);
    if (v.is_null()) {
      *out = review_policy::none;
      return true;
    }
    if (!name(o, path, key, &parse_review_policy, out)) return false;
    if (*out == review_policy::none)
      return fail(member_path(path, key), "`none`, which the writer writes as null");
    return true;
  }

  bool integer(const ojson& o, const std::string& path, std::string_view key, long long lo,
               long long hi, long long* out) {
    const ojson& v = at(o, key);
    const std::string p = member_path(path, key);
    if (!v.is_number_integer()) return fail(p, "expected an integer, got " + type_name(v));
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(hi)) return fail(p, "integer out of range");
      *out = static_cast<long long>(u);
    } else {
      *out = v.get<std::int64_t>();
    }
    if (*out < lo || *out > hi) return fail(p, "integer out of range");
    return true;
  }

  bool count(const ojson& o, const std::string& path, std::string_view key, std::size_t* out) {
    long long v = 0;
    if (!integer(o, path, key, 0, std::numeric_limits<long long>::max(), &v)) return false;
    *out = static_cast<std::size_t>(v);
    return true;
  }

  bool int_value(const ojson& o, const std::string& path, std::string_view key, int* out) {
    long long v = 0;
    if (!integer(o, path, key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(),
                 &v))
      return false;
    *out = static_cast<int>(v);
    return true;
  }

  // A number as write_json_number writes it: integral values below 9e15 as integers, others with
  // a fraction or an exponent; null for none.
  bool number_or_null(const ojson& o, const std::string& path, std::string_view key,
                      std::optional<double>* out) {
    const ojson& v = at(o, key);
    const std::string p = member_path(path, key);
    if (v.is_null()) {
      out->reset();
      return true;
    }
    if (v.is_number_integer()) {
      const double d = v.is_number_unsigned() ? static_cast<double>(v.get<std::uint64_t>())
                                              : static_cast<double>(v.get<std::int64_t>());
      if (std::fabs(d) >= integral_limit)
        return fail(p, "an integer of 9e15 or more, which the writer writes with an exponent");
      *out = d;
      return true;
    }
    if (!v.is_number_float()) return fail(p, "expected a number or null, got " + type_name(v));
    const double d = v.get<double>();
    if (!std::isfinite(d)) return fail(p, "number out of range");
    if (d == std::floor(d) && std::fabs(d) < integral_limit)
      return fail(p, "an integral number with a fraction, which the writer writes as an integer");
    *out = d;
    return true;
  }

 private:
  std::string_view intern(const std::string& s) { return *text_.strings.insert(s).first; }

  decision_text& text_;
  std::string error_;
};

bool read_item(decision_reader& r, const ojson& o, const std::string& p, item_result* it) {
  long long quantity = 0;
  const bool ok = r.shape(o, p, item_members) && r.int_value(o, p, "line", &it->line) &&
                  r.text_or_null(o, p, "product", &it->product) &&
                  r.integer(o, p, "quantity", std::numeric_limits<std::int64_t>::min(),
                            std::numeric_limits<std::int64_t>::max(), &quantity) &&
                  r.text_or_null(o, p, "eccn", &it->eccn) &&
                  r.text_or_null(o, p, "paragraph", &it->paragraph) &&
                  r.number_or_null(o, p, "tpp", &it->tpp) &&
                  r.number_or_null(o, p, "performance_density", &it->performance_density) &&
                  r.name(o, p, "decision", &parse_outcome, &it->decision) &&
                  r.texts(o, p, "missing_facts", &it->missing_facts);
  it->quantity = quantity;
  return ok;
}

bool read_hop(decision_reader& r, const ojson& o, const std::string& p, hop_result* h) {
  return r.shape(o, p, hop_members) && r.text(o, p, "from", &h->from) &&
         r.text(o, p, "to", &h->to) && r.name(o, p, "kind", &detail::parse_hop_kind, &h->kind) &&
         r.name(o, p, "decision", &parse_outcome, &h->decision) &&
         r.policy(o, p, "review_policy", &h->policy) &&
         r.texts(o, p, "license_exceptions", &h->license_exceptions);
}

// An array member, each element read by `each(element, its path, index)`.
template <typename Each>
bool read_array(decision_reader& r, const ojson& o, const std::string& path, std::string_view key,
                Each each) {
  const ojson& a = decision_reader::at(o, key);
  const std::string p = member_path(path, key);
  if (!a.is_array()) return r.fail(p, "expected an array, got " + type_name(a));
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!each(a[i], index_path(p, i), i)) return false;
  }
  return true;
}

bool read_path(decision_reader& r, const ojson& o, const std::string& p, path_result* path) {
  if (!(r.shape(o, p, path_members) && r.texts(o, p, "parties", &path->parties) &&
        r.name(o, p, "decision", &parse_outcome, &path->decision)))
    return false;
  return read_array(r, o, p, "hops", [&](const ojson& h, const std::string& hp, std::size_t) {
    return read_hop(r, h, hp, &path->hops.emplace_back());
  });
}

bool read_omitted(decision_reader& r, const ojson& o, const std::string& p, omitted_paths* out) {
  if (!(r.shape(o, p, omitted_members) && r.count(o, p, "count", &out->count) &&
        r.count(o, p, "hops", &out->hops)))
    return false;
  // The writer leaves the member out when no path was omitted.
  if (out->count == 0)
    return r.fail(member_path(p, "count"), "0, which the writer leaves out (no `paths_omitted`)");
  const ojson& by = decision_reader::at(o, "decisions");
  const std::string bp = member_path(p, "decisions");
  if (!r.shape(by, bp, outcome_members)) return false;
  for (std::size_t k = 0; k < 4; ++k) {
    if (!r.count(by, bp, to_string(static_cast<outcome>(k)), &out->by_outcome[k])) return false;
  }
  return true;
}

bool read_finding(decision_reader& r, const ojson& o, const std::string& p, finding* f) {
  if (!(r.shape(o, p, finding_members) &&
        r.name(o, p, "kind", &detail::parse_finding_kind, &f->kind) &&
        r.view(o, p, "rule", &f->rule) && r.view(o, p, "citation", &f->citation) &&
        r.view(o, p, "pack", &f->pack)))
    return false;
  if (decision_reader::at(o, "item").is_null()) {
    f->item.reset();
  } else {
    int line = 0;
    if (!r.int_value(o, p, "item", &line)) return false;
    f->item = line;
  }
  return r.views(o, p, "parties", &f->parties) &&
         r.name(o, p, "effect", &parse_outcome, &f->effect) && r.view(o, p, "message", &f->message);
}

bool read_red_flag(decision_reader& r, const ojson& o, const std::string& p, red_flag* f) {
  return r.shape(o, p, red_flag_members) && r.view(o, p, "rule", &f->rule) &&
         r.view(o, p, "citation", &f->citation) && r.view(o, p, "severity", &f->severity) &&
         r.views(o, p, "parties", &f->parties) && r.view(o, p, "message", &f->message);
}

bool read_decision(decision_reader& r, const ojson& o, decision* d) {
  const std::string p;
  std::string as_of;
  if (!(r.shape(o, p, decision_members, optional_decision_members) &&
        r.text(o, p, "shipment", &d->shipment) && r.text(o, p, "as_of", &as_of)))
    return false;
  const auto day = date::parse(as_of);
  if (!day || day->to_string() != as_of)
    return r.fail("as_of", "`" + as_of + "` is not a date YYYY-MM-DD");
  d->as_of = *day;
  if (!(r.name(o, p, "decision", &parse_outcome, &d->result) &&
        r.policy(o, p, "review_policy", &d->policy) &&
        r.texts(o, p, "license_exceptions", &d->license_exceptions)))
    return false;
  const bool lists_ok =
      read_array(r, o, p, "items",
                 [&](const ojson& e, const std::string& ep, std::size_t) {
                   return read_item(r, e, ep, &d->items.emplace_back());
                 }) &&
      read_array(r, o, p, "paths",
                 [&](const ojson& e, const std::string& ep, std::size_t) {
                   return read_path(r, e, ep, &d->paths.emplace_back());
                 }) &&
      (o.find("paths_omitted") == o.end() ||
       read_omitted(r, decision_reader::at(o, "paths_omitted"), "paths_omitted",
                    &d->paths_omitted)) &&
      read_array(r, o, p, "findings",
                 [&](const ojson& e, const std::string& ep, std::size_t) {
                   return read_finding(r, e, ep, &d->findings.emplace_back());
                 }) &&
      read_array(r, o, p, "red_flags",
                 [&](const ojson& e, const std::string& ep, std::size_t) {
                   return read_red_flag(r, e, ep, &d->red_flags.emplace_back());
                 }) &&
      r.texts(o, p, "missing_facts", &d->missing_facts) &&
      read_array(r, o, p, "rulepacks",
                 [&](const ojson& e, const std::string& ep, std::size_t) {
                   auto& pack = d->rulepacks.emplace_back();
                   return r.shape(e, ep, rulepack_members) && r.view(e, ep, "id", &pack.id) &&
                          r.view(e, ep, "version", &pack.version) &&
                          r.view(e, ep, "sha256", &pack.sha256);
                 }) &&
      read_array(r, o, p, "lists", [&](const ojson& e, const std::string& ep, std::size_t) {
        auto& list = d->lists.emplace_back();
        return r.shape(e, ep, list_members) && r.view(e, ep, "source", &list.source) &&
               r.view(e, ep, "file", &list.file) && r.count(e, ep, "rows", &list.rows) &&
               r.view(e, ep, "sha256", &list.sha256);
      });
  return lists_ok && r.view(o, p, "fingerprint", &d->fingerprint) &&
         r.view_or_null(o, p, "pack_set", &d->pack_set) &&
         r.text_or_null(o, p, "scenario", &d->scenario) && r.view(o, p, "engine", &d->engine);
}

// Deeper than any decision (decision → paths → path → hops → hop → licence exceptions).
constexpr int max_decision_depth = 8;

}  // namespace

std::optional<decision> decision_from_json(std::string_view json, std::string* error) {
  const auto failed = [error](std::string message) -> std::optional<decision> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  // nlohmann lets the last of duplicate members win; the writer never writes one, so refuse it.
  // Objects and arrays are tracked in a stack (arrays with no keys) from the parser's events.
  std::vector<std::set<std::string>> open;
  std::string duplicate;
  bool too_deep = false;
  const ojson::parser_callback_t watch = [&](int depth, ojson::parse_event_t event, ojson& parsed) {
    switch (event) {
      case ojson::parse_event_t::object_start:
      case ojson::parse_event_t::array_start:
        if (depth > max_decision_depth) too_deep = true;
        open.emplace_back();
        break;
      case ojson::parse_event_t::object_end:
      case ojson::parse_event_t::array_end:
        if (!open.empty()) open.pop_back();
        break;
      case ojson::parse_event_t::key:
        if (!open.empty() && !open.back().insert(parsed.get<std::string>()).second &&
            duplicate.empty())
          duplicate = parsed.get<std::string>();
        break;
      case ojson::parse_event_t::value:
        break;
    }
    return !too_deep;
  };
  ojson doc;
  try {
    doc = ojson::parse(json.begin(), json.end(), watch);
  } catch (const ojson::parse_error& e) {
    return failed("decision is not JSON (byte " + std::to_string(e.byte) + "): " + e.what());
  }
  if (too_deep) return failed("decision nests deeper than a decision does");
  if (!duplicate.empty()) return failed("decision has a duplicate member `" + duplicate + "`");
  auto text = std::make_shared<decision_text>();
  decision_reader r(*text);
  decision d;
  if (!read_decision(r, doc, &d)) return failed(r.error());
  d.keepalive = std::move(text);
  return d;
}

}  // namespace exportctl
