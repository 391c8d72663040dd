"""Row by row over the native schema tables: every scalar field is known to the dict
converter and means the same as in JSON text, and every shipment-lines column is accepted by
the frame path. A new schema row is tested here without an edit."""
import json

import pytest

import exportctl
from exportctl import _exportctl

SCHEMA = _exportctl.shipment_schema()
VALUES = {"string": "ZQ", "integer": 3, "number": 12.5, "boolean": False,
          "string_list": ["ZQ", "ZR", "ZQ"]}


def base():
    return {"id": "S-1", "date": "2025-06-01",
            "items": [{"product": "nvidia-h100-sxm5-80gb", "quantity": 2, "specs": {}}],
            "parties": [{"id": "e", "name": "E", "country": "US", "role": "exporter"},
                        {"id": "u", "name": "U", "country": "MY", "role": "end_user"}],
            "transfers": [{"from": "e", "to": "u"}]}


def place(doc, table):
    return {"shipment": doc, "item": doc["items"][0], "specs": doc["items"][0]["specs"],
            "party": doc["parties"][1], "transfer": doc["transfers"][0]}[table]


ROWS = [(table, row) for table in ("shipment", "item", "specs", "party", "transfer")
        for row in SCHEMA[table] if row[1] in VALUES]


def outcome(r):
    return r.to_json() if not isinstance(r, Exception) else [str(d) for d in r.diagnostics]


@pytest.mark.parametrize("table,row", ROWS, ids=[f"{t}.{r[0]}" for t, r in ROWS])
def test_dict_path_reads_every_scalar_row(engine, table, row):
    doc = base()
    place(doc, table)[row[0]] = VALUES[row[1]]
    assert _exportctl._convert_only([doc]) == 1, "the dict converter does not know the key"
    via_dict = engine.check_many([doc], errors="record")[0]
    via_text = engine.check_many([json.dumps(doc)], errors="record")[0]
    assert outcome(via_dict) == outcome(via_text)


def test_rows_cover_the_tables():
    assert len(ROWS) >= 20
    assert ("specs", "commercially_available_us_2026_01_15") in [(t, r[0]) for t, r in ROWS]


CELLS = {"string": "ZQ", "integer": "3", "number": "12.5", "boolean": "true", "date": "2025-06-01",
         "rate_map": "fp8=10", "string_list": "ZQ;ZR"}


@pytest.mark.parametrize("column", [c for c in SCHEMA["line_columns"]],
                         ids=[c[0] for c in SCHEMA["line_columns"]])
def test_frame_path_accepts_every_line_column(engine, column):
    pd = pytest.importorskip("pandas")
    name, level, kind, required = column
    required_cells = {c[0]: "1" for c in SCHEMA["line_columns"] if c[3]}
    required_cells[SCHEMA["line_columns"][0][0]] = "S-1"
    row = dict(required_cells)
    row[name] = CELLS[kind] if name not in required_cells else required_cells[name]
    out = engine.check_frame(pd.DataFrame([row]))
    assert out["decision"].notna().all() or out["error"].notna().all()
    assert name in exportctl.LINE_COLUMNS


@pytest.mark.parametrize("serials", [["A", ""], ["A", 7], "A"],
                         ids=["empty", "number", "not-a-list"])
def test_dict_path_leaves_odd_serials_to_the_text_reader(engine, serials):
    doc = base()
    doc["items"][0]["serials"] = serials
    assert _exportctl._convert_only([doc]) == 0
    via_dict = engine.check_many([doc], errors="record")[0]
    via_text = engine.check_many([json.dumps(doc)], errors="record")[0]
    assert outcome(via_dict) == outcome(via_text)
