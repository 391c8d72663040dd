"""Python conveniences on the compiled Decision type (views built from its canonical JSON), and
how a decision shows itself: repr, explain() and the notebook's HTML, each marked when the
decision was made by edited rules (a what-if RuleSet), with the edits listed."""
from __future__ import annotations

import html
from typing import Any, Dict, List, Sequence

from . import _exportctl as _core
from ._engine import edits_of, register_edits
from ._text import Diagnostic, diagnostics

Decision = _core.Decision


def _view(key: str, doc: str) -> property:
    return property(lambda self: self.to_dict()[key], doc=doc)


def _warnings(self: Any) -> List[Diagnostic]:
    return diagnostics(self._warnings)


def _edits(self: Any) -> List[str]:
    return edits_of(self.fingerprint)


def _set_edits(self: Any, edits: Sequence[str]) -> None:
    # A decision carries only its engine's fingerprint, and a fingerprint has one set of edits,
    # so a decision rebuilt without its engine (unpickled in a worker) records them there.
    register_edits(self.fingerprint, list(edits))


def _what_if(edits: Sequence[str]) -> str:
    return ("WHAT-IF: decided by edited rules, not the packs as published: " + "; ".join(edits))


def _repr(self: Any) -> str:
    policy = f" ({self.review_policy})" if self.review_policy else ""
    edits = self.edits
    what_if = f"; what-if, edited: {'; '.join(edits)}" if edits else ""
    return f"<Decision {self.shipment}: {self.decision}{policy} as of {self.as_of}{what_if}>"


# The native explain() is the CLI's text, byte for byte; the what-if line goes before it, so
# the text of a decision by the published packs stays exactly the CLI's.
_native_explain = getattr(Decision, "_native_explain", None) or Decision.explain
Decision._native_explain = _native_explain


def _explain(self: Any) -> str:
    text = _native_explain(self)
    edits = self.edits
    return f"{_what_if(edits)}\n{text}" if edits else text


_explain.__doc__ = ("The decision as text (`exportctl check --format text`), after a WHAT-IF "
                    "line listing the edits when edited rules made it.")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_cell(x)}" for k, x in v.items())
    return str(v)


def _table(rows: Sequence[Dict[str, Any]], caption: str) -> str:
    """An HTML table of dicts, the columns in order of first appearance, every cell escaped."""
    if not rows:
        return f"<p><b>{html.escape(caption)}</b>: none</p>"
    cols: List[str] = []
    for r in rows:
        cols.extend(k for k in r if k not in cols)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(r.get(c)))}</td>" for c in cols)
                   + "</tr>" for r in rows)
    return (f"<table><caption style='text-align:left'><b>{html.escape(caption)}</b></caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _repr_html_(self: Any) -> str:
    """The decision in a notebook: outcome, review policy, rules, missing facts, the items and
    findings tables, and the what-if edits when edited rules made it."""
    e = html.escape
    doc = self.to_dict()
    head = f"<b>{e(self.shipment)}</b>: <b>{e(self.decision)}</b>"
    if self.review_policy:
        head += f" (review policy: {e(self.review_policy)})"
    head += f" as of {e(self.as_of)}"
    if self.scenario:
        head += f" · scenario {e(self.scenario)}"
    parts = [f"<p>{head}</p>"]
    edits = self.edits
    if edits:
        items = "".join(f"<li><code>{e(x)}</code></li>" for x in edits)
        parts.append("<p style='color:#b00020'><b>WHAT-IF</b>: decided by edited rules, not the "
                     f"packs as published:</p><ul>{items}</ul>")
    parts.append(f"<p><b>rules</b>: {e(', '.join(self.rules)) or 'none'}<br>"
                 f"<b>missing facts</b>: {e('; '.join(self.missing_facts)) or 'none'}</p>")
    parts.append(_table(doc.get("items", []), "items"))
    parts.append(_table(doc.get("findings", []), "findings"))
    if doc.get("red_flags"):
        parts.append(_table(doc["red_flags"], "red flags"))
    parts.append(f"<p style='font-size:smaller'>pack set {e(str(doc.get('pack_set', '')))} · "
                 f"fingerprint {e(self.fingerprint[:16])}</p>")
    return "<div class='exportctl-decision'>" + "".join(parts) + "</div>"


Decision.items = _view("items", "Per item: line, product, quantity, eccn, paragraph, tpp, ...")
Decision.paths = _view("paths", "Every path from the exporter with its hops and their decisions")
Decision.findings = _view("findings", "The reasons: kind, rule, citation, pack, item, parties, effect, message")
Decision.red_flags = _view("red_flags", "Diversion red flags raised on the party graph")
Decision.rulepacks = _view("rulepacks", "id, version and sha256 of every pack that took part")
Decision.warnings = property(_warnings, doc="Warnings about the input (the decision stands)")
Decision.edits = property(_edits, _set_edits,
                          doc="The RuleSet edits of the engine that made this decision (one line "
                          "each, `pack: path = value`); [] for the packs as published")
Decision.explain = _explain
Decision.__repr__ = _repr
Decision._repr_html_ = _repr_html_
