#!/usr/bin/python3
"""Writes N three-hop shipments (exporter -> distributor -> reseller -> end user, 1-2 catalog
items each) as JSON Lines, for `exportctl batch` throughput runs. Deterministic: the same N and
seed give the same bytes. Standard library only (Debian's /usr/bin/python3).

    tests/bench/gen_shipments.py 1000000 > /tmp/shipments.jsonl
"""
import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOG = os.path.join(HERE, "..", "..", "rules", "catalog", "chips.yaml")

# Countries across the country groups the packs distinguish (allies, D:1/D:4/D:5, Macau, ...).
COUNTRIES = ["DE", "FR", "GB", "JP", "KR", "SG", "MY", "VN", "IN", "AE", "SA", "IL", "BR", "MX",
             "TW", "HK", "CN", "MO", "NL", "CA", "AU", "TH", "ID", "TR"]
DATES = ["2022-11-01", "2023-11-17", "2024-06-01", "2025-02-10", "2025-06-01", "2026-02-01"]


def catalog_ids():
    ids = []
    with open(CATALOG, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s+- id: ([a-z0-9-]+)\s*$", line)
            if m:
                ids.append(m.group(1))
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int, help="number of shipments")
    ap.add_argument("--seed", type=int, default=4, help="random seed (default 4)")
    ap.add_argument("--output", "-o", default="-", help="file to write (default: stdout)")
    ap.add_argument("--distinct-names", action="store_true",
                    help="every distributor, reseller and end user a name of its own (default: "
                         "names repeat, as parties of an order stream do)")
    args = ap.parse_args()
    # How many distinct names each role cycles through.
    n_eu, n_dist, n_res = (args.count,) * 3 if args.distinct_names else (997, 101, 53)
    rng = random.Random(args.seed)
    products = catalog_ids()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    write = out.write
    for n in range(args.count):
        dist_c, res_c, eu_c = rng.choice(COUNTRIES), rng.choice(COUNTRIES), rng.choice(COUNTRIES)
        items = [{"product": rng.choice(products), "quantity": rng.randint(1, 64)}
                 for _ in range(rng.randint(1, 2))]
        eu = {"id": "eu", "name": f"End User {n % n_eu}", "country": eu_c, "role": "end_user"}
        if rng.random() < 0.2:
            eu["ultimate_parent_headquarters"] = rng.choice(COUNTRIES)
        s = {
            "id": f"SO-{n + 1:07d}",
            "date": rng.choice(DATES),
            "items": items,
            "parties": [
                {"id": "exp", "name": "Example Inc.", "country": "US", "role": "exporter"},
                {"id": "dist", "name": f"Distributor {n % n_dist}", "country": dist_c,
                 "role": "distributor"},
                {"id": "res", "name": f"Reseller {n % n_res}", "country": res_c, "role": "reseller"},
                eu,
            ],
            "transfers": [{"from": "exp", "to": "dist"}, {"from": "dist", "to": "res"},
                          {"from": "res", "to": "eu"}],
        }
        write(json.dumps(s, separators=(",", ":")))
        write("\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
