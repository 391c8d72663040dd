"""pandas: tables of shipment lines (docs/shipment-lines.md) in and out.

A frame's columns go to the core whole, as lists of strings; the C++ shipment-lines reader
(the same one the CLI uses for CSV) assembles the shipments, so no per-row dict is built.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from . import _exportctl as _core
from . import _progress
from ._text import Diagnostic, ShipmentError, as_of_text, diagnostics

if TYPE_CHECKING:
    import pandas

    from ._engine import Engine

_SCHEMA = _core.shipment_schema()

#: The columns of the shipment-lines schema (docs/shipment-lines.md), from the native module's
#: schema table (the one `exportctl batch` reads CSV with). Any other column of a frame is an
#: error unless named in ``check_frame(..., carry=[...])``.
LINE_COLUMNS = tuple(name for name, _level, _type, _required in _SCHEMA["line_columns"])
_COLUMN_TYPE = {name: kind for name, _level, kind, _required in _SCHEMA["line_columns"]}
# The column whose runs form the shipments: the CSV column of the shipment table's id row (its
# first).
_ID_COLUMN = _SCHEMA["shipment"][0][3]  # NOLINT(field-literal): table name
# The key of the items list: the shipment table's item_list row.
_ITEMS_KEY = next(r[0] for r in _SCHEMA["shipment"]  # NOLINT(field-literal): table name
                  if r[1] == "item_list")

#: The columns check_frame adds: per line, the decision, ECCN, rules and missing facts of the
#: line's item; the shipment's decision; its review policy on lines that need a licence; error.
DECISION_COLUMNS = ("decision", "shipment_decision", "review_policy", "eccn", "rules",
                    "missing_facts", "error")

# numpy dtype kinds a column of each schema type may have (besides object and pandas' string
# dtype, whose cells are checked one by one): ids may be numbers, numbers may not be booleans,
# dates must be dates or text.
_KINDS = {
    "string": "iuO",
    "integer": "iufO",
    "number": "iufO",
    "boolean": "biuO",
    "date": "MO",  # NOLINT(field-literal): the type, not the field
    "rate_map": "O",
    "string_list": "iuO",  # `SN1;SN2`; a column of numeric serials is one serial a row
}


def _frame_error(message: str, column: Any = None, row: int = 0, code: str = "EXC-E6011",
                 help: str = "") -> ShipmentError:
    """EXC-E6011 (a column of a frame is not usable: wrong dtype or cell type, a bad `carry`),
    or the code given."""
    d = Diagnostic("error", code, message, "<frame>", row, 0, str(column or "header"), help)
    return ShipmentError(message, [d])


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    if type(v).__name__ in ("NAType", "NaTType"):
        return True
    return False


def _cell(v: Any, kind: str, column: str, row: int) -> str:
    """The text of one cell as the shipment-lines reader reads it; a value of the wrong type for
    the column's schema type is a ShipmentError naming the column."""
    if type(v) is str:
        return v
    if _is_missing(v):
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, _dt.datetime) or isinstance(v, _dt.date):
        if kind != "date":  # NOLINT(field-literal): the type
            raise _wrong_type(column, row, v, kind)
        if isinstance(v, _dt.datetime) and (v.tzinfo is not None or v.time() != _dt.time()):
            raise _frame_error(f"column `{column}` row {row + 1}: `{v}` is a point in time, not "
                               "a date", column, row + 1, help="give dates (YYYY-MM-DD)")
        return v.isoformat()[:10]
    dkind = getattr(getattr(v, "dtype", None), "kind", None)  # numpy scalars
    if isinstance(v, bool) or dkind == "b":
        if kind != "boolean":
            raise _wrong_type(column, row, v, kind)
        return "true" if v else "false"
    if isinstance(v, int) or dkind in ("i", "u"):
        if kind not in ("string", "integer", "number", "boolean", "string_list"):
            raise _wrong_type(column, row, v, kind)
        return str(int(v))
    if isinstance(v, float) or dkind == "f":
        if kind not in ("string", "integer", "number"):
            raise _wrong_type(column, row, v, kind)
        v = float(v)
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    raise _wrong_type(column, row, v, kind)


def _wrong_type(column: str, row: int, v: Any, kind: str) -> ShipmentError:
    return _frame_error(f"column `{column}` holds {type(v).__name__} `{v}` (row {row + 1}); "
                        f"its type is {kind}", column, row + 1,
                        help="see docs/shipment-lines.md for the columns and their types")


def _column(series: "pandas.Series", name: str) -> List[str]:
    kind = _COLUMN_TYPE[name]
    dkind = series.dtype.kind
    if dkind not in _KINDS[kind]:
        raise _frame_error(f"column `{name}` has dtype {series.dtype}; its type is {kind}", name,
                           help="see docs/shipment-lines.md for the columns and their types")
    if dkind in "iu" and not series.hasnans:
        return series.astype(str).tolist()
    # infer_dtype is a compiled pass: on an object column, "string" means every cell is a str
    # (no None, no NaN), the common case, which then needs no Python loop over the cells.
    # (pandas' own string dtype answers "string" by its dtype, <NA> cells and all.)
    from pandas.api.types import infer_dtype

    if series.dtype == object and infer_dtype(series, skipna=False) == "string":
        return series.tolist()
    values = series.tolist()
    return [_cell(v, kind, name, i) for i, v in enumerate(values)]


