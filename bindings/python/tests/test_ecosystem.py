"""Fitting the ecosystem (issue 15, item 4 without pickling): errors="raise"|"record" in the
batches, TypeErrors that say what to pass, a progress bar that moves, the notebook view of a
decision and the what-if mark, the `exportctl` command of a pip install, the sample orders."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import exportctl
from exportctl import _engine, _progress, samples
from exportctl.frame import _chunks

from conftest import EXAMPLES, SOURCE_DIR, minimal

H200 = EXAMPLES / "h200-us-to-china-2026.yaml"
BAD = minimal(id="BAD-1", items=[{"product": "no-such-chip", "quantity": 1}])


@pytest.fixture(scope="module")
def lines(engine):
    return samples.lines(samples.shipments(300, engine, seed=15))


@pytest.fixture(scope="module")
def what_if():
    lower = exportctl.RuleSet.load().set_threshold("EAR_3A090_A_1_2023", "tpp", 4000)
    return exportctl.Engine(rules=lower)


# --- errors="raise" | "record" ------------------------------------------------------------------

def test_check_many_records_or_raises(engine):
    out = engine.check_many([minimal(), BAD], errors="record")
    assert isinstance(out[0], exportctl.Decision)
    assert isinstance(out[1], exportctl.ShipmentError)
    assert out[1].diagnostics[0].code == "EXC-E4001"
    with pytest.raises(exportctl.ShipmentError, match="shipment 1"):
        engine.check_many([minimal(), BAD])  # "raise" is the default
    with pytest.raises(ValueError, match="'raise' or 'record'"):
        engine.check_many([minimal()], errors="skip")


def test_errors_return_is_a_deprecated_alias(engine):
    with pytest.warns(DeprecationWarning, match="errors='record'"):
        out = engine.check_many([BAD, minimal()], errors="return")
    assert isinstance(out[0], exportctl.ShipmentError) and out[1].decision


def test_check_frame_records_by_default_and_raises_on_request(engine, lines):
    bad = lines.copy()
    bad.loc[5, "quantity"] = "-3"
    out = engine.check_frame(bad)
    assert "quantity must be at least 1" in out.loc[5, "error"]
    same = bad["shipment"] == bad.loc[5, "shipment"]
    assert out["error"].notna().tolist() == same.tolist()
    assert out.loc[~same, "decision"].notna().all() and out.loc[same, "decision"].isna().all()
    sid = bad.loc[5, "shipment"]
    with pytest.raises(exportctl.ShipmentError, match=f"shipment `{sid}` .*rows") as info:
        engine.check_frame(bad, errors="raise")
    d = info.value.diagnostics[0]
    assert (d.code, d.line, d.path) == ("EXC-E4008", 6, "items[0].quantity")
    with pytest.raises(ValueError, match="'raise' or 'record'"):
        engine.check_frame(bad, errors="return")
    # Column problems are not one row's problem: raised whatever `errors` says.
    with pytest.raises(exportctl.ShipmentError, match="unknown column"):
        engine.check_frame(bad.assign(colour="red"), errors="record")


def test_decisions_frame_with_errors(engine):
    docs = [minimal(id="OK-1"), BAD, minimal(id="OK-2")]
    results = engine.check_many(docs, errors="record")
    frame = exportctl.decisions_frame(results, docs)
    assert list(frame["shipment"]) == ["OK-1", "BAD-1", "OK-2"]
    assert frame.columns[-1] == "error"
    assert frame["error"].isna().tolist() == [True, False, True]
    assert "EXC-E4001" in frame.loc[1, "error"] and frame.loc[1, "decision"] is None
    assert frame.loc[0, "decision"] == results[0].decision
    no_docs = exportctl.decisions_frame(results)
    assert no_docs.loc[1, "shipment"] is None and "EXC-E4001" in no_docs.loc[1, "error"]
    with pytest.raises(exportctl.ShipmentError, match="EXC-E4001"):
        exportctl.decisions_frame(results, docs, errors="raise")
    clean = exportctl.decisions_frame(engine.check_many(docs[::2]), docs[::2])
    assert "error" not in clean.columns  # published decisions: the columns as before
    with pytest.raises(TypeError, match="result 0 is a dict"):
        exportctl.decisions_frame([{"decision": "hold"}])
    with pytest.raises(ValueError, match="3 decisions but 2 shipments"):
        exportctl.decisions_frame(results, docs[:2])


# --- TypeErrors that say what to pass; duplicate columns ----------------------------------------

@pytest.mark.parametrize("bad, hint", [
    ([{"shipment": "A", "quantity": 1}], "check_many"),
    ([{"shipment": "A", "quantity": 1}], r"pandas\.DataFrame\(\.\.\.\)"),
    ("orders.csv", "read_shipments"),
    (pd.Series(["A"], name="shipment"), "Series is one column"),
    (None, "pandas.DataFrame of shipment lines"),
])
def test_check_frame_wrong_input_is_a_type_error(engine, bad, hint):
    with pytest.raises(TypeError, match=hint) as info:
        engine.check_frame(bad)
    assert "check_frame: `frame` is a" in str(info.value)


def test_duplicate_columns_are_shipment_errors_naming_the_column(engine, lines):
    with pytest.raises(exportctl.ShipmentError) as info:
        engine.check_frame(pd.DataFrame([[1, 2]], columns=["shipment", "shipment"]))
    assert any(d.code == "EXC-E6002" and "`shipment`" in d.message
               for d in info.value.diagnostics)
    twice = pd.concat([lines, lines[["quantity"]]], axis=1)
    with pytest.raises(exportctl.ShipmentError, match="duplicate column `quantity`"):
        engine.check_frame(twice)
    carried = pd.concat([lines.assign(note="x"), lines.assign(note="y")[["note"]]], axis=1)
    with pytest.raises(exportctl.ShipmentError, match="duplicate column `note`") as info:
        engine.check_frame(carried, carry=["note"])
    assert info.value.diagnostics[0].code == "EXC-E6002"


# --- a progress bar that moves ------------------------------------------------------------------

class Recorder:
    """Stands in for the bar's display only: records what the batch reports."""

    def __init__(self, total, desc="", unit=""):
        self.total, self.unit, self.updates, self.closed = total, unit, [], False

    def update(self, k):
        self.updates.append(k)

    def close(self):
        self.closed = True


