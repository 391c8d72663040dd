#!/usr/bin/env bash
# cli_flow.sh EXPORTCTL WORKDIR: the ledger from the command line, as docs/ledger.md tells it:
# init, a licence, releases that are released (0), replayed (0), blocked (2) and held (3), list,
# commit, cancel, show, journal, verify (0), and verify after the journal was altered (4).
set -uo pipefail
exe=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
db="sqlite:$work/ledger.sqlite"
fails=0

# expect CODE PATTERN ARGS...: runs exportctl ARGS, checks the exit code and that stdout+stderr
# match the extended regular expression PATTERN.
expect() {
  local code=$1 pattern=$2
  shift 2
  local out rc
  out=$("$exe" "$@" 2>&1)
  rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -Eq -- "$pattern" <<<"$out"; then
    echo "FAIL: exportctl $* -> exit $rc (want $code), output:"
    echo "$out" | head -40
    echo "(wanted /$pattern/)"
    fails=$((fails + 1))
  fi
}

expect 1 'run .exportctl ledger init --db sqlite:' release --db "$db" examples/h200-us-to-china-2026.yaml
expect 0 'is ready' ledger init --db "$db"
expect 0 'is ready' ledger init --db "$db"
printf 'number: D1\nholder: X\nquantity: 0\n' >"$work/bad.yaml"
expect 1 'bad.yaml:[0-9]+:[0-9]+: error\[EXC-E92' ledger license add --db "$db" "$work/bad.yaml"
expect 0 'Added 1 licence: D1234567' ledger license add --db "$db" examples/licenses/d1234567.yaml
expect 1 'EXC-E9109' ledger license add --db "$db" examples/licenses/d1234567.yaml
expect 0 '"release":\{"order_id":"SO-2001","state":"released","licenses":\[\{"number":"D1234567","item":1,"units":16,"tpp":253312,"remaining":48,"remaining_tpp":759936\}\]' \
  release --db "$db" --format json examples/h200-us-to-china-2026.yaml
expect 0 '"replayed":true' release --db "$db" --format json examples/h200-us-to-china-2026.yaml
expect 0 'Release: released \(order SO-2001, released before' release --db "$db" --format text examples/h200-us-to-china-2026.yaml
expect 0 '"number":"D1234567".*"quantity":64,"value":2240000,"tpp":1013248,.*"reserved":16,"used":0,"remaining":48' \
  ledger license list --db "$db" --format json
# Past the licence's validity: a licence is still required, and none covers it.
expect 2 '"state":"blocked".*valid 2026-02-16 to 2030-02-15' \
  release --db "$db" --format json --as-of 2030-06-01 --order-id SO-LATE examples/h200-us-to-china-2026.yaml
expect 3 '"state":"held"' release --db "$db" --format json examples/missing-die-area-hold.yaml
expect 1 'EXC-E9108.*blocked' ledger commit --db "$db" SO-LATE
expect 0 'Committed order SO-2001' ledger commit --db "$db" SO-2001
expect 0 'Committed order SO-2001' ledger commit --db "$db" SO-2001
expect 1 'EXC-E9108.*committed' ledger cancel --db "$db" SO-2001
expect 0 'Cancelled order SO-LATE' ledger cancel --db "$db" SO-LATE
expect 1 'EXC-E9107' ledger commit --db "$db" SO-NONE
expect 0 '"reserved":0,"used":16,"remaining":48' ledger license list --db "$db" --format json
expect 0 'D1234567 .* 64 +0 +16 +48' ledger license list --db "$db" --format text
expect 0 '"order_id":"SO-2001","shipment":"SO-2001","state":"committed"' ledger show --db "$db" --format json SO-2001
expect 0 '"seq":1,.*"kind":"license_add"' ledger journal --db "$db" --format json
expect 0 'Journal intact: 6 records' ledger verify --db "$db" --format text
expect 0 '"ok":true,"records":6' ledger verify --db "$db" --format json

# Serial numbers and the shipment's order_id: a serial released to one end user and then sent to
# another holds, naming the first order; the hold's receipt replays without the database.
cat >"$work/s1.yaml" <<'Y'
id: SO-S1
order_id: PO-77
date: 2026-03-02
items:
  - {product: nvidia-h200-sxm-141gb, quantity: 2, serials: [SN-1, SN-2]}
parties:
  - {id: exp, name: Example Inc., country: US, role: exporter}
  - {id: eu, name: "Example Cloud (Beijing) Co., Ltd.", country: CN, role: end_user}
transfers: [{from: exp, to: eu}]
Y
sed -e 's/SO-S1/SO-S2/; s/PO-77/PO-78/; s/quantity: 2, serials: \[SN-1, SN-2\]/quantity: 1, serials: [SN-2]/' \
  -e 's/"Example Cloud (Beijing) Co., Ltd.", country: CN/Lion City Compute Pte. Ltd., country: SG/' \
  "$work/s1.yaml" >"$work/s2.yaml"
expect 0 '"release":\{"order_id":"PO-77","state":"released"' release --db "$db" --format json "$work/s1.yaml"
expect 3 'LEDGER_SERIAL_SHIPPED_BEFORE.*serial `SN-2` \(item 1\) was released on 2026-03-02 in order `PO-77`' \
  release --db "$db" --format json "$work/s2.yaml"
expect 0 '"serial":"SN-2","order_id":"PO-77","shipment":"SO-S1","on":"2026-03-02","end_user":"Example Cloud \(Beijing\) Co., Ltd.","country":"CN","state":"released"' \
  ledger serial --db "$db" --format json SN-2
