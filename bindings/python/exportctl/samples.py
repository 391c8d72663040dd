"""Generated shipments for experiments and benchmarks: exporter → distributor → reseller →
end user (three hops), one or two catalog items, varied countries. Reproducible (seeded).

``orders_path()`` is a shipped sample order file (a CSV of shipment lines, made by
``write_orders``), so that the README's snippet runs on a fresh clone:

>>> orders = exportctl.read_shipments(exportctl.samples.orders_path())
>>> engine.check_frame(orders)

Product ids come from the engine's catalog; the countries are a fixed list of ISO codes
(no regulatory meaning is attached to them here: the packs decide).
"""
from __future__ import annotations

import os
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Union

if TYPE_CHECKING:
    import pandas

    from ._engine import Engine

COUNTRIES = ("US", "CA", "GB", "DE", "FR", "NL", "JP", "KR", "SG", "MY", "TH", "VN", "IN",
             "AE", "SA", "IL", "TW", "HK", "CN", "BR", "MX", "TR", "ZA", "AU")
_ROLES = ("distributor", "reseller")
# The shipped order file and how it was made (write_orders(path, ORDERS_N, seed=ORDERS_SEED)).
_ORDERS = Path(__file__).resolve().parent / "data" / "orders.csv"
ORDERS_N, ORDERS_SEED = 500, 2026


def shipments(n: int, engine: Optional["Engine"] = None, seed: int = 0,
              dates: Sequence[str] = ("2023-06-01", "2024-06-01", "2025-02-01", "2025-06-01",
                                      "2026-03-01"),
              products: Optional[Sequence[str]] = None) -> List[Dict[str, Any]]:
    """`n` three-hop shipments as dicts (the format of exportctl.Engine.check)."""
    if products is None:
        from ._engine import Engine

        products = (engine or Engine()).product_ids
    rng = random.Random(seed)
    out = []
    for i in range(n):
        chain = [rng.choice(COUNTRIES) for _ in range(3)]
        items = [{"product": rng.choice(products), "quantity": rng.randint(1, 64)}
                 for _ in range(rng.randint(1, 2))]
        parties = [{"id": "exp", "name": "Example Inc.", "country": "US", "role": "exporter"}]
        for k, (role, country) in enumerate(zip(_ROLES, chain)):
            parties.append({"id": f"p{k}", "name": f"Trader {k} {country} {i % 97}",
                            "country": country, "role": role})
        parties.append({"id": "eu", "name": f"Lab {i % 1013}", "country": chain[2],
                        "role": "end_user", "headquarters": rng.choice((chain[2], "US", "CN"))})
        out.append({
            "id": f"SIM-{i:07d}", "date": rng.choice(dates), "items": items, "parties": parties,
            "transfers": [{"from": "exp", "to": "p0"}, {"from": "p0", "to": "p1"},
                          {"from": "p1", "to": "eu"}]})
    return out


def lines(docs: Sequence[Dict[str, Any]]) -> "pandas.DataFrame":
    """The same shipments as a frame of shipment lines (docs/shipment-lines.md)."""
    import pandas as pd

    rows = []
    for s in docs:
        by_id = {p["id"]: p for p in s["parties"]}
        exp = next(p for p in s["parties"] if p["role"] == "exporter")
        eu = next(p for p in s["parties"] if p["role"] == "end_user")
        middle = [by_id[t["to"]] for t in s["transfers"] if t["to"] != eu["id"]]
        for it in s["items"]:
            rows.append({
                "shipment": s["id"], "date": s.get("date", ""), "product": it.get("product", ""),
                "quantity": it["quantity"], "exporter": exp["name"],
                "exporter_country": exp["country"],
                "intermediaries": ";".join(f"{p['name']}:{p['country']}" for p in middle),
                "end_user": eu["name"], "end_user_country": eu["country"],
                "end_user_headquarters": eu.get("headquarters", "")})
    return pd.DataFrame.from_records(rows)


def orders_path() -> str:
    """The path of the shipped sample order file: a CSV of shipment lines
    (docs/shipment-lines.md), ORDERS_N three-hop shipments of catalog products, as
    ``write_orders`` writes them. Read it with exportctl.read_shipments."""
    if not _ORDERS.is_file():
        raise FileNotFoundError(f"the sample order file {_ORDERS} is not installed with the "
                                "package (reinstall: pip install -v ./bindings/python)")
    return str(_ORDERS)


def orders() -> "pandas.DataFrame":
    """The shipped sample orders as a DataFrame of shipment lines (every cell text)."""
    from .frame import read_shipments

    frame = read_shipments(orders_path())
    assert not isinstance(frame, list)
    return frame


def write_orders(path: Union[str, "os.PathLike[str]"], n: int = ORDERS_N, seed: int = ORDERS_SEED,
                 engine: Optional["Engine"] = None) -> str:
    """Writes `n` generated shipments (``shipments(n, engine, seed)``) to `path` as a CSV of
    shipment lines and returns the path; with the defaults, the shipped file again."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive number of shipments, not {n!r}")
    target = Path(path)
    lines(shipments(n, engine, seed)).to_csv(target, index=False, lineterminator="\n")
    return str(target)
