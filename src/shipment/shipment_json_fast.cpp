// shipment_json_fast.cpp: JSON shipments read with simdjson's On Demand API, for `exportctl batch`
// (issue 4: 300,000 shipments/s on 2 cores; the YAML-based reader takes ~100 us per shipment).
// The only file that includes simdjson.
//
// It must build exactly the shipment the YAML-based reader builds, or decline. So it accepts a
// deliberately narrow form: known keys once each, values of the expected JSON type (or null where
// the YAML reader treats null as absent), non-negative numbers in strict JSON syntax, strings
// without control characters (the located reader reports those). Everything else,
// even what the YAML reader would accept (`"quantity": "8"` is an error, `"id": 12` is not),
// goes to the YAML reader. Positions are computed from byte offsets the way yaml-cpp reports
// them for JSON: 1-based line, byte column, `\r\n` as one line break.
#include "shipment/shipment_json_fast.hpp"

#include <simdjson.h>

#include <charconv>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "io/json_text.hpp"

namespace exportctl::detail {
namespace {

namespace od = simdjson::ondemand;

thread_local bool fast_path_disabled = false;

// Documents above this size go to the YAML reader: the per-thread buffer and parser keep their
// capacity between calls, and one huge document should not pin that much memory on every thread.
constexpr std::size_t max_fast_bytes = std::size_t{4} << 20;
// Keys longer than this are not shipment keys (dense_tops precisions are short); yaml-cpp also
// refuses implicit keys over 1024 characters.
constexpr std::size_t max_key_bytes = 128;
// Own recursion bound, whatever the configured document depth.
constexpr int max_fast_depth = 64;
// Levels of `contains` handled here; real products have two or three (computer, board, IC).
constexpr int max_fast_contains = 8;

std::string_view trimmed_token(od::value& v) {
  std::string_view t = v.raw_json_token();
  while (!t.empty() && is_json_space(t.back())) t.remove_suffix(1);
  return t;
}

class reader {
 public:
  reader(const char* begin, std::size_t size, int max_depth)
      : where_(begin, size), max_depth_(max_depth < max_fast_depth ? max_depth : max_fast_depth) {}

  bool read(od::document& doc, shipment& s) {
    if (!where_.only_crlf_breaks()) return false;
    od::object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS) return false;
    if (!enter()) return false;
    unsigned seen = 0;
    bool ok = each_field(root, [&](std::string_view key, od::value& v) {
      const int k = key_index(key, {"id", "date", "description", "items", "parties", "transfers"});
      if (!first_time(k, seen)) return false;
      switch (k) {
        case 0:
          return string(v, s.id);
        case 1: {
          if (is_null(v)) return true;
          std::string text;
          if (!string(v, text)) return false;
          s.ship_date = date::parse(text);
          return s.ship_date.has_value();
        }
        case 2: {
          std::string ignored;
          return is_null(v) || string(v, ignored);
        }
        case 3:
          return items(v, s.items, 0);
        case 4:
          return list(v, s.parties, [this](od::value& e, party& p) { return read_party(e, p); });
        default:
          return list(v, s.transfers,
                      [this](od::value& e, transfer& t) { return read_transfer(e, t); });
      }
    });
    // Required: id, items, parties, transfers. Nothing may follow the object.
    const char* rest = nullptr;
    return ok && (seen & 0b111001) == 0b111001 &&
           doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
  }

 private:
  bool enter() { return ++depth_ <= max_depth_; }
  void leave() { --depth_; }

  static bool first_time(int k, unsigned& seen) {
    if (k < 0 || (seen & (1U << k)) != 0) return false;
    seen |= 1U << k;
    return true;
  }

  // Calls on_field(key, value) for each member; false as soon as a key is unusable, the JSON is
  // invalid or on_field returns false.
  template <class F>
  bool each_field(od::object& obj, F&& on_field) {
    for (auto member : obj) {
      od::field f;
      if (std::move(member).get(f) != simdjson::SUCCESS) return false;
      std::string_view key;
      if (!raw_key(f.key().raw(), key)) return false;
      if (!on_field(key, f.value())) return false;
    }
    return true;
  }

  // The key's text as written (`p` is just past its opening quote). Declined: escapes, control
  // characters, long keys, and a line break before the ':' (valid JSON, refused by yaml-cpp).
  bool raw_key(const char* p, std::string_view& key) const {
    std::size_t n = 0;
    while (p[n] != '"') {
      const auto c = static_cast<unsigned char>(p[n]);
      if (c == '\\' || c < 0x20 || ++n > max_key_bytes) return false;
    }
    key = std::string_view(p, n);
    const char* q = p + n + 1;
    while (*q == ' ' || *q == '\t') ++q;
    return *q == ':';
  }

