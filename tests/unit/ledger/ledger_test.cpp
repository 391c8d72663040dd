// ledger_test.cpp: the ledger on both backends (ledger_fixture.hpp): opening, licences,
// releases that reserve all or nothing, idempotent retries, commit and cancel, and the journal's
// hash chain. SQLite runs by default; the `[pg]` cases run the same bodies on the tests'
// PostgreSQL cluster (ctest: ledger.sql_pg).
#include <catch2/catch.hpp>
#include <fstream>

#include "../engine/fixtures.hpp"
#include "../read_file.hpp"
#include "exportctl/io.hpp"
#include "exportctl/receipt.hpp"
#include "ledger/sql.hpp"
#include "ledger_fixture.hpp"

namespace exportctl::test {
namespace {

const license_state& find_license(const std::vector<license_state>& ls, const std::string& n) {
  for (const auto& l : ls)
    if (l.terms.number == n) return l;
  FAIL("no licence " << n);
  return ls.front();
}

std::vector<license_state> states(ledger& l) {
  std::vector<diagnostic> diags;
  auto out = l.licenses(&diags);
  INFO(ledger_codes(diags));
  REQUIRE(diags.empty());
  return out;
}

void opening(bool pg) {
  scratch_ledger scratch(pg);
  std::vector<diagnostic> diags;
  // Never created implicitly: an empty history would hide serials already shipped.
  CHECK_FALSE(ledger::open(scratch.url(), {}, &diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "EXC-E9103");
  CHECK(diags[0].help.find("ledger init") != std::string::npos);
  // init is repeatable (an upgrade when the schema is older, nothing when current).
  REQUIRE(ledger::init(scratch.url()).ok());
  REQUIRE(ledger::init(scratch.url()).ok());
  diags.clear();
  CHECK(ledger::open(scratch.url(), {}, &diags));
  CHECK(diags.empty());
}

void releases_reserve_and_settle(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  REQUIRE(l->add_licenses({h200_license("D1234567", 40)}).ok());

  auto r = l->release(real_engine(), h200_order("SO-1", 16));
  INFO(ledger_codes(r.diagnostics));
  REQUIRE(r.value);
  REQUIRE(r.release);
  CHECK(r.value->result == outcome::license_required);
  CHECK(r.release->state == release_state::released);
  REQUIRE(r.release->licenses.size() == 1);
  CHECK(r.release->licenses[0].number == "D1234567");
  CHECK(r.release->licenses[0].units == 16);
  CHECK(r.release->licenses[0].remaining == 24);
  CHECK_FALSE(r.release->replayed);
  CHECK(exit_code(r.release->state) == 0);
  auto ls = states(*l);
  CHECK(find_license(ls, "D1234567").reserved == 16);
  CHECK(find_license(ls, "D1234567").remaining == 24);

  // A retry of the same order never depletes twice.
  auto again = l->release(real_engine(), h200_order("SO-1", 16));
  REQUIRE(again.release);
  CHECK(again.release->replayed);
  CHECK(again.release->state == release_state::released);
  CHECK(find_license(states(*l), "D1234567").reserved == 16);

  // 30 more do not fit in the 24 left: blocked, nothing reserved (all or none).
  auto big = l->release(real_engine(), h200_order("SO-2", 30));
  REQUIRE(big.release);
  CHECK(big.release->state == release_state::blocked);
  CHECK(exit_code(big.release->state) == 2);
  REQUIRE(big.release->blocked.size() == 1);
  CHECK(big.release->blocked[0].item == 1);
  CHECK(big.release->blocked[0].reason.find("24 units left, 30 units needed") != std::string::npos);
  CHECK(big.release->licenses.empty());
  CHECK(find_license(states(*l), "D1234567").reserved == 16);

  // Commit turns the reservation into use; repeating it is a no-op.
  REQUIRE(l->commit("SO-1").ok());
  REQUIRE(l->commit("SO-1").ok());
  ls = states(*l);
  CHECK(find_license(ls, "D1234567").reserved == 0);
  CHECK(find_license(ls, "D1234567").used == 16);
  CHECK(find_license(ls, "D1234567").remaining == 24);
  // A committed order has shipped: it cannot be cancelled.
  auto st = l->cancel("SO-1");
  CHECK(ledger_codes(st.diagnostics) == "EXC-E9108 ");
  // A blocked order cannot be committed; an unknown one is named.
  CHECK(ledger_codes(l->commit("SO-2").diagnostics) == "EXC-E9108 ");
  CHECK(ledger_codes(l->commit("SO-404").diagnostics) == "EXC-E9107 ");

  // Cancel returns the quantity; the order can then be released again.
  auto r3 = l->release(real_engine(), h200_order("SO-3", 20));
  REQUIRE(r3.release);
  CHECK(r3.release->state == release_state::released);
  CHECK(find_license(states(*l), "D1234567").remaining == 4);
  REQUIRE(l->cancel("SO-3").ok());
  REQUIRE(l->cancel("SO-3").ok());
  CHECK(find_license(states(*l), "D1234567").remaining == 24);
  auto r4 = l->release(real_engine(), h200_order("SO-3", 20));
  REQUIRE(r4.release);
  CHECK_FALSE(r4.release->replayed);
  CHECK(r4.release->state == release_state::released);
  CHECK(find_license(states(*l), "D1234567").remaining == 4);

  std::vector<diagnostic> diags;
  auto o = l->order("SO-3", &diags);
  REQUIRE(o);
  CHECK(o->state == "released");
  CHECK(o->outcome == "license_required");
  REQUIRE(o->licenses.size() == 1);
  CHECK(o->licenses[0].units == 20);
}

void licences_all_or_none(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  REQUIRE(l->add_licenses({h200_license("D1")}).ok());
  // One duplicate in a batch adds none of it.
  auto st = l->add_licenses({h200_license("D2"), h200_license("D1")});
  CHECK(ledger_codes(st.diagnostics) == "EXC-E9109 ");
  CHECK(states(*l).size() == 1);
  // No licence at all: blocked, with the reason.
  scratch_ledger empty(pg);
  auto e = empty.open();
  auto r = e->release(real_engine(), h200_order("SO-1", 1));
  REQUIRE(r.release);
  CHECK(r.release->state == release_state::blocked);
  CHECK(r.release->blocked.at(0).reason.find("no licence in the ledger") != std::string::npos);
}

void holds_and_clearances(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  // A hold is held (exit 3), whatever licences exist: examples/missing-die-area-hold.yaml.
  auto parsed =
      parse_shipment(read_file(EXPORTCTL_SOURCE_DIR "/examples/missing-die-area-hold.yaml"),
                     "missing-die-area-hold.yaml");
  REQUIRE(parsed.value);
  const shipment& s = *parsed.value;
  auto r = l->release(real_engine(), s);
  INFO(ledger_codes(r.diagnostics));
  REQUIRE(r.release);
  CHECK(r.value->result == outcome::hold);
  CHECK(r.release->state == release_state::held);
  CHECK(exit_code(r.release->state) == 3);
  // A shipment that needs no licence is released without any.
  auto g = chain(
      {product_item("nvidia-h200-sxm-141gb", 2)},
      {make_party("exp", "US", party_role::exporter), make_party("eu", "DE", party_role::end_user)},
      "2026-03-02");
  g.id = "SO-DE";
  auto rg = l->release(real_engine(), g);
  REQUIRE(rg.release);
  CHECK(rg.value->result != outcome::license_required);
  CHECK(rg.release->state == release_state::released);
  CHECK(rg.release->licenses.empty());
}

// holds(): the held orders nobody reviewed since the release that last held them, oldest
// first by that release; a cancel or a resolve takes an order off the queue, a release that
// still holds puts it back.
void holds_listed(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  std::vector<diagnostic> diags;
  CHECK(l->holds(&diags).empty());
  CHECK(diags.empty());
  auto parsed =
      parse_shipment(read_file(EXPORTCTL_SOURCE_DIR "/examples/missing-die-area-hold.yaml"),
                     "missing-die-area-hold.yaml");
  REQUIRE(parsed.value);
  for (const char* id : {"H-3", "H-1", "H-2", "H-4"}) {
    auto r = l->release(real_engine(), *parsed.value, id);
    INFO(ledger_codes(r.diagnostics));
    REQUIRE(r.release);
    REQUIRE(r.release->state == release_state::held);
  }
  // A released order is not a hold.
  auto g = chain(
      {product_item("nvidia-h200-sxm-141gb", 2)},
      {make_party("exp", "US", party_role::exporter), make_party("eu", "DE", party_role::end_user)},
      "2026-03-02");
  g.id = "SO-DE";
  REQUIRE(l->release(real_engine(), g).release);
  REQUIRE(l->cancel("H-1").ok());
  REQUIRE(l->resolve("H-2", "J. Doe", "checked by phone").ok());
  auto held = l->holds(&diags);
  INFO(ledger_codes(diags));
  CHECK(diags.empty());
  REQUIRE(held.size() == 2);
  CHECK(held[0].order_id == "H-3");  // released first, whatever the ids' order
  CHECK(held[1].order_id == "H-4");
  for (const auto& o : held) {
    CHECK(o.state == "held");
    CHECK(o.outcome == "hold");
    CHECK(o.shipment == parsed.value->id);
    CHECK(o.licenses.empty());
    // The same record order() gives.
    auto one = l->order(o.order_id, &diags);
    REQUIRE(one);
    CHECK(to_json(*one) == to_json(o));
  }
  // The resolved order is still held in the ledger: off the queue, not gone.
  auto resolved = l->order("H-2", &diags);
  REQUIRE(resolved);
  CHECK(resolved->state == "held");
  // Released again: H-3 is now the newest hold; H-2 still holds (a review cannot supply a
  // missing fact), so it is back on the queue, newest of all.
  for (const char* id : {"H-3", "H-2"}) {
    auto again = l->release(real_engine(), *parsed.value, id);
    REQUIRE(again.release);
    CHECK(again.release->state == release_state::held);
  }
  held = l->holds(&diags);
  REQUIRE(held.size() == 3);
  CHECK(held[0].order_id == "H-4");
  CHECK(held[1].order_id == "H-3");
  CHECK(held[2].order_id == "H-2");
  CHECK(diags.empty());
  // journal(order): that order's history alone, oldest first.
  auto history = l->journal("H-2", &diags);
  CHECK(diags.empty());
  REQUIRE(history.size() == 3);
  CHECK(history[0].kind == "release");
  CHECK(history[1].kind == "resolve");
  CHECK(history[2].kind == "release");
  for (std::size_t i = 0; i < history.size(); ++i) {
    CHECK(history[i].order_id == "H-2");
    if (i > 0) CHECK(history[i].seq > history[i - 1].seq);
  }
  CHECK(l->journal("H-NONE", &diags).empty());
  CHECK(diags.empty());
}

void journal_chain(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open(ledger_options{5000, "alice"});
  REQUIRE(l->add_licenses({h200_license()}).ok());
  REQUIRE(l->release(real_engine(), h200_order("SO-1", 4)).release);
  REQUIRE(l->commit("SO-1").ok());
  std::vector<diagnostic> diags;
  auto j = l->journal(&diags);
  REQUIRE(j.size() == 3);
  CHECK(j[0].kind == "license_add");
  CHECK(j[1].kind == "release");
  CHECK(j[1].order_id == "SO-1");
  CHECK(j[1].principal == "alice");
  CHECK(j[1].prev_sha256 == j[0].sha256);
  CHECK(j[1].body.find("\"receipt\":") != std::string::npos);
  CHECK(j[2].kind == "commit");
  auto ok = l->verify(&diags);
  CHECK(ok.ok);
  CHECK(ok.records == 3);

  // Alter a record behind the ledger's back: verify names it.
  auto db = detail::open_database(scratch.url(), false, {});
  REQUIRE(db.connection);
  REQUIRE(db.connection
              ->exec_script("UPDATE journal SET body = replace(body, '\"units\":4', "
                            "'\"units\":3') WHERE seq = 2")
              .ok());
  auto bad = l->verify(&diags);
  CHECK_FALSE(bad.ok);
  CHECK(bad.first_bad == 2);
  CHECK(bad.problem.find("altered") != std::string::npos);
  // Remove the last record (with the altered one restored by removing it too): the head knows.
  REQUIRE(db.connection->exec_script("DELETE FROM journal WHERE seq >= 2").ok());
  auto cut = l->verify(&diags);
  CHECK_FALSE(cut.ok);
  CHECK(cut.first_bad == 2);
  CHECK(cut.problem.find("removed") != std::string::npos);
  CHECK(diags.empty());
}

shipment with_serials(shipment s, std::vector<std::string> serials, std::string end_user) {
  s.items[0].serials = std::move(serials);
  s.parties[1].name = std::move(end_user);
  return s;
}

bool has_flag(const decision& d, const std::string& rule, const std::string& text) {
  return std::any_of(d.red_flags.begin(), d.red_flags.end(), [&](const auto& f) {
    return std::string(f.rule) == rule && std::string(f.message).find(text) != std::string::npos;
  });
}

void serial_history(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  REQUIRE(l->add_licenses({h200_license("D1", 100)}).ok());
  const auto lab = "Example AI Lab";
  auto r1 = l->release(real_engine(), with_serials(h200_order("SO-1", 2), {"SN-A", "SN-B"}, lab));
  REQUIRE(r1.release);
  CHECK(r1.release->state == release_state::released);
  std::vector<diagnostic> diags;
  auto uses = l->serial("SN-A", &diags);
  REQUIRE(uses.size() == 1);
  CHECK(uses[0].release.order_id == "SO-1");
  CHECK(uses[0].release.end_user == lab);
  CHECK(uses[0].release.country == "CN");
  CHECK(uses[0].state == "released");

  // SN-A again, to another end user: a red flag naming the earlier order; held, nothing taken.
  auto r2 =
      l->release(real_engine(), with_serials(h200_order("SO-2", 1), {"SN-A"}, "Other Cloud Co"));
  REQUIRE(r2.release);
  CHECK(r2.release->state == release_state::held);
  CHECK(r2.value->result == outcome::hold);
  CHECK(has_flag(*r2.value, "LEDGER_SERIAL_SHIPPED_BEFORE",
                 "serial `SN-A` (item 1) was released on 2026-03-02 in order `SO-1` (shipment "
                 "`SO-1`) to `Example AI Lab` (CN)"));
  CHECK(l->serial("SN-A", &diags).size() == 1);
  // The same end user again (a unit returned and sent back): no flag.
  auto r3 = l->release(real_engine(), with_serials(h200_order("SO-3", 1), {"SN-B"}, lab));
  REQUIRE(r3.release);
  CHECK(r3.release->state == release_state::released);
  CHECK(l->serial("SN-B", &diags).size() == 2);

  // The release's receipt carries the facts: verify replays the hold without the database.
  auto j = l->journal(&diags);
  const auto& rec = j.at(2);  // licence, SO-1, SO-2
  REQUIRE(rec.order_id == "SO-2");
  const auto at = rec.body.find("\"receipt\":");
  REQUIRE(at != std::string::npos);
  auto parsed = parse_receipt(rec.body.substr(at + 10, rec.body.size() - at - 11), "journal");
  INFO(ledger_codes(parsed.diagnostics));
  REQUIRE(parsed.value);
  REQUIRE(parsed.value->facts);
  CHECK(parsed.value->facts->serials.size() == 1);
  const auto replay = verify_receipt(*parsed.value, real_engine());
  for (const auto& p : replay.problems) UNSCOPED_INFO(p);
  CHECK(replay.verified());
  // Without the facts the same input clears: the facts are what made the decision.
  auto bare = *parsed.value;
  bare.facts.reset();
  CHECK_FALSE(verify_receipt(bare, real_engine()).verified());

  // Cancelled orders never shipped: their serials are forgotten, and SN-A is free again.
  REQUIRE(l->cancel("SO-1").ok());
  CHECK(l->serial("SN-A", &diags).empty());
  REQUIRE(l->cancel("SO-2").ok());
  auto r4 =
      l->release(real_engine(), with_serials(h200_order("SO-2", 1), {"SN-A"}, "Other Cloud Co"));
  REQUIRE(r4.release);
  CHECK(r4.release->state == release_state::released);
  CHECK(diags.empty());
}

// 1000 H100s (TPP 15,832 each) to an Indian (Tier 2) end user under the AI Diffusion scenario:
// 15,832,000 TPP, within the 26,900,000 low-processing-performance allowance (LPP) alone.
shipment h100_to_india(std::string id) {
  auto s = chain({product_item("nvidia-h100-sxm5-80gb", 1000)},
                 {make_party("exp", "US", party_role::exporter, "Example Inc."),
                  make_party("eu", "IN", party_role::end_user, "Example Research Ltd")},
                 "2025-06-15");
  s.id = std::move(id);
  return s;
}

void compute_accounting(bool pg) {
  scratch_ledger scratch(pg);
  auto l = scratch.open();
  const auto& eng = real_engine({"ai-diffusion-2025"});
  auto a = l->release(eng, h100_to_india("SO-A"));
  REQUIRE(a.release);
  CHECK(a.value->result == outcome::license_exception);
  CHECK(a.release->state == release_state::released);
  CHECK(finding_says(*a.value, "the ledger has no released or committed order to it in 2025"));
  // The second 1000 would bring the year to 31,664,000: past the allowance, counted from the
  // ledger although the shipment states no consignee_ytd_tpp. No licence: blocked.
  auto b = l->release(eng, h100_to_india("SO-B"));
  REQUIRE(b.release);
  CHECK(b.value->result == outcome::license_required);
  CHECK(b.release->state == release_state::blocked);
  // Cancel the first: the year is empty again, and the second fits.
  REQUIRE(l->cancel("SO-A").ok());
  REQUIRE(l->cancel("SO-B").ok());
  auto b2 = l->release(eng, h100_to_india("SO-B"));
  REQUIRE(b2.release);
  CHECK(b2.value->result == outcome::license_exception);
  REQUIRE(l->commit("SO-B").ok());
  // A larger figure stated by the caller still counts; the ledger's is reported beside it.
  auto c = h100_to_india("SO-C");
  c.items[0].quantity = 1;
  c.parties[1].consignee_ytd_tpp = 20000000;
  auto rc = l->release(eng, c);
  REQUIRE(rc.release);
  CHECK(finding_says(*rc.value,
                     "the ledger has 15832000 over 1 released or committed order(s) in "
                     "2025; the larger figure given is counted"));
  // Another year starts from nothing.
  auto n = h100_to_india("SO-NEXT");
  n.ship_date = d("2026-01-05");
  auto rn = l->release(eng, n);
  REQUIRE(rn.value);
  CHECK_FALSE(finding_says(*rn.value, "from the ledger"));
}

}  // namespace

TEST_CASE("ledger: compute accounting counts this year's releases to the end user", "[ledger]") {
  compute_accounting(false);
}
TEST_CASE("ledger on PostgreSQL: compute accounting", "[.pg][pg]") { compute_accounting(true); }

TEST_CASE("ledger: a serial shipped before to another end user holds, named", "[ledger]") {
  serial_history(false);
}
TEST_CASE("ledger on PostgreSQL: serial history", "[.pg][pg]") { serial_history(true); }

TEST_CASE("ledger: a serial twice in one shipment holds", "[ledger]") {
  auto s = h200_order("SO-9", 2);
  s.items.push_back(product_item("nvidia-h200-sxm-141gb", 1));
  s.items[0].serials = {"SN-1", "SN-2"};
  s.items[1].serials = {"SN-2"};
  const auto d = decide(s);
  CHECK(d.result == outcome::hold);
  CHECK(has_flag(d, "LEDGER_SERIAL_REPEATED", "serial `SN-2` on items 1 and 2"));
  s.items[1].serials = {"SN-3"};
  CHECK_FALSE(has_flag(decide(s), "LEDGER_SERIAL_REPEATED", ""));
}

TEST_CASE("ledger: opening needs init, init is repeatable", "[ledger]") { opening(false); }
TEST_CASE("ledger: releases reserve, retries replay, commit and cancel settle", "[ledger]") {
  releases_reserve_and_settle(false);
}
TEST_CASE("ledger: licences are added all or none", "[ledger]") { licences_all_or_none(false); }
TEST_CASE("ledger: holds are held, clearances released", "[ledger]") {
  holds_and_clearances(false);
}
TEST_CASE("ledger: the journal is a hash chain that verify checks", "[ledger]") {
  journal_chain(false);
}
TEST_CASE("ledger: holds lists the held orders, oldest first", "[ledger]") { holds_listed(false); }

TEST_CASE("ledger on PostgreSQL: opening needs init", "[.pg][pg]") { opening(true); }
TEST_CASE("ledger on PostgreSQL: releases, retries, commit and cancel", "[.pg][pg]") {
  releases_reserve_and_settle(true);
}
TEST_CASE("ledger on PostgreSQL: licences all or none", "[.pg][pg]") { licences_all_or_none(true); }
TEST_CASE("ledger on PostgreSQL: holds and clearances", "[.pg][pg]") { holds_and_clearances(true); }
TEST_CASE("ledger on PostgreSQL: the journal hash chain", "[.pg][pg]") { journal_chain(true); }
TEST_CASE("ledger on PostgreSQL: holds", "[.pg][pg]") { holds_listed(true); }

TEST_CASE("ledger: a file that is not a database is refused", "[ledger]") {
  scratch_ledger scratch(false);
  const auto path = scratch.dir() / "orders.csv";
  std::ofstream(path) << "id,product,quantity\nSO-1,nvidia-h200,4\n"
                      << std::string(8192, 'x') << '\n';
  std::vector<diagnostic> diags;
  CHECK_FALSE(ledger::open("sqlite:" + path.string(), {}, &diags));
  CHECK(ledger_codes(diags) == "EXC-E9102 ");
  CHECK(ledger_codes(ledger::init("sqlite:" + path.string()).diagnostics) == "EXC-E9102 ");
  diags.clear();
  CHECK_FALSE(ledger::open("mysql://x/y", {}, &diags));
  CHECK(ledger_codes(diags) == "EXC-E9106 ");
}

}  // namespace exportctl::test
