// ledger_fixture.hpp: a fresh ledger for each test, on SQLite (a file in a temporary directory)
// or on PostgreSQL (the tests' throwaway cluster, a fresh schema per test; see
// tests/ledger/ledger.cmake), so the same test bodies run on both backends.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "../engine/fixtures.hpp"
#include "exportctl/ledger.hpp"
#include "ledger/sql.hpp"

namespace exportctl::test {

/// The PostgreSQL URL of the tests' cluster, from the file EXPORTCTL_TEST_PG_URL_FILE names; a
/// test that asks for it fails (never skips) when the variable is unset or the file is empty.
inline std::string pg_test_url() {
  const char* file = std::getenv("EXPORTCTL_TEST_PG_URL_FILE");
  if (file == nullptr)
    FAIL("EXPORTCTL_TEST_PG_URL_FILE is not set: run through ctest (ledger.sql_pg)");
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) FAIL(std::string("no PostgreSQL URL in ") + file);
  return url;
}

inline std::string unique_suffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(rng() % 1000000000000ULL);
}

/// A ledger URL with nothing in it yet: a new SQLite file, or a PostgreSQL URL whose
/// search_path is a new, empty schema (libpq `options=-csearch_path=...`).
class scratch_ledger {
 public:
  explicit scratch_ledger(bool postgres) {
    if (!postgres) {
      dir_ = std::filesystem::temp_directory_path() / ("exportctl-ledger-" + unique_suffix());
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "ledger.sqlite").string();
      return;
    }
    const std::string base = pg_test_url();
    schema_ = "t" + unique_suffix();
    auto db = detail::open_database(base, false, {});
    if (!db.connection) FAIL("cannot reach the tests' PostgreSQL: " + db.status.message);
    auto s = db.connection->exec_script("CREATE SCHEMA " + schema_);
    if (!s.ok()) FAIL("cannot create a schema: " + s.message);
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
    base_ = base;
  }
  ~scratch_ledger() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    if (!schema_.empty()) {
      auto db = detail::open_database(base_, false, {});
      if (db.connection) (void)db.connection->exec_script("DROP SCHEMA " + schema_ + " CASCADE");
    }
  }
  scratch_ledger(const scratch_ledger&) = delete;
  scratch_ledger& operator=(const scratch_ledger&) = delete;

  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

  /// Initializes and opens it; the test fails on any diagnostic.
  std::unique_ptr<ledger> open(const ledger_options& o = {}) {
    auto st = ledger::init(url_, o);
    for (const auto& d : st.diagnostics) UNSCOPED_INFO(format(d));
    REQUIRE(st.ok());
    std::vector<diagnostic> diags;
    auto l = ledger::open(url_, o, &diags);
    for (const auto& d : diags) UNSCOPED_INFO(format(d));
    REQUIRE(l);
    return l;
  }

 private:
  std::filesystem::path dir_;
  std::string url_, base_, schema_;
};

/// SO-2001 of examples/h200-us-to-china-2026.yaml: H200s from the US to a Chinese end user,
/// licence required (case by case).
inline shipment h200_order(std::string id, std::int64_t units) {
  auto s = chain({product_item("nvidia-h200-sxm-141gb", units)},
                 {make_party("exp", "US", party_role::exporter, "Example Inc."),
                  make_party("eu", "CN", party_role::end_user, "Example AI Lab")},
                 "2026-03-02");
  s.id = std::move(id);
  return s;
}

/// The licence of examples/licenses/d1234567.yaml, built in C++: 100 H200s to CN.
inline license h200_license(std::string number = "D1234567", std::int64_t quantity = 100) {
  license l;
  l.number = std::move(number);
  l.holder = "Example Inc.";
  l.valid_from = *date::parse("2026-01-15");
  l.valid_to = *date::parse("2028-01-14");
  l.products = {"nvidia-h200-sxm-141gb"};
  l.destinations = {"CN"};
  l.quantity = quantity;
  return l;
}

/// Whether some finding's message of `d` contains `text`.
inline bool finding_says(const decision& d, const std::string& text) {
  return std::any_of(d.findings.begin(), d.findings.end(), [&](const auto& f) {
    return std::string(f.message).find(text) != std::string::npos;
  });
}

/// The receipt of the journal's last release record (its body is `{order_id, release,
/// receipt}`, the receipt last); the test fails when the journal has no release.
inline std::string last_release_receipt(ledger& l) {
  std::vector<diagnostic> diags;
  const auto j = l.journal(&diags);
  for (auto it = j.rbegin(); it != j.rend(); ++it) {
    if (it->kind != "release") continue;
    const auto at = it->body.find("\"receipt\":");
    REQUIRE(at != std::string::npos);
    return it->body.substr(at + 10, it->body.size() - at - 11);
  }
  FAIL("no release in the journal");
  return {};
}

inline std::string ledger_codes(const std::vector<diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += d.code + ' ';
  return out;
}

}  // namespace exportctl::test
