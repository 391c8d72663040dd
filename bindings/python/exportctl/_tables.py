"""exportctl.tables(): decisions as four tidy pandas frames, built in C++ from the decisions
themselves (not from their JSON).

- ``shipments``: one row per input position: decision, review policy, licence exceptions,
  missing facts, counts, scenario, fingerprint, edits, and ``error`` for a bad shipment;
- ``items``: one row per item, with the item's own ECCN, paragraph, figures, decision and rules
  (the rules of the findings about that item, not the shipment's);
- ``hops``: one row per hop of every listed path (``path`` and ``hop`` number from 1);
- ``findings``: one row per finding: kind, item (if about one), rule, citation, pack, effect,
  parties (';'-joined) and message.

Every frame has ``position``, the index of the decision in the input, so rows join back to the
input (and to each other) on it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, NamedTuple, Sequence

from . import _exportctl as _core
from ._text import ExportctlError

if TYPE_CHECKING:
    import pandas


class Tables(NamedTuple):
    shipments: "pandas.DataFrame"
    items: "pandas.DataFrame"
    hops: "pandas.DataFrame"
    findings: "pandas.DataFrame"


def _frame(table: Dict[str, Any]) -> "pandas.DataFrame":
    import numpy as np
    import pandas as pd

    data = {}
    for name in table["order"]:
        kind, values, extra = table["columns"][name]
        if kind == "category":
            data[name] = pd.Categorical.from_codes(values, categories=extra)
        elif kind == "object":
            lookup = np.empty(len(extra) + 1, dtype=object)
            lookup[:-1] = extra
            lookup[-1] = None  # code -1: missing
            data[name] = lookup[values]
        elif kind == "Int64":
            data[name] = pd.arrays.IntegerArray(values, extra.astype(bool))
        else:
            data[name] = values
    return pd.DataFrame(data, columns=table["order"])


def tables(results: Sequence[Any], errors: str = "raise") -> Tables:
    """The shipments, items, hops and findings of ``results`` (Decisions, e.g. from
    ``Engine.check_many``) as pandas frames; see the module docstring for the columns.

    ``errors="raise"`` raises the first :class:`ShipmentError` found in ``results``;
    ``errors="record"`` gives it a shipments row with ``decision`` missing and its message in
    ``error`` (results of ``check_many(..., errors="record")``)."""
    import pandas as pd

    if errors not in ("raise", "record"):
        raise ValueError("errors must be 'raise' or 'record'")
    if isinstance(results, (str, bytes, dict)) or not hasattr(results, "__len__"):
        raise TypeError("tables() takes a list of Decisions (from Engine.check_many), got "
                        f"{type(results).__name__}")
    decisions, positions, failed = [], [], []
    for i, r in enumerate(results):
        if isinstance(r, _core.Decision):
            decisions.append(r)
            positions.append(i)
        elif isinstance(r, ExportctlError):
            if errors == "raise":
                raise r
            failed.append((i, str(r)))
        else:
            raise TypeError(f"tables(): item {i} is a {type(r).__name__}, not a Decision")
    built = _core.decision_tables(decisions)
    frames = {k: _frame(v) for k, v in built.items()}
    if len(decisions) != len(results):
        # Positions in the C++ tables count decisions only; map them to the input's.
        import numpy as np

        where = np.asarray(positions, dtype=np.int64)
        for f in frames.values():
            f["position"] = where[f["position"].to_numpy()] if len(f) else f["position"]
    ships = frames["shipments"]
    ships["edits"] = _edits(ships)
    ships["error"] = None
    if failed:
        bad = pd.DataFrame({"position": [i for i, _ in failed], "error": [m for _, m in failed]})
        ships = pd.concat([ships, bad], ignore_index=True).sort_values(
            "position", kind="stable", ignore_index=True)
    return Tables(ships, frames["items"], frames["hops"], frames["findings"])


def _edits(ships: "pandas.DataFrame") -> List[str]:
    """The RuleSet edits behind each decision's engine ('; '-joined), empty for published
    packs: a what-if decision is marked as such in every table that shows it."""
    from ._engine import edits_of

    fps = ships["fingerprint"]
    marks = {fp: "; ".join(edits_of(fp)) for fp in fps.cat.categories}
    return fps.map(marks).astype(object).tolist()
