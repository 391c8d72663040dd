"""exportctl.Ledger on SQLite in tmp_path: the flow of docs/ledger.md and its errors."""
import copy
import json
import pickle
import threading

import pytest

import exportctl
from conftest import EXAMPLES

LICENSE = EXAMPLES / "licenses" / "d1234567.yaml"
H200 = EXAMPLES / "h200-us-to-china-2026.yaml"
VIA_SG = EXAMPLES / "h200-via-singapore-to-china-2026.yaml"
HOLD = EXAMPLES / "missing-die-area-hold.yaml"


@pytest.fixture
def url(tmp_path):
    u = f"sqlite:{tmp_path / 'ledger.sqlite'}"
    exportctl.Ledger.init(u)
    return u


@pytest.fixture
def ledger(url):
    with exportctl.Ledger(url, principal="pytest") as l:
        l.add_licenses(LICENSE)
        yield l


def test_open_needs_init(tmp_path):
    with pytest.raises(exportctl.LedgerError) as e:
        exportctl.Ledger(f"sqlite:{tmp_path / 'never.sqlite'}")
    assert e.value.diagnostics[0].code == "EXC-E9103"
    assert "error[EXC-E9103]" in str(e.value) and "never created implicitly" in str(e.value)


def test_init_errors(tmp_path):
    with pytest.raises(exportctl.LedgerError) as e:
        exportctl.Ledger.init("mysql://nowhere/db")
    assert e.value.diagnostics[0].code.startswith("EXC-E91")
    not_a_db = tmp_path / "text.sqlite"
    not_a_db.write_text("not a database, just text\n" * 100)
    with pytest.raises(exportctl.LedgerError) as e:
        exportctl.Ledger.init(f"sqlite:{not_a_db}")
    assert e.value.diagnostics[0].code == "EXC-E9102"
    assert isinstance(e.value, exportctl.ExportctlError)


def test_init_twice_changes_nothing(url):
    exportctl.Ledger.init(url)
    with exportctl.Ledger(url) as l:
        assert l.licenses() == []


def test_add_licenses_path_text_and_errors(url):
    l = exportctl.Ledger(url)
    bad = LICENSE.read_text().replace("quantity: 64", "quantity: -1")
    with pytest.raises(exportctl.LicenseError) as e:
        l.add_licenses(bad)
    assert e.value.diagnostics[0].code.startswith("EXC-E92")
    assert e.value.diagnostics[0].file == "<string>" and e.value.diagnostics[0].line > 0
    assert l.licenses() == []  # all or none
    l.add_licenses(LICENSE.read_text())  # YAML text
    with pytest.raises(exportctl.LedgerError) as e:
        l.add_licenses(str(LICENSE))  # a path; the same number again
    assert e.value.diagnostics[0].code == "EXC-E9109"
    [lic] = l.licenses()
    assert (lic["number"], lic["quantity"], lic["remaining"]) == ("D1234567", 64, 64)
    with pytest.raises(TypeError):
        l.add_licenses(42)


def test_release_commit_cancel_verify(ledger, engine):
    r = ledger.release(engine, H200)
    assert (r.state, r.order_id, r.replayed, r.exit_code) == ("released", "SO-2001", False, 0)
    [use] = r.release["licenses"]
    assert (use["number"], use["item"], use["units"], use["remaining"]) == ("D1234567", 1, 16, 48)
    assert r.release["blocked"] == [] and r.release["journal_seq"] == 2
    assert isinstance(r.decision, exportctl.Decision)
    assert r.decision.decision == "license_required"
    assert r.decision.review_policy == "case_by_case"
    # the decision's members are byte for byte those of check
    checked = engine.check(H200).to_json()
    assert r.to_json().startswith(checked[:-1] + ',"release":{')
    assert json.loads(r.to_json())["release"] == r.release
    [lic] = ledger.licenses()
    assert (lic["reserved"], lic["used"], lic["remaining"]) == (16, 0, 48)

    again = ledger.release(engine, str(H200))  # a retry: nothing reserved twice
    assert again.replayed and again.state == "released"
    assert ledger.licenses()[0]["remaining"] == 48

    ledger.commit("SO-2001")
    ledger.commit("SO-2001")  # idempotent
    [lic] = ledger.licenses()
    assert (lic["reserved"], lic["used"], lic["remaining"]) == (0, 16, 48)
    with pytest.raises(exportctl.LedgerError) as e:
        ledger.cancel("SO-2001")
    assert e.value.diagnostics[0].code == "EXC-E9108"
    with pytest.raises(exportctl.LedgerError) as e:
        ledger.commit("NO-SUCH")
    assert e.value.diagnostics[0].code == "EXC-E9107"

    check = ledger.verify()
    assert check == {"ok": True, "records": 3, "first_bad": None, "problem": None}


def test_blocked_held_and_cancel(ledger, engine):
    r = ledger.release(engine, VIA_SG, order_id="BLK-1")
    assert (r.state, r.order_id, r.exit_code) == ("blocked", "BLK-1", 2)
    assert r.release["licenses"] == [] and r.release["blocked"]
    assert all(b["reason"] for b in r.release["blocked"])
    h = ledger.release(engine, HOLD)
    assert (h.state, h.exit_code, h.decision.decision) == ("held", 3, "hold")
    assert ledger.licenses()[0]["remaining"] == 64  # nothing reserved

    # a released order cancelled: its units return
    s = ledger.release(engine, H200, order_id="SO-2001-B")
    assert ledger.licenses()[0]["remaining"] == 48
    ledger.cancel("SO-2001-B")
    ledger.cancel("SO-2001-B")  # idempotent
    assert ledger.licenses()[0]["remaining"] == 64
    again = ledger.release(engine, H200, order_id="SO-2001-B")  # decided again, not replayed
    assert not again.replayed and again.release["journal_seq"] > s.release["journal_seq"]
    assert ledger.verify()["ok"]


