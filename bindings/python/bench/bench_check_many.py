#!/usr/bin/python3
"""Throughput of Engine.check_many on generated three-hop shipments (exporter → distributor →
reseller → end user, 1-2 catalog items, varied countries), from dicts already in memory, and of
Engine.check_frame on the same shipments as a frame of shipment lines.

    PYTHONPATH=build/ci/bindings/python /usr/bin/python3 bindings/python/bench/bench_check_many.py [N]

Timings are best of --repeat runs; a loaded machine gives lower numbers.
"""
import argparse
import os
import time

import exportctl
from exportctl import samples


def best(fn, repeat):
    """(best wall time, CPU time of that run over all threads). The results are kept until the
    clock stops, as a caller keeps them: freeing them is not part of the call."""
    runs = []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        kept = fn()
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
        del kept
    return min(runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="0: one per core")
    args = ap.parse_args()

    engine = exportctl.Engine()
    docs = samples.shipments(args.n, engine)
    frame = samples.lines(docs)
    print(f"{args.n} three-hop shipments, {len(frame)} lines, {os.cpu_count()} cores, "
          f"exportctl {exportctl.__version__}")

    seq = engine.check_many(docs[:2000], threads=1)
    par = engine.check_many(docs[:2000], threads=args.threads or None)
    assert [d.to_json() for d in seq] == [d.to_json() for d in par]

    def report(label, n, wall, cpu):
        print(f"{label:30s} {n / wall:10,.0f} shipments/s wall  "
              f"{cpu / n * 1e6:6.2f} us CPU/shipment  ({wall:.3f} s)")

    from exportctl import _exportctl
    report("dict conversion only (GIL)", args.n,
           *best(lambda: _exportctl._convert_only(docs), args.repeat))
    report("conversion + C++ check, 1 thr", args.n,
           *best(lambda: _exportctl._convert_and_decide(engine._core, docs), args.repeat))
    for label, threads in (("check_many, 1 thread", 1),
                           ("check_many, all cores", args.threads or None)):
        report(label, args.n, *best(lambda: engine.check_many(docs, threads=threads), args.repeat))
    report("check_frame, all cores", args.n,
           *best(lambda: engine.check_frame(frame, threads=args.threads or None), args.repeat))
    k = min(args.n, 20000)
    report("check() one by one", k, *best(lambda: [engine.check(d) for d in docs[:k]], 1))
    print("load average:", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
