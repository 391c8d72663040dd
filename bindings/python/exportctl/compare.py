"""What-if: which shipments change decision between two engines, and which rules made it."""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Union

from ._text import ShipmentError

if TYPE_CHECKING:
    import pandas

    from ._engine import Decision, Engine


@dataclass
class Difference:
    """One shipment whose decision differs between engine a and engine b. With
    ``errors="record"``, `a` or `b` is the ShipmentError of a shipment that engine could not
    decide."""

    index: int                 #: position in the input
    shipment: Any              #: the input as given
    a: "Decision"
    b: "Decision"
    only_in_a: List[str] = field(default_factory=list)  #: rules that fired under a only
    only_in_b: List[str] = field(default_factory=list)  #: rules that fired under b only

    @property
    def rules(self) -> List[str]:
        """The rules that made the difference (fired under one engine and not the other)."""
        return sorted(set(self.only_in_a) | set(self.only_in_b))


_FRAME_COLUMNS = ["index", "shipment", "decision_a", "decision_b", "review_policy_a",
                  "review_policy_b", "only_in_a", "only_in_b", "error_a", "error_b"]


class Differences(List[Difference]):
    """A list of Difference, with a DataFrame view."""

    def to_frame(self) -> "pandas.DataFrame":
        import pandas as pd

        def side(d: Any, name: str) -> Any:
            return None if isinstance(d, ShipmentError) else getattr(d, name)

        return pd.DataFrame.from_records([{
            "index": d.index,
            "shipment": side(d.a, "shipment") or side(d.b, "shipment"),
            "decision_a": side(d.a, "decision"), "decision_b": side(d.b, "decision"),
            "review_policy_a": side(d.a, "review_policy"),
            "review_policy_b": side(d.b, "review_policy"),
            "only_in_a": ";".join(d.only_in_a), "only_in_b": ";".join(d.only_in_b),
            "error_a": str(d.a) if isinstance(d.a, ShipmentError) else None,
            "error_b": str(d.b) if isinstance(d.b, ShipmentError) else None} for d in self],
            columns=_FRAME_COLUMNS)


def _check_errors(errors: str) -> None:
    if errors not in ("raise", "record"):
        raise ValueError(f"compare: errors must be 'raise' or 'record', not {errors!r}")


def compare(shipments: Union[Iterable[Any], "pandas.DataFrame"], engine_a: "Engine",
            engine_b: "Engine", as_of: Any = None, threads: Optional[int] = None,
            policy: bool = False, errors: str = "raise",
            carry: Sequence[str] = ()) -> Union[Differences, "pandas.DataFrame"]:
    """Decides every shipment under both engines.

    For an iterable of shipments (dicts, texts, paths): returns the shipments whose decision
    differs (also those whose review policy differs when ``policy`` is true), with both
    decisions and the rules that fired under one engine only, as :class:`Differences`.

    For a ``pandas.DataFrame`` of shipment lines (docs/shipment-lines.md, as
    ``Engine.check_frame`` takes it, with ``carry`` for extra columns): returns a DataFrame
    with the same index as the input (one row per input line, so it joins back), the input's
    columns, the columns ``check_frame`` adds under engine a with the suffix ``_a``
    (decision_a, shipment_decision_a, review_policy_a, ..., error_a), the same under
    engine b (``_b``), ``only_in_a`` and ``only_in_b`` (the rules that fired under one engine
    only, ';'-joined) and ``changed``: the line's decision differs, or its shipment's
    (``shipment_decision``), or the error, or with ``policy`` the review policy.
    ``frame.attrs["engines"]`` says what each side was (fingerprint, scenarios and RuleSet
    edits).

    ``errors="raise"`` (the default) raises :class:`ShipmentError` for the first shipment an
    engine cannot decide; ``errors="record"`` keeps it: its error text in ``error_a``/``error_b``
    (frames) or the ShipmentError as ``Difference.a``/``.b`` (iterables).

    >>> diffs = exportctl.compare(orders, exportctl.Engine(),
    ...                           exportctl.Engine(scenario="ai-diffusion-2025"))
    >>> diffs.to_frame().groupby(["decision_a", "decision_b"]).size()
    >>> table = exportctl.compare(frame, engine, what_if)     # frame: shipment lines
    >>> table[table.changed]
    """
    _check_errors(errors)
    if _is_frame(shipments):
        return _compare_frame(shipments, engine_a, engine_b, as_of, threads, policy, errors,
                              carry)
    if carry:
        raise ValueError("compare: `carry` is for a DataFrame of shipment lines")
    items = shipments if isinstance(shipments, list) else list(shipments)
    a = engine_a.check_many(items, threads=threads, as_of=as_of, errors=errors)
    b = engine_b.check_many(items, threads=threads, as_of=as_of, errors=errors)
    out = Differences()
    for i, (da, db) in enumerate(zip(a, b)):
        ea, eb = isinstance(da, ShipmentError), isinstance(db, ShipmentError)
        if ea or eb:
            if ea and eb and str(da) == str(db):
                continue
        elif da.decision == db.decision and not (policy and da.review_policy != db.review_policy):
            continue
        ra = set() if ea else set(da.rules)
        rb = set() if eb else set(db.rules)
        out.append(Difference(i, items[i], da, db, sorted(ra - rb), sorted(rb - ra)))
    return out


