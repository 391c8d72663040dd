#!/usr/bin/env bash
# batch_db.sh EXPORTCTL WORKDIR: `exportctl batch --db` releases a generated JSON Lines file of
# orders (tests/bench/gen_shipments.py) plus two bad lines into a ledger: one record per line in
# input order, every decided order in the ledger with the state its record says, the journal
# intact, the record chain verified; a rerun replays what was released and reserves nothing twice.
set -euo pipefail
exe=$1
work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work" && mkdir -p "$work"
db="sqlite:$work/ledger.sqlite"
/usr/bin/python3 "$root/tests/bench/gen_shipments.py" 1500 -o "$work/orders.jsonl"
{ head -n 700 "$work/orders.jsonl"; echo '{"id": "BAD-1", "items": []}'; echo 'not json';
  tail -n +701 "$work/orders.jsonl"; } >"$work/input.jsonl"
"$exe" ledger init --db "$db" >/dev/null
"$exe" ledger license add --db "$db" "$root/examples/licenses/d1234567.yaml" >/dev/null
set +e
"$exe" batch --db "$db" -q -j 2 "$work/input.jsonl" -o "$work/out1.jsonl"
code=$?
"$exe" batch --db "$db" -q -j 2 "$work/input.jsonl" -o "$work/out2.jsonl"
code2=$?
set -e
[ "$code" -eq 1 ] && [ "$code2" -eq 1 ] || { echo "FAIL: exit $code, $code2 (want 1: two error records)"; exit 1; }
# No receipts in the records (they are in the journal): verify checks the record chain only.
{ "$exe" verify "$work/out1.jsonl" 2>/dev/null || true; } | grep "1502 record(s), chain intact" >/dev/null ||
  { echo "FAIL: the record chain of out1.jsonl"; exit 1; }
"$exe" ledger verify --db "$db" >/dev/null
/usr/bin/python3 - "$work" <<'PY'
import json, sqlite3, sys
work = sys.argv[1]
def records(name):
    rows = [json.loads(l) for l in open(f"{work}/{name}")]
    assert "summary" in rows[-1], "no summary record"
    return rows[:-1]
first, second = records("out1.jsonl"), records("out2.jsonl")
assert len(first) == len(second) == 1502, (len(first), len(second))
assert [r["line"] for r in first] == list(range(1, 1503)), "records out of input order"
errors = [r for r in first if "error" in r]
assert [r["line"] for r in errors] == [701, 702], errors
db = sqlite3.connect(f"{work}/ledger.sqlite")
states = dict(db.execute("SELECT order_id, state FROM orders"))
decided = [r for r in first if "error" not in r]
assert len(states) == len(decided) == 1500, (len(states), len(decided))
for r in decided:
    assert states[r["release"]["order_id"]] == r["release"]["state"], r["release"]
released = [r for r in decided if r["release"]["state"] == "released"]
assert released, "nothing was released"
again = {r["release"]["order_id"]: r["release"] for r in second if "error" not in r}
for r in released:
    assert again[r["release"]["order_id"]]["replayed"], "a released order was released again"
used = db.execute("SELECT reserved + used FROM licenses").fetchone()[0]
reserved = db.execute("SELECT coalesce(sum(units), 0) FROM reservations x JOIN orders o "
                      "ON o.order_id = x.order_id WHERE o.state = 'released'").fetchone()[0]
assert used == reserved, (used, reserved)
print(f"batch_db: 1502 lines, {len(released)} released, {len(decided) - len(released)} "
      f"blocked or held, 2 error records; rerun replayed every release")
PY