expect 0 'never released' ledger serial --db "$db" --format text SN-404
"$exe" ledger journal --db "$db" --format json | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if r["order_id"] == "PO-78":
        print(json.dumps(json.loads(r["body"])["receipt"], ensure_ascii=False, separators=(",", ":")))
' >"$work/po-78.receipt.json"
expect 0 'verified' verify "$work/po-78.receipt.json"
# A review: "HMC GmbH" in Germany only shares an acronym with a listed Chinese entity (held as a
# possible match); a reviewer clears it, and the next release of the order is decided with it.
hmc=tests/golden/decisions/entity-list-possible-acronym-hmc-gmbh-de-l20-2025-hold.yaml
expect 3 '"state":"held"' release --db "$db" --format json --order-id SO-HMC "$hmc"
printf 'clear:\n  - {source: exportctl curated Entity List, entry: EL_CHENGDU_HAIGUANG_MICRO, name: HMC GmbH, country: DE}\n' >"$work/review.yaml"
printf 'clear:\n  - {source: x, entry: "", name: HMC GmbH, country: DE}\n' >"$work/bad-review.yaml"
expect 1 'bad-review.yaml:2:[0-9]+: error\[EXC-E9111\]' ledger resolve --db "$db" SO-HMC --reviewer 'J. Doe' --reason x --facts "$work/bad-review.yaml"
expect 1 'EXC-E9110' ledger resolve --db "$db" SO-HMC --reviewer '' --reason x
expect 0 'Resolved order SO-HMC \(1 possible match' ledger resolve --db "$db" SO-HMC --reviewer 'J. Doe' \
  --reason 'a Munich machine maker, not Chengdu Haiguang' --facts "$work/review.yaml"
expect 0 'cleared by J. Doe on .* \(ledger review of order `SO-HMC`\): a Munich machine maker' \
  release --db "$db" --format json --order-id SO-HMC "$hmc"
expect 1 'only a held order is resolved' ledger resolve --db "$db" SO-HMC --reviewer 'J. Doe' --reason again
# A review that supplies a missing fact: the die area the first release held for. A fact the hold
# did not ask for is refused; the next release is decided with the reviewer's figure and says so,
# and its receipt replays without the database.
expect 3 '"missing_facts":\["item 1: die_area_mm2"\]' release --db "$db" --format json examples/missing-die-area-hold.yaml
printf 'supply:\n  - {item: 1, fact: tpp, value: 4000}\n' >"$work/tpp-review.yaml"
printf 'supply:\n  - {item: 1, fact: die_area_mm2, value: 814}\n' >"$work/area-review.yaml"
expect 1 'error\[EXC-E9112\]: .*does not ask for `item 1: tpp`' \
  ledger resolve --db "$db" SO-7001 --reviewer 'J. Doe' --reason x --facts "$work/tpp-review.yaml"
expect 1 'help: the hold asks for: item 1: die_area_mm2$' \
  ledger resolve --db "$db" SO-7001 --reviewer 'J. Doe' --reason x --facts "$work/tpp-review.yaml"
expect 0 'Resolved order SO-7001 \(0 possible match\(es\) cleared, 1 fact\(s\) supplied\)' ledger resolve \
  --db "$db" SO-7001 --reviewer 'J. Doe' --reason 'datasheet rev. C: 814 mm2' --facts "$work/area-review.yaml"
expect 0 'item 1: die_area_mm2 = 814 supplied by J. Doe on .*: datasheet rev. C' \
  release --db "$db" --format text examples/missing-die-area-hold.yaml
"$exe" ledger journal --db "$db" --format json | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if r["order_id"] == "SO-7001" and r["kind"] == "release":
        last = json.loads(r["body"])["receipt"]
print(json.dumps(last, ensure_ascii=False, separators=(",", ":")))
' >"$work/so-7001.receipt.json"
expect 0 'verified' verify "$work/so-7001.receipt.json"
expect 0 'Journal intact: 14 records' ledger verify --db "$db" --format text

# Alter the release record behind the ledger's back: verify names it, exit 4.
/usr/bin/python3 - "$work/ledger.sqlite" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE journal SET body = replace(body, '\"units\":16', '\"units\":6') WHERE seq = 2")
c.commit()
PY
expect 4 'Journal broken at record 2: .*altered' ledger verify --db "$db" --format text
expect 1 'unsupported database URL' ledger verify --db mysql://x/y
# A database that is down, or locked past the busy timeout: exit 1, nothing released.
expect 1 'EXC-E9101.*cannot open the ledger database' \
  release --db 'postgresql:///nope?host=/nonexistent-socket-dir&connect_timeout=2' examples/h200-us-to-china-2026.yaml
/usr/bin/python3 - "$work/ledger.sqlite" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")  # hold the write lock for 3 s
open(sys.argv[1] + ".locked", "w").close()
time.sleep(3)
c.execute("ROLLBACK")
PY
locker=$!
while [ ! -e "$work/ledger.sqlite.locked" ]; do sleep 0.05; done
expect 1 'EXC-E9105.*locked' release --db "$db" --busy-timeout 200 --order-id SO-LOCKED examples/h200-us-to-china-2026.yaml
wait "$locker"
expect 1 'EXC-E9107' ledger show --db "$db" SO-LOCKED
expect 0 'EXPORTCTL_DB' ledger --help
expect 0 '--order-id' release --help

[ "$fails" -eq 0 ] && echo "cli_flow: all passed" && exit 0
echo "cli_flow: $fails failed"
exit 1
