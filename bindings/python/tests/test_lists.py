"""Screening lists from Python: the same lists, hits and decision bytes as `exportctl check --lists`."""
import json
import subprocess

import pytest

import exportctl
from conftest import SOURCE_DIR

LISTS = SOURCE_DIR / "tests" / "data" / "lists"
SDN = str(LISTS / "sdn-mini" / "sdn.csv")
SHIPMENT = SOURCE_DIR / "tests" / "cli" / "data" / "lists" / "sdn-party.yaml"


def test_a_party_on_the_sdn_sample_holds_naming_ofac():
    engine = exportctl.Engine(lists=[SDN])
    assert [l["source"] for l in engine.lists] == ["OFAC SDN"]
    d = engine.check(str(SHIPMENT))
    assert d.decision == "hold"
    rules = [f["rule"] for f in json.loads(d.to_json())["findings"]]
    assert "OFAC_SANCTIONS_LISTS" in rules


def test_the_same_bytes_as_the_command_line(cli):
    engine = exportctl.Engine(lists=SDN)
    out = subprocess.run([cli, "check", "--format", "json", "--lists", SDN,
                          str(SHIPMENT)], capture_output=True, text=True)
    assert out.returncode == 3
    assert engine.check(str(SHIPMENT)).to_json() == out.stdout.rstrip("\n")


def test_without_lists_the_decision_says_so():
    engine = exportctl.Engine()
    assert engine.lists == []
    assert json.loads(engine.check(str(SHIPMENT)).to_json())["lists"] == []


def test_a_bad_list_raises_with_its_diagnostics():
    with pytest.raises(exportctl.RulePackError) as e:
        exportctl.Engine(lists=[str(SOURCE_DIR / "tests" / "cli" / "data" / "lines.csv")])
    assert any(d.code == "EXC-E8001" for d in e.value.diagnostics)


def test_a_reviewed_match_clears_a_possible_match():
    japan = str(SOURCE_DIR / "tests" / "cli" / "data" / "lists" / "huawei-japan.yaml")
    assert exportctl.Engine().check(japan).decision == "hold"
    cleared = exportctl.Engine(reviewed=str(SOURCE_DIR / "tests" / "cli" / "data" / "reviewed.csv"))
    d = cleared.check(japan)
    assert d.decision == "no_license_required"
    assert "cleared by J. Doe" in d.to_json()
    assert cleared.lists[0]["source"] == "reviewed matches"