@pytest.fixture
def bars(monkeypatch):
    made = []

    def bar(total, desc="exportctl", unit="shipment"):
        made.append(Recorder(total, desc, unit))
        return made[-1]

    monkeypatch.setattr(_progress, "bar", bar)
    return made


def test_check_many_progress_moves(engine, bars):
    docs = samples.shipments(20_000, engine, seed=3)
    out = engine.check_many(docs, progress=True)
    (bar,) = bars
    assert bar.total == 20_000 and bar.closed
    assert len(bar.updates) >= 5, bar.updates  # one chunk would jump from 0 to 100%
    assert sum(bar.updates) == 20_000 and max(bar.updates) <= 20_000 // 4
    assert [d.shipment for d in out] == [d["id"] for d in docs]
    assert engine.check_many(docs[:10]) and len(bars) == 1  # no bar unless asked


def test_chunk_size():
    assert _engine.chunk_size(20_000, False) == _engine._CHUNK
    assert _engine.chunk_size(20_000, True) == _engine._MIN_PROGRESS_CHUNK
    assert _engine.chunk_size(1_000_000, True) == 10_000  # about 1%
    assert _engine.chunk_size(10**9, True) == _engine._CHUNK


def test_check_frame_progress_moves_and_decides_the_same(engine, bars, monkeypatch):
    monkeypatch.setattr(_engine, "_MIN_PROGRESS_CHUNK", 50)
    docs = samples.shipments(1500, engine, seed=4)
    df = samples.lines(docs)
    df.loc[len(df) - 3, "quantity"] = 0  # a bad row in a late chunk: its row number is the frame's
    plain = engine.check_frame(df)
    moving = engine.check_frame(df, progress=True)
    (bar,) = bars
    assert bar.unit == "line" and bar.closed and sum(bar.updates) == len(df)
    assert len(bar.updates) >= 10
    pd.testing.assert_frame_equal(plain, moving)
    assert f"<frame>:{len(df) - 2}:" in moving.loc[len(df) - 3, "error"]


def test_chunks_never_split_a_shipment():
    ids = ["A"] * 5 + ["B"] * 3 + [" B"] + ["C"] + [""] * 2 + ["D"] * 4
    got = _chunks(ids, len(ids), True)
    assert got[0][0] == 0 and got[-1][1] == len(ids)
    assert all(a[1] == b[0] for a, b in zip(got, got[1:]))
    for start, _stop in got[1:]:
        assert ids[start].strip() and ids[start].strip() != ids[start - 1].strip()
    assert _chunks(ids, len(ids), False) == [(0, len(ids))]
    assert _chunks(None, 10**6, True) == [(0, 10**6)]


# --- the notebook view, and what-if decisions marked as edited ----------------------------------

def test_repr_html_escapes_and_shows_the_tables(engine):
    d = engine.check(minimal(id="T<b>&'1"))
    page = d._repr_html_()
    assert "T&lt;b&gt;&amp;&#x27;1" in page and "T<b>" not in page
    assert f"<b>{d.decision}</b>" in page
    assert "<caption style='text-align:left'><b>items</b></caption>" in page
    assert "<caption style='text-align:left'><b>findings</b></caption>" in page
    flags = d.red_flags
    assert page.count("<tr>") == (2 + len(d.items) + len(d.findings)  # a header row each
                                  + (1 + len(flags) if flags else 0))
    assert page.count("<table>") == 2 + bool(flags)
    for rule in d.rules:
        assert rule in page
    assert "WHAT-IF" not in page and d.edits == []


