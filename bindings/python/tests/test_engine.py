"""Engine and Decision: inputs, attributes, classification, and errors as exceptions."""
import datetime
import json
from pathlib import Path

import pytest

import exportctl

from conftest import EXAMPLES, minimal

H200 = EXAMPLES / "h200-us-to-china-2026.yaml"


def test_check_accepts_dict_text_path_and_bytes(engine):
    by_path = engine.check(H200)
    assert engine.check(str(H200)).to_json() == by_path.to_json()
    assert engine.check(H200.read_text()).to_json() == by_path.to_json()
    assert engine.check(H200.read_bytes()).to_json() == by_path.to_json()
    d = engine.check(minimal())
    assert isinstance(d, exportctl.Decision)


def test_decision_attributes(engine):
    d = engine.check(H200)
    assert d.decision == "license_required"
    assert d.review_policy == "case_by_case"
    assert d.exit_code == 2
    assert d.shipment and d.as_of
    assert d.fingerprint == engine.fingerprint
    assert d.scenario is None
    assert d.engine.startswith("exportctl ")
    as_dict = d.to_dict()
    assert list(as_dict)[:5] == ["shipment", "as_of", "decision", "review_policy",
                                 "license_exceptions"]
    assert d.items == as_dict["items"] and d.items[0]["eccn"] == "3A090.a"
    assert d.findings == as_dict["findings"]
    assert d.paths == as_dict["paths"]
    assert d.red_flags == as_dict["red_flags"]
    assert [p["id"] for p in d.rulepacks]
    assert d.rules == sorted({f["rule"] for f in d.findings} | {r["rule"] for r in d.red_flags})
    assert d.eccns == [i["eccn"] or "" for i in d.items]
    assert json.loads(d.to_json(pretty=True)) == as_dict
    assert "license_required" in d.explain() or "licence" in d.explain().lower()
    assert d.warnings == []
    assert "SO-" in repr(d) or d.shipment in repr(d)


def test_as_of_overrides_the_date(engine):
    early = engine.check(minimal(), as_of=datetime.date(2022, 1, 1))
    assert early.as_of == "2022-01-01"
    assert engine.check(minimal(), as_of="2022-01-01").to_json() == early.to_json()
    with pytest.raises(ValueError):
        engine.check(minimal(), as_of="2022-13-01")


def test_dates_as_date_objects(engine):
    assert (engine.check(minimal(date=datetime.date(2025, 6, 1))).to_json()
            == engine.check(minimal()).to_json())


def test_scenario_engine(diffusion):
    assert diffusion.scenarios == ["ai-diffusion-2025"]
    assert diffusion.check(minimal()).scenario == "ai-diffusion-2025"


def test_engine_properties(engine):
    assert len(engine.fingerprint) == 64
    assert "nvidia-h100-sxm5-80gb" in engine.product_ids
    assert {p["id"] for p in engine.packs} >= {"ear-eccn-3a090", "product-catalog"}
    assert "Engine" in repr(engine)
    assert Path(exportctl.default_rules_dir()).is_dir()


def test_engine_from_paths(engine):
    rules = exportctl.default_rules_dir()
    assert exportctl.Engine(rules=rules).fingerprint == engine.fingerprint
    assert exportctl.Engine(rules=[Path(rules)]).fingerprint == engine.fingerprint


def test_classify(engine):
    c = engine.classify(product="nvidia-h100-sxm5-80gb", as_of="2025-01-01")
    assert c["item"]["eccn"] == "3A090.a"
    s = engine.classify(specs={"tpp": 100, "die_area_mm2": 100, "datacenter": True},
                        as_of="2025-01-01")
    assert s["item"]["eccn"] in (None, "")
    with pytest.raises(ValueError):
        engine.classify()
    with pytest.raises(exportctl.ShipmentError):
        engine.classify(product="no-such-chip")
    with pytest.raises(exportctl.ShipmentError):
        engine.classify(specs="{dense_tops: 3}")


@pytest.mark.parametrize("bad, code", [
    (minimal(items=[{"product": "no-such-chip", "quantity": 1}]), "EXC-E4001"),
    (minimal(items=[{"product": "nvidia-h100-sxm5-80gb", "quantity": 1.5}]), "EXC-E2002"),
    (minimal(items=[{"product": "nvidia-h100-sxm5-80gb"}]), "EXC-E2001"),
    (minimal(items=[{"product": "nvidia-h100-sxm5-80gb", "quantity": 1, "colour": "red"}]), "EXC-E2003"),
    (minimal(date="2025-02-30"), "EXC-E2005"),
    (minimal(transfers=[{"from": "exp", "to": "ghost"}]), "EXC-E4003"),
    (minimal(parties=[{"id": "eu", "name": "X", "country": "ZZ", "role": "end_user"}]), None),
    (minimal(items=[{"product": "nvidia-h100-sxm5-80gb", "quantity": True}]), "EXC-E2002"),
    (minimal(id=None), None),
    # a party name that leaves nothing to screen cannot be cleared
    (minimal(parties=[{"id": "exp", "name": "Example Inc.", "country": "US", "role": "exporter"},
                      {"id": "eu", "name": "Co., Ltd.", "country": "MY", "role": "end_user"}],
             transfers=[{"from": "exp", "to": "eu"}]), "EXC-E4011"),
    (minimal(parties=[{"id": "exp", "name": "Example Inc.", "country": "US", "role": "exporter"},
                      {"id": "eu", "name": "N/A", "country": "MY", "role": "end_user"}],
             transfers=[{"from": "exp", "to": "eu"}]), "EXC-E4011"),
])
def test_bad_shipments_raise_with_diagnostics(engine, bad, code):
    with pytest.raises(exportctl.ShipmentError) as info:
        engine.check(bad)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.diagnostics
    d = err.diagnostics[0]
    assert d.severity == "error" and d.code.startswith("EXC-") and d.message
    assert d.line > 0 and d.column > 0, "diagnostics of dicts carry positions (JSON text)"
    if code:
        assert code in {x.code for x in err.diagnostics}, str(err)
    assert d.code in str(err)


def test_bad_text_and_missing_file(engine):
    with pytest.raises(exportctl.ShipmentError) as info:
        engine.check("id: [unclosed\n")
    assert info.value.diagnostics[0].file == "<string>"
    with pytest.raises(FileNotFoundError):
        engine.check("no/such/order.yaml")
    with pytest.raises(TypeError):
        engine.check(42)


def test_not_json_able_dict(engine):
    with pytest.raises(exportctl.ShipmentError):
        engine.check(minimal(items={1, 2}))


def test_bad_packs_raise(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack:\n  id: x\n  treshold: 3\n")
    with pytest.raises(exportctl.RulePackError) as info:
        exportctl.Engine(rules=bad)
    assert isinstance(info.value, ValueError)
    d = info.value.diagnostics[0]
    assert d.file.endswith("bad.yaml") and d.line > 0 and d.code.startswith("EXC-")
    with pytest.raises(exportctl.RulePackError):
        exportctl.Engine(rules=tmp_path / "missing")
    with pytest.raises(exportctl.RulePackError) as info:
        exportctl.Engine(scenario="ai-difusion-2025")
    assert "EXC-E3010" in {x.code for x in info.value.diagnostics}
