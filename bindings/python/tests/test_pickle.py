"""Pickling: an Engine travels as everything it was built from and is refused on the other side
unless its sources fingerprint matches; a Decision travels as its canonical JSON."""
import json
import multiprocessing
import os
import pickle
import shutil

import pytest

import exportctl
import exportctl._pickle as xp
from conftest import SOURCE_DIR
from exportctl import samples

LISTS = SOURCE_DIR / "tests" / "data" / "lists"
SDN_MINI = LISTS / "sdn-mini"
REFERENCE = SOURCE_DIR.parent / "shared" / "reference"
CLI_LISTS = SOURCE_DIR / "tests" / "cli" / "data" / "lists"
REVIEWED = SOURCE_DIR / "tests" / "cli" / "data" / "reviewed.csv"


def fresh(engine):
    """The engine pickled and unpickled as in a new process (the per-process cache emptied)."""
    data = pickle.dumps(engine)
    xp._CACHE.clear()
    return pickle.loads(data)


def same_decisions(a, b, docs):
    ja = [d.to_json() for d in a.check_many(docs)]
    jb = [d.to_json() for d in b.check_many(docs)]
    assert ja == jb
    return ja


def reference_lists():
    sdn = REFERENCE / "lists" / "ofac-sdn-2021" / "sdn.csv"
    dpl = REFERENCE / "lists" / "bis-dpl-2022.txt"
    csl = REFERENCE / "csl" / "watchman-cslustest-consolidated.csv"
    found = [p for p in (sdn, dpl, csl) if p.is_file()]
    # Fall back to the repository's copies of the same snapshots (tests/data/lists).
    return [str(p) for p in found] or [str(LISTS / "ofac-sdn-2021" / "sdn.csv"),
                                       str(LISTS / "bis-dpl-2022.txt"),
                                       str(LISTS / "watchman-cslustest-consolidated.csv")]


def test_the_default_engine_round_trips_byte_for_byte(engine):
    back = fresh(engine)
    assert back is not engine
    assert back.fingerprint == engine.fingerprint
    assert back.sources_fingerprint == engine.sources_fingerprint
    assert back.packs == engine.packs and back.lists == engine.lists == []
    out = same_decisions(engine, back, samples.shipments(300, engine, seed=11))
    # The pack directory went with its pack-set.yaml: decisions still name the pack set.
    assert json.loads(out[0])["pack_set"] is not None


def test_the_directory_matters_beyond_the_fingerprint(engine):
    # The same pack texts loaded without their directory give the same pack fingerprint but
    # no pack set: why the pickle restores the directory, manifest included.
    texts = exportctl.Engine(rules=exportctl.RuleSet.load())
    assert texts.fingerprint == engine.fingerprint
    doc = samples.shipments(1, engine)[0]
    assert json.loads(texts.check(doc).to_json())["pack_set"] is None
    assert json.loads(fresh(engine).check(doc).to_json())["pack_set"] == \
        json.loads(engine.check(doc).to_json())["pack_set"]


def test_a_scenario_engine_round_trips(engine, diffusion):
    back = fresh(diffusion)
    assert back.scenarios == ["ai-diffusion-2025"]
    assert back.fingerprint == diffusion.fingerprint != engine.fingerprint
    out = same_decisions(diffusion, back, samples.shipments(300, engine, seed=12))
    assert all(json.loads(j)["scenario"] == "ai-diffusion-2025" for j in out)


def test_an_edited_engine_round_trips_with_its_edits(engine):
    lower = exportctl.RuleSet.load().set_threshold("EAR_3A090_A_1_2023", "tpp", 1000)
    edited = exportctl.Engine(rules=lower)
    back = fresh(edited)
    assert back.edits == edited.edits == lower.edits and len(back.edits) == 1
    assert back.fingerprint == edited.fingerprint != engine.fingerprint
    docs = samples.shipments(300, engine, seed=13)
    out = same_decisions(edited, back, docs)
    # The edit travelled: the restored engine is not the default one.
    assert out != [d.to_json() for d in engine.check_many(docs)]


def test_an_engine_with_lists_and_reviewed_matches_round_trips():
    lists = reference_lists()
    full = exportctl.Engine(lists=lists, reviewed=str(REVIEWED))
    back = fresh(full)
    assert back.lists == full.lists and len(back.lists) == len(lists) + 1
    assert back.sources_fingerprint == full.sources_fingerprint
    docs = samples.shipments(200, full, seed=14)
    docs += [str(CLI_LISTS / n) for n in ("sdn-party.yaml", "dpl-party.yaml", "huawei-japan.yaml")]
    assert [d.to_json() for d in back.check_many(docs)] == \
        [d.to_json() for d in full.check_many(docs)]
    cleared = back.check(str(CLI_LISTS / "huawei-japan.yaml"))
    assert "cleared by J. Doe" in cleared.to_json()


def test_lists_go_inside_the_pickle(tmp_path):
    # The engine's list files are gone on the other side: it screens against the pickled
    # bytes (from a private copy with the same base names), not against nothing.
    copy = tmp_path / "ofac"
    shutil.copytree(SDN_MINI, copy)
    reviewed = tmp_path / "reviewed.csv"
    shutil.copy(REVIEWED, reviewed)
    engine = exportctl.Engine(lists=[str(copy / "sdn.csv")], reviewed=[str(reviewed)])
    shipment = str(CLI_LISTS / "sdn-party.yaml")
    before = engine.check(shipment)
    data = pickle.dumps(engine)
    shutil.rmtree(copy)
    reviewed.unlink()
    xp._CACHE.clear()
    back = pickle.loads(data)
    assert back.sources_fingerprint == engine.sources_fingerprint
    assert [(l["source"], l["rows"], l["sha256"]) for l in back.lists] == \
        [(l["source"], l["rows"], l["sha256"]) for l in engine.lists]
    assert [l["file"].rsplit("/", 1)[1] for l in back.lists] == ["sdn.csv", "reviewed.csv"]
    after = back.check(shipment)
    assert after.decision == before.decision == "hold"
    assert "OFAC_SANCTIONS_LISTS" in after.rules
    # Only the files' paths differ (the private copies, removed once loaded).
    text = after.to_json()
    for restored, original in zip(back.lists, engine.lists):
        assert restored["file"] != original["file"] and not os.path.exists(restored["file"])
        text = text.replace(restored["file"], original["file"])
    assert text == before.to_json()