def test_what_if_decisions_are_marked_everywhere(engine, what_if):
    base, d = engine.check(H200), what_if.check(H200)
    assert base.edits == [] and d.edits == what_if.edits and d.edits
    edit = d.edits[0]
    assert "EAR_3A090_A_1_2023" in edit and edit.endswith("= 4000")
    assert f"what-if, edited: {edit}" in repr(d) and "what-if" not in repr(base)
    first, rest = d.explain().split("\n", 1)
    assert first.startswith("WHAT-IF:") and edit in first
    assert rest == type(d)._native_explain(d)  # the CLI's text, after the mark
    assert base.explain() == type(base)._native_explain(base)
    assert "WHAT-IF" in d._repr_html_() and edit in d._repr_html_()
    frame = exportctl.decisions_frame([base, d])
    assert frame["edits"].tolist() == [None, edit]
    assert engine.fingerprint != what_if.fingerprint


def test_edits_setter_registers_for_rebuilt_decisions(what_if):
    d = what_if.check(H200)
    d.edits = list(what_if.edits)  # what an unpickled decision does; the same edits are kept
    assert d.edits == what_if.edits
    _engine.register_edits(what_if.fingerprint, ["another list for the same packs"])
    assert d.edits == what_if.edits  # the first list stays


# --- the `exportctl` command of a pip install ---------------------------------------------------

def _run_cli(binary, args, env):
    code = ("import sys, exportctl._cli as c; exe = sys.argv.pop(1); sys.argv[0] = 'exportctl'; "
            "c.binary = lambda: exe; c.main()")
    return subprocess.run([sys.executable, "-c", code, binary, *args], capture_output=True,
                          text=True, env=env, cwd=SOURCE_DIR)


def test_console_script_execs_the_cli_with_the_package_packs(engine, cli):
    env = {k: v for k, v in os.environ.items() if k != "EXPORTCTL_RULES"}
    version = _run_cli(cli, ["--version"], env)
    assert version.returncode == 0 and version.stdout.strip() == exportctl.__version__
    r = _run_cli(cli, ["check", "examples/h200-us-to-china-2026.yaml"], env)
    assert r.returncode == 2, r.stderr
    decision = json.loads(r.stdout)
    assert decision["decision"] == "license_required"
    assert decision["fingerprint"] == engine.fingerprint
    # A rules directory the user set wins, as for the CLI everywhere.
    r = _run_cli(cli, ["check", str(H200)], {**env, "EXPORTCTL_RULES": "/nonexistent"})
    assert r.returncode == 1 and "/nonexistent" in r.stderr


def test_console_script_without_its_binary(tmp_path):
    r = _run_cli(str(tmp_path / "missing"), ["--version"], dict(os.environ))
    assert r.returncode == 1 and "not installed with this package" in r.stderr


def test_the_package_declares_and_builds_the_command():
    import tomllib

    meta = tomllib.loads((SOURCE_DIR / "bindings/python/pyproject.toml").read_text())
    assert meta["project"]["scripts"] == {"exportctl": "exportctl._cli:main"}
    setup = (SOURCE_DIR / "bindings/python/setup.py").read_text()
    assert '"exportctl_python",\n                        "exportctl_cli"' in setup
    assert '"bin" / "exportctl"' in setup and '"data/*.csv"' in setup


# --- sample orders; .gitignore ------------------------------------------------------------------

def test_sample_orders_are_shipment_lines_that_decide(engine):
    df = exportctl.read_shipments(samples.orders_path())
    assert isinstance(df, pd.DataFrame) and set(df.columns) <= set(exportctl.LINE_COLUMNS)
    assert df["shipment"].nunique() == samples.ORDERS_N
    assert set(df["product"]) <= set(engine.product_ids)
    out = engine.check_frame(df, errors="raise")
    assert out["decision"].notna().all() and out["decision"].nunique() >= 2
    assert samples.orders().equals(df)


def test_sample_orders_are_what_write_orders_writes(engine, tmp_path):
    again = Path(samples.write_orders(tmp_path / "orders.csv", engine=engine))
    assert again.read_bytes() == Path(samples.orders_path()).read_bytes(), (
        "the shipped exportctl/data/orders.csv is stale: regenerate it with "
        "exportctl.samples.write_orders(path)")
    with pytest.raises(ValueError, match="positive number"):
        samples.write_orders(tmp_path / "x.csv", n=0)


def test_gitignore_has_venvs():
    lines = (SOURCE_DIR / ".gitignore").read_text().splitlines()
    assert ".venv/" in lines and "venv/" in lines
