"""exportctl.tables(): decisions as tidy frames built in C++ (shipments, items, hops, findings),
checked against the decisions' own JSON."""
import pandas as pd
import pytest

import exportctl
from exportctl import samples
from exportctl._tables import tables

from conftest import EXAMPLES, minimal


def _decisions(engine, n=300):
    return engine.check_many(samples.shipments(n, seed=7))


def test_tables_match_the_decisions_json(engine):
    ds = _decisions(engine)
    t = tables(ds)
    assert list(t.shipments["position"]) == list(range(len(ds)))
    assert len(t.items) == sum(len(d.to_dict()["items"]) for d in ds)
    assert len(t.findings) == sum(len(d.to_dict()["findings"]) for d in ds)
    assert len(t.hops) == sum(len(h["hops"]) for d in ds for h in d.to_dict()["paths"])
    for i in (0, 17, len(ds) - 1):
        doc = ds[i].to_dict()
        row = t.shipments.iloc[i]
        assert row["shipment"] == doc["shipment"] and row["decision"] == doc["decision"]
        assert (row["review_policy"] if pd.notna(row["review_policy"]) else None) == doc["review_policy"]
        items = t.items[t.items["position"] == i]
        assert list(items["eccn"].astype(object).where(items["eccn"].notna(), None)) == [
            it["eccn"] for it in doc["items"]]
        assert list(items["decision"]) == [it["decision"] for it in doc["items"]]
        found = t.findings[t.findings["position"] == i]
        assert list(found["rule"]) == [f["rule"] for f in doc["findings"]]
        assert list(found["effect"]) == [f["effect"] for f in doc["findings"]]
        assert list(found["message"]) == [f["message"] for f in doc["findings"]]
        assert [None if pd.isna(x) else int(x) for x in found["item"]] == [
            f.get("item") for f in doc["findings"]]


def test_item_rows_carry_their_own_rules(engine):
    # An H20 beside an H100: the H20's row does not cite the H100's 3A090.a.1 rule.
    s = minimal(date="2024-06-01", items=[{"product": "nvidia-h100-sxm5-80gb", "quantity": 1},
                                          {"product": "nvidia-h20", "quantity": 1}])
    assert "nvidia-h20" in engine.product_ids
    d = engine.check(s)
    items = tables([d]).items
    h100, h20 = items.iloc[0], items.iloc[1]
    assert "EAR_3A090_A_1_2023" in h100["rules"].split(";")
    assert "EAR_3A090_A_1_2023" not in h20["rules"].split(";")
    assert h100["eccn"] != h20["eccn"] or h100["decision"] != h20["decision"]


def test_errors_are_raised_or_recorded(engine):
    ds = engine.check_many([minimal(), {"id": "bad"}], errors="record")
    with pytest.raises(exportctl.ShipmentError):
        tables(ds)
    t = tables(ds, errors="record")
    assert list(t.shipments["position"]) == [0, 1]
    assert pd.isna(t.shipments.loc[1, "decision"])
    assert "cannot be decided" in t.shipments.loc[1, "error"]
    assert t.shipments.loc[0, "error"] is None
    assert set(t.items["position"]) == {0}


def test_bad_arguments_are_type_errors(engine):
    with pytest.raises(TypeError, match="list of Decisions"):
        tables(engine.check(minimal()))
    with pytest.raises(TypeError, match="not a Decision"):
        tables([{"id": "x"}])
    with pytest.raises(ValueError, match="errors"):
        tables([], errors="ignore")


def test_categoricals_and_empty_input(engine):
    t = tables([])
    assert all(len(f) == 0 for f in t)
    t = tables(_decisions(engine, 50))
    assert isinstance(t.findings["rule"].dtype, pd.CategoricalDtype)
    assert t.findings["message"].dtype == object
    assert str(t.findings["item"].dtype) in ("Int64", "int64")
    # Rows join back: every item's shipment id is its shipment row's.
    joined = t.items.merge(t.shipments[["position", "shipment"]], on="position",
                           suffixes=("", "_s"))
    assert (joined["shipment"] == joined["shipment_s"]).all()
