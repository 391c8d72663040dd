"""Python conveniences on the compiled Decision type (views built from its canonical JSON)."""
from __future__ import annotations

from typing import Any, List

from . import _exportctl as _core
from ._text import Diagnostic, diagnostics

Decision = _core.Decision


def _view(key: str, doc: str) -> property:
    return property(lambda self: self.to_dict()[key], doc=doc)


def _warnings(self: Any) -> List[Diagnostic]:
    return diagnostics(self._warnings)


def _repr(self: Any) -> str:
    policy = f" ({self.review_policy})" if self.review_policy else ""
    return f"<Decision {self.shipment}: {self.decision}{policy} as of {self.as_of}>"


Decision.items = _view("items", "Per item: line, product, quantity, eccn, paragraph, tpp, ...")
Decision.paths = _view("paths", "Every path from the exporter with its hops and their decisions")
Decision.findings = _view("findings", "The reasons: kind, rule, citation, pack, item, parties, effect, message")
Decision.red_flags = _view("red_flags", "Diversion red flags raised on the party graph")
Decision.rulepacks = _view("rulepacks", "id, version and sha256 of every pack that took part")
Decision.warnings = property(_warnings, doc="Warnings about the input (the decision stands)")
Decision.__repr__ = _repr
