#!/usr/bin/env bash
# Throughput of ledger releases (tests/ledger/ledger_driver.cpp, `work`: each order is released,
# released again as a retry, and every third committed and every fifth cancelled), on SQLite
# with one process and with several on one file, and on PostgreSQL (a throwaway cluster,
# scripts/pg-cluster) with 8 processes. Prints orders/s and transactions/s. The packs are loaded
# once per process and that time is included.
#
#   tests/bench/ledger_throughput.sh [BUILD_DIR [ORDERS_PER_PROCESS]]   # defaults: build/ci 2000
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/ci}
n=${2:-2000}
driver=$build/tests/ledger_driver
[ -x "$driver" ] || { echo "no $driver: build first (cmake --build $build)" >&2; exit 1; }
work=$(mktemp -d)
chmod 755 "$work"  # the PostgreSQL cluster runs as its own user (scripts/pg-cluster)
trap '"$root/scripts/pg-cluster" stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# run NAME URL PROCESSES: releases n orders per process, all processes at once.
run() {
  local name=$1 url=$2 procs=$3
  "$driver" setup "$url" 100000000 >/dev/null
  local start end
  start=$(date +%s.%N)
  for i in $(seq 1 "$procs"); do
    "$driver" work "$url" "P$i" "$n" 1 >"$work/$name-$i.log" &
  done
  wait
  end=$(date +%s.%N)
  local tx
  tx=$(cat "$work/$name"-*.log | wc -l)
  "$driver" check "$url" "$work/$name"-*.log >/dev/null
  awk -v name="$name" -v p="$procs" -v n="$n" -v tx="$tx" -v s="$start" -v e="$end" 'BEGIN {
    t = e - s
    printf "%-34s %2d process(es) x %d orders: %6.2f s, %8.0f orders/s, %8.0f ledger operations/s\n",
           name, p, n, t, p * n / t, tx / t }'
}

run "sqlite (WAL, synchronous=FULL)" "sqlite:$work/one.sqlite" 1
run "sqlite, one file" "sqlite:$work/many.sqlite" 8
"$root/scripts/pg-cluster" start "$work/pg" >/dev/null
run "postgresql 15 (Unix socket)" "$(cat "$work/pg/url")" 8
