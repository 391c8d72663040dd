"""exportctl: export-control decisions for AI chips (ECCN 3A090/4A090), from Python.

The same C++ engine as the ``exportctl`` command line, with the same answers byte for byte.

>>> import exportctl
>>> engine = exportctl.Engine()                          # the default rule packs
>>> d = engine.check("examples/h200-us-to-china-2026.yaml")
>>> d.decision, d.review_policy, d.rules
>>> print(d.explain())
>>> orders = exportctl.samples.shipments(2000, engine)    # generated shipment dicts
>>> results = engine.check_many(orders, progress=True)  # in parallel; errors="record" keeps going
>>> t = exportctl.tables(results)  # shipments, items, hops and findings as frames
>>> lines = exportctl.read_shipments(exportctl.samples.orders_path())  # shipped sample CSV
>>> frame = engine.check_frame(lines)                   # errors="raise" stops at a bad shipment
>>> diffs = exportctl.compare(orders, engine, exportctl.Engine(scenario="ai-diffusion-2025"))
>>> exportctl.plot.thresholds("2025-06-01").savefig("plane.png")
>>> ledger = exportctl.Ledger("sqlite:ledger.sqlite")    # after exportctl.Ledger.init(...)
>>> ledger.release(engine, "examples/h200-us-to-china-2026.yaml").state

Not legal advice: see the project README for what the packs encode and what they do not.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Optional, Sequence

from . import _decision  # noqa: F401  (adds the Python views to Decision)
from . import _pickle  # noqa: F401  (Engine, Decision and errors pickle)
from ._engine import Decision, Engine, default_rules_dir
from ._exportctl import __version__
from ._ledger import Ledger, Release
from ._text import (Diagnostic, ExportctlError, LedgerError, LicenseError, RulePackError,
                    ShipmentError)
from .compare import Difference, Differences, compare
from .frame import DECISION_COLUMNS, LINE_COLUMNS, read_shipments
from .ruleset import RuleSet
from ._tables import Tables, tables

if TYPE_CHECKING:
    import pandas

__all__ = [
    "Decision", "Diagnostic", "Difference", "Differences", "Engine", "ExportctlError",
    "Ledger", "LedgerError", "LicenseError", "Release", "RulePackError", "RuleSet",
    "ShipmentError", "Tables", "compare", "decisions_frame", "default_rules_dir",
    "read_shipments", "tables", "LINE_COLUMNS", "DECISION_COLUMNS", "__version__",
]


def decisions_frame(decisions: Sequence[Any], shipments: Optional[Sequence[Any]] = None,
                    errors: str = "record") -> "pandas.DataFrame":
    """One row per result of Engine.check_many: shipment, as_of, decision, review_policy,
    rules (';'-joined), missing_facts, and, when the shipment dicts are given,
    end_user_country (the country of the first end user) for exportctl.plot.decisions.

    Results of ``check_many(..., errors="record")`` may hold :class:`ShipmentError` objects:
    with ``errors="record"`` (the default) each is a row with the error's text in an ``error``
    column (the column is there when any result is an error; the shipment id comes from the
    shipment dict when given) and no decision; ``errors="raise"`` raises the first one. An
    ``edits`` column lists the RuleSet edits of what-if decisions (there when any decision was
    made by edited rules)."""
    import pandas as pd

    if errors not in ("raise", "record"):
        raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")
    decisions = list(decisions)
    if shipments is not None and len(shipments) != len(decisions):
        raise ValueError(f"decisions_frame: {len(decisions)} decisions but {len(shipments)} "
                         "shipments; give the shipments the decisions were made from")
    rows: List[dict] = []
    for i, d in enumerate(decisions):
        doc = shipments[i] if shipments is not None else None
        if isinstance(d, ShipmentError):
            if errors == "raise":
                raise d
            row = {"shipment": doc.get("id") if isinstance(doc, dict) else None, "as_of": None,
                   "decision": None, "review_policy": None, "rules": None,
                   "missing_facts": None, "error": str(d)}
        elif isinstance(d, Decision):
            row = {"shipment": d.shipment, "as_of": d.as_of, "decision": d.decision,
                   "review_policy": d.review_policy, "rules": ";".join(d.rules),
                   "missing_facts": "; ".join(d.missing_facts)}
            edits = d.edits
            if edits:
                row["edits"] = "; ".join(edits)
        else:
            raise TypeError(f"decisions_frame: result {i} is a {type(d).__name__}; pass the "
                            "results of Engine.check_many (Decision or ShipmentError objects)")
        if isinstance(doc, dict):
            users = [p for p in doc.get("parties", []) if p.get("role") == "end_user"]
            row["end_user_country"] = users[0].get("country") if users else None
        rows.append(row)
    frame = pd.DataFrame.from_records(rows)
    # Optional columns last, whatever row first had them (from_records orders by first seen).
    extra = [c for c in ("edits", "error") if c in frame.columns]
    frame = frame[[c for c in frame.columns if c not in extra] + extra]
    for c in extra:  # None, as check_frame writes it, where a row has no edits or no error
        frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    return frame


def __getattr__(name: str) -> Any:
    # matplotlib is imported only when a chart is asked for.
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    if name == "samples":
        import importlib

        return importlib.import_module(".samples", __name__)
    raise AttributeError(f"module 'exportctl' has no attribute {name!r}")
