#!/usr/bin/python3
"""Time of exportctl.tables() (shipments, items, hops and findings frames built in C++) on
100,000 decisions of generated three-hop shipments, and of check_frame per line.

    PYTHONPATH=build/ci/bindings/python /usr/bin/python3 bindings/python/bench/bench_tables.py [N]

Best of --repeat runs; a loaded machine gives slower numbers.
"""
import argparse
import os
import time

import exportctl
from exportctl import samples


def best(fn, repeat):
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        kept = fn()
        runs.append(time.perf_counter() - t0)
        del kept
    return min(runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000, help="shipments (100000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the best is reported (3)")
    args = ap.parse_args()
    engine = exportctl.Engine()
    docs = samples.shipments(args.n, engine)
    decisions = engine.check_many(docs)
    exportctl.tables(decisions[:10])  # pandas imported before the clock starts
    t = best(lambda: exportctl.tables(decisions), args.repeat)
    tabs = exportctl.tables(decisions)
    rows = ", ".join(f"{len(f):,} {name}" for name, f in zip(tabs._fields, tabs))
    print(f"{args.n:,} decisions, {os.cpu_count()} cores, exportctl {exportctl.__version__}")
    print(f"tables()      {t:.3f} s   ({rows})")
    frame = samples.lines(docs)
    t = best(lambda: engine.check_frame(frame), args.repeat)
    print(f"check_frame   {t:.3f} s   {len(frame) / t:,.0f} lines/s ({len(frame):,} lines)")
    print("load average: " + " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
