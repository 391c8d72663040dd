#!/bin/sh
# Throughput of `exportctl serve`: wrk against POST /v1/check with one generated three-hop
# shipment (JSON), printing requests/s and the p99 latency; then the same JSON Lines decided by
# `exportctl batch` and by POST /v1/batch, sent by curl --data-binary and by the lean client
# batch_client (built with the tests), and the ratio of the times.
# Build Release first; needs wrk, curl and time (apt-get install -y wrk curl time).
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
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
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
# Each run starts with no dirty pages (sync): otherwise the writeback of the files written before
# it (the generated input, the other run's 400 MB of records) lands in its time, and the order
# of the runs decides the ratio.
sync
# CPU seconds as well (the CLI's from time(1), the server's from /proc, curl's from time(1)):
# on two shared cores the client's own CPU is part of the service's wall time.
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(now)
/usr/bin/time -f "%U %S" -o "$work/cli.cpu" "$exe" batch -q --rules "$root/rules" "$data" >"$work/cli.jsonl"
t1=$(now)
sync
s0=$(ticks)
t1b=$(now)
/usr/bin/time -f "%U %S" -o "$work/curl.cpu" \
  curl -sf -H 'Content-Type: application/x-ndjson' --data-binary @"$data" "$url/v1/batch" >"$work/http.jsonl"
t2=$(now)
s1=$(ticks)
cmp -s "$work/cli.jsonl" "$work/http.jsonl" || { echo "/v1/batch's records differ from exportctl batch's: the timing means nothing" >&2; exit 1; }
# The same with the lean client (batch_client.cpp: sendfile for the body, 1 MiB reads, one write
# per block), whose CPU is the least a client on this machine can spend.
lean=$build/tests/bench/batch_client
lean_line=""
if [ -x "$lean" ]; then
  rm -f "$work/http.jsonl"
  sync
  s2=$(ticks)
  t3=$(now)
  /usr/bin/time -f "%U %S" -o "$work/lean.cpu" "$lean" "$url/v1/batch" "$data" "$work/lean.jsonl"
  t4=$(now)
  s3=$(ticks)
  cmp -s "$work/cli.jsonl" "$work/lean.jsonl" || { echo "batch_client's records differ from exportctl batch's: the timing means nothing" >&2; exit 1; }
  lean_line="$t3 $t4 $(( s3 - s2 )) $(awk '{print $1 + $2}' "$work/lean.cpu")"
else
  echo "note: no $lean (built with the tests): the lean-client run is left out" >&2
fi
cli_cpu=$(awk '{print $1 + $2}' "$work/cli.cpu")
curl_cpu=$(awk '{print $1 + $2}' "$work/curl.cpu")
awk -v n="$n" -v a="$t0" -v b="$t1" -v b2="$t1b" -v c="$t2" -v cc="$cli_cpu" -v uc="$curl_cpu" \
    -v sc="$(( s1 - s0 ))" -v hz="$hz" -v lean="$lean_line" 'BEGIN {
  cli = b - a; http = c - b2
  printf "%d shipments: exportctl batch %.2f s (%.0f/s), POST /v1/batch with curl %.2f s (%.0f/s): /v1/batch takes %.2fx the CLI time\n",
         n, cli, n / cli, http, n / http, http / cli
  printf "CPU: exportctl batch %.2f s; serve %.2f s (%.2fx) and curl %.2f s\n", cc, sc / hz, sc / hz / cc, uc
  if (split(lean, l, " ") == 4) {
    t = l[2] - l[1]
    printf "POST /v1/batch with batch_client %.2f s (%.0f/s): %.2fx the CLI time; CPU: serve %.2f s (%.2fx), batch_client %.2f s\n",
           t, n / t, t / cli, l[3] / hz, l[3] / hz / cc, l[4]
  } }'
