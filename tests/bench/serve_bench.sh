#!/bin/sh
# Throughput of `exportctl serve`: wrk against POST /v1/check with one generated three-hop
# shipment (JSON), printing requests/s and the p99 latency; then the same JSON Lines decided by
# `exportctl batch` and by POST /v1/batch (curl --data-binary), and the ratio of the two times.
# Build Release first; needs wrk and curl (apt-get install -y wrk curl).
#
#   tests/bench/serve_bench.sh [BUILD_DIR [N]]    # defaults: build/release, 100000 batch lines
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/release}
n=${2:-100000}
exe=$build/src/exportctl
[ -x "$exe" ] || { echo "no $exe: build Release first (cmake --build $build)" >&2; exit 1; }
for tool in wrk curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install -y $tool)" >&2; exit 1; }
done
work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

/usr/bin/python3 "$root/tests/bench/gen_shipments.py" 1 -o "$work/one.jsonl"
data=$work/batch-$n.jsonl
/usr/bin/python3 "$root/tests/bench/gen_shipments.py" "$n" -o "$data"

# Port 0: the kernel picks a free port; serve prints it on its one stdout line.
"$exe" serve --listen 127.0.0.1:0 --rules "$root/rules" --threads 2 >"$work/out" 2>"$work/serve.log" &
pid=$!
i=0
until line=$(head -n 1 "$work/out") && [ -n "$line" ]; do
  i=$((i + 1))
  [ "$i" -lt 300 ] && kill -0 "$pid" 2>/dev/null || { echo "serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
url=$(printf '%s\n' "$line" | sed -n 's/^exportctl serve: listening on \(http[s]*:\/\/[^ ]*\)$/\1/p')
[ -n "$url" ] || { echo "serve did not say where it listens: $line" >&2; cat "$work/serve.log" >&2; exit 1; }

# The wrk script: every request posts the one three-hop shipment.
/usr/bin/python3 - "$work/one.jsonl" "$work/post.lua" <<'PY'
import json, sys
body = open(sys.argv[1]).read().strip()
with open(sys.argv[2], "w") as f:
    f.write('wrk.method = "POST"\n')
    f.write('wrk.headers["Content-Type"] = "application/json"\n')
    f.write("wrk.body = " + json.dumps(body) + "\n")
PY
curl -sf -o /dev/null -H 'Content-Type: application/json' --data-binary @"$work/one.jsonl" "$url/v1/check" || {
  echo "POST /v1/check failed" >&2; cat "$work/serve.log" >&2; exit 1; }
wrk -t2 -c64 -d10s --latency -s "$work/post.lua" "$url/v1/check" >"$work/wrk.txt"
rps=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk.txt")
p99=$(sed -n 's/^ *99% *//p' "$work/wrk.txt")
non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$work/wrk.txt")
echo "POST /v1/check (wrk -t2 -c64 -d10s, one three-hop shipment): $rps requests/s, p99 $p99${non2xx:+, $non2xx non-2xx}"

now() { date +%s.%N; }
t0=$(now)
"$exe" batch -q --rules "$root/rules" "$data" >"$work/cli.jsonl"
t1=$(now)
curl -sf -H 'Content-Type: application/x-ndjson' --data-binary @"$data" "$url/v1/batch" >"$work/http.jsonl"
t2=$(now)
cmp -s "$work/cli.jsonl" "$work/http.jsonl" || echo "warning: /v1/batch's records differ from exportctl batch's" >&2
awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
  cli = b - a; http = c - b
  printf "%d shipments: exportctl batch %.2f s (%.0f/s), POST /v1/batch %.2f s (%.0f/s): /v1/batch takes %.2fx the CLI time\n",
         n, cli, n / cli, http, n / http, http / cli }'
