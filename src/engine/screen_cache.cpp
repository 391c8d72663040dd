// screen_cache.cpp: the flat, sharded cache of screened names (screen_cache.hpp).
#include "engine/screen_cache.hpp"

#include <cstring>
#include <functional>

namespace exportctl::detail {

namespace {

std::uint64_t key_hash(std::string_view key) {
  // 0 marks a free slot.
  const std::uint64_t h = std::hash<std::string_view>{}(key);
  return h == 0 ? 1 : h;
}

}  // namespace

bool screen_cache::same(const shard& s, const slot& e, std::string_view key) {
  if (e.spill != 0) return s.spilled[e.spill - 1] == key;
  return e.length == key.size() && std::memcmp(e.key.data(), key.data(), key.size()) == 0;
}

screen_cache::found screen_cache::find(std::string_view key) const {
  const std::uint64_t h = key_hash(key);
  // The shard from the high bits, the slot from the low ones: independent within a shard.
  shard& s = shards_[(h >> 58) % shards];
  const std::lock_guard<std::mutex> hold(s.lock);
  if (s.slots.empty()) return {};
  const std::size_t mask = s.slots.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const slot& e = s.slots[i];
    if (e.hash == 0) return {};
    if (e.hash == h && same(s, e, key)) return {true, e.value};
  }
}

void screen_cache::insert(shard& s, std::uint64_t hash, std::string_view key, candidates value) {
  const std::size_t mask = s.slots.size() - 1;
  std::size_t i = hash & mask;
  while (s.slots[i].hash != 0) {
    if (s.slots[i].hash == hash && same(s, s.slots[i], key)) return;  // put by another thread
    i = (i + 1) & mask;
  }
  slot& e = s.slots[i];
  e.hash = hash;
  e.value = std::move(value);
  if (key.size() <= inline_bytes) {
    e.length = static_cast<std::uint8_t>(key.size());
    std::memcpy(e.key.data(), key.data(), key.size());
  } else {
    s.spilled.emplace_back(key);
    e.spill = static_cast<std::uint32_t>(s.spilled.size());
  }
  ++s.used;
}

void screen_cache::put(std::string_view key, candidates value) const {
  if (value && value->empty()) value = nullptr;  // nothing to keep alive for a name that clears
  const std::uint64_t h = key_hash(key);
  shard& s = shards_[(h >> 58) % shards];
  const std::lock_guard<std::mutex> hold(s.lock);
  // At most half full, so a probe ends soon; past the bound, bounded memory for an endless
  // stream of distinct names: the shard starts afresh.
  if (s.used >= max_per_shard) {
    s.slots.clear();
    s.spilled.clear();
    s.used = 0;
  }
  if (2 * (s.used + 1) > s.slots.size()) {
    std::vector<slot> old = std::move(s.slots);
    std::vector<std::string> old_spilled = std::move(s.spilled);
    s.slots = std::vector<slot>(old.empty() ? 16 : 2 * old.size());
    s.spilled.clear();
    s.used = 0;
    for (auto& e : old) {
      if (e.hash == 0) continue;
      const std::string_view k = e.spill != 0 ? std::string_view(old_spilled[e.spill - 1])
                                              : std::string_view(e.key.data(), e.length);
      insert(s, e.hash, k, std::move(e.value));
    }
  }
  insert(s, h, key, std::move(value));
}

}  // namespace exportctl::detail
