"""Pickling Engine and Decision (multiprocessing, joblib, Dask's process and distributed
schedulers).

An Engine pickles as everything it was built from: the pack texts (a pack directory with its
pack-set.yaml manifest, so decisions name the same pack set), the screening-list files and
reviewed-match files as bytes, the scenarios and the RuleSet edits. The other side rebuilds the
engine from them and refuses it (RulePackError) unless its sources fingerprint, over the packs,
every list and every reviewed file, equals the original's: a worker never screens against less.
Restored engines are cached per process by that state, so a worker loads each engine once.

A Decision pickles as its canonical JSON and its warnings, read back by the C++ reader
(``_exportctl.decision_from_json``), so the restored decision's JSON is byte for byte the same.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import _exportctl as _core
from ._engine import Decision, Engine
from ._text import ExportctlError, RulePackError

_VERSION = 1  # of the pickled state; a different version is refused, never guessed at
_REVIEWED = "reviewed matches"  # the source name the core gives reviewed-match files
_MANIFEST = "pack-set.yaml"     # rules/pack_set.hpp: a directory's manifest, not a pack

# Per process: restored engines by the digest of their pickled state, so unpickling the same
# engine many times (a task per partition) loads it once.
_CACHE: Dict[str, Engine] = {}
_LOCK = threading.Lock()


def sources_fingerprint(engine: Engine) -> str:
    """SHA-256 over what the engine screens with: the pack fingerprint (packs and scenarios),
    then source, base name, rows and SHA-256 of every official list and reviewed-match file in
    load order. Paths are left out on purpose (a restored engine may read its lists from a
    private copy); contents are not."""
    lines = [f"packs\t{engine.fingerprint}\n"]
    for l in engine.lists:
        lines.append(f"list\t{l['source']}\t{os.path.basename(l['file'])}\t{l['rows']}\t"
                     f"{l['sha256']}\n")
    lines.extend(f"scenario\t{s}\n" for s in sorted(set(engine._sources[2])))
    return hashlib.sha256("".join(lines).encode()).hexdigest()


# --- capture (on the pickling side) ------------------------------------------------------------

def _pack_files(path: str) -> List[Tuple[str, bytes]]:
    """(relative name, bytes) of what the core reads for one rule path (rules/loader.cpp): a
    file itself, or a directory's *.yaml files, recursively, hidden entries skipped, with the
    top-level pack-set.yaml kept as the manifest it is."""
    p = Path(path)
    if not p.is_dir():
        return [(p.name, p.read_bytes())]
    out = []
    for root, dirs, files in os.walk(p):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            full = Path(root) / f
            if f.startswith(".") or full.suffix != ".yaml" or not full.is_file():
                continue
            out.append((full.relative_to(p).as_posix(), full.read_bytes()))
    return out


def _companion(sdn: str, name: str) -> str:
    """`name` beside an OFAC sdn.csv in the case the SDN file uses (read_list.cpp)."""
    base = os.path.basename(sdn)
    return name.upper() if base[:1].isupper() else name


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def _list_files(entry: Dict[str, Any]) -> List[Tuple[str, bytes]]:
    """The files of one loaded list, checked against the SHA-256 the engine loaded: a list
    changed on disk since loading cannot be pickled (it would be a different list)."""
    path = entry["file"]
    files = [(os.path.basename(path), Path(path).read_bytes())]
    if entry["source"] != _REVIEWED and os.path.basename(path).lower() == "sdn.csv":
        for n in ("alt.csv", "add.csv"):
            c = _companion(path, n)
            files.append((c, (Path(path).parent / c).read_bytes()))
        digest = _sha("".join(_sha(b) for _, b in files).encode())  # read_list.cpp
    else:
        digest = _sha(files[0][1])
    if digest != entry["sha256"]:
        raise pickle.PicklingError(
            f"cannot pickle the engine: `{path}` changed since the engine was loaded "
            f"(sha256 {digest[:12]}, loaded {entry['sha256'][:12]}); load a new Engine")
    return files


def _state(engine: Engine) -> Dict[str, Any]:
    # Captured at the first pickle, not at construction: engines are built often (what-if
    # loops) and pickled rarely, and lists run to tens of MB that every engine would otherwise
    # hold twice. Files changed in between are caught: lists by their SHA-256 here, packs by
    # re-loading the captured texts here (once per engine, ~30 ms) and again on the other side.
    cached = getattr(engine, "_pickle_state", None)
    if cached is not None:
        return cached
    paths, texts, scenarios, _list_paths, _reviewed_paths = engine._sources
    try:
        packs = [(os.path.isdir(p), _pack_files(p)) for p in paths]
        lists = [(l["source"], _list_files(l)) for l in engine.lists]
    except OSError as e:
        raise pickle.PicklingError(f"cannot pickle the engine: {e}") from None
    state = {
        "version": _VERSION, "packs": packs, "texts": [tuple(t) for t in texts],
        "scenarios": list(scenarios), "lists": lists, "edits": list(engine.edits),
        "origin": [l["file"] for l in engine.lists], "warnings": list(engine.warnings),
        "fingerprint": engine.fingerprint, "sources_fingerprint": sources_fingerprint(engine),
    }
    try:
        check = _load(state, lists=False)
    except RulePackError as e:
        raise pickle.PicklingError(
            f"cannot pickle the engine: its rule packs no longer load as loaded: {e}") from e
    if check.fingerprint != engine.fingerprint:
        raise pickle.PicklingError(
            "cannot pickle the engine: its rule packs changed on disk since it was loaded "
            f"(fingerprint {check.fingerprint[:12]}, loaded {engine.fingerprint[:12]}); "
            "load a new Engine")
    engine._pickle_state = state
    return state


# --- restore (on the unpickling side) ----------------------------------------------------------

def _same_bytes(path: str, files: Sequence[Tuple[str, bytes]]) -> bool:
    """True if the list at its original path still holds exactly the pickled bytes (then the
    restored engine reads it there, and its decisions name the same path byte for byte)."""
    d = os.path.dirname(path)
    try:
        return all(Path(d, n).read_bytes() == b for n, b in files)
    except OSError:
        return False


def _load(state: Dict[str, Any], lists: bool = True) -> Engine:
    from .ruleset import RuleSet, _Pack

    tmp = tempfile.mkdtemp(prefix="exportctl-engine-")  # private (0700), removed below
    try:
        rules: List[Any] = []
        for i, (is_dir, files) in enumerate(state["packs"]):
            d = Path(tmp, f"packs{i}")
            for name, data in files:
                (d / name).parent.mkdir(parents=True, exist_ok=True)
                (d / name).write_bytes(data)
            rules.append(str(d) if is_dir else str(d / files[0][0]))
        texts = [_Pack(name, text, {}) for name, text in state["texts"]]
        if texts or state["edits"]:
            rules.append(RuleSet(texts, state["edits"]))
        official: List[str] = []
        reviewed: List[str] = []
        for i, ((source, files), origin) in enumerate(zip(state["lists"] if lists else [],
                                                          state["origin"])):
            if _same_bytes(origin, files):
                path = origin
            else:
                d = Path(tmp, f"list{i}")
                d.mkdir()
                for name, data in files:
                    (d / name).write_bytes(data)
                path = str(d / files[0][0])
            (reviewed if source == _REVIEWED else official).append(path)
        # The engine reads every file at load and keeps nothing open, so the copies can go.
        engine = Engine(rules=rules, scenario=state["scenarios"], lists=official,
                        reviewed=reviewed)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return engine


def _digest(state: Dict[str, Any]) -> str:
    h = hashlib.sha256()
    for k in ("version", "scenarios", "edits", "origin", "fingerprint", "sources_fingerprint"):
        h.update(repr(state[k]).encode() + b"\0")
    for is_dir, files in state["packs"]:
        h.update(b"dir\0" if is_dir else b"file\0")
        for name, data in files:
            h.update(name.encode() + b"\0" + _sha(data).encode())
    for name, text in state["texts"]:
        h.update(name.encode() + b"\0" + _sha(text.encode()).encode())
    for source, files in state["lists"]:
        h.update(source.encode() + b"\0")
        for name, data in files:
            h.update(name.encode() + b"\0" + _sha(data).encode())
    return h.hexdigest()


def _restore_engine(state: Dict[str, Any]) -> Engine:
    if not isinstance(state, dict) or state.get("version") != _VERSION:
        raise pickle.UnpicklingError(
            "this pickled exportctl.Engine was written by another version of exportctl "
            f"(state version {state.get('version') if isinstance(state, dict) else '?'}, "
            f"this one reads {_VERSION})")
    key = _digest(state)
    with _LOCK:
        engine = _CACHE.get(key)
        if engine is None:
            engine = _load(state)
            got = sources_fingerprint(engine)
            if got != state["sources_fingerprint"]:
                raise RulePackError(
                    "the unpickled engine differs from the pickled one: sources fingerprint "
                    f"{got[:12]}, pickled {state['sources_fingerprint'][:12]} (packs "
                    f"{engine.fingerprint[:12]} vs {state['fingerprint'][:12]}; lists "
                    f"{[l['file'] for l in engine.lists]} vs {state['origin']}); refused, so "
                    "that nothing is screened against less than the original engine "
                    "(is EXPORTCTL_LISTS or an installed lists directory adding lists here?)",
                    [])
            engine.warnings = list(state["warnings"])  # the original's, with its file names
            engine._pickle_state = state  # pickling it again ships the same state
            _CACHE[key] = engine
    return engine


def _engine_reduce(self: Engine) -> Tuple[Any, Tuple[Any, ...]]:
    return _restore_engine, (_state(self),)


# --- Decision -----------------------------------------------------------------------------------

def _restore_decision(json_text: str, warnings: Any, edits: Optional[List[str]]) -> Decision:
    make = getattr(_core, "decision_from_json", None)
    if make is None:
        raise pickle.UnpicklingError(
            "this build of exportctl cannot unpickle decisions: its native module has no "
            "decision_from_json (rebuild the package)")
    d = make(json_text, warnings)
    if edits is not None and list(getattr(d, "edits", None) or []) != list(edits):
        try:
            d.edits = list(edits)
        except AttributeError:
            raise pickle.UnpicklingError(
                "the unpickled decision cannot carry its RuleSet edits") from None
    return d


def _decision_reduce(self: Decision) -> Tuple[Any, Tuple[Any, ...]]:
    edits = getattr(self, "edits", None)
    return _restore_decision, (self.to_json(), self._warnings,
                               list(edits) if edits is not None else None)


# --- errors -------------------------------------------------------------------------------------

def _restore_error(cls: type, args: Tuple[Any, ...], attrs: Dict[str, Any]) -> ExportctlError:
    e = cls.__new__(cls)
    Exception.__init__(e, *args)
    e.__dict__.update(attrs)
    return e


def _error_reduce(self: ExportctlError) -> Tuple[Any, Tuple[Any, ...]]:
    # The default would call cls(message) and fail for want of `diagnostics`: a worker's
    # ShipmentError or RulePackError must reach the client whole, diagnostics included.
    return _restore_error, (type(self), self.args, dict(self.__dict__))


ExportctlError.__reduce__ = _error_reduce  # type: ignore[assignment]
Engine.__reduce__ = _engine_reduce  # type: ignore[assignment]
Engine.sources_fingerprint = property(  # type: ignore[attr-defined]
    sources_fingerprint, doc=sources_fingerprint.__doc__)
Decision.__reduce__ = _decision_reduce  # type: ignore[assignment]
