#!/usr/bin/env bash
# Throughput of durable ledger releases (tests/ledger/ledger_driver.cpp, `bench`: orders of one
# H200 to China, each decided, covered by a licence, reserved and journaled), one per
# transaction and grouped (ledger::release_many, one fsync per group), on SQLite with one
# process and with eight on one file, and on PostgreSQL (a throwaway cluster, scripts/pg-cluster)
# with 8 clients. The packs are loaded once per process and that time is included.
#
#   tests/bench/ledger_throughput.sh [BUILD_DIR [RELEASES_PER_PROCESS]]   # defaults: build/ci 2000
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/ci}
n=${2:-2000}
driver=$build/tests/ledger_driver
[ -x "$driver" ] || { echo "no $driver: build first (cmake --build $build)" >&2; exit 1; }
work=$(mktemp -d)
chmod 755 "$work"  # the PostgreSQL cluster runs as its own user (scripts/pg-cluster)
trap '"$root/scripts/pg-cluster" stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# run NAME URL PROCESSES GROUP: N orders of one unit per process, GROUP per transaction, all
# processes at once; then the ledger's invariants (ledger_driver check).
run() {
  local name=$1 url=$2 procs=$3 group=$4
  "$driver" setup "$url" 100000000 >/dev/null
  local start end
  start=$(date +%s.%N)
  for i in $(seq 1 "$procs"); do
    "$driver" bench "$url" "P$i" "$n" "$group" >"$work/$name-$i.log" &
  done
  wait
  end=$(date +%s.%N)
  "$driver" check "$url" "$work/$name"-*.log >/dev/null
  awk -v name="$name" -v p="$procs" -v n="$n" -v g="$group" -v s="$start" -v e="$end" 'BEGIN {
    t = e - s
    printf "%-30s %d process(es) x %d releases, %3d per transaction: %6.2f s, %7.0f releases/s, %6.0f us each\n",
           name, p, n, g, t, p * n / t, 1e6 * t / (p * n) }'
}

run sqlite-1 "sqlite:$work/a.sqlite" 1 1
run sqlite-grouped "sqlite:$work/b.sqlite" 1 100
run sqlite-8-processes "sqlite:$work/c.sqlite" 8 1
"$root/scripts/pg-cluster" start "$work/pg" >/dev/null
pg=$(cat "$work/pg/url")
for schema in c8 g8; do psql -q -v ON_ERROR_STOP=1 "$pg" -c "CREATE SCHEMA $schema"; done
run postgresql-8-clients "$pg&options=-csearch_path%3Dc8" 8 1
run postgresql-8-clients-grouped "$pg&options=-csearch_path%3Dg8" 8 20

# `exportctl batch --db` on N generated three-hop orders (one group commit per input chunk).
orders=${EXPORTCTL_BENCH_ORDERS:-100000}
/usr/bin/python3 "$root/tests/bench/gen_shipments.py" "$orders" -o "$work/orders.jsonl"
exe=$build/src/exportctl
"$exe" ledger init --db "sqlite:$work/batch.sqlite" >/dev/null
"$exe" ledger license add --db "sqlite:$work/batch.sqlite" "$root/examples/licenses/d1234567.yaml" >/dev/null
start=$(date +%s.%N)
"$exe" batch --db "sqlite:$work/batch.sqlite" -q "$work/orders.jsonl" -o "$work/batch.jsonl"
end=$(date +%s.%N)
records=$(($(wc -l <"$work/batch.jsonl") - 1))
"$exe" ledger verify --db "sqlite:$work/batch.sqlite" >/dev/null
awk -v n="$orders" -v r="$records" -v s="$start" -v e="$end" 'BEGIN {
  printf "batch --db (sqlite), %d orders: %d records, %.1f s, %.0f releases/s\n", n, r, e - s, n / (e - s) }'
