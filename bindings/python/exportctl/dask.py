"""Dask: decide a dask.dataframe of shipment lines (docs/shipment-lines.md) partition by
partition, each partition in C++ on the worker that holds it.

>>> import dask.dataframe as dd, exportctl.dask
>>> ddf = dd.read_csv("orders-*.csv", dtype=str, keep_default_na=False)
>>> out = exportctl.dask.check_frame(ddf)                    # lazy; the default packs
>>> out.groupby("decision").size().compute()
>>> diff = exportctl.dask.compare(ddf, exportctl.Engine(),
...                               exportctl.Engine(scenario="ai-diffusion-2025"))

The engine travels to the workers once per worker, as its pack texts and list snapshots
(exportctl/_pickle.py), and is loaded there once per process.

**Shipments across partitions.** Consecutive rows with the same ``shipment`` form one shipment,
and a partition is decided on its own, so a shipment whose lines straddle a partition boundary
would be decided as two half shipments. Rather than refuse (partition boundaries come from file
sizes and row counts, not from the data), these functions move the boundaries to shipment
boundaries: one cheap pass reads the ``shipment`` column of every partition to find where each
run of rows with one id starts, then every shipment's rows are decided together in the
partition where it starts. The input's index is kept, so results join back to the input. (That
pass computes the input's partitions once more: ``persist()`` an input that is costly to
compute.)
"""
from __future__ import annotations

import re
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from . import _pickle  # noqa: F401  (Engine and Decision pickle: the engine goes to workers)
from ._engine import Engine
from .frame import _ID_COLUMN, DECISION_COLUMNS

if TYPE_CHECKING:
    import dask.dataframe
    import pandas

_ID = _ID_COLUMN  # the shipment-lines column whose runs form the shipments (schema tables)
# Where an error names a frame row: `<frame>:LINE:COLUMN` (the Diagnostic's text, _text.py).
_WHERE = re.compile(r"^(<frame>):(\d+):", re.M)

#: The columns compare() adds: each of check_frame's columns once per engine, then `changed`.
COMPARE_COLUMNS = tuple(f"{k}_{s}" for s in ("a", "b") for k in DECISION_COLUMNS) + (
    "only_in_a", "only_in_b", "changed")


def _dask() -> Tuple[Any, Any]:
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as e:
        raise ImportError(
            "exportctl.dask needs Dask: install dask[dataframe] (Debian: python3-dask; for a "
            "cluster also python3-distributed)") from e
    return dask, dd


def _checked(ddf: Any) -> None:
    _, dd = _dask()
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"ddf must be a dask.dataframe.DataFrame of shipment lines, not "
                        f"{type(ddf).__name__} (for a pandas frame use engine.check_frame)")
    if _ID not in ddf.columns:
        raise ValueError(f"ddf has no `{_ID}` column: it is not a frame of shipment lines "
                         "(docs/shipment-lines.md)")


def _engine(engine: Optional[Engine], name: str, default: bool = False) -> Engine:
    if engine is None and default:
        return Engine()
    if not isinstance(engine, Engine):
        raise TypeError(f"{name} must be an exportctl.Engine, not {type(engine).__name__}")
    return engine


def _edges(part: "pandas.DataFrame") -> List[Tuple[int, Any, Any, int]]:
    """(rows, first id, last id, rows in the first id's leading run) of one partition."""
    ids = part[_ID].tolist()
    if not ids:
        return [(0, None, None, 0)]
    head = 1
    while head < len(ids) and ids[head] == ids[0]:
        head += 1
    return [(len(ids), ids[0], ids[-1], head)]


def _groups(edges: Sequence[Tuple[int, Any, Any, int]]) -> List[List[Tuple[int, int, int]]]:
    """Output partitions as lists of (input partition, first row, end row): a shipment's rows
    stay in the output partition where its first row is, across empty partitions too."""
    groups: List[List[Tuple[int, int, int]]] = []
    last: Any = None
    have_last = False
    for j, (n, first, tail, head) in enumerate(edges):
        if n == 0:
            continue
        if have_last and first == last:
            groups[-1].append((j, 0, head))  # continues the shipment the last group ends with
            if head < n:
                groups.append([(j, head, n)])
        else:
            groups.append([(j, 0, n)])
        last, have_last = tail, True
    return groups


def _lines(pieces: Sequence[Tuple["pandas.DataFrame", int, int]]) -> "pandas.DataFrame":
    import pandas as pd

    frames = [p if (a, b) == (0, len(p)) else p.iloc[a:b] for p, a, b in pieces]
    return frames[0] if len(frames) == 1 else pd.concat(frames)