  static bool is_null(od::value& v) { return trimmed_token(v) == "null"; }

  static bool string(od::value& v, std::string& out) {
    const std::string_view t = trimmed_token(v);
    if (t.size() < 2 || t.front() != '"' || t.back() != '"') return false;
    bool escaped = false;
    for (std::size_t i = 1; i + 1 < t.size(); ++i) {
      const auto c = static_cast<unsigned char>(t[i]);
      if (c < 0x20) return false;  // raw control characters: yaml-cpp folds or keeps them
      if (c == '"') return false;  // not one string token
      if (c != '\\') continue;
      escaped = true;
      // Surrogate-pair escapes are decoded by simdjson as the located reader decodes them
      // (document.cpp); a lone surrogate is an error here, reported by the located reader.
      ++i;  // the escaped character is not a delimiter
    }
    if (!escaped) {
      out.assign(t.data() + 1, t.size() - 2);
      return true;
    }
    std::string_view unescaped;
    if (v.get_string().get(unescaped) != simdjson::SUCCESS) return false;
    out.assign(unescaped);
    return true;
  }

  static bool non_negative(od::value& v, double& out) {
    const std::string_view t = trimmed_token(v);
    bool integral = false;
    if (!is_non_negative_json_number(t, integral)) return false;
    // from_chars, as the YAML reader converts numbers: the same double for the same text.
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return ec == std::errc() && ptr == t.data() + t.size() && out <= 1.7976931348623157e308;
  }

  static bool optional_non_negative(od::value& v, std::optional<double>& out) {
    if (is_null(v)) return true;
    double d = 0;
    if (!non_negative(v, d)) return false;
    out = d;
    return true;
  }

  static bool integer(od::value& v, std::int64_t& out) {
    const std::string_view t = trimmed_token(v);
    bool integral = false;
    if (!is_non_negative_json_number(t, integral) || !integral || t.size() > 18) return false;
    long long value = 0;
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    out = value;
    return ec == std::errc() && ptr == t.data() + t.size();
  }

  static bool boolean(od::value& v, bool& out) {
    const std::string_view t = trimmed_token(v);
    if (t != "true" && t != "false") return false;
    out = t == "true";
    return true;
  }

  // Opens the object `v` (recording its position) and reads its members with on_field.
  template <class F>
  bool object(od::value& v, source_position* pos, F&& on_field) {
    const std::string_view t = v.raw_json_token();
    if (t.empty() || t.front() != '{') return false;
    if (pos != nullptr && !where_.locate(t.data(), *pos)) return false;
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS || !enter()) return false;
    const bool ok = each_field(obj, on_field);
    leave();
    return ok;
  }

