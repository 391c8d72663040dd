// shipment_json.cpp: a shipment as one line of canonical JSON, the form audit receipts hash.
// The key order is the order of the schema tables (include/exportctl/
// shipment_schema.hpp), documented next to `to_json(const shipment&)` in io.hpp; absent
// optional values, `hbm: false` and empty optional strings and lists (`order_id`, `serials`)
// are omitted, so receipts of shipments without them keep their hash and
// parse_shipment reads the line back into an equal shipment.
#include <string>
#include <type_traits>
#include <vector>

#include "doc/json_writer.hpp"
#include "exportctl/io.hpp"
#include "shipment/schema.hpp"

namespace exportctl {
namespace {

using detail::json_writer;

// A scalar row, if it has a value to write. Rows without a member are not written.
template <class S>
void write_scalar(json_writer& w, const schema::field<S>& f, const S& s) {
  detail::visit_stored(f, [&](auto member) {
    const auto& v = s.*member;
    using T = std::remove_cv_t<std::remove_reference_t<decltype(v)>>;
    if constexpr (std::is_same_v<T, std::string>) {
      if (!f.required && v.empty()) return;
      w.key(f.name);
      w.string(v);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      w.key(f.name);
      w.integer(v);
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
      if (!v) return;
      w.key(f.name);
      w.number(*v);
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
      if (!v) return;
      w.key(f.name);
      w.boolean(*v);
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      if (v.empty()) return;  // absent and empty are the same: nothing recorded
      w.key(f.name);
      w.strings(v);
    } else {
      if (!v) return;  // false is the default
      w.key(f.name);
      w.boolean(true);
    }
  });
}

void write_specs(json_writer& w, const chip_specs& s) {
  w.begin_object();
  for (std::size_t i = 0; i < schema::specs_fields.size(); ++i) {
    const auto& f = schema::specs_fields[i];
    if (i != schema::specs_key::dense_tops) {
      write_scalar(w, f, s);
      continue;
    }
    if (s.dense_tops.empty()) continue;
    w.key(f.name);
    w.begin_object();
    for (const auto& [precision, rate] : s.dense_tops) {
      w.key(precision);
      w.number(rate);
    }
    w.end_object();
  }
  w.end_object();
}

void write_item(json_writer& w, const item& it) {
  namespace k = schema::item_key;
  w.begin_object();
  for (std::size_t i = 0; i < schema::item_fields.size(); ++i) {
    const auto& f = schema::item_fields[i];
    if (i == k::specs) {
      if (!it.specs) continue;
      w.key(f.name);
      write_specs(w, *it.specs);
    } else if (i == k::contains) {
      if (it.contains.empty()) continue;
      w.key(f.name);
      w.begin_array();
      for (const auto& inner : it.contains) write_item(w, inner);
      w.end_array();
    } else {
      write_scalar(w, f, it);
    }
  }
  w.end_object();
}

void write_owners(json_writer& w, std::string_view key, const std::vector<owner>& owners) {
  if (owners.empty()) return;  // absent and empty are the same: not stated
  w.key(key);
  w.begin_array();
  for (const auto& o : owners) {
    w.begin_object();
    for (const auto& f : schema::owner_fields) write_scalar(w, f, o);
    w.end_object();
  }
  w.end_array();
}

void write_entity(json_writer& w, const entity& e) {
  w.begin_object();
  for (std::size_t i = 0; i < schema::entity_fields.size(); ++i) {
    const auto& f = schema::entity_fields[i];
    if (i == schema::entity_key::owners) {
      write_owners(w, f.name, e.owners);
    } else {
      write_scalar(w, f, e);
    }
  }
  w.end_object();
}

void write_party(json_writer& w, const party& p) {
  w.begin_object();
  for (std::size_t i = 0; i < schema::party_fields.size(); ++i) {
    const auto& f = schema::party_fields[i];
    if (i == schema::party_key::owners) {
      write_owners(w, f.name, p.owners);
    } else if (i == schema::party_key::role) {
      w.key(f.name);
      w.string(to_string(p.role));
    } else {
      write_scalar(w, f, p);
    }
  }
  w.end_object();
}

void write_transfer(json_writer& w, const transfer& t) {
  w.begin_object();
  for (const auto& f : schema::transfer_fields) write_scalar(w, f, t);
  w.end_object();
}

template <class T, class F>
void write_list(json_writer& w, std::string_view key, const std::vector<T>& list, F write_one) {
  w.key(key);
  w.begin_array();
  for (const auto& x : list) write_one(w, x);
  w.end_array();
}

}  // namespace

std::string to_json(const shipment& s) {
  namespace k = schema::shipment_key;
  std::string out;
  out.reserve(256 + 128 * (s.items.size() + s.parties.size()) + 48 * s.transfers.size());
  json_writer w(out, false);
  w.begin_object();
  for (std::size_t i = 0; i < schema::shipment_fields.size(); ++i) {
    const auto& f = schema::shipment_fields[i];
    switch (i) {
      case k::date:
        if (!s.ship_date) break;
        w.key(f.name);
        w.string(s.ship_date->to_string());
        break;
      case k::items:
        write_list(w, f.name, s.items, write_item);
        break;
      case k::parties:
        write_list(w, f.name, s.parties, write_party);
        break;
      case k::transfers:
        write_list(w, f.name, s.transfers, write_transfer);
        break;
      case k::entities:
        // Omitted when empty, so that receipts of shipments without entities keep their hash.
        if (!s.entities.empty()) write_list(w, f.name, s.entities, write_entity);
        break;
      default:
        write_scalar(w, f, s);
    }
  }
  w.end_object();
  w.finish();
  return out;
}

}  // namespace exportctl