def test_unpickling_the_same_engine_loads_it_once(engine):
    data = pickle.dumps(engine)
    xp._CACHE.clear()
    first = pickle.loads(data)
    assert pickle.loads(data) is first
    assert pickle.loads(pickle.dumps(first)) is first  # a restored engine pickles again


class Tampered:
    """Pickles as a restored engine with the state given (what a changed pickle holds)."""

    def __init__(self, state):
        self.state = state

    def __reduce__(self):
        return xp._restore_engine, (self.state,)


def state_of(engine):
    fn, (state,) = engine.__reduce__()
    assert fn is xp._restore_engine
    return {k: (list(v) if isinstance(v, list) else v) for k, v in state.items()}


def test_a_pickle_that_screens_against_less_is_refused():
    engine = exportctl.Engine(lists=[str(SDN_MINI / "sdn.csv")])
    state = state_of(engine)
    source, files = state["lists"][0]
    name, data = files[0]
    cut = data[:data.rindex(b"\n", 0, len(data) - 1) + 1]  # the last entry dropped
    state["lists"] = [(source, [(name, cut)] + files[1:])]
    state["origin"] = ["/nonexistent/sdn.csv"]  # so the bytes of the pickle are read
    xp._CACHE.clear()
    with pytest.raises(exportctl.RulePackError, match="differs from the pickled one"):
        pickle.loads(pickle.dumps(Tampered(state)))
    state = state_of(engine)
    state["lists"] = []
    with pytest.raises(exportctl.RulePackError, match="sources fingerprint"):
        pickle.loads(pickle.dumps(Tampered(state)))


def test_a_pickle_with_other_packs_is_refused(engine):
    state = state_of(engine)
    state["sources_fingerprint"] = "0" * 64
    with pytest.raises(exportctl.RulePackError, match="refused"):
        pickle.loads(pickle.dumps(Tampered(state)))
    state = state_of(engine)
    state["version"] = 99
    with pytest.raises(pickle.UnpicklingError, match="another version"):
        pickle.loads(pickle.dumps(Tampered(state)))


def test_files_changed_since_loading_cannot_be_pickled(tmp_path):
    copy = tmp_path / "ofac"
    shutil.copytree(SDN_MINI, copy)
    engine = exportctl.Engine(lists=[str(copy / "sdn.csv")])
    (copy / "alt.csv").write_text((SDN_MINI / "alt.csv").read_text() + "\n")
    with pytest.raises(pickle.PicklingError, match="changed since the engine was loaded"):
        pickle.dumps(engine)
    rules = tmp_path / "rules"
    shutil.copytree(exportctl.default_rules_dir(), rules)
    engine = exportctl.Engine(rules=str(rules))
    pack = rules / "eccn-3a090.yaml"
    text = pack.read_text()
    assert "value: " in text
    pack.write_text(text.replace("value: ", "value: 1", 1))  # a threshold changed on disk
    with pytest.raises(pickle.PicklingError, match="rule packs"):
        pickle.dumps(engine)


def test_a_shipment_error_pickles_with_its_diagnostics(engine):
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check({"id": "X"})
    back = pickle.loads(pickle.dumps(e.value))
    assert type(back) is exportctl.ShipmentError and str(back) == str(e.value)
    assert back.diagnostics == e.value.diagnostics and back.diagnostics[0].code


def _decide(args):
    engine, docs = args
    return [d.to_json() for d in engine.check_many(docs, threads=1)]


def _decisions(args):
    # Pickled here, unpickled by the test: a result the pool itself failed to unpickle would
    # kill its result thread and hang the test instead of failing it.
    engine, docs = args
    return pickle.dumps(engine.check_many(docs, threads=1))


def test_a_spawned_pool_decides_as_this_process_does(diffusion):
    docs = samples.shipments(200, diffusion, seed=15)
    chunks = [(diffusion, docs[i:i + 50]) for i in range(0, len(docs), 50)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        got = [j for part in pool.map_async(_decide, chunks).get(120) for j in part]
    assert got == [d.to_json() for d in diffusion.check_many(docs)]


# Decisions pickle through the native reader `_exportctl.decision_from_json`; these tests fail
# (UnpicklingError naming it) until the compiled module has it.

def test_a_decision_round_trips_byte_for_byte(engine):
    for d in engine.check_many(samples.shipments(50, engine, seed=16)):
        back = pickle.loads(pickle.dumps(d))
        assert type(back) is exportctl.Decision
        assert back.to_json() == d.to_json() and back.explain() == d.explain()
        assert back._warnings == d._warnings
        assert (back.decision, back.rules, back.eccns) == (d.decision, d.rules, d.eccns)


def test_a_spawned_pool_returns_decisions(engine):
    docs = samples.shipments(40, engine, seed=17)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        parts = pool.map_async(_decisions, [(engine, docs[:20]), (engine, docs[20:])]).get(120)
        got = [d for part in parts for d in pickle.loads(part)]
    assert [d.to_json() for d in got] == [d.to_json() for d in engine.check_many(docs)]