def test_release_from_dict_and_bad_shipment(ledger, engine):
    import yaml

    r = ledger.release(engine, yaml.safe_load(H200.read_text()), order_id="DICT-1")
    assert r.state == "released" and r.order_id == "DICT-1"
    with pytest.raises(exportctl.ShipmentError) as e:
        ledger.release(engine, "id: [")
    assert e.value.diagnostics[0].code.startswith("EXC-E")
    with pytest.raises(TypeError):
        ledger.release(engine._core, H200)
    assert ledger.verify()["records"] == 2  # the bad shipment recorded nothing


def test_refuses_pickle_and_copy(ledger):
    for attempt in (pickle.dumps, copy.copy, copy.deepcopy):
        with pytest.raises(TypeError, match="database connection"):
            attempt(ledger)
    with pytest.raises(TypeError):
        pickle.dumps(ledger._core)


def test_closed_ledger_raises(url):
    l = exportctl.Ledger(url)
    l.close()
    with pytest.raises(ValueError, match="closed"):
        l.licenses()


def test_threads_share_one_ledger(ledger, engine):
    # Threads sharing one Ledger take turns on its connection; four releases of 16 use up 64.
    errors = []

    def worker(i):
        try:
            ledger.release(engine, H200, order_id=f"T-{i}")
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ledger.licenses()[0]["remaining"] == 0
    assert ledger.verify() == {"ok": True, "records": 6, "first_bad": None, "problem": None}


HMC = EXAMPLES.parent / "tests" / "golden" / "decisions" / \
    "entity-list-possible-acronym-hmc-gmbh-de-l20-2025-hold.yaml"


def test_history_serials_and_resolve(ledger, engine):
    shipment = {"id": "SO-S1", "date": "2026-03-02",
                "items": [{"product": "nvidia-h200-sxm-141gb", "quantity": 1, "serials": ["SN-9"]}],
                "parties": [{"id": "exp", "name": "Example Inc.", "country": "US", "role": "exporter"},
                            {"id": "eu", "name": "Example Cloud (Beijing) Co., Ltd.", "country": "CN",
                             "role": "end_user"}],
                "transfers": [{"from": "exp", "to": "eu"}]}
    assert ledger.release(engine, shipment).state == "released"
    [use] = ledger.serial("SN-9")
    assert (use["order_id"], use["country"], use["state"]) == ("SO-S1", "CN", "released")
    assert ledger.serial("SN-0") == []

    held = ledger.release(engine, HMC, order_id="SO-HMC")
    assert held.state == "held"
    with pytest.raises(exportctl.ExportctlError):
        ledger.resolve("SO-HMC", "J. Doe", "x", clear=[{"source": "a", "entry": "", "name": "b",
                                                       "country": "DE"}])
    with pytest.raises(exportctl.LedgerError) as e:
        ledger.resolve("SO-HMC", "", "no reviewer")
    assert e.value.diagnostics[0].code == "EXC-E9110"
    ledger.resolve("SO-HMC", "J. Doe", "a Munich machine maker",
                   clear=[{"source": "exportctl curated Entity List",
                           "entry": "EL_CHENGDU_HAIGUANG_MICRO", "name": "HMC GmbH",
                           "country": "DE"}])
    again = ledger.release(engine, HMC, order_id="SO-HMC")
    assert again.state == "released"
    assert "cleared by J. Doe" in again.to_json()

    frame = ledger.history()
    assert list(frame["kind"]) == ["license_add", "release", "release", "resolve", "release"]
    assert list(frame["principal"].unique()) == ["pytest"]
    assert str(frame["at"].dtype).startswith("datetime64")
    assert frame["prev_sha256"].iloc[1] == frame["sha256"].iloc[0]
    assert ledger.journal()[3]["order_id"] == "SO-HMC"


def test_resolve_supplies_a_missing_fact(ledger, engine):
    # examples/missing-die-area-hold.yaml: held for the die area; a reviewer supplies it.
    shipment = {"id": "SO-7001", "date": "2025-05-20",
                "items": [{"description": "prototype inference card", "quantity": 100,
                           "specs": {"dense_tops": {"fp16": 125}, "datacenter": True}}],
                "parties": [{"id": "exp", "name": "Example Inc.", "country": "US", "role": "exporter"},
                            {"id": "eu", "name": "Example Research Ltd", "country": "IN",
                             "role": "end_user"}],
                "transfers": [{"from": "exp", "to": "eu"}]}
    held = ledger.release(engine, shipment)
    assert held.state == "held"
    assert held.decision.missing_facts == ["item 1: die_area_mm2"]
    with pytest.raises(exportctl.LedgerError) as e:
        ledger.resolve("SO-7001", "J. Doe", "x", supply=[{"item": 1, "fact": "tpp", "value": 4000}])
    assert e.value.diagnostics[0].code == "EXC-E9112"
    with pytest.raises(exportctl.ExportctlError):
        ledger.resolve("SO-7001", "J. Doe", "x", supply=[{"item": 1, "fact": "die_area_mm2",
                                                          "value": "big"}])
    ledger.resolve("SO-7001", "J. Doe", "datasheet rev. C", supply=[
        {"item": 1, "fact": "die_area_mm2", "value": 814}])
    again = ledger.release(engine, shipment)
    assert again.state == "released"
    assert again.decision.decision == "no_license_required"
    [flag] = again.decision.red_flags
    assert "item 1: die_area_mm2 = 814 supplied by J. Doe" in flag["message"]
