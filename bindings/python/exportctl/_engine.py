"""exportctl.Engine: the Python face of the C++ engine."""
from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _exportctl as _core
from . import _progress
from ._text import (Diagnostic, RulePackError, ShipmentError, as_of_text, diagnostics,
                    source)

if TYPE_CHECKING:
    import pandas

    from .ruleset import RuleSet

Decision = _core.Decision

# check_many hands the core at most this many shipments at a time: enough to keep the pipeline
# busy, few enough for memory to stay flat.
_CHUNK = 1 << 16
# With a progress bar, chunks of about 1% of the batch so that the bar moves, but never fewer
# shipments than this: each call into the core waits for its slowest thread, and a few thousand
# shipments keep that tail small next to the chunk's work.
_MIN_PROGRESS_CHUNK = 2048

# The RuleSet edits of every what-if engine built in this process, by fingerprint, so that a
# Decision (a native object that knows only its engine's fingerprint) can say it was made by
# edited rules (Decision.edits). Engines with different edits never share a fingerprint: the
# fingerprint is over the pack texts, which the edits change. Entries are a few short strings
# and are kept for the process's life, since decisions outlive their engines.
_EDITS: Dict[str, Tuple[str, ...]] = {}


def register_edits(fingerprint: str, edits: Sequence[str]) -> None:
    """Records the edits behind an engine's fingerprint (Engine.__init__, and an engine
    re-built elsewhere, e.g. unpickled, that carries its edits)."""
    # Two edit lists can give the same packs (the same threshold set twice): the same
    # fingerprint, so the same engine; the first list stays.
    if edits:
        _EDITS.setdefault(fingerprint, tuple(edits))


def edits_of(fingerprint: str) -> List[str]:
    """The RuleSet edits of the engine with this fingerprint; [] for the packs as published
    (or an engine never built in this process)."""
    return list(_EDITS.get(fingerprint, ()))