def _decide(engine: Engine, pieces: Any, offset: int, kw: Dict[str, Any]) -> "pandas.DataFrame":
    # threads=1 by default: Dask already runs a task per core; the caller may pass threads.
    out = engine.check_frame(_lines(pieces), **{"threads": 1, **kw})
    if offset and out["error"].notna().any():
        # The errors name rows of this partition; shift them to rows of the whole frame, so
        # that they read as engine.check_frame(ddf.compute()) would write them.
        out["error"] = [e if e is None else _WHERE.sub(
            lambda m: f"{m.group(1)}:{int(m.group(2)) + offset}:", e)
            for e in out["error"].tolist()]
    return out


def _both(a: Engine, b: Engine, pieces: Any, offset: int,
          kw: Dict[str, Any]) -> "pandas.DataFrame":
    return _join(_decide(a, pieces, offset, kw), _decide(b, pieces, offset, kw),
                 len(_lines(pieces).columns))


def _join(out_a: "pandas.DataFrame", out_b: "pandas.DataFrame", width: int) -> "pandas.DataFrame":
    """The input columns, then check_frame's columns under engine a and engine b, then
    only_in_a, only_in_b and `changed`, as exportctl.compare gives them for a frame."""
    from .compare import join_results

    return join_results(out_a.iloc[:, :width], out_a, out_b)


def _meta(result: "pandas.DataFrame") -> "pandas.DataFrame":
    # check_frame of an empty frame gives float64 for the columns it adds (empty lists); the
    # real partitions hold text and None: object, as Dask must be told.
    out = result.copy()
    for k in out.columns:
        if k in DECISION_COLUMNS or k in COMPARE_COLUMNS[:-1]:
            out[k] = out[k].astype(object)
    if "changed" in out.columns:
        out["changed"] = out["changed"].astype(bool)
    return out


def _plan(ddf: Any) -> Tuple[Any, List[List[Tuple[int, int, int]]], List[int]]:
    """The input's partitions, the output partitions (_groups) and where each input partition
    starts in the whole frame (for the rows errors name)."""
    dask, _ = _dask()
    edges = dask.delayed(_edges, pure=True)
    # The one eager pass: the shipment column only (a column store reads nothing else).
    found = [e[0] for e in dask.compute(*[edges(p) for p in ddf[[_ID]].to_delayed()])]
    return ddf.to_delayed(), _groups(found), [0] + list(accumulate(e[0] for e in found))


def _run(ddf: Any, fn: Any, engines: Sequence[Engine], meta: "pandas.DataFrame",
         kw: Dict[str, Any]) -> "dask.dataframe.DataFrame":
    dask, dd = _dask()
    parts, groups, starts = _plan(ddf)
    # One delayed object per engine: its pickle (pack texts, list bytes) goes into the graph
    # once, and each worker process unpickles it once (the per-process cache of _pickle.py).
    held = [dask.delayed(e, pure=True) for e in engines]
    decide = dask.delayed(fn, pure=True)
    outs = [decide(*held, [(parts[j], a, b) for j, a, b in g], starts[g[0][0]] + g[0][1], kw)
            for g in groups]
    if not outs:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_delayed(outs, meta=meta, verify_meta=True)


def check_frame(ddf: "dask.dataframe.DataFrame", engine: Optional[Engine] = None,
                **kw: Any) -> "dask.dataframe.DataFrame":
    """Decides a dask.dataframe of shipment lines, like :meth:`exportctl.Engine.check_frame`
    (the same columns added, the same keyword arguments: ``as_of``, ``threads``, ``carry``),
    partition by partition on the workers. ``engine`` None is the default packs. Lazy apart
    from one pass over the ``shipment`` column that keeps every shipment in one partition."""
    _checked(ddf)
    e = _engine(engine, "engine", default=True)
    meta = _meta(e.check_frame(ddf._meta, **kw))  # also refuses bad columns before any work
    return _run(ddf, _decide, [e], meta, kw)


def compare(ddf: "dask.dataframe.DataFrame", engine_a: Engine, engine_b: Engine,
            **kw: Any) -> "dask.dataframe.DataFrame":
    """Every line of ``ddf`` decided under both engines: the input columns, then decision_a,
    shipment_decision_a, review_policy_a, eccn_a, rules_a, missing_facts_a, error_a, the same
    for b, only_in_a, only_in_b and ``changed`` (the line's or its shipment's decision, or the
    error, differs), as exportctl.compare gives them for a pandas frame. Filter with
    ``out[out.changed]``."""
    _checked(ddf)
    a, b = _engine(engine_a, "engine_a"), _engine(engine_b, "engine_b")
    taken = [c for c in ddf.columns if c in COMPARE_COLUMNS]
    if taken:
        raise ValueError(f"ddf has columns compare() adds: {', '.join(map(str, taken))}")
    width = len(ddf.columns)
    meta = _meta(_join(a.check_frame(ddf._meta, **kw), b.check_frame(ddf._meta, **kw), width))
    return _run(ddf, _both, [a, b], meta, kw)