def _closest(word: str, candidates: Sequence[str]) -> str:
    import difflib

    m = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return f"did you mean `{m[0]}`?" if m else "see docs/shipment-lines.md for the columns"


def _line_columns(frame: "pandas.DataFrame", carry: Sequence[str]) -> List[int]:
    """Positions of the frame's shipment-lines columns. Every other column must be carried;
    non-text, unknown and duplicate column names are errors (the CLI's EXC-E6001/E6002 for
    the shipment columns, checked by the native reader with its "did you mean")."""
    names = list(frame.columns)
    for c in names:
        if not isinstance(c, str):
            raise _frame_error(f"column name {c!r} is not text", code="EXC-E6012",
                               help="name every column")
    carry = list(carry)
    for c in carry:
        if c in LINE_COLUMNS:
            raise _frame_error(f"`{c}` is a shipment-lines column; it cannot be carried", c,
                               code="EXC-E6012")
        if c in DECISION_COLUMNS:
            raise _frame_error(f"`{c}` is a column check_frame adds; it cannot be carried", c,
                               code="EXC-E6012")
        if c not in names:
            raise _frame_error(f"carried column `{c}` is not in the frame", c, code="EXC-E6012",
                               help=_closest(c, [n for n in names if n not in LINE_COLUMNS]))
        if names.count(c) > 1:
            raise _frame_error(f"duplicate column `{c}`", c, code="EXC-E6002")
    return [i for i, c in enumerate(names) if c not in carry]


def _require_frame(frame: Any) -> None:
    """A TypeError that says what to pass, for anything but a pandas DataFrame (instead of an
    AttributeError from deep inside)."""
    import pandas as pd

    if isinstance(frame, pd.DataFrame):
        return
    kind = type(frame).__name__
    hint = "pass a pandas.DataFrame of shipment lines (docs/shipment-lines.md)"
    if isinstance(frame, (list, tuple)) and frame and all(isinstance(x, dict) for x in frame):
        hint += ("; for shipment dicts (with `items` and `parties`) use engine.check_many(...), "
                 "for dicts of shipment lines pandas.DataFrame(...) first")
    elif isinstance(frame, (str, os.PathLike)):
        hint += "; for a file, exportctl.read_shipments(path) first"
    elif type(frame).__module__.split(".")[0] == "dask":
        hint += "; for a dask dataframe, exportctl.dask.check_frame(ddf, engine)"
    elif isinstance(frame, pd.Series):
        hint += "; a Series is one column"
    raise TypeError(f"check_frame: `frame` is a {kind}; {hint}")


def _chunks(shipment: Optional[List[str]], n: int, progress: bool) -> List[Tuple[int, int]]:
    """Row ranges to hand the core one at a time: the whole frame, or, with a progress bar,
    ranges of about 1% of it that each end where the `shipment` cell changes (a shipment is
    consecutive rows with the same trimmed, non-empty cell, so no shipment is split)."""
    from ._engine import chunk_size

    step = chunk_size(n, progress)
    # Without a bar, one call: the core keeps a few values per line, not the decisions, and
    # splits the rows between its threads itself.
    if shipment is None or not progress or step >= n:
        return [(0, n)]
    out: List[Tuple[int, int]] = []
    start = 0
    while n - start > step:
        cut = start + step
        while cut < n:
            a, b = shipment[cut - 1].strip(), shipment[cut].strip()
            if a and b and a != b:
                break
            cut += 1
        if cut >= n:
            break
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def _shifted(diags: List[Diagnostic], rows: int) -> List[Diagnostic]:
    """Diagnostics of a chunk starting at frame row `rows`, with the frame's row numbers."""
    if not rows:
        return diags
    return [dataclasses.replace(d, line=d.line + rows) if d.line else d for d in diags]


def _line_data(frame: "pandas.DataFrame", carry: Sequence[str]
               ) -> Tuple[List[str], List[List[str]]]:
    """The frame's shipment-lines column names and their cells as text."""
    positions = _line_columns(frame, carry)
    names = [frame.columns[i] for i in positions]
    # Unknown and duplicate names go to the native reader, which rejects them as `exportctl
    # batch` does (EXC-E6001 with its "did you mean", EXC-E6002).
    data = [_column(frame.iloc[:, i], c) if c in _COLUMN_TYPE and names.count(c) == 1
            else [""] * len(frame) for i, c in zip(positions, names)]
    return names, data


