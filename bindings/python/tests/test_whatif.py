"""What-if: RuleSet edits (in memory, no files), to_yaml, and compare."""
import os
from pathlib import Path

import pandas as pd
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
    with pytest.raises(TypeError, match="override: the value for"):
        rules.override("ear-eccn-3a090", TPP_A1, object())
    broken = rules.override("ear-eccn-3a090", TPP_A1, "a lot")
    with pytest.raises(exportctl.RulePackError) as info:
        exportctl.Engine(rules=broken)
    d = info.value.diagnostics[0]
    assert "(edited" in d.file and d.line > 0 and d.path.endswith("value")
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


# --- regression: "a bad value in a RuleSet edit is reported at the wrong line of the edited
# pack" (issue 15). The edited pack used to be re-serialized with yaml.dump, so the diagnostic's
# line was a line of a text nobody could see. Now the value is written in place.

A1_RULE = "EAR_3A090_A_1_2023"


@pytest.mark.parametrize("bad", ["abc", -5])
def test_bad_edit_is_reported_at_its_line(rules, bad, tmp_path, cli):
    import subprocess

    broken = rules.set_threshold(A1_RULE, "tpp", bad)
    with pytest.raises(exportctl.RulePackError) as info:
        exportctl.Engine(rules=broken)
    d = [x for x in info.value.diagnostics if x.severity == "error"][0]
    text = broken.text("ear-eccn-3a090")
    line = text.splitlines()[d.line - 1]
    assert f"value: {bad}" in line, (d, line)
    # The error names the edit (pack file, path and line) ...
    assert f"edited: classifications[{A1_RULE}].when.thresholds[param=tpp].value at line " \
        f"{d.line}" in d.file
    assert broken.edit_for(d) == broken.edits[-1] and repr(bad) in broken.edit_for(d)
    # ... and the line is the pack file's own line: every other line is unchanged.
    original = Path(rules._packs[rules._find("ear-eccn-3a090")].file).read_text().splitlines()
    assert "param: tpp" in original[d.line - 1] and "4800" in original[d.line - 1]
    edited = text.splitlines()
    assert [i for i, (a, b) in enumerate(zip(original, edited)) if a != b] == [d.line - 1]
    assert edited[len(original):][0].startswith("# Edited by exportctl.RuleSet")
    # The files to_yaml writes are that text: the command line reports the same line.
    broken.to_yaml(tmp_path)
    assert (tmp_path / "ear-eccn-3a090.yaml").read_text() == text
    run = subprocess.run([cli, "lint", str(tmp_path)], capture_output=True, text=True)
    assert f"ear-eccn-3a090.yaml:{d.line}:{d.column}:" in run.stdout + run.stderr


def test_edits_keep_the_layout_and_comments(rules):
    a = rules.override("ear-country-groups", "country_groups[D5].members",
                       lambda members: members + ["AE"])
    a = a.set_threshold("EAR_3A090_B_1_2023", "tpp", 2000, op=">=")
    a = a.override("ear-eccn-3a090", TPP_A1, 4000)
    a = a.override("ear-eccn-3a090", TPP_A1, 4100)  # the same path twice: the latest holds
    for pack in ("ear-country-groups", "ear-eccn-3a090"):
        before = rules.text(pack).splitlines()
        after = a.text(pack).splitlines()
        assert len(after) > len(before)  # the edit list appended, no line moved
        kept = sum(x == y for x, y in zip(before, after))
        assert kept >= len(before) - 40, "only the edited values' lines change"
        assert any(x.lstrip().startswith("#") for x in after[:len(before)])
    assert a.get("ear-eccn-3a090", TPP_A1) == 4100
    assert a.get("ear-eccn-3a090", "classifications[EAR_3A090_B_1_2023].when.thresholds[0]"
                 ".value") == 2000
    eccn = [n for n, _ in a._texts() if "eccn-3a090" in n][0]
    assert eccn.count(TPP_A1) == 1 and "thresholds[0].value at line" in eccn
    eng = exportctl.Engine(rules=a)
    assert eng.classify(specs=IC, as_of="2025-01-01")["item"]["paragraph"] == "3A090.a.1"
    assert "AE" in a.get("ear-country-groups", "country_groups[D5].members")
    assert exportctl.RuleSet(a._packs).text("ear-eccn-3a090") == a.text("ear-eccn-3a090")


