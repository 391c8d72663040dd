// name_index.hpp: the Entity List name index (Supp. No. 4 to 15 CFR Part 744): every listed
// name and alias by its screening key (normalize.hpp), built once when an engine loads, and the
// lookup of a party's name, which allocates nothing once its scratch buffers have grown.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exportctl/date.hpp"
#include "exportctl/shipment.hpp"
#include "rules/compiled.hpp"
#include "screening/normalize.hpp"

namespace exportctl::detail {

/// Hashes std::string keys and std::string_view probes alike, so that screening looks names up
/// from a reused buffer without building a std::string per party. Deliberately not noexcept:
/// libstdc++ keeps each node's hash code only for a hash that may throw (or is marked slow), and
/// without them a lookup hashes every key of its bucket's chain again to find where the chain
/// ends (the screened-names cache of a batch spent 9% of its time there).
struct text_hash {
  using is_transparent = void;
  [[nodiscard]] std::size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};
using text_index = std::unordered_map<std::string, std::vector<int>, text_hash, std::equal_to<>>;

/// Per-thread buffers of a lookup.
struct screening_scratch {
  std::string key;
  std::string compact;
};

class entity_name_index {
 public:
  entity_name_index() = default;
  /// Indexes every name and alias of `packs.entities` with the pack's legal-form suffixes. A
  /// name ending in a parenthetical ("Huawei Technologies Co., Ltd. (Huawei)") is indexed also
  /// without it and by the alias inside it.
  explicit entity_name_index(const compiled_packs& packs);

  [[nodiscard]] bool empty() const { return exact_.empty(); }
  [[nodiscard]] const name_normalizer& normalizer() const { return normalizer_; }
  /// Screening key → indices into compiled_packs::entities.
  [[nodiscard]] const text_index& keys() const { return exact_; }

  /// The entries listed under `name`: by its key, else by its key without spaces (a name
  /// written "Microelectronics" matches a listed "Micro-electronics"), else, for a name ending
  /// in a parenthetical, by the name before it or the alias inside it. Null if none.
  [[nodiscard]] const std::vector<int>* find(std::string_view name,
                                             screening_scratch& scratch) const;

 private:
  void add(std::string_view name, int entry);
  [[nodiscard]] const std::vector<int>* find_key(screening_scratch& scratch) const;

  name_normalizer normalizer_;
  text_index exact_;
  /// Keys without spaces → entries.
  text_index compact_;
  /// The first four non-space bytes of every key of both indices (screening_prefix()), sorted:
  /// a name whose key starts otherwise can match no entry, and most names are rejected by one
  /// binary search instead of two hash lookups.
  std::vector<std::uint32_t> prefixes_;
};

/// The first four non-space bytes of a screening key (zero-padded), as one number. A key and
/// its compact form (spaces removed) have the same prefix.
[[nodiscard]] std::uint32_t screening_prefix(std::string_view key);
/// The key without its spaces.
[[nodiscard]] std::string compact_key(std::string key);

/// Screens every party but the exporter: hit[i] is the entry in force on `on` listed under
/// party i's name, or -1.
void screen_parties(const entity_name_index& index, const compiled_packs& packs,
                    const std::vector<party>& parties, date on, std::vector<int>& hit);

}  // namespace exportctl::detail
