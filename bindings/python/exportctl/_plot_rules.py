"""Which rules set a decision and which only classified its items, for exportctl.plot.

A finding of kind ``classification`` says what an item is (its ECCN paragraph, or an exclusion
such as Note 2); it never decides a shipment by itself. An ``information`` finding (the
`information` section: an assumption stated, such as a headquarters taken as not stated) only
informs. Any other finding whose ``effect`` is the shipment's decision set the outcome (a
requirement behind ``license_required``, the exception behind ``license_exception``, a missing
fact or notice behind ``hold``, ...); the rest fired without setting it (a requirement overtaken
by a hold or an exception, a finding on another item or hop).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Set, Tuple

if TYPE_CHECKING:
    import pandas

    from ._engine import Engine

OUTCOME = "set the outcome"
NOT_OUTCOME = "fired, did not set the outcome"
CLASSIFICATION = "classification"
CITED = "cited (findings not given: pass findings=)"

# The finding kinds that classify an item and that only inform (docs/rule-pack-format.md,
# `classifications` and `information`): format vocabulary, not regulatory facts.
_CLASSIFICATION_KIND = "classification"
_INFORMATION_KIND = "information"
# Pack sections whose rules classify items: used only when no findings are given and a frame's
# `rules` column is all there is (docs/rule-pack-format.md, "Sections").
_CLASSIFICATION_SECTIONS = ("precisions", "classifications", "exclusions", "containment")


def group_of(kind: str, effect: str, decision: str) -> str:
    if kind == _CLASSIFICATION_KIND:
        return CLASSIFICATION
    return OUTCOME if effect == decision and kind != _INFORMATION_KIND else NOT_OUTCOME


def _is_decision(x: Any) -> bool:
    return hasattr(x, "findings") and hasattr(x, "decision") and hasattr(x, "shipment")


def counts_from_findings(findings: Any, frame: Optional["pandas.DataFrame"] = None
                         ) -> Dict[str, Dict[str, int]]:
    """{group: {rule: shipments}} from Decisions or a findings table (columns shipment, kind,
    rule, effect, and decision unless `frame` gives each shipment's decision)."""
    import pandas as pd

    seen: Dict[str, Dict[str, Set[Any]]] = {}

    def add(group: str, rule: str, shipment: Any) -> None:
        seen.setdefault(group, {}).setdefault(rule, set()).add(shipment)

    if isinstance(findings, pd.DataFrame):
        need = {"shipment", "kind", "rule", "effect"}
        missing = sorted(need - set(findings.columns))
        if missing:
            raise ValueError(f"findings: the table has no column {', '.join(missing)}")
        if "decision" in findings.columns:
            decision = findings["decision"]
        elif frame is not None and {"shipment", "decision"} <= set(frame.columns):
            column = "shipment_decision" if "shipment_decision" in frame.columns else "decision"
            by_shipment = frame.drop_duplicates("shipment").set_index("shipment")[column]
            decision = findings["shipment"].map(by_shipment)
        else:
            raise ValueError("findings: the table has no `decision` column and the frame gives "
                             "none per shipment")
        for s, k, r, e, d in zip(findings["shipment"], findings["kind"], findings["rule"],
                                 findings["effect"], decision):
            if isinstance(d, str):  # a shipment that could not be decided has no outcome
                add(group_of(k, e, d), r, s)
    else:
        items = list(findings)
        bad = [i for i, d in enumerate(items) if not _is_decision(d)]
        if bad:
            raise TypeError(f"findings: item {bad[0]} is a {type(items[bad[0]]).__name__}, not "
                            "an exportctl.Decision (a ShipmentError has no findings)")
        for i, d in enumerate(items):
            for f in d.findings:
                add(group_of(f["kind"], f["effect"], d.decision), f["rule"], (i, d.shipment))
    return {g: {r: len(s) for r, s in rules.items()} for g, rules in seen.items()}


def classification_rules(engine: Optional["Engine"]) -> Set[str]:
    """Ids of the rules in the classifying sections of the engine's packs."""
    from ._plot_plane import pack_datas

    out: Set[str] = set()
    for data in pack_datas(engine):
        if not isinstance(data, dict):
            continue
        for section in _CLASSIFICATION_SECTIONS:
            value = data.get(section)
            rules = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
            out.update(r["id"] for r in rules if isinstance(r, dict) and "id" in r)
    return out


def counts_from_rules(frame: "pandas.DataFrame", engine: Optional["Engine"]
                      ) -> Dict[str, Dict[str, int]]:
    """{group: {rule: shipments}} from a frame's ';'-joined `rules` column: classification
    rules by pack section, the others only as cited (the frame does not say which set it)."""
    classifying = classification_rules(engine)
    rules = frame["rules"].fillna("").astype(str).str.split(";").explode()
    rules = rules[rules != ""].value_counts()
    out: Dict[str, Dict[str, int]] = {}
    for rule, n in rules.items():
        out.setdefault(CLASSIFICATION if rule in classifying else CITED, {})[rule] = int(n)
    return out


def top(counts: Dict[str, int], n: int) -> List[Tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def provenance(findings: Any, engine: Optional["Engine"]) -> Tuple[List[str], List[str],
                                                                   List[str]]:
    """(fingerprints, scenarios, edits) of the decisions (when given) or the engine."""
    fps: List[str] = []
    scen: List[str] = []
    edits: List[str] = []
    decs: Sequence[Any] = ([d for d in findings if _is_decision(d)]
                           if findings is not None and not hasattr(findings, "columns") else [])
    for d in decs:
        if d.fingerprint not in fps:
            fps.append(d.fingerprint)
        s = d.scenario or ""
        if s and s not in scen:
            scen.append(s)
        own = getattr(d, "edits", None)
        for e in (own if own is not None else (engine.edits if engine is not None else [])):
            if e not in edits:
                edits.append(e)
    if not decs and engine is not None:
        fps, scen, edits = [engine.fingerprint], list(engine.scenarios), list(engine.edits)
    return fps, scen, edits
