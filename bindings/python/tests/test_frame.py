"""pandas: read_shipments and check_frame over the shipment-lines schema."""
import json
import re
import subprocess

import pandas as pd
import pytest

import exportctl
from exportctl import samples
from exportctl.frame import frame_decisions

from conftest import SOURCE_DIR

LINES = SOURCE_DIR / "tests" / "cli" / "data" / "lines.csv"


def test_read_csv_and_check_frame(engine):
    df = exportctl.read_shipments(LINES)
    assert isinstance(df, pd.DataFrame) and len(df) == 4
    out = engine.check_frame(df)
    assert list(out.columns) == list(df.columns) + list(exportctl.DECISION_COLUMNS)
    assert len(out) == len(df)
    assert out["decision"].notna().all()
    assert out.loc[0, "eccn"] == "3A090.a"
    assert out["error"].isna().all()
    assert df.equals(exportctl.read_shipments(LINES)), "the input frame is not modified"


def test_same_decisions_as_the_command_line(engine, cli):
    run = subprocess.run([cli, "batch", str(LINES)], capture_output=True, text=True)
    # A batch record is the decision with its input line and chain member last, and the records
    # end with a summary record (README "Batch records").
    chain = re.compile(r',"line":\d+,"prev_sha256":"[0-9a-f]{64}"}$')
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    assert lines[-1].startswith('{"summary":{"records":%d,' % (len(lines) - 1))
    expected = [chain.sub("}", line) for line in lines[:-1]]
    mine = [d.to_json() for _, d in frame_decisions(engine, exportctl.read_shipments(LINES))]
    assert mine == expected


def test_frame_and_dicts_agree(engine):
    docs = samples.shipments(400, engine, seed=3)
    out = engine.check_frame(samples.lines(docs))
    by_id = out.drop_duplicates("shipment").set_index("shipment")["shipment_decision"]
    decided = engine.check_many(docs)
    assert by_id.to_dict() == {d.shipment: d.decision for d in decided}
    # Each line is its item: its own decision and ECCN, as the decision's items give them.
    items = [(d.shipment, it["decision"], it["eccn"]) for d in decided for it in d.items]
    assert list(zip(out["shipment"], out["decision"], out["eccn"])) == items


def test_lines_carry_their_items_rules(engine):
    # An H100 and an H20 in one shipment to China: the H20's line does not cite the H100's
    # 3A090.a.1 rule, and the shipment's decision is on both lines.
    frame = pd.DataFrame({
        "shipment": ["S1", "S1"], "date": ["2024-06-01"] * 2,
        "product": ["nvidia-h100-sxm5-80gb", "nvidia-h20"], "quantity": ["1", "1"],
        "exporter": ["Example Inc."] * 2, "exporter_country": ["US"] * 2,
        "end_user": ["Example Lab"] * 2, "end_user_country": ["CN"] * 2})
    out = engine.check_frame(frame)
    assert out["error"].isna().all(), out["error"].tolist()
    h100, h20 = out.iloc[0], out.iloc[1]
    assert "EAR_3A090_A_1_2023" in h100["rules"].split(";")
    assert "EAR_3A090_A_1_2023" not in h20["rules"].split(";")
    assert h100["decision"] == "license_required" and h100["review_policy"]
    assert h20["eccn"] != h100["eccn"]
    assert h100["shipment_decision"] == h20["shipment_decision"] == "license_required"


def test_typed_columns(engine):
    df = exportctl.read_shipments(LINES)
    typed = df.copy()
    typed["quantity"] = typed["quantity"].astype(int)
    typed["date"] = pd.to_datetime(typed["date"]).dt.date
    assert engine.check_frame(typed)["decision"].tolist() == engine.check_frame(df)["decision"].tolist()


def test_bad_rows_get_an_error(engine):
    df = exportctl.read_shipments(LINES)
    df.loc[2, "product"] = "no-such-chip"
    out = engine.check_frame(df)
    assert out.loc[2, "decision"] is None and "EXC-E4001" in out.loc[2, "error"]
    assert out.loc[0, "decision"] is not None


def test_missing_required_column(engine):
    df = exportctl.read_shipments(LINES).drop(columns=["quantity"])
    with pytest.raises(exportctl.ShipmentError) as e:
        engine.check_frame(df)
    assert [d.code for d in e.value.diagnostics] == ["EXC-E6003"]
    assert "`quantity`" in str(e.value)


def test_read_jsonl(tmp_path, engine):
    docs = samples.shipments(5, engine)
    f = tmp_path / "orders.jsonl"
    f.write_text("\n".join(json.dumps(d) for d in docs) + "\n\n")
    back = exportctl.read_shipments(f)
    assert back == docs
    flat = tmp_path / "lines.jsonl"
    flat.write_text("\n".join(json.dumps(r) for r in samples.lines(docs).to_dict("records")))
    frame = exportctl.read_shipments(flat)
    assert isinstance(frame, pd.DataFrame)
    assert engine.check_frame(frame)["decision"].notna().all()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{\n")
    with pytest.raises(ValueError):
        exportctl.read_shipments(bad)


def test_decisions_frame(engine):
    docs = samples.shipments(20, engine)
    frame = exportctl.decisions_frame(engine.check_many(docs), docs)
    assert list(frame.columns) == ["shipment", "as_of", "decision", "review_policy", "rules",
                                   "missing_facts", "end_user_country"]
    assert len(frame) == 20
