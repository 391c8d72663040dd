"""pandas: tables of shipment lines (docs/shipment-lines.md) in and out.

A frame's columns go to the core whole, as lists of strings; the C++ shipment-lines reader
(the same one the CLI uses for CSV) assembles the shipments, so no per-row dict is built.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

from ._text import ShipmentError, as_of_text, diagnostics

if TYPE_CHECKING:
    import pandas

    from ._engine import Engine

#: The columns of the shipment-lines schema (docs/shipment-lines.md); other columns of a frame
#: are carried through untouched.
LINE_COLUMNS = (
    "shipment", "date", "product", "description", "quantity", "tpp", "dense_tops",
    "die_area_mm2", "datacenter", "io_bandwidth_gbs", "dram_bandwidth_gbs",
    "memory_bandwidth_density", "hbm", "exporter", "exporter_country", "intermediaries",
    "end_user", "end_user_country", "end_user_headquarters", "end_user_parent_headquarters",
    "consignee_ytd_tpp")

#: The columns check_frame adds.
DECISION_COLUMNS = ("decision", "review_policy", "eccn", "rules", "missing_facts", "error")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()[:10]
    try:
        import pandas as pd

        if v is pd.NaT or (not isinstance(v, str) and pd.isna(v)):
            return ""
    except (ImportError, TypeError, ValueError):
        pass
    return str(v)


def _column(series: "pandas.Series") -> List[str]:
    kind = series.dtype.kind
    if kind in "iu":
        return series.astype(str).tolist()
    if kind == "O" and all(type(v) is str for v in series):
        return series.tolist()
    return [_cell(v) for v in series.tolist()]


def frame_decisions(engine: "Engine", frame: "pandas.DataFrame", as_of: Any = None,
                    threads: Optional[int] = None) -> List[Tuple[range, Any]]:
    """One (rows, Decision or ShipmentError) per shipment of a frame of shipment lines; `rows`
    are the frame's row positions (0-based) that made the shipment."""
    columns = [c for c in frame.columns if c in LINE_COLUMNS]
    data = [_column(frame[c]) for c in columns]
    results = engine._core.check_lines(columns, data, "<frame>", as_of_text(as_of), threads or 0)
    n = len(frame)
    out = []
    for first, last, r in results:
        rows = range(max(first, 1) - 1, min(last, n))
        if isinstance(r, tuple):
            r = ShipmentError("shipment cannot be decided", diagnostics(r[1]))
        out.append((rows, r))
    return out


def check_frame(engine: "Engine", frame: "pandas.DataFrame", as_of: Any = None,
                threads: Optional[int] = None) -> "pandas.DataFrame":
    n = len(frame)
    col: Dict[str, List[Any]] = {k: [None] * n for k in DECISION_COLUMNS}
    for rows, r in frame_decisions(engine, frame, as_of, threads):
        if isinstance(r, ShipmentError):
            for i in rows:
                col["error"][i] = str(r)
            continue
        eccns, rules = r.eccns, ";".join(r.rules)
        missing = "; ".join(r.missing_facts)
        for k, i in enumerate(rows):
            col["decision"][i] = r.decision
            col["review_policy"][i] = r.review_policy
            col["eccn"][i] = eccns[k] if k < len(eccns) and eccns[k] else None
            col["rules"][i] = rules
            col["missing_facts"][i] = missing
    out = frame.copy()
    for k in DECISION_COLUMNS:
        out[k] = col[k]
    return out


def read_shipments(path: Union[str, "os.PathLike[str]"]) -> Union["pandas.DataFrame", List[dict]]:
    """Reads shipments from a file.

    - ``.csv``: a DataFrame of shipment lines (every cell read as text, empty cells empty).
    - ``.jsonl``: one JSON object per line. Shipment documents (with ``items``) come back as a
      list of dicts for Engine.check_many; flat shipment-line records as a DataFrame.
    """
    import pandas as pd

    p = Path(path)
    if p.suffix.lower() == ".csv":
        return pd.read_csv(p, dtype=str, keep_default_na=False)
    records = []
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{p}:{n}:{e.colno}: not JSON: {e.msg}") from None
    if records and all(isinstance(r, dict) and "items" in r for r in records):
        return records
    return pd.DataFrame.from_records(records)
