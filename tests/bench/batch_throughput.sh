#!/bin/sh
# Throughput of `exportctl batch` on N generated three-hop shipments (JSON Lines, parsing and
# writing included): prints shipments/s and the peak RSS. Build Release first.
#
#   tests/bench/batch_throughput.sh [BUILD_DIR [N [THREADS]]]    # defaults: build/release 1000000 all cores
#
# EXPORTCTL_BENCH_LISTS="tests/data/lists/ofac-sdn-2021/sdn.csv tests/data/lists/bis-dpl-2022.txt"
# screens every party against those lists too (--lists); EXPORTCTL_BENCH_DATA=FILE uses FILE
# instead of generated shipments (e.g. all-distinct party names: gen_shipments.py N --distinct-names).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/release}
n=${2:-1000000}
threads=${3:-$(nproc)}
exe=$build/src/exportctl
[ -x "$exe" ] || { echo "no $exe: build Release first (cmake --build $build)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time for the peak RSS (apt-get install -y time)" >&2; exit 1; }
data=${EXPORTCTL_BENCH_DATA:-${TMPDIR:-/tmp}/exportctl-bench-$n.jsonl}
lists=""
for l in ${EXPORTCTL_BENCH_LISTS:-}; do lists="$lists --lists $l"; done
if [ ! -s "$data" ]; then
  echo "generating $n shipments into $data" >&2
  /usr/bin/python3 "$root/tests/bench/gen_shipments.py" "$n" -o "$data"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s.%N)
/usr/bin/time -v "$exe" batch --rules "$root/rules" $lists --threads "$threads" -q "$data" >/dev/null 2>"$log" || {
  cat "$log" >&2; exit 1; }
end=$(date +%s.%N)
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
user=$(sed -n 's/.*User time (seconds): //p' "$log")
sys=$(sed -n 's/.*System time (seconds): //p' "$log")
# CPU seconds as well: on a busy machine the wall-clock rate says more about the neighbours.
awk -v n="$n" -v s="$start" -v e="$end" -v rss="$rss" -v t="$threads" -v u="$user" -v y="$sys" 'BEGIN {
  printf "%d shipments, %d threads: %.2f s wall, %.0f shipments/s; %.2f s CPU (user %.2f, sys %.2f), %.0f shipments per CPU-second; peak RSS %.1f MiB\n",
         n, t, e - s, n / (e - s), u + y, u, y, n / (u + y), rss / 1024 }'
