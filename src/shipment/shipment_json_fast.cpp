// shipment_json_fast.cpp: JSON shipments read with simdjson's On Demand API, for `exportctl batch`
// (batch reads 300,000 shipments/s on 2 cores this way; the YAML-based reader takes ~100 us per
// shipment). The only file that includes simdjson.
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
#include <type_traits>
#include <utility>
#include <vector>

#include "shipment/json_text.hpp"
#include "shipment/schema.hpp"

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

// GCC 12 reports writes through a schema row's member pointer into a freshly emplaced
// chip_specs as overflowing (-Wstringop-overflow, a known false positive for pointers to
// members whose offset it cannot fold); the rows are constexpr and the bound is checked.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
class reader {
 public:
  reader(const char* begin, std::size_t size, int max_depth)
      : where_(begin, size), max_depth_(max_depth < max_fast_depth ? max_depth : max_fast_depth) {}

  bool read(od::document& doc, shipment& s) {
    if (!where_.only_crlf_breaks()) return false;
    od::object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS) return false;
    if (!enter()) return false;
    using schema::shipment_fields;
    namespace k = schema::shipment_key;
    unsigned seen = 0;
    bool ok = each_field(root, [&](std::string_view key, od::value& v) {
      const int i = field_index<schema::shipment_fields>(key);
      if (!first_time(shipment_fields, i, seen)) return false;
      return with_row<schema::shipment_fields>(static_cast<std::size_t>(i), [&](auto row) {
        constexpr std::size_t r = decltype(row)::value;
        if constexpr (r == k::date) {
          if (is_null(v)) return true;
          std::string text;
          if (!string(v, text)) return false;
          s.ship_date = date::parse(text);
          return s.ship_date.has_value();
        } else if constexpr (r == k::items) {
          return items(v, s.items, 0);
        } else if constexpr (r == k::parties) {
          return list(v, s.parties, [this](od::value& e, party& p) { return read_party(e, p); });
        } else if constexpr (r == k::transfers) {
          return list(v, s.transfers,
                      [this](od::value& e, transfer& t) { return read_transfer(e, t); });
        } else if constexpr (r == k::entities) {
          return is_null(v) ||
                 list(v, s.entities, [this](od::value& e, entity& x) { return read_entity(e, x); });
        } else {
          return scalar<schema::shipment_fields, r>(v, s);
        }
      });
    });
    // Every required key seen; nothing may follow the object.
    const char* rest = nullptr;
    constexpr unsigned required = required_mask(shipment_fields);
    return ok && (seen & required) == required &&
           doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
  }

 private:
  bool enter() { return ++depth_ <= max_depth_; }
  void leave() { --depth_; }

  // `k` is a row of `table` (the bound also tells the optimizer that rows are in range).
  template <class Table>
  static bool first_time(const Table& table, int k, unsigned& seen) {
    if (k < 0 || static_cast<std::size_t>(k) >= table.size() || (seen & (1U << k)) != 0)
      return false;
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
      // Consumed, not left to be skipped: simdjson skips a string followed by ':' as a key and
      // then counts brackets without matching them, so `["a","b":1},"c"]` would pass unchecked.
      // Numbers, booleans and null are skipped as one token, and what follows is then checked.
      od::raw_json_string consumed;
      if (v.get_raw_json_string().get(consumed) != simdjson::SUCCESS) return false;
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

  // A list of non-empty JSON strings (`serials`); an empty entry or any other value is declined
  // (the located reader reports an empty entry, and reads a number as its text).
  bool strings(od::value& v, std::vector<std::string>& out) {
    const std::string_view t = v.raw_json_token();
    if (t.empty() || t.front() != '[') return false;
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS || !enter()) return false;
    for (auto element : arr) {
      od::value e;
      if (std::move(element).get(e) != simdjson::SUCCESS) return false;
      if (!string(e, out.emplace_back()) || out.back().empty()) return false;
    }
    leave();
    return true;
  }

  // Row I of `table` into its member, as the located reader reads it: strings (null is absent
  // where the field is optional), whole numbers, non-negative numbers, booleans (null absent),
  // lists of strings (null absent). Rows without a member are strings checked and dropped. The row
  // is a compile-time constant: the same code as a hand-written case.
  template <const auto& table, std::size_t I, class S>
  bool scalar(od::value& v, S& out) {
    constexpr auto stored = table[I].stored;
    constexpr bool required = table[I].required;
    if constexpr (stored.index() == 0) {
      std::string ignored;
      return (!required && is_null(v)) || string(v, ignored);
    } else {
      constexpr auto member = std::get<stored.index()>(stored);
      auto& m = out.*member;
      using T = std::remove_reference_t<decltype(m)>;
      if constexpr (std::is_same_v<T, std::string>) {
        return (!required && is_null(v)) || string(v, m);
      } else if constexpr (std::is_same_v<T, std::int64_t>) {
        return integer(v, m);
      } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        return optional_non_negative(v, m);
      } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        if (is_null(v)) return true;
        bool b = false;
        if (!boolean(v, b)) return false;
        m = b;
        return true;
      } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        return is_null(v) || strings(v, m);
      } else {
        return is_null(v) || boolean(v, m);
      }
    }
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
    using schema::item_fields;
    namespace k = schema::item_key;
    unsigned seen = 0;
    const bool ok = object(v, &it.position, [&](std::string_view key, od::value& val) {
      const int i = field_index<schema::item_fields>(key);
      if (!first_time(item_fields, i, seen)) return false;
      return with_row<schema::item_fields>(static_cast<std::size_t>(i), [&](auto row) {
        constexpr std::size_t r = decltype(row)::value;
        if constexpr (r == k::specs) {
          if (is_null(val)) return true;
          return read_specs(val, it.specs.emplace());
        } else if constexpr (r == k::contains) {
          return is_null(val) || items(val, it.contains, level + 1);
        } else {
          return scalar<schema::item_fields, r>(val, it);
        }
      });
    });
    constexpr unsigned required = required_mask(item_fields);
    return ok && (seen & required) == required;
  }

  bool read_specs(od::value& v, chip_specs& s) {
    using schema::specs_fields;
    unsigned seen = 0;
    return object(v, nullptr, [&](std::string_view key, od::value& val) {
      const int i = field_index<schema::specs_fields>(key);
      if (!first_time(specs_fields, i, seen)) return false;
      return with_row<schema::specs_fields>(static_cast<std::size_t>(i), [&](auto row) {
        constexpr std::size_t r = decltype(row)::value;
        if constexpr (r == schema::specs_key::dense_tops) {
          return is_null(val) || read_dense_tops(val, s.dense_tops);
        } else {
          return scalar<schema::specs_fields, r>(val, s);
        }
      });
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
    using schema::party_fields;
    unsigned seen = 0;
    const bool ok = object(v, &p.position, [&](std::string_view key, od::value& val) {
      const int i = field_index<schema::party_fields>(key);
      if (!first_time(party_fields, i, seen)) return false;
      return with_row<schema::party_fields>(static_cast<std::size_t>(i), [&](auto row) {
        constexpr std::size_t r = decltype(row)::value;
        if constexpr (r == schema::party_key::owners) {
          return is_null(val) || owners(val, p.owners);
        } else if constexpr (r == schema::party_key::role) {
          std::string role;
          if (!string(val, role)) return false;
          const auto parsed = parse_party_role(role);
          if (!parsed) return false;
          p.role = *parsed;
          return true;
        } else {
          return scalar<schema::party_fields, r>(val, p);
        }
      });
    });
    constexpr unsigned required = required_mask(party_fields);
    return ok && (seen & required) == required;
  }

  bool owners(od::value& v, std::vector<owner>& out) {
    return list(v, out, [this](od::value& e, owner& o) { return read_owner(e, o); });
  }

  bool read_owner(od::value& v, owner& o) {
    using schema::owner_fields;
    unsigned seen = 0;
    return object(v, &o.position, [&](std::string_view key, od::value& val) {
      const int i = field_index<schema::owner_fields>(key);
      if (!first_time(owner_fields, i, seen)) return false;
      return with_row<schema::owner_fields>(static_cast<std::size_t>(i), [&](auto row) {
        return scalar<schema::owner_fields, decltype(row)::value>(val, o);
      });
    });
  }

  bool read_entity(od::value& v, entity& x) {
    using schema::entity_fields;
    unsigned seen = 0;
    const bool ok = object(v, &x.position, [&](std::string_view key, od::value& val) {
      const int i = field_index<schema::entity_fields>(key);
      if (!first_time(entity_fields, i, seen)) return false;
      return with_row<schema::entity_fields>(static_cast<std::size_t>(i), [&](auto row) {
        constexpr std::size_t r = decltype(row)::value;
        if constexpr (r == schema::entity_key::owners) {
          return is_null(val) || owners(val, x.owners);
        } else {
          return scalar<schema::entity_fields, r>(val, x);
        }
      });
    });
    constexpr unsigned required = required_mask(entity_fields);
    return ok && (seen & required) == required;
  }

  bool read_transfer(od::value& v, transfer& t) {
    using schema::transfer_fields;
    unsigned seen = 0;
    const bool ok = object(v, &t.position, [&](std::string_view key, od::value& val) {
      const int i = field_index<schema::transfer_fields>(key);
      if (!first_time(transfer_fields, i, seen)) return false;
      return with_row<schema::transfer_fields>(static_cast<std::size_t>(i), [&](auto row) {
        return scalar<schema::transfer_fields, decltype(row)::value>(val, t);
      });
    });
    constexpr unsigned required = required_mask(transfer_fields);
    return ok && (seen & required) == required;
  }

  text_locator where_;
  int depth_ = 0;
  int max_depth_;
};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

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