def _is_frame(x: Any) -> bool:
    try:
        import pandas as pd
    except ImportError:  # without pandas nothing is a DataFrame
        return False
    return isinstance(x, pd.DataFrame)


def _decide(engine: "Engine", frame: "pandas.DataFrame", side: str, as_of: Any,
            threads: Optional[int], errors: str, carry: Sequence[str]) -> "pandas.DataFrame":
    """engine.check_frame, with the first bad shipment raised under errors="raise" (named by
    its side), through check_frame's own `errors` where it has one."""
    native = "errors" in inspect.signature(engine.check_frame).parameters
    try:
        if native:
            out = engine.check_frame(frame, as_of=as_of, threads=threads, carry=carry,
                                     errors=errors)
        else:
            out = engine.check_frame(frame, as_of=as_of, threads=threads, carry=carry)
    except ShipmentError as e:
        first = str(e.args[0]).split("\n", 1)[0] if e.args else "shipment cannot be decided"
        raise ShipmentError(f"engine_{side}: {first}", e.diagnostics) from None
    if errors == "raise" and out["error"].notna().any():
        pos = int(out["error"].notna().to_numpy().nonzero()[0][0])
        sid = frame["shipment"].iloc[pos] if "shipment" in frame.columns else pos
        raise ShipmentError(f"engine_{side}: shipment `{sid}` (row {frame.index[pos]!r}) "
                            f"cannot be decided: {out['error'].iloc[pos]}", [])
    if len(out) != len(frame):  # fail closed: rows must join back one to one
        raise ShipmentError(f"engine_{side}: check_frame returned {len(out)} rows for "
                            f"{len(frame)}", [])
    return out


def _engine_info(engine: "Engine") -> Dict[str, Any]:
    return {"fingerprint": engine.fingerprint, "scenarios": list(engine.scenarios),
            "edits": list(getattr(engine, "edits", []))}


def _compare_frame(frame: "pandas.DataFrame", engine_a: "Engine", engine_b: "Engine",
                   as_of: Any, threads: Optional[int], policy: bool, errors: str,
                   carry: Sequence[str]) -> "pandas.DataFrame":
    ra = _decide(engine_a, frame, "a", as_of, threads, errors, carry)
    rb = _decide(engine_b, frame, "b", as_of, threads, errors, carry)
    out = join_results(frame, ra, rb, policy)
    out.attrs["engines"] = {"a": _engine_info(engine_a), "b": _engine_info(engine_b)}
    return out


def join_results(frame: "pandas.DataFrame", ra: "pandas.DataFrame", rb: "pandas.DataFrame",
                 policy: bool = False) -> "pandas.DataFrame":
    """`frame`'s rows with check_frame's columns under engine a (`ra`) and b (`rb`), then
    only_in_a, only_in_b and changed (also exportctl.dask.compare's, per partition)."""
    given = [c for c in frame.columns]
    added = [c for c in ra.columns if c not in given]
    # The order exportctl.dask.compare gives too: engine a's columns, engine b's, then ours.
    new = [f"{c}_{s}" for s in ("a", "b") for c in added] + ["only_in_a", "only_in_b",
                                                               "changed"]
    clash = [c for c in new if c in given]
    if clash:
        raise ValueError(f"compare: the frame already has column(s) {', '.join(clash)}, which "
                         "compare adds; rename them")
    out = frame.copy()
    for s, r in (("a", ra), ("b", rb)):
        for c in added:
            # Positional (the index may repeat labels): row i of a result is row i of the input.
            out[f"{c}_{s}"] = r[c].to_numpy() if c in r.columns else None
    rules_a, rules_b = ra["rules"].tolist(), rb["rules"].tolist()
    split = [(set((x or "").split(";")) - {""}, set((y or "").split(";")) - {""})
             for x, y in zip(rules_a, rules_b)]
    out["only_in_a"] = [";".join(sorted(x - y)) for x, y in split]
    out["only_in_b"] = [";".join(sorted(y - x)) for x, y in split]
    # A line changes when its own decision does, or its shipment's (check_frame gives both
    # where it decides items one by one), or whether it could be decided at all.
    keys = [k for k in ("decision", "shipment_decision", "error") if k in added]
    keys += ["review_policy"] if policy else []
    cols_a = [ra[k].tolist() for k in keys]
    cols_b = [rb[k].tolist() for k in keys]
    out["changed"] = [any(_differ(ca[i], cb[i]) for ca, cb in zip(cols_a, cols_b))
                      for i in range(len(out))]
    out["changed"] = out["changed"].astype(bool)
    return out


def _differ(x: Any, y: Any) -> bool:
    def missing(v: Any) -> bool:
        return v is None or (isinstance(v, float) and v != v)

    if missing(x) or missing(y):
        return missing(x) != missing(y)
    return bool(x != y)
