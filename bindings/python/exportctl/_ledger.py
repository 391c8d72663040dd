"""exportctl.Ledger: licences, releases and the journal (docs/ledger.md) from Python."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, List, NoReturn, Optional, Union

from . import _exportctl as _core
from ._engine import Decision, Engine
from ._text import (ExportctlError, LedgerError, LicenseError, ShipmentError, diagnostics, json_default,
                    looks_like_path, source)

_DEFAULT_PRINCIPAL = "python"


def _raise(kind: str, raw: Any, what: str, bad_input: type = ShipmentError) -> NoReturn:
    """kind "input": the caller's text was bad (bad_input); else the ledger refused or failed."""
    raise (bad_input if kind == "input" else LedgerError)(what, diagnostics(raw))


class Release:
    """What :meth:`Ledger.release` recorded: ``decision`` (a :class:`Decision`, as
    ``Engine.check`` gives it) and ``release`` (a dict: order_id, state — released, blocked or
    held —, licenses, blocked, replayed, journal_seq)."""

    __slots__ = ("decision", "release", "exit_code", "_json")

    def __init__(self, decision: Decision, text: str, exit_code: int) -> None:
        self.decision: Decision = decision
        self.release: dict = json.loads(text)["release"]
        #: What ``exportctl release`` exits with: 0 released, 2 blocked, 3 held.
        self.exit_code: int = exit_code
        self._json = text

    @property
    def state(self) -> str:
        """released (may ship), blocked (no licence covers it) or held."""
        return self.release["state"]

    @property
    def order_id(self) -> str:
        return self.release["order_id"]

    @property
    def replayed(self) -> bool:
        """True when the order had been released before: nothing was reserved again."""
        return self.release["replayed"]

    def to_json(self) -> str:
        """The decision's canonical JSON with the release block last, byte for byte
        ``exportctl release --format json`` (one line)."""
        return self._json

    def __repr__(self) -> str:
        return f"<Release {self.order_id}: {self.state} ({self.decision.decision})>"