def chunk_size(n: int, progress: bool) -> int:
    """How many shipments (or frame rows) go to the core per call for a batch of `n`."""
    if not progress:
        return _CHUNK
    return max(_MIN_PROGRESS_CHUNK, min(_CHUNK, -(-n // 100)))


def check_errors(errors: str) -> str:
    """Validates a batch's `errors=` argument: 'raise' or 'record' ('return', the old name of
    'record', still works with a DeprecationWarning)."""
    if errors == "return":
        warnings.warn("errors='return' is deprecated; use errors='record'", DeprecationWarning,
                      stacklevel=3)
        return "record"
    if errors not in ("raise", "record"):
        raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")
    return errors


def default_rules_dir() -> str:
    """The packs shipped inside the package (pip install), else the core's default."""
    here = Path(__file__).resolve().parent / "rules"
    return str(here) if here.is_dir() else _core.default_rules_dir()


def _error(result: Any, what: str) -> ShipmentError:
    return ShipmentError(what, diagnostics(result[1]))


class Engine:
    """A loaded, immutable set of rule packs; safe to share between threads.

    >>> engine = exportctl.Engine()                                # the default packs
    >>> engine = exportctl.Engine(scenario="ai-diffusion-2025")    # AI Diffusion as if enforced
    >>> engine = exportctl.Engine(rules=exportctl.RuleSet.load().override(...))
    >>> engine = exportctl.Engine(lists=["lists/sdn.csv", "lists/csl.csv"])  # official lists

    ``rules`` is None (the default packs), a pack file or directory, a list of them, or a
    :class:`RuleSet` (loaded from memory, nothing is written). ``lists`` are official screening
    list files or directories (OFAC sdn.csv with alt.csv and add.csv beside it, the BIS Denied
    Persons List, a trade.gov Consolidated Screening List .csv) screened for every party; None
    loads the installed share/exportctl/lists, if any. ``reviewed`` are files of reviewed
    matches (docs/screening.md) that clear possible matches, named by reviewer and date. Bad packs or lists raise
    :class:`RulePackError` with every problem found.
    """

    def __init__(self, rules: Union[None, str, "os.PathLike[str]", Sequence[Any], "RuleSet"] = None,
                 scenario: Union[None, str, Sequence[str]] = None,
                 lists: Union[None, str, "os.PathLike[str]", Sequence[Any]] = None,
                 reviewed: Union[None, str, "os.PathLike[str]", Sequence[Any]] = None) -> None:
        from .ruleset import RuleSet

        scenarios = [scenario] if isinstance(scenario, str) else list(scenario or [])
        paths: List[str] = []
        texts: List[tuple] = []
        items: List[Any]
        if rules is None:
            items = [default_rules_dir()]
        elif isinstance(rules, (str, os.PathLike, RuleSet)):
            items = [rules]
        else:
            items = list(rules)
        for r in items:
            if isinstance(r, RuleSet):
                texts.extend(r._texts())
            else:
                paths.append(os.fspath(r))
        if lists is None:
            list_paths: List[str] = []
        elif isinstance(lists, (str, os.PathLike)):
            list_paths = [os.fspath(lists)]
        else:
            list_paths = [os.fspath(x) for x in lists]
        reviewed_paths = ([os.fspath(reviewed)] if isinstance(reviewed, (str, os.PathLike))
                          else [os.fspath(x) for x in (reviewed or [])])
        core, diags = _core.load(paths, texts, scenarios, list_paths, reviewed_paths)
        # What the engine was built from, for pickling (exportctl/_pickle.py); `edits` are the
        # RuleSet edits (one line each) that make this a what-if engine, empty for the packs
        # as published.
        self._sources = (paths, texts, scenarios, list_paths, reviewed_paths)
        self.edits: List[str] = [e for r in items if isinstance(r, RuleSet) for e in r.edits]
        found = diagnostics(diags)
        if core is None:
            raise RulePackError("the rule packs or screening lists could not be loaded", found)
        self._core = core
        register_edits(core.fingerprint, self.edits)
        self.scenarios: List[str] = sorted(set(scenarios))
        #: Warnings found while loading (the engine loaded anyway).
        self.warnings: List[Diagnostic] = found

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the loaded pack set; every decision carries it."""
        return self._core.fingerprint

    @property
    def packs(self) -> List[dict]:
        """The loaded packs: id, version and SHA-256 of each (scenario packs included)."""
        return [{"id": i, "version": v, "sha256": s} for i, v, s in self._core.packs]

    @property
    def lists(self) -> List[dict]:
        """The official screening lists loaded: source, file, rows and SHA-256 of each."""
        return [{"source": s, "file": f, "rows": n, "sha256": h} for s, f, n, h in self._core.lists]

    @property
    def product_ids(self) -> List[str]:
        """Ids of the product catalog, sorted."""
        return self._core.product_ids

    def check(self, shipment: Any, as_of: Any = None) -> Decision:
        """Decides one shipment: a dict, YAML/JSON text, or a path to a .yaml/.json file.

        ``as_of`` (a date or 'YYYY-MM-DD') overrides the shipment's date. Raises
        :class:`ShipmentError` for bad input, with the same diagnostics as the command line.
        """
        obj, name = source(shipment)
        result = self._core.check(obj, as_of_text(as_of), name)
        if isinstance(result, tuple):
            raise _error(result, f"shipment {name} cannot be decided")
        return result

    def check_many(self, shipments: Iterable[Any], threads: Optional[int] = None,
                   progress: bool = False, as_of: Any = None,
                   errors: str = "raise") -> List[Any]:
        """Decides many shipments in parallel (the GIL is released while deciding).

        Results are in input order. ``threads`` defaults to one per core. ``progress`` shows a
        progress bar (tqdm if installed) that moves as the batch is decided. ``errors="raise"``
        (the default) raises :class:`ShipmentError` for the first bad shipment;
        ``errors="record"`` puts the ShipmentError in its place in the results instead
        (``exportctl.decisions_frame`` turns those into rows with an ``error``). The old name
        ``errors="return"`` still means "record" and warns that it is deprecated.
        """
        errors = check_errors(errors)
        items = shipments if isinstance(shipments, list) else list(shipments)
        if not all(type(x) is dict for x in items):
            items = [x if type(x) is dict else source(x)[0] for x in items]
        day = as_of_text(as_of)
        n = len(items)
        step = chunk_size(n, progress)
        bar = _progress.maybe(progress, n)
        out: List[Any] = []
        try:
            for start in range(0, n, step):
                chunk = items[start:start + step]
                out.extend(self._core.check_many(chunk, day, threads or 0,
                                                 f"<shipments>[{start}+]" if start else "<shipments>"))
                if bar is not None:
                    bar.update(len(chunk))
        finally:
            if bar is not None:
                bar.close()
        for i, r in enumerate(out):
            if isinstance(r, tuple):
                err = _error(r, f"shipment {i} cannot be decided")
                if errors == "raise":
                    raise err
                out[i] = err
        return out

    def check_frame(self, frame: "pandas.DataFrame", as_of: Any = None,
                    threads: Optional[int] = None, carry: Sequence[str] = (),
                    errors: str = "record", progress: bool = False) -> "pandas.DataFrame":
        """Decides a table of shipment lines (docs/shipment-lines.md: one row per item,
        consecutive rows with the same ``shipment`` form one shipment). Returns a copy of the
        frame with columns added: decision, review_policy, eccn, rules, missing_facts, error.

        ``frame`` must be a ``pandas.DataFrame`` (anything else is a TypeError that says what to
        pass: for a list of dicts, ``check_many`` or ``pandas.DataFrame(...)``).
        ``errors="record"`` (the default) writes a shipment that cannot be decided into the
        ``error`` column of its rows and goes on; ``errors="raise"`` raises the first one as
        :class:`ShipmentError`. ``progress`` shows a progress bar over the rows.

        As strict as ``exportctl batch``: every column is a shipment-lines column
        (:data:`exportctl.LINE_COLUMNS`) or named in ``carry`` (carried through to the result
        unread, e.g. ``carry=["order_value"]``). Unknown, misspelt or duplicate columns and
        columns of the wrong type raise :class:`ShipmentError` naming the column (whatever
        ``errors`` says: they are not one row's problem). Nullable dtypes and ``<NA>`` are
        empty cells; ``pd.Timestamp``/``datetime.date`` dates and numpy scalars are what they
        mean."""
        from .frame import check_frame

        return check_frame(self, frame, as_of=as_of, threads=threads, carry=carry,
                           errors=errors, progress=progress)

    def classify(self, product: Optional[str] = None, specs: Any = None,
                 as_of: Any = None) -> dict:
        """Classifies a catalog product or an IC's specs (a dict or YAML/JSON text) on a date
        (default today): {"as_of", "item": {eccn, paragraph, tpp, performance_density, ...},
        "missing_facts", "findings"}."""
        import json

        if (product is None) == (specs is None):
            raise ValueError("give exactly one of product and specs")
        text = ""
        if specs is not None:
            text = specs if isinstance(specs, str) else json.dumps(specs)
        out, diags = self._core.classify(product or "", text, as_of_text(as_of))
        if out is None:
            raise ShipmentError("the item cannot be classified", diagnostics(diags))
        return json.loads(out)

    def __repr__(self) -> str:
        scen = f", scenario={self.scenarios!r}" if self.scenarios else ""
        return f"<exportctl.Engine {self.fingerprint[:12]}{scen}>"