def test_value_that_cannot_be_written_in_place(rules):
    # A string with a line break cannot go on one line: the pack is re-serialized, and the
    # name says where the lines come from.
    broken = rules.override("ear-eccn-3a090", TPP_A1, "two\nlines")
    with pytest.raises(exportctl.RulePackError) as info:
        exportctl.Engine(rules=broken)
    d = info.value.diagnostics[0]
    assert "re-serialized" in d.file and "RuleSet.text('ear-eccn-3a090')" in d.file
    assert "value:" in broken.text("ear-eccn-3a090").splitlines()[d.line - 1]
    assert broken.edit_for(d) is None
    # Later edits of a re-serialized pack stay loadable.
    fixed = broken.override("ear-eccn-3a090", TPP_A1, 4000)
    assert exportctl.Engine(rules=fixed).classify(
        specs=IC, as_of="2025-01-01")["item"]["paragraph"] == "3A090.a.1"


def test_set_threshold_ranges_and_nested(rules):
    with pytest.raises(ValueError, match="tests `tpp` 2 times"):
        rules.set_threshold("EAR_3A090_B_1_2023", "tpp", 2000)
    with pytest.raises(KeyError):
        rules.set_threshold(A1_RULE, "die_area_mm2", 1)
    upper = rules.set_threshold("EAR_3A090_B_1_2023", "tpp", 5000, op="<")
    assert upper.get("ear-eccn-3a090", "classifications[EAR_3A090_B_1_2023].when."
                     "thresholds[1]") == {"param": "tpp", "op": "<", "value": 5000}
    # A threshold inside any_of / all_of is found too (thresholds() gives its path).
    row = rules.thresholds()
    nested = row[row["path"].str.contains(r"\.(?:any_of|all_of)\[")].iloc[0]
    edited = rules.set_threshold(nested["rule"], nested["param"], 1234)
    assert edited.get(nested["pack"], nested["path"]) == 1234
    exportctl.Engine(rules=edited)


# --- compare on frames ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def docs(engine):
    return samples.shipments(400, engine, seed=7, dates=("2025-06-01",))


@pytest.fixture(scope="module")
def lines(docs):
    frame = samples.lines(docs)
    frame.index = [f"L{i}" for i in range(len(frame))][::-1]  # not a RangeIndex, not sorted
    return frame


def test_compare_frame_joins_back(engine, diffusion, docs, lines):
    out = exportctl.compare(lines, engine, diffusion)
    assert out.index.equals(lines.index) and len(out) == len(lines)
    assert out[list(lines.columns)].equals(lines), "the input's columns are kept as they were"
    for c in ("decision", "review_policy", "eccn", "rules", "missing_facts", "error"):
        assert f"{c}_a" in out.columns and f"{c}_b" in out.columns
    assert out["changed"].dtype == bool
    a, b = engine.check_frame(lines), diffusion.check_frame(lines)
    assert out["decision_a"].tolist() == a["decision"].tolist()
    assert out["rules_b"].tolist() == b["rules"].tolist()
    differs = a["decision"] != b["decision"]
    moved = a["shipment_decision"] != b["shipment_decision"]  # lines decide items one by one
    differs |= moved
    # The same shipments change as with the iterable form.
    diffs = exportctl.compare(docs, engine, diffusion)
    assert set(out.loc[moved, "shipment"]) == {d.a.shipment for d in diffs}
    assert out["changed"].tolist() == differs.tolist()
    assert out["changed"].any() and not out["changed"].all()
    row = out[out["changed"]].iloc[0]
    assert row["only_in_b"] and set(row["only_in_b"].split(";")) <= set(row["rules_b"].split(";"))
    # The input's columns, engine a's, engine b's, then ours: as exportctl.dask.compare.
    want = lines.copy()
    for s, r in (("a", a), ("b", b)):
        for k in exportctl.DECISION_COLUMNS:
            want[f"{k}_{s}"] = r[k]
    want["changed"] = differs
    pd.testing.assert_frame_equal(out.drop(columns=["only_in_a", "only_in_b"]), want)
    joined = lines.join(out[["decision_b", "changed"]])  # joins back by the index
    assert joined["changed"].equals(out["changed"])
    assert out.attrs["engines"]["b"]["scenarios"] == ["ai-diffusion-2025"]
    same = exportctl.compare(lines, engine, engine)
    assert not same["changed"].any()


