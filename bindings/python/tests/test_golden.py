"""Decisions from Python are the command line's, byte for byte, on every golden shipment: from
the file, from its text, and from the dict a YAML reader makes of it (the fast C++ path)."""
import subprocess

import pytest
import yaml

import exportctl
from exportctl.ruleset import _Loader

from conftest import GOLDEN

# A golden shipment with NAME.facts.json beside it is decided with ledger facts, as a release
# decides it (docs/ledger.md); Engine.check takes no facts, so those are the C++ suite's.
FILES = [p for p in sorted(GOLDEN.glob("*.yaml")) if not p.with_suffix(".facts.json").exists()]


def scenario_of(path):
    for line in path.read_text().splitlines():
        if line.startswith("# scenario:"):
            return line.split(":", 1)[1].strip()
    return None


@pytest.fixture(scope="module")
def engines():
    return {None: exportctl.Engine(), "ai-diffusion-2025": exportctl.Engine(scenario="ai-diffusion-2025")}


def test_there_are_golden_files():
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_golden_json(path, engines):
    eng = engines[scenario_of(path)]
    expected = path.with_suffix(".json").read_text()
    from_file = eng.check(path)
    assert from_file.to_json(pretty=True) + "\n" == expected
    assert eng.check(path.read_text()).to_json() == from_file.to_json()
    doc = yaml.load(path.read_text(), Loader=_Loader)
    assert eng.check(doc).to_json() == from_file.to_json()


@pytest.mark.parametrize("scenario", [None, "ai-diffusion-2025"])
def test_same_bytes_as_the_command_line(scenario, engines, cli):
    files = [f for f in FILES if scenario_of(f) == scenario]
    args = [cli, "check", "--format", "json", *map(str, files)]
    if scenario:
        args += ["--scenario", scenario]
    out = subprocess.run(args, capture_output=True, text=True, check=False).stdout.splitlines()
    assert len(out) == len(files)
    eng = engines[scenario]
    mine = eng.check_many([f.read_text() for f in files])
    assert [d.to_json() for d in mine] == out
