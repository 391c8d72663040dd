// screen_cache.hpp: the candidates of screened (country, name) pairs, per engine. Order streams
// repeat their parties, so a name is scored once; a lookup is then all a repeated party costs,
// and it was a tenth of a batch's CPU as a std::unordered_map (a bucket, a node, a key on the
// heap and a reference count: four cache misses). Here a lookup is one cache line for names of
// up to 35 bytes, and a name without candidates (most of them) touches nothing else.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "screening/list_index.hpp"

namespace exportctl::detail {

/// Sharded by hash with a lock each, so threads rarely wait. A shard past its bound is emptied:
/// the cache only saves work and never changes a result (candidates depend on the name, the
/// country and the lists, not on the ship date), and every hit compares the whole key.
class screen_cache {
 public:
  using candidates = std::shared_ptr<const std::vector<screen_candidate>>;

  /// Whether `key` was put, and then its candidates (empty when it had none).
  struct found {
    bool hit = false;
    candidates value;
  };
  [[nodiscard]] found find(std::string_view key) const;
  /// `value` null or empty: the name had no candidates.
  void put(std::string_view key, candidates value) const;

  /// Names a shard holds before it is emptied (shards × this in all).
  static constexpr std::size_t max_per_shard = 2048;

 private:
  static constexpr std::size_t shards = 64;
  static constexpr std::size_t inline_bytes = 35;
  /// One cache line: the hash (0: a free slot), the key inline or in `spilled`, the candidates
  /// (null when none).
  struct alignas(64) slot {
    std::uint64_t hash = 0;
    candidates value;
    std::uint32_t spill = 0;  ///< index into `spilled` + 1 for a longer key, else 0
    std::uint8_t length = 0;  ///< inline key length
    std::array<char, inline_bytes> key{};
  };
  struct shard {
    std::mutex lock;
    std::vector<slot> slots;  ///< open addressing, linear probing; a power of two or empty
    std::vector<std::string> spilled;
    std::size_t used = 0;
  };
  static bool same(const shard& s, const slot& e, std::string_view key);
  static void insert(shard& s, std::uint64_t hash, std::string_view key, candidates value);
  mutable std::array<shard, shards> shards_;
};

}  // namespace exportctl::detail