class Ledger:
    """One connection to a ledger: SQLite (``sqlite:PATH``) or PostgreSQL
    (``postgresql://...``). A ledger is never created implicitly: :meth:`Ledger.init` first.

    >>> exportctl.Ledger.init("sqlite:ledger.sqlite")
    >>> ledger = exportctl.Ledger("sqlite:ledger.sqlite", principal="analyst")
    >>> ledger.add_licenses("examples/licenses/d1234567.yaml")
    >>> r = ledger.release(exportctl.Engine(), "examples/h200-us-to-china-2026.yaml")
    >>> r.state, r.release["licenses"], r.decision.review_policy
    >>> ledger.commit("SO-2001"); ledger.verify()["ok"]

    ``principal`` (default "python") is recorded in the journal with every change. The GIL is
    released during database work; threads sharing one Ledger take turns on its connection, so
    open one per thread to work in parallel (any number of Ledgers and processes may share one
    database). A Ledger cannot be pickled: pickle its URL and open a new one.
    Errors raise :class:`LedgerError` (the ledger or its database), :class:`LicenseError` or
    :class:`ShipmentError` (bad input), each with its diagnostics.
    """

    def __init__(self, url: Union[str, "os.PathLike[str]"], principal: Optional[str] = None) -> None:
        self.url = os.fspath(url)
        core, raw = _core.ledger_open(self.url, principal or _DEFAULT_PRINCIPAL)
        if core is None:
            raise LedgerError(f"the ledger {self.url} cannot be opened", diagnostics(raw))
        self._core = core

    @staticmethod
    def init(url: Union[str, "os.PathLike[str]"], principal: Optional[str] = None) -> None:
        """Creates the ledger's tables, or upgrades an older schema; repeating it changes
        nothing (``exportctl ledger init``)."""
        url = os.fspath(url)
        found = diagnostics(_core.ledger_init(url, principal or _DEFAULT_PRINCIPAL))
        if any(d.severity == "error" for d in found):
            raise LedgerError(f"the ledger {url} cannot be initialized", found)

    def add_licenses(self, licenses: Union[str, bytes, "os.PathLike[str]"]) -> None:
        """Adds the licences of a licence file (a path) or of YAML/JSON text, all or none."""
        if isinstance(licenses, os.PathLike) or (isinstance(licenses, str)
                                                 and looks_like_path(licenses)):
            text, name = Path(licenses).read_text(encoding="utf-8"), os.fspath(licenses)
        elif isinstance(licenses, bytes):
            text, name = licenses.decode("utf-8"), "<bytes>"
        elif isinstance(licenses, str):
            text, name = licenses, "<string>"
        else:
            raise TypeError(f"licences are a path or YAML/JSON text, not {type(licenses).__name__}")
        kind, raw = self._core.add_licenses(text, name)
        if kind != "ok":
            _raise(kind, raw, f"no licence from {name} was added", LicenseError)

    def licenses(self) -> List[dict]:
        """Each licence's terms with quantity, reserved, used and remaining units
        (``exportctl ledger license list --format json``)."""
        text, raw = self._core.licenses()
        if text is None:
            _raise("ledger", raw, "the licences cannot be read")
        return json.loads(text)

    def release(self, engine: Engine, shipment: Any, order_id: Optional[str] = None) -> Release:
        """Decides ``shipment`` (a dict, YAML/JSON text or a path) with ``engine`` and records
        the order: where a licence is required, reserves units on licences that cover every
        item, all or none (``exportctl release``). ``order_id`` defaults to the shipment's id;
        the same id again is a retry that returns the stored result (``replayed``)."""
        if not isinstance(engine, Engine):
            raise TypeError(f"engine must be an exportctl.Engine, not {type(engine).__name__}")
        obj, name = source(shipment)
        text = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False,
                                                          default=json_default)
        kind, decision, out, code, raw = self._core.release(engine._core, text, name,
                                                            order_id or "")
        if kind != "ok":
            _raise(kind, raw, f"shipment {name} cannot be released")
        return Release(decision, out, code)

    def commit(self, order_id: str) -> None:
        """A released order shipped: its reserved units become used (repeating it is a no-op)."""
        kind, raw = self._core.commit(order_id)
        if kind != "ok":
            _raise(kind, raw, f"order {order_id} cannot be committed")

    def cancel(self, order_id: str) -> None:
        """A released, blocked or held order will not ship: its reserved units return."""
        kind, raw = self._core.cancel(order_id)
        if kind != "ok":
            _raise(kind, raw, f"order {order_id} cannot be cancelled")

    def verify(self) -> dict:
        """Re-hashes the whole journal: {"ok", "records", "first_bad", "problem"}."""
        text, raw = self._core.verify()
        if text is None:
            _raise("ledger", raw, "the journal cannot be verified")
        return json.loads(text)

    def journal(self) -> List[dict]:
        """Every journal record, oldest first (``exportctl ledger journal --format json``)."""
        text, raw = self._core.journal()
        if text is None:
            _raise("ledger", raw, "the journal cannot be read")
        return json.loads(text)

    def history(self) -> "pandas.DataFrame":
        """The journal as a DataFrame, one row per record: seq, at (UTC timestamps), kind,
        order_id, principal, prev_sha256, sha256 and body (the record's canonical JSON)."""
        import pandas as pd

        frame = pd.DataFrame(self.journal(), columns=["seq", "at", "kind", "order_id", "principal",
                                                      "prev_sha256", "sha256", "body"])
        frame["at"] = pd.to_datetime(frame["at"], utc=True)
        return frame

    def serial(self, serial: str) -> List[dict]:
        """Every release of one serial number, oldest first (``exportctl ledger serial SN``)."""
        text, raw = self._core.serial(serial)
        if text is None:
            _raise("ledger", raw, f"the history of serial {serial} cannot be read")
        return json.loads(text)

    def resolve(self, order_id: str, reviewer: str, reason: str,
                clear: Optional[List[dict]] = None,
                supply: Optional[List[dict]] = None) -> None:
        """Records a reviewer's resolution of a held order (``exportctl ledger resolve``):
        ``clear`` lists the possible screening matches cleared, each a dict with ``source``,
        ``entry``, ``name`` and ``country``; ``supply`` the missing facts the hold asked for,
        each ``{"item": 1, "fact": "die_area_mm2", "value": 814}`` or
        ``{"party": "eu", "fact": "headquarters", "value": "MY"}``. The order's next release
        uses the review; a fact the hold did not ask for is refused (EXC-E9112)."""
        review = {}
        if clear:
            review["clear"] = clear
        if supply:
            review["supply"] = supply
        facts = json.dumps(review, ensure_ascii=False) if review else ""
        kind, raw = self._core.resolve(order_id, reviewer, reason, facts, "<review>")
        if kind != "ok":
            _raise(kind, raw, f"order {order_id} cannot be resolved", ExportctlError)

    def close(self) -> None:
        """Closes the connection (also on leaving a ``with`` block); later calls raise."""
        self._core.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise TypeError(f"a Ledger is a database connection and cannot be pickled or copied; "
                        f"pickle its URL ({self.url!r}) and open a new Ledger")

    def __repr__(self) -> str:
        return f"<exportctl.Ledger {self.url}>"


__all__ = ["Ledger", "Release"]