  template <class T, class F>
  bool list(od::value& v, std::vector<T>& out, F&& read_one) {
    // A typical shipment fits without regrowing (a party is a large struct to move).
    out.reserve(8);
    const std::string_view t = v.raw_json_token();
    if (t.empty() || t.front() != '[') return false;
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS || !enter()) return false;
    for (auto element : arr) {
      od::value e;
      if (std::move(element).get(e) != simdjson::SUCCESS) return false;
      if (!read_one(e, out.emplace_back())) return false;
    }
    leave();
    return true;
  }

  // `level` counts `contains` below the shipment line. Deep nesting is declined: the engine (or,
  // in older readers, the reader) reports it (EXC-E2007).
  bool items(od::value& v, std::vector<item>& out, int level) {
    if (level >= max_fast_contains) return false;
    return list(v, out, [this, level](od::value& e, item& it) { return read_item(e, it, level); });
  }

  bool read_item(od::value& v, item& it, int level) {
    unsigned seen = 0;
    const bool ok = object(v, &it.position, [&](std::string_view key, od::value& val) {
      const int k = key_index(key, {"product", "description", "quantity", "specs", "contains"});
      if (!first_time(k, seen)) return false;
      switch (k) {
        case 0:
          return is_null(val) || string(val, it.product);
        case 1:
          return is_null(val) || string(val, it.description);
        case 2:
          return integer(val, it.quantity);
        case 3:
          if (is_null(val)) return true;
          return read_specs(val, it.specs.emplace());
        default:
          return is_null(val) || items(val, it.contains, level + 1);
      }
    });
    return ok && (seen & 0b100) != 0;
  }

  bool read_specs(od::value& v, chip_specs& s) {
    unsigned seen = 0;
    return object(v, nullptr, [&](std::string_view key, od::value& val) {
      const int k =
          key_index(key, {"dense_tops", "tpp", "die_area_mm2", "datacenter", "io_bandwidth_gbs",
                          "dram_bandwidth_gbs", "memory_bandwidth_density", "hbm",
                          "commercially_available_us_2026_01_15"});
      if (!first_time(k, seen)) return false;
      switch (k) {
        case 0:
          return is_null(val) || read_dense_tops(val, s.dense_tops);
        case 1:
          return optional_non_negative(val, s.tpp);
        case 2:
          return optional_non_negative(val, s.die_area_mm2);
        case 3: {
          if (is_null(val)) return true;
          bool b = false;
          if (!boolean(val, b)) return false;
          s.datacenter = b;
          return true;
        }
        case 4:
          return optional_non_negative(val, s.io_bandwidth_gbs);
        case 5:
          return optional_non_negative(val, s.dram_bandwidth_gbs);
        case 6:
          return optional_non_negative(val, s.memory_bandwidth_density);
        case 8: {
          if (is_null(val)) return true;
          bool b = false;
          if (!boolean(val, b)) return false;
          s.us_available_2026_01_15 = b;
          return true;
        }
        default:
          return is_null(val) || boolean(val, s.hbm);
      }
    });
  }

  bool read_dense_tops(od::value& v, std::vector<std::pair<std::string, double>>& out) {
    return object(v, nullptr, [&](std::string_view key, od::value& val) {
      for (const auto& [precision, rate] : out) {
        if (precision == key) return false;  // duplicate key
      }
      double rate = 0;
      if (!non_negative(val, rate)) return false;
      out.emplace_back(std::string(key), rate);
      return true;
    });
  }

  bool read_party(od::value& v, party& p) {
    unsigned seen = 0;
    const bool ok = object(v, &p.position, [&](std::string_view key, od::value& val) {
      const int k =
          key_index(key, {"id", "name", "country", "role", "headquarters",
                          "ultimate_parent_headquarters", "consignee_ytd_tpp", "address"});
      if (!first_time(k, seen)) return false;
      switch (k) {
        case 0:
          return string(val, p.id);
        case 1:
          return string(val, p.name);
        case 2:
          return string(val, p.country);
        case 3: {
          std::string role;
          if (!string(val, role)) return false;
          const auto r = parse_party_role(role);
          if (!r) return false;
          p.role = *r;
          return true;
        }
        case 4:
          return is_null(val) || string(val, p.headquarters);
        case 5:
          return is_null(val) || string(val, p.ultimate_parent_headquarters);
        case 6:
          return optional_non_negative(val, p.consignee_ytd_tpp);
        default: {
          std::string ignored;
          return is_null(val) || string(val, ignored);
        }
      }
    });
    return ok && (seen & 0b1111) == 0b1111;
  }

  bool read_transfer(od::value& v, transfer& t) {
    unsigned seen = 0;
    const bool ok = object(v, &t.position, [&](std::string_view key, od::value& val) {
      const int k = key_index(key, {"from", "to"});
      if (!first_time(k, seen)) return false;
      return string(val, k == 0 ? t.from : t.to);
    });
    return ok && seen == 0b11;
  }

  text_locator where_;
  int depth_ = 0;
  int max_depth_;
};

// Per-thread parser and input buffer (simdjson reads a few bytes past the end of the text, so
// the text is copied into a padded buffer), reused so that a batch allocates them once.
struct thread_state {
  od::parser parser;
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;
};

}  // namespace

json_fast_path_off::json_fast_path_off() : previous_(fast_path_disabled) {
  fast_path_disabled = true;
}

json_fast_path_off::~json_fast_path_off() { fast_path_disabled = previous_; }

std::optional<shipment> read_json_shipment_fast(std::string_view text, std::string_view file_name,
                                                int max_document_depth) {
  if (fast_path_disabled || text.size() > max_fast_bytes) return std::nullopt;
  // DEL is valid JSON but not text: the located reader's text check refuses it (EXC-E1008)
  // wherever it stands, in a value read here or one skipped.
  if (std::memchr(text.data(), 0x7F, text.size()) != nullptr) return std::nullopt;
  std::size_t first = 0;
  while (first < text.size() && is_json_space(text[first])) ++first;
  if (first == text.size() || text[first] != '{') return std::nullopt;

  thread_local thread_state state;
  const std::size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
  if (state.capacity < needed) {
    state.capacity = needed < 4096 ? 4096 : needed;
    state.buffer = std::make_unique<char[]>(state.capacity);
  }
  std::memcpy(state.buffer.get(), text.data(), text.size());
  std::memset(state.buffer.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);

  od::document doc;
  if (state.parser.iterate(state.buffer.get(), text.size(), state.capacity).get(doc) !=
      simdjson::SUCCESS)
    return std::nullopt;
  shipment s;
  reader r(state.buffer.get(), text.size(), max_document_depth);
  if (!r.read(doc, s)) return std::nullopt;
  s.source_name = std::string(file_name);
  return s;
}

}  // namespace exportctl::detail
