// The cache of screened names (engine/screen_cache.hpp): a hit gives back exactly what was put
// for exactly that key, whatever its length, across growth, clearing and threads; it only ever
// saves work, so a wrong hit would be a wrong decision.
#include "engine/screen_cache.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using exportctl::detail::screen_cache;
using exportctl::detail::screen_candidate;

screen_cache::candidates one(std::uint32_t entry) {
  screen_candidate c;
  c.entry = entry;
  return std::make_shared<const std::vector<screen_candidate>>(std::vector<screen_candidate>{c});
}

std::string key_of(std::size_t i) {
  // Short keys inline, every fifth one longer than a slot holds.
  std::string k =
      "CN\x1f"
      "Party " +
      std::to_string(i);
  if (i % 5 == 0) k += std::string(40, 'x');
  return k;
}

/// Puts keys 0..n-1, then finds them again: how many are still there. Every hit must carry the
/// value put for its own key.
std::size_t put_and_find(const screen_cache& cache, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) cache.put(key_of(i), one(static_cast<std::uint32_t>(i)));
  std::size_t hits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto f = cache.find(key_of(i));
    if (!f.hit) continue;
    ++hits;
    REQUIRE(f.value);
    REQUIRE(f.value->at(0).entry == i);
  }
  return hits;
}

}  // namespace

TEST_CASE("screen cache: a hit is the value put for that exact key", "[engine][screen_cache]") {
  const screen_cache cache;
  CHECK_FALSE(cache.find("CN\x1fHuawei").hit);
  cache.put("CN\x1fHuawei", one(7));
  cache.put("CN\x1fNobody", nullptr);
  cache.put(
      "CN\x1f"
      "Empty",
      std::make_shared<const std::vector<screen_candidate>>());

  const auto huawei = cache.find("CN\x1fHuawei");
  REQUIRE(huawei.hit);
  REQUIRE(huawei.value);
  CHECK(huawei.value->at(0).entry == 7);
  // Cleared names are hits without candidates: they are not screened again.
  for (const char* k : {"CN\x1fNobody",
                        "CN\x1f"
                        "Empty"}) {
    const auto f = cache.find(k);
    CHECK(f.hit);
    CHECK_FALSE(f.value);
  }
  // Another country, a prefix, a longer key: not the same name.
  CHECK_FALSE(cache.find("HK\x1fHuawei").hit);
  CHECK_FALSE(cache.find("CN\x1fHuawe").hit);
  CHECK_FALSE(cache.find("CN\x1fHuawei ").hit);
}

TEST_CASE("screen cache: many keys, long and short, survive growth", "[engine][screen_cache]") {
  const screen_cache cache;
  // No more than one shard holds, whatever the hash spread: every name must still be there
  // after the shards' tables have doubled several times.
  constexpr std::size_t n = screen_cache::max_per_shard;
  CHECK(put_and_find(cache, n) == n);
  // A long key is compared whole: the same prefix with one byte changed is a miss.
  std::string other = key_of(5);
  other.back() = 'y';
  CHECK_FALSE(cache.find(other).hit);
}

TEST_CASE("screen cache: memory stays bounded for an endless stream of names",
          "[engine][screen_cache]") {
  const screen_cache cache;
  // Far past 64 × 2048 names: shards start afresh, and what is still found is still right.
  constexpr std::size_t n = 400000;
  const std::size_t hits = put_and_find(cache, n);
  CHECK(hits > 0);
  CHECK(hits <= 64 * screen_cache::max_per_shard);
  // The newest names are kept.
  CHECK(cache.find(key_of(n - 1)).hit);
}

TEST_CASE("screen cache: threads putting and finding the same names", "[engine][screen_cache]") {
  const screen_cache cache;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&cache] {
      for (std::size_t i = 0; i < 20000; ++i) {
        const std::string k = key_of(i % 5000);
        const auto f = cache.find(k);
        if (f.hit) {
          REQUIRE(f.value);
          REQUIRE(f.value->at(0).entry == i % 5000);
        } else {
          cache.put(k, one(static_cast<std::uint32_t>(i % 5000)));
        }
      }
    });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < 5000; ++i) CHECK(cache.find(key_of(i)).hit);
}
