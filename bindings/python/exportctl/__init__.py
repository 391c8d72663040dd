"""exportctl: export-control decisions for AI chips (ECCN 3A090/4A090), from Python.

The same C++ engine as the ``exportctl`` command line, with the same answers byte for byte.

>>> import exportctl
>>> engine = exportctl.Engine()                          # the default rule packs
>>> d = engine.check("examples/h200-us-to-china-2026.yaml")
>>> d.decision, d.review_policy, d.rules
>>> print(d.explain())
>>> results = engine.check_many(orders, progress=True)  # dicts, in parallel
>>> frame = engine.check_frame(exportctl.read_shipments("orders.csv"))
>>> diffs = exportctl.compare(orders, engine, exportctl.Engine(scenario="ai-diffusion-2025"))
>>> exportctl.plot.thresholds("2025-06-01").savefig("plane.png")
>>> ledger = exportctl.Ledger("sqlite:ledger.sqlite")    # after exportctl.Ledger.init(...)
>>> ledger.release(engine, "examples/h200-us-to-china-2026.yaml").state

Not legal advice: see the project README for what the packs encode and what they do not.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Optional, Sequence

from . import _decision  # noqa: F401  (adds the Python views to Decision)
from ._engine import Decision, Engine, default_rules_dir
from ._exportctl import __version__
from ._ledger import Ledger, Release
from ._text import (Diagnostic, ExportctlError, LedgerError, LicenseError, RulePackError,
                    ShipmentError)
from .compare import Difference, Differences, compare
from .frame import DECISION_COLUMNS, LINE_COLUMNS, read_shipments
from .ruleset import RuleSet

if TYPE_CHECKING:
    import pandas

__all__ = [
    "Decision", "Diagnostic", "Difference", "Differences", "Engine", "ExportctlError",
    "Ledger", "LedgerError", "LicenseError", "Release", "RulePackError", "RuleSet", "ShipmentError", "compare", "decisions_frame",
    "default_rules_dir", "read_shipments", "LINE_COLUMNS", "DECISION_COLUMNS", "__version__",
]


def decisions_frame(decisions: Sequence[Decision],
                    shipments: Optional[Sequence[Any]] = None) -> "pandas.DataFrame":
    """One row per decision: shipment, as_of, decision, review_policy, rules (';'-joined),
    missing_facts, and, when the shipment dicts are given, end_user_country (the country of the
    first end user) for exportctl.plot.decisions."""
    import pandas as pd

    rows: List[dict] = []
    for i, d in enumerate(decisions):
        row = {"shipment": d.shipment, "as_of": d.as_of, "decision": d.decision,
               "review_policy": d.review_policy, "rules": ";".join(d.rules),
               "missing_facts": "; ".join(d.missing_facts)}
        if shipments is not None and isinstance(shipments[i], dict):
            users = [p for p in shipments[i].get("parties", []) if p.get("role") == "end_user"]
            row["end_user_country"] = users[0].get("country") if users else None
        rows.append(row)
    return pd.DataFrame.from_records(rows)


def __getattr__(name: str) -> Any:
    # matplotlib is imported only when a chart is asked for.
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    if name == "samples":
        import importlib

        return importlib.import_module(".samples", __name__)
    raise AttributeError(f"module 'exportctl' has no attribute {name!r}")
