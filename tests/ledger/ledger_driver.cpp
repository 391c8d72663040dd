// ledger_driver.cpp: a process that works a ledger for the crash and concurrency tests
// (crash_test.py, concurrency_test.py). It prints one line per operation only after the
// operation returned, flushed, so a line on its output is a promise: that change is committed.
//
//   ledger_driver setup URL QUANTITY [N]       init, and add licence D-TEST of QUANTITY units
//                                              (N licences D-TEST-1..N of QUANTITY each)
//   ledger_driver work URL PREFIX COUNT UNITS  release PREFIX-1..COUNT (UNITS each, or 1..4 by
//                                              turns when UNITS is 0), retry each once, commit
//                                              every third and cancel every fifth released;
//                                              COUNT 0 runs until killed
//   ledger_driver bench URL PREFIX COUNT GROUP COUNT orders of one unit, GROUP per transaction
//   ledger_driver check URL [LOG...]           the invariants, exit 0 when they hold
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include "exportctl/engine.hpp"
#include "exportctl/ledger.hpp"
#include "ledger/sql.hpp"

using namespace exportctl;

namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "ledger_driver: %s\n", what.c_str());
  return 1;
}

void print_diags(const std::vector<diagnostic>& ds) {
  for (const auto& d : ds) std::fprintf(stderr, "%s\n", format(d).c_str());
}

shipment order(const std::string& id, std::int64_t units) {
  shipment s;
  s.id = id;
  s.ship_date = date::parse("2026-03-02");
  item it;
  it.product = "nvidia-h200-sxm-141gb";
  it.quantity = units;
  s.items.push_back(it);
  party exp;
  exp.id = "exp";
  exp.name = "Example Inc.";
  exp.country = "US";
  exp.role = party_role::exporter;
  party eu;
  eu.id = "eu";
  eu.name = "Example Cloud (Beijing) Co., Ltd.";
  eu.country = "CN";
  eu.role = party_role::end_user;
  s.parties = {exp, eu};
  s.transfers.push_back({"exp", "eu", {}});
  s.source_name = id;
  return s;
}

int setup(const std::string& url, std::int64_t quantity, int count) {
  auto st = ledger::init(url);
  print_diags(st.diagnostics);
  if (!st.ok()) return 1;
  std::vector<diagnostic> diags;
  auto l = ledger::open(url, {}, &diags);
  print_diags(diags);
  if (!l) return 1;
  std::vector<license> lics;
  for (int i = 1; i <= count; ++i) {
    license lic;
    lic.number = count == 1 ? "D-TEST" : "D-TEST-" + std::to_string(i);
    lic.holder = "Example Inc.";
    lic.valid_from = *date::parse("2026-01-15");
    // Expiry dates differ so that releases draw on them in turn (the one expiring first).
    lic.valid_to = date::from_ymd(2028 + i % 3, 1, static_cast<unsigned>(1 + i));
    lic.products = {"nvidia-h200-sxm-141gb"};
    lic.destinations = {"CN"};
    lic.quantity = quantity;
    lics.push_back(std::move(lic));
  }
  auto added = l->add_licenses(lics);
  print_diags(added.diagnostics);
  return added.ok() ? 0 : 1;
}

int work(const std::string& url, const std::string& prefix, long count, std::int64_t units) {
  auto eng = engine::load({{EXPORTCTL_SOURCE_DIR "/rules"}, {}});
  if (!eng.value) return fail("the packs did not load");
  std::vector<diagnostic> diags;
  ledger_options o;
  o.busy_timeout_ms = 30000;
  o.principal = prefix;
  auto l = ledger::open(url, o, &diags);
  print_diags(diags);
  if (!l) return 1;
  for (long i = 1; count == 0 || i <= count; ++i) {
    const std::string id = prefix + "-" + std::to_string(i);
    const std::int64_t n = units > 0 ? units : 1 + (i % 4);
    for (int attempt = 0; attempt < 2; ++attempt) {  // the second is a retry: never twice
      auto r = l->release(*eng.value, order(id, n), {});
      print_diags(r.diagnostics);
      if (!r.release) return 1;
      std::printf("%s %s %lld %s\n", r.release->replayed ? "replayed" : "release", id.c_str(),
                  static_cast<long long>(n), std::string(to_string(r.release->state)).c_str());
      std::fflush(stdout);
    }
    const char* verb = i % 3 == 0 ? "commit" : i % 5 == 0 ? "cancel" : nullptr;
    if (verb == nullptr) continue;
    auto st = i % 3 == 0 ? l->commit(id) : l->cancel(id);
    const bool wrong_state = st.diagnostics.size() == 1 && st.diagnostics[0].code == "EXC-E9108";
    if (!st.ok() && !wrong_state) {  // a blocked order cannot be committed: that is expected
      print_diags(st.diagnostics);
      return 1;
    }
    if (st.ok()) {
      std::printf("%s %s\n", verb, id.c_str());
      std::fflush(stdout);
    }
  }
  return 0;
}

