"""The README's Python section runs as written on a fresh clone: its ```python blocks, verbatim
and in order, in a fresh interpreter whose working directory is empty but for a link to
examples/ (what a clone has besides the package), with only checks appended after them. The
`Ledger` block is also run by tests/ledger/doc_snippets.py (CTest python.ledger_snippet),
which finds it after `**Ledger.**`. The package docstring's example runs the same way."""
import os
import re
import subprocess
import sys

import pytest

import exportctl

from conftest import SOURCE_DIR

README = SOURCE_DIR / "README.md"


def python_blocks(text, heading):
    """The ```python blocks of the section under `heading` (up to the next `## ` heading)."""
    at = text.index(heading)
    end = text.find("\n## ", at + len(heading))
    section = text[at:end if end >= 0 else len(text)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def run(code, cwd):
    env = dict(os.environ, MPLBACKEND="Agg")
    r = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode == 0, f"exit {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r.stdout


@pytest.fixture
def clone(tmp_path):
    os.symlink(SOURCE_DIR / "examples", tmp_path / "examples")
    return tmp_path


def test_the_section_has_the_blocks_we_run():
    blocks = python_blocks(README.read_text(encoding="utf-8"), "## From Python")
    assert len(blocks) == 2
    assert blocks[0].startswith("import exportctl\n")
    assert blocks[1].startswith('exportctl.Ledger.init("sqlite:ledger.sqlite")')
    assert "orders.csv" not in blocks[0]  # the file a clone never had


def test_readme_python_section_runs_verbatim(clone):
    blocks = python_blocks(README.read_text(encoding="utf-8"), "## From Python")
    checks = """
import json as _json
print("@@" + _json.dumps({
    "decisions": len(decisions), "orders": len(orders),
    "table": len(table), "lines": len(lines), "table_errors": int(table["error"].notna().sum()),
    "decided": sorted(set(table["decision"].dropna())), "diffs": len(diffs),
    "released": r.state}))
"""
    out = run("\n".join(blocks) + checks, clone)
    first = out.splitlines()[0].split()
    assert first[:2] == ["license_required", "case_by_case"]
    assert "SO-2001: LICENSE REQUIRED" in out  # explain()
    facts = [line for line in out.splitlines() if line.startswith("@@")]
    got = __import__("json").loads(facts[-1][2:])
    assert got["decisions"] == got["orders"] == 2000
    assert got["table"] == got["lines"] > 0 and got["table_errors"] == 0
    assert len(got["decided"]) >= 2
    assert got["released"] == "released"
    assert (clone / "plane.png").stat().st_size > 0
    assert (clone / "ledger.sqlite").stat().st_size > 0


def test_package_docstring_example_runs(clone):
    doc = exportctl.__doc__
    assert "orders.csv" not in doc
    lines = [line[4:] for line in doc.splitlines() if line.startswith(">>> ")]
    # The ledger lines need a ledger made first (as the docstring says); the README runs those.
    code = "\n".join(line for line in lines if "Ledger" not in line and "ledger." not in line)
    assert "samples.orders_path()" in code and "check_many(orders" in code
    out = run(code + "\nprint('@@', len(results), len(frame), type(diffs).__name__)", clone)
    assert out.splitlines()[-1].startswith("@@ 2000 ")
    assert (clone / "plane.png").stat().st_size > 0
