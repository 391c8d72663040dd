"""The frame path is as strict as `exportctl batch`: no column is ignored silently,
values are what they mean, and no row comes back without a decision or an error."""
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

import exportctl

from conftest import SOURCE_DIR

LINES = SOURCE_DIR / "tests" / "cli" / "data" / "lines.csv"


def lines():
    return exportctl.read_shipments(LINES)


def codes(err):
    return [d.code for d in err.value.diagnostics]


def test_so_1042_needs_a_licence(engine):
    out = engine.check_frame(lines())
    assert out.loc[0, "decision"] == "license_required"


def test_misspelt_column_is_an_error_not_no_licence(engine):
    # The parent's headquarters (CN) is what makes SO-1042 license_required; a misspelt column
    # must not drop it silently.
    df = lines().rename(columns={"end_user_parent_headquarters": "end_user_parent_hq"})
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check_frame(df)
    assert codes(e) == ["EXC-E6001"]
    d = e.value.diagnostics[0]
    assert "`end_user_parent_hq`" in d.message
    assert "did you mean `end_user_parent_headquarters`?" == d.help


def test_unknown_column_is_an_error_unless_carried(engine):
    df = lines()
    df["order_value"] = [100.0, 200.0, 300.0, 400.0]
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check_frame(df)
    assert codes(e) == ["EXC-E6001"] and "`order_value`" in str(e.value)
    out = engine.check_frame(df, carry=["order_value"])
    assert out["decision"].notna().all() and out["error"].isna().all()
    assert out["order_value"].tolist() == [100.0, 200.0, 300.0, 400.0]


def test_bad_carry(engine):
    df = lines()
    df["order_value"] = 1
    for carry, text in ((["order_valu"], "did you mean `order_value`?"),
                        (["quantity"], "shipment-lines column"),
                        (["decision"], "check_frame adds")):
        with pytest.raises(exportctl.ShipmentError) as e:
            engine.check_frame(df, carry=carry)
        assert codes(e) == ["EXC-E6012"]
        assert text in str(e.value) or text == e.value.diagnostics[0].help


def test_duplicate_column(engine):
    df = lines()
    df = pd.concat([df, df[["quantity"]]], axis=1)
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check_frame(df)
    assert codes(e) == ["EXC-E6002"] and "`quantity`" in str(e.value)


def test_wrong_type_column(engine):
    df = lines()
    df["quantity"] = pd.Timestamp("2025-06-01")
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check_frame(df)
    assert codes(e) == ["EXC-E6011"] and "`quantity`" in str(e.value)
    df = lines()
    df["tpp"] = [True, False, True, False]
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check_frame(df)
    assert codes(e) == ["EXC-E6011"] and "`tpp`" in str(e.value)
    df = lines().astype(object)
    df.loc[1, "date"] = 20250601
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check_frame(df)
    assert codes(e) == ["EXC-E6011"] and "`date`" in str(e.value)


def test_read_csv_convert_dtypes(engine):
    expected = engine.check_frame(lines())
    df = pd.read_csv(LINES).convert_dtypes()  # Int64, Float64, boolean, string, <NA>
    assert str(df["quantity"].dtype) == "Int64" and df["consignee_ytd_tpp"].isna().any()
    out = engine.check_frame(df)
    assert out["error"].isna().all(), out["error"].tolist()
    assert out["decision"].tolist() == expected["decision"].tolist()


def test_plain_read_csv(engine):
    # NaN for empty cells, float columns for numbers with gaps.
    out = engine.check_frame(pd.read_csv(LINES))
    assert out["error"].isna().all(), out["error"].tolist()
    assert out["decision"].tolist() == engine.check_frame(lines())["decision"].tolist()


def test_timestamp_and_date_columns(engine):
    expected = engine.check_frame(lines())["decision"].tolist()
    df = lines()
    df["date"] = pd.to_datetime(df["date"])
    assert engine.check_frame(df)["decision"].tolist() == expected
    df = lines().astype(object)
    df["date"] = [dt.date(2025, 6, 1), dt.date(2025, 6, 1), dt.date(2025, 2, 10),
                  pd.Timestamp("2025-02-10")]
    assert engine.check_frame(df)["decision"].tolist() == expected
    df.loc[0, "date"] = pd.Timestamp("2025-06-01 13:30")
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check_frame(df)
    assert codes(e) == ["EXC-E6011"]


def test_numpy_scalars_in_object_columns(engine):
    expected = engine.check_frame(lines())["decision"].tolist()
    df = lines().astype(object)
    df["quantity"] = [np.int64(8), np.int32(4), np.uint16(200), np.int64(10)]
    df.loc[1, "datacenter"] = np.bool_(True)
    df.loc[1, "die_area_mm2"] = np.float32(814)
    assert engine.check_frame(df)["decision"].tolist() == expected


def test_no_row_without_decision_or_error(engine):
    df = lines()
    df.loc[1, "quantity"] = "many"
    out = engine.check_frame(df)
    assert (out["decision"].notna() | out["error"].notna()).all()
    assert out.loc[0, "error"] is not None  # the whole shipment SO-1042 is refused


def test_line_columns_come_from_the_native_schema():
    from exportctl import _exportctl

    native = [c[0] for c in _exportctl.shipment_schema()["line_columns"]]
    assert list(exportctl.LINE_COLUMNS) == native
    assert "commercially_available_us_2026_01_15" in exportctl.LINE_COLUMNS


def test_dict_timestamp_and_numpy(engine):
    doc = {"id": "D-1", "date": "2025-06-01",
           "items": [{"product": "nvidia-h100-sxm5-80gb", "quantity": 8}],
           "parties": [{"id": "e", "name": "E", "country": "US", "role": "exporter"},
                       {"id": "u", "name": "U", "country": "MY", "role": "end_user",
                        "ultimate_parent_headquarters": "CN", "consignee_ytd_tpp": 0}],
           "transfers": [{"from": "e", "to": "u"}]}
    expected = engine.check(doc).to_json()
    typed = dict(doc, date=pd.Timestamp("2025-06-01"))
    typed["items"] = [{"product": "nvidia-h100-sxm5-80gb", "quantity": np.int64(8)}]
    typed["parties"] = [doc["parties"][0],
                        dict(doc["parties"][1], consignee_ytd_tpp=np.float32(0))]
    assert engine.check(typed).to_json() == expected
    assert [d.to_json() for d in engine.check_many([typed, doc])] == [expected, expected]
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check(dict(doc, date=pd.Timestamp("2025-06-01 13:30")))
    assert codes(e) == ["EXC-E2005"]
    absent = engine.check(dict(doc, date=pd.NaT)).to_json()
    assert absent == engine.check({k: v for k, v in doc.items() if k != "date"}).to_json()