// Releases COUNT orders of one unit, GROUP at a time in one transaction (release_many; GROUP 1:
// release), for the throughput benchmark (tests/bench/ledger_throughput.sh).
int bench(const std::string& url, const std::string& prefix, long count, long group) {
  auto eng = engine::load({{EXPORTCTL_SOURCE_DIR "/rules"}, {}});
  if (!eng.value) return fail("the packs did not load");
  std::vector<diagnostic> diags;
  ledger_options o;
  o.busy_timeout_ms = 30000;
  auto l = ledger::open(url, o, &diags);
  print_diags(diags);
  if (!l) return 1;
  for (long i = 1; i <= count; i += group) {
    std::vector<shipment> batch;
    for (long k = i; k < i + group && k <= count; ++k)
      batch.push_back(order(prefix + "-" + std::to_string(k), 1));
    auto results = l->release_many(*eng.value, batch);
    for (std::size_t k = 0; k < results.size(); ++k) {
      print_diags(results[k].diagnostics);
      if (!results[k].release) return 1;
      std::printf("release %s 1 %s\n", batch[k].id.c_str(),
                  std::string(to_string(results[k].release->state)).c_str());
    }
    std::fflush(stdout);
  }
  return 0;
}

using detail::sql_row;

std::vector<sql_row> query(detail::sql_connection& db, const std::string& sql) {
  std::vector<sql_row> rows;
  auto s = db.exec(sql, {}, &rows);
  if (!s.ok()) throw std::runtime_error(sql + ": " + s.message);
  return rows;
}

// What the logs promise, per order: the last operation printed.
std::map<std::string, std::string> promised(int argc, char** argv, int first) {
  std::map<std::string, std::string> last;
  for (int a = first; a < argc; ++a) {
    std::ifstream in(argv[a]);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream w(line);
      std::string op, id, n, state;
      w >> op >> id >> n >> state;
      if (op == "release") last[id] = state;
      if (op == "commit") last[id] = "committed";
      if (op == "cancel") last[id] = "cancelled";
    }
  }
  return last;
}

int check(const std::string& url, int argc, char** argv) {
  std::vector<diagnostic> diags;
  auto l = ledger::open(url, {}, &diags);
  print_diags(diags);
  if (!l) return 1;
  auto v = l->verify(&diags);
  print_diags(diags);
  if (!v.ok) return fail("journal: record " + std::to_string(v.first_bad) + ": " + v.problem);
  auto conn = detail::open_database(url, false, {});
  if (!conn.connection) return fail(conn.status.message);
  auto& db = *conn.connection;
  int bad = 0;
  // Quantities: each licence's counters are the sums of its orders' reservations.
  for (const auto& r :
       query(db,
             "SELECT l.number, l.quantity, l.reserved, l.used, "
             "(SELECT CAST(coalesce(sum(x.units), 0) AS BIGINT) FROM reservations x "
             "JOIN orders o ON o.order_id = x.order_id WHERE x.number = l.number "
             "AND o.state = 'released'), "
             "(SELECT CAST(coalesce(sum(x.units), 0) AS BIGINT) FROM reservations x "
             "JOIN orders o ON o.order_id = x.order_id WHERE x.number = l.number "
             "AND o.state = 'committed') FROM licenses l")) {
    if (r.integer(2) != r.integer(4) || r.integer(3) != r.integer(5) ||
        r.integer(2) + r.integer(3) > r.integer(1)) {
      ++bad;
      std::fprintf(stderr,
                   "licence %s: quantity %lld reserved %lld (orders %lld) used %lld "
                   "(orders %lld)\n",
                   r.text(0).c_str(), (long long)r.integer(1), (long long)r.integer(2),
                   (long long)r.integer(4), (long long)r.integer(3), (long long)r.integer(5));
    }
  }
  // Every order's state is the kind of the journal record it names.
  std::map<std::string, std::string> states;
  for (const auto& r : query(db,
                             "SELECT o.order_id, o.state, j.kind FROM orders o LEFT JOIN journal "
                             "j ON j.seq = o.journal_seq")) {
    states[r.text(0)] = r.text(1);
    const std::string kind = r.is_null(2) ? "none" : r.text(2);
    const std::string want = r.text(1) == "committed"   ? "commit"
                             : r.text(1) == "cancelled" ? "cancel"
                                                        : "release";
    if (kind != want) {
      ++bad;
      std::fprintf(stderr, "order %s is %s but its journal record is %s\n", r.text(0).c_str(),
                   r.text(1).c_str(), kind.c_str());
    }
  }
  // What was printed was committed: the ledger is at or past the last operation logged.
  auto rank = [](const std::string& s) { return s == "committed" || s == "cancelled" ? 2 : 1; };
  std::size_t logged = 0;
  for (const auto& [id, want] : promised(argc, argv, 3)) {
    ++logged;
    const auto it = states.find(id);
    const bool ok = it != states.end() && (it->second == want || rank(it->second) > rank(want));
    if (!ok) {
      ++bad;
      std::fprintf(stderr, "order %s was reported %s but the ledger has %s\n", id.c_str(),
                   want.c_str(), it == states.end() ? "nothing" : it->second.c_str());
    }
  }
  std::printf("checked: %llu journal records, %zu orders, %zu reported; %d problems\n",
              static_cast<unsigned long long>(v.records), states.size(), logged, bad);
  return bad == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "setup" && (argc == 4 || argc == 5))
      return setup(argv[2], std::atoll(argv[3]), argc == 5 ? std::atoi(argv[4]) : 1);
    if (mode == "work" && argc == 6)
      return work(argv[2], argv[3], std::atol(argv[4]), std::atoll(argv[5]));
    if (mode == "check" && argc >= 3) return check(argv[2], argc, argv);
    if (mode == "bench" && argc == 6)
      return bench(argv[2], argv[3], std::atol(argv[4]), std::max(1L, std::atol(argv[5])));
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return fail(
      "usage: setup URL QUANTITY [N] | work URL PREFIX COUNT UNITS | bench URL PREFIX COUNT GROUP "
      "| check URL [LOG...]");
}