def _decided_chunks(engine: "Engine", frame: "pandas.DataFrame", as_of: Any,
                    threads: Optional[int], carry: Sequence[str], progress: bool,
                    columns: bool) -> Iterator[Tuple[int, Any]]:
    """(first row, the core's answer) per chunk of the frame (_chunks), with the bar moved as
    each is decided: check_lines_columns when `columns`, else check_lines (Decision objects).
    Raises TypeError for anything but a DataFrame, ShipmentError for unusable columns."""
    _require_frame(frame)
    names, data = _line_data(frame, carry)
    n = len(frame)
    ids = data[names.index(_ID_COLUMN)] if names.count(_ID_COLUMN) == 1 else None
    day = as_of_text(as_of)
    call = engine._core.check_lines_columns if columns else engine._core.check_lines
    bar = _progress.maybe(progress, n, unit="line")
    try:
        for start, stop in _chunks(ids, n, progress):
            part = data if (start, stop) == (0, n) else [c[start:stop] for c in data]
            yield start, call(names, part, "<frame>", day, threads or 0)
            if bar is not None:
                bar.update(stop - start)
    finally:
        if bar is not None:
            bar.close()


def frame_decisions(engine: "Engine", frame: "pandas.DataFrame", as_of: Any = None,
                    threads: Optional[int] = None, carry: Sequence[str] = (),
                    progress: bool = False) -> List[Tuple[range, Any]]:
    """One (rows, Decision or ShipmentError) per shipment of a frame of shipment lines; `rows`
    are the frame's row positions (0-based) that made the shipment. Raises TypeError for
    anything but a DataFrame and ShipmentError when the frame's columns are unusable (unknown,
    misspelt, duplicate or of the wrong type). ``progress`` shows a bar over the rows."""
    n = len(frame)
    out = []
    for start, results in _decided_chunks(engine, frame, as_of, threads, carry, progress, False):
        for first, last, r in results:
            rows = range(max(first + start, 1) - 1, min(last + start, n))
            if isinstance(r, tuple):
                diags = _shifted(diagnostics(r[1]), start)
                if any(d.path == "header" for d in diags):
                    raise ShipmentError("the frame's columns are not shipment lines", diags)
                r = ShipmentError("shipment cannot be decided", diags)
            out.append((rows, r))
    return out


def check_frame(engine: "Engine", frame: "pandas.DataFrame", as_of: Any = None,
                threads: Optional[int] = None, carry: Sequence[str] = (),
                errors: str = "record", progress: bool = False) -> "pandas.DataFrame":
    """See Engine.check_frame. The added columns are built in C++ (no Decision objects), one
    value per line: the line's item's decision, ECCN, rules and missing facts; the shipment's
    decision (`shipment_decision`) and, on lines that need a licence, its review policy."""
    import numpy as np
    import pandas as pd

    if errors not in ("raise", "record"):
        raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")
    n = len(frame) if isinstance(frame, pd.DataFrame) else 0
    parts = []
    error: List[Any] = [None] * n
    for start, got in _decided_chunks(engine, frame, as_of, threads, carry, progress, True):
        if "header" in got:
            raise ShipmentError("the frame's columns are not shipment lines",
                                diagnostics(got["header"]))
        parts.append(_object_columns(got["columns"]))
        for first, last, diags in got["refused"]:
            rows = range(max(first + start, 1) - 1, min(last + start, n))
            r = ShipmentError("shipment cannot be decided", _shifted(diagnostics(diags), start))
            if errors == "raise":  # named by its id and rows (1-based, as the diagnostics)
                sid = frame[_ID_COLUMN].iloc[rows[0]] if len(rows) else "?"
                raise ShipmentError(f"shipment `{sid}` (frame rows {rows.start + 1}-"
                                    f"{rows.stop}) cannot be decided", r.diagnostics)
            text = str(r)
            for i in rows:
                error[i] = text
    cols = {k: np.concatenate([p[k] for p in parts]) if parts else np.empty(0, dtype=object)
            for k in DECISION_COLUMNS if k != "error"}
    out = frame.copy()
    for k, c in cols.items():
        out[k] = c  # one value per row, or pandas refuses the column
    # Fail closed: a row no shipment accounted for gets an error, never a silent None.
    lost = np.flatnonzero(pd.isna(cols["decision"])) if n else []
    for i in lost:
        if error[i] is None:
            if errors == "raise":
                raise _frame_error("rows were not read as part of any shipment", _ID_COLUMN,
                                   row=int(i) + 1, code="EXC-E6011")
            error[i] = "row was not read as part of any shipment"
    out["error"] = error
    return out


def _object_columns(table: Dict[str, Any]) -> Dict[str, Any]:
    """The core's per-line columns (see exportctl/_tables.py for the encoding) as plain object
    arrays with None where empty, as check_frame has always given them: a frame's dtypes do not
    change with the rows it holds (dask partitions concatenate)."""
    import numpy as np

    out = {}
    for name, (kind, codes, values) in table["columns"].items():
        lookup = np.empty(len(values) + 1, dtype=object)
        lookup[:-1] = values
        lookup[-1] = None  # code -1: missing
        out[name] = lookup[codes]
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
    if records and all(isinstance(r, dict) and _ITEMS_KEY in r for r in records):
        return records
    return pd.DataFrame.from_records(records)
