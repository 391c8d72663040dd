"""Turning what users pass (dicts, text, paths) into shipment text, and errors into exceptions."""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple, Union

PathLike = Union[str, "os.PathLike[str]"]


def json_default(value: Any) -> Any:
    """json.dumps fallback: values as what they mean, anything else fails.

    Dates as ISO text (as a YAML file writes them), a datetime at midnight without a time zone
    (a ``pandas.Timestamp`` of a date column) as its date, ``pandas.NaT``/``pandas.NA`` as null
    (absent), numpy integer, float and bool scalars as Python ones.
    """
    if isinstance(value, _dt.datetime):
        if value != value:  # pandas.NaT
            return None
        if value.tzinfo is None and value.time() == _dt.time():
            return value.date().isoformat()
        return value.isoformat()  # a point in time is not a ship date: EXC-E2005
    if isinstance(value, _dt.date):
        return value.isoformat()
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind is not None and getattr(value, "ndim", None) == 0:  # a numpy scalar
        if kind == "b":
            return bool(value)
        if kind in "iu":
            return int(value)
        if kind == "f":
            return float(value)
    if type(value).__name__ == "NAType":  # pandas.NA
        return None
    raise TypeError(f"{type(value).__name__} is not a JSON value")


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a shipment or a rule pack (see docs/diagnostics.md for the codes)."""

    severity: str
    code: str
    message: str
    file: str
    line: int
    column: int
    path: str
    help: str

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}:{self.column}"
        text = f"{where}: {self.severity}[{self.code}]: {self.message}"
        if self.path:
            text += f"\n  at {self.path}"
        if self.help:
            text += f"\n  help: {self.help}"
        return text


def diagnostics(raw: Sequence[Tuple[Any, ...]]) -> List[Diagnostic]:
    return [Diagnostic(*d) for d in raw]


class ExportctlError(ValueError):
    """Bad input: `diagnostics` lists every problem found (code, message, file, line, column, path)."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: List[Diagnostic] = list(diagnostics)
        errors = [d for d in self.diagnostics if d.severity == "error"] or self.diagnostics
        detail = "\n".join(str(d) for d in errors[:10])
        if len(errors) > 10:
            detail += f"\n... and {len(errors) - 10} more"
        super().__init__(f"{message}\n{detail}" if detail else message)


class ShipmentError(ExportctlError):
    """A shipment could not be decided (bad structure, unknown party, country or product, ...)."""


class RulePackError(ExportctlError):
    """The rule packs could not be loaded (syntax, unknown keys, broken references, ...)."""


class LicenseError(ExportctlError):
    """A licence file is invalid (EXC-E92xx with line and column): no licence was added."""


class LedgerError(ExportctlError):
    """The ledger refused (never initialized, unknown order, a licence number it already holds,
    ...) or its database failed (EXC-E91xx); nothing was recorded."""


def as_of_text(as_of: Any) -> Optional[str]:
    if as_of is None:
        return None
    if isinstance(as_of, _dt.datetime):
        as_of = as_of.date()
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    if isinstance(as_of, str):
        return as_of
    raise TypeError(f"as_of must be a date or 'YYYY-MM-DD', not {type(as_of).__name__}")


_SUFFIXES = (".yaml", ".yml", ".json")


def looks_like_path(text: str) -> bool:
    """A one-line string that names an existing file, or ends like a shipment file name."""
    if "\n" in text or text.lstrip().startswith("{"):
        return False
    return os.path.isfile(text) or text.lower().endswith(_SUFFIXES)


def source(obj: Any) -> Tuple[Any, str]:
    """(what to hand to the core, name for diagnostics) for one shipment argument."""
    if isinstance(obj, dict):
        return obj, "<dict>"
    if isinstance(obj, os.PathLike) or (isinstance(obj, str) and looks_like_path(obj)):
        path = Path(obj)
        return path.read_text(encoding="utf-8"), str(obj)
    if isinstance(obj, bytes):
        return obj.decode("utf-8"), "<bytes>"
    if isinstance(obj, str):
        return obj, "<string>"
    raise TypeError(
        f"a shipment is a dict, YAML/JSON text or a path, not {type(obj).__name__}")
