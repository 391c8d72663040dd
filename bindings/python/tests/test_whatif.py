"""What-if: RuleSet edits (in memory, no files), to_yaml, and compare."""
import os

import pytest

import exportctl
from exportctl import samples

from conftest import minimal

TPP_A1 = "classifications[EAR_3A090_A_1_2023].when.thresholds[param=tpp].value"
LPP = ("license_exceptions[EAR_740_LPP_2025].when.thresholds"
       "[param=shipment_tpp_with_ytd].value")
IC = {"tpp": 4500, "die_area_mm2": 2000, "datacenter": True}


@pytest.fixture(scope="module")
def rules():
    return exportctl.RuleSet.load()


def test_unedited_ruleset_is_the_default_engine(rules, engine):
    assert "ear-eccn-3a090" in rules.packs and "ai-diffusion-2025" in rules.packs
    assert exportctl.Engine(rules=rules).fingerprint == engine.fingerprint
    assert "9 packs" in repr(rules) or "packs" in repr(rules)


def test_threshold_edit_changes_classification(rules, engine, tmp_path, monkeypatch):
    before = set(os.listdir(tmp_path))
    monkeypatch.chdir(tmp_path)
    lower = rules.override("ear-eccn-3a090", TPP_A1, 4000)
    assert lower.get("ear-eccn-3a090", TPP_A1) == 4000
    assert rules.get("ear-eccn-3a090", TPP_A1) != 4000, "edits return a new RuleSet"
    edited = exportctl.Engine(rules=lower)
    assert set(os.listdir(tmp_path)) == before, "loading an edited RuleSet writes no file"
    assert edited.fingerprint != engine.fingerprint
    assert edited.classify(specs=IC, as_of="2025-01-01")["item"]["paragraph"] == "3A090.a.1"
    assert engine.classify(specs=IC, as_of="2025-01-01")["item"]["paragraph"] != "3A090.a.1"
    same = rules.set_threshold("EAR_3A090_A_1_2023", "tpp", 4000)
    assert exportctl.Engine(rules=same).fingerprint == edited.fingerprint


def test_country_list_and_lpp_edits(rules):
    wider = rules.override("ear-country-groups", "country_groups[D5].members",
                           lambda members: members + ["AE"])
    assert "AE" in wider.get("ear-country-groups", "country_groups[D5].members")
    eng = exportctl.Engine(rules=wider)
    to_ae = minimal(date="2025-06-01", parties=[
        {"id": "exp", "name": "Example Inc.", "country": "US", "role": "exporter"},
        {"id": "dist", "name": "D", "country": "SG", "role": "distributor"},
        {"id": "eu", "name": "Example Labs", "country": "AE", "role": "end_user"}])
    a, b = eng.check(to_ae), exportctl.Engine().check(to_ae)
    assert (a.decision, a.review_policy) != (b.decision, b.review_policy)
    lpp = rules.override("ai-diffusion-2025", LPP, 50_000_000)
    assert lpp.get("ai-diffusion-2025", LPP) == 50_000_000
    exportctl.Engine(rules=lpp, scenario="ai-diffusion-2025")


def test_to_yaml_round_trip(rules, tmp_path):
    lower = rules.override("ear-eccn-3a090", TPP_A1, 4000)
    files = lower.to_yaml(tmp_path / "packs")
    assert len(files) == len(rules.packs)
    assert exportctl.Engine(rules=tmp_path / "packs").fingerprint == \
        exportctl.Engine(rules=lower).fingerprint
    assert exportctl.RuleSet.load(tmp_path / "packs").get("ear-eccn-3a090", TPP_A1) == 4000


def test_bad_edits(rules):
    with pytest.raises(KeyError):
        rules.override("no-such-pack", TPP_A1, 1)
    with pytest.raises(KeyError):
        rules.override("ear-eccn-3a090", "classifications[NOPE].when", 1)
    with pytest.raises(KeyError):
        rules.override("ear-eccn-3a090", "classifications[99]", 1)
    with pytest.raises(KeyError):
        rules.set_threshold("NO_SUCH_RULE", "tpp", 1)
    broken = rules.override("ear-eccn-3a090", TPP_A1, "a lot")
    with pytest.raises(exportctl.RulePackError) as info:
        exportctl.Engine(rules=broken)
    d = info.value.diagnostics[0]
    assert "(edited)" in d.file and d.line > 0 and d.path.endswith("value")
    assert rules.pack("ear-eccn-3a090")["pack"]["id"] == "ear-eccn-3a090"


def test_compare_default_and_diffusion(engine, diffusion):
    docs = samples.shipments(500, engine, seed=11, dates=("2025-06-01",))
    diffs = exportctl.compare(docs, engine, diffusion)
    assert diffs, "AI Diffusion changes some decisions"
    for d in diffs:
        assert d.a.decision != d.b.decision
        assert d.shipment is docs[d.index]
        assert d.rules and set(d.rules) == set(d.only_in_a) | set(d.only_in_b)
    frame = diffs.to_frame()
    assert len(frame) == len(diffs)
    assert exportctl.compare(docs, engine, engine) == []
    with_policy = exportctl.compare(docs, engine, diffusion, policy=True)
    assert len(with_policy) >= len(diffs)