def test_compare_frame_with_edited_rules(rules, engine, lines):
    halved = rules.set_threshold(A1_RULE, "tpp", 2400)
    out = exportctl.compare(lines, engine, exportctl.Engine(rules=halved), policy=True)
    assert out.attrs["engines"]["b"]["edits"] == halved.edits
    assert out.attrs["engines"]["a"]["edits"] == []
    changed = out[out["changed"]]
    assert len(changed) and (changed["only_in_b"].str.contains(A1_RULE)).any()
    c = changed.fillna("-")  # None != None would count as a difference
    assert ((c["decision_a"] != c["decision_b"])
            | (c["shipment_decision_a"] != c["shipment_decision_b"])
            | (c["review_policy_a"] != c["review_policy_b"])).all()


def _without_product(rules, engine):
    """A RuleSet whose catalog lacks one product no rule names, and that product."""
    texts = "\n".join(rules.text(p) for p in rules.packs if p != "product-catalog")
    gone = next(p for p in engine.product_ids if p not in texts)
    cut = rules.override("product-catalog", "products",
                         lambda ps: [p for p in ps if p["id"] != gone])
    return cut, gone


def test_compare_errors_raise_and_record(rules, engine, docs, lines):
    bad = lines.copy()
    first = bad["shipment"].iloc[0]
    bad.loc[bad["shipment"] == first, "end_user_country"] = "XX"
    with pytest.raises(exportctl.ShipmentError) as info:
        exportctl.compare(bad, engine, engine)
    assert "engine_a" in str(info.value) and "XX" in str(info.value)
    out = exportctl.compare(bad, engine, engine, errors="record")
    rows = out["shipment"] == first
    assert out.loc[rows, "error_a"].str.contains("XX").all()
    assert out.loc[rows, "decision_a"].isna().all() and not out.loc[rows, "changed"].any()
    assert out.loc[~rows, "error_a"].isna().all()
    # A shipment only one engine cannot decide: changed, with its error on that side.
    cut, gone = _without_product(rules, engine)
    other = exportctl.Engine(rules=cut)
    one = lines.copy()
    one.iloc[0, one.columns.get_loc("product")] = gone
    with pytest.raises(exportctl.ShipmentError, match="engine_b"):
        exportctl.compare(one, engine, other)
    out = exportctl.compare(one, engine, other, errors="record")
    sid = one["shipment"].iloc[0]
    hit = out[out["shipment"] == sid]
    assert hit["changed"].all() and hit["error_b"].notna().all() and hit["error_a"].isna().all()
    # The iterable form: a Difference whose b is the ShipmentError.
    ship = dict(docs[0], items=[{"product": gone, "quantity": 1}])
    with pytest.raises(exportctl.ShipmentError):
        exportctl.compare([ship], engine, other)
    diffs = exportctl.compare([ship, docs[1]], engine, other, errors="record")
    assert [d.index for d in diffs] == [0] and isinstance(diffs[0].b, exportctl.ShipmentError)
    table = diffs.to_frame()
    assert table["error_b"].iloc[0] and table["error_a"].isna().all()
    assert table["decision_a"].iloc[0] == diffs[0].a.decision


def test_compare_bad_arguments(engine, lines, docs):
    with pytest.raises(ValueError, match="errors"):
        exportctl.compare(lines, engine, engine, errors="ignore")
    with pytest.raises(ValueError, match="errors"):
        exportctl.compare(docs, engine, engine, errors="return")
    with pytest.raises(ValueError, match="carry"):
        exportctl.compare(docs, engine, engine, carry=["x"])
    clash = lines.assign(changed=1)
    with pytest.raises(ValueError, match="changed"):
        exportctl.compare(clash, engine, engine, carry=["changed"])
    with pytest.raises(exportctl.ShipmentError):  # an unknown column, as check_frame says
        exportctl.compare(lines.assign(colour="red"), engine, engine)
    kept = exportctl.compare(lines.assign(order_value=3), engine, engine, carry=["order_value"])
    assert (kept["order_value"] == 3).all()
    empty = exportctl.compare(lines.iloc[:0], engine, engine)
    assert len(empty) == 0 and "changed" in empty.columns
