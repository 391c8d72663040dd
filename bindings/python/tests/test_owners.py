"""Owners and entities through the dict converter: the same decision as the JSON text, and the
Affiliates rule applied (a 60% Huawei-owned end user on 2025-10-15 needs a licence)."""
import json

from exportctl import _exportctl


def owned():
    return {"id": "S-OWN", "date": "2025-10-15",
            "items": [{"product": "nvidia-h100-sxm5-80gb", "quantity": 8}],
            "parties": [{"id": "e", "name": "Example Inc.", "country": "US", "role": "exporter"},
                        {"id": "u", "name": "Example Labs Sdn. Bhd.", "country": "MY",
                         "role": "end_user", "owners": [{"entity": "p", "percent": 60}]}],
            "transfers": [{"from": "e", "to": "u"}],
            "entities": [{"id": "p", "name": "Example Holdings Ltd.", "country": "HK",
                          "owners": [{"name": "Huawei Technologies Co., Ltd.", "country": "CN",
                                      "percent": 60}]}]}


def test_dict_path_reads_owners_and_entities(engine):
    doc = owned()
    assert _exportctl._convert_only([doc]) == 1, "the dict converter does not know the keys"
    via_dict = engine.check_many([doc], errors="record")[0]
    via_text = engine.check_many([json.dumps(doc)], errors="record")[0]
    assert via_dict.to_json() == via_text.to_json()
    assert json.loads(via_dict.to_json())["decision"] == "license_required"


def test_schema_lists_owner_and_entity_rows():
    schema = _exportctl.shipment_schema()
    assert [r[0] for r in schema["owner"]] == ["entity", "name", "country", "percent"]
    assert [r[0] for r in schema["entity"]] == ["id", "name", "country", "owners"]
