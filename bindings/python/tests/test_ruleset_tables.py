"""RuleSet.rules(), RuleSet.thresholds(), and how a RuleSet shows its edits (repr, HTML)."""
import re

import pandas as pd
import pytest

import exportctl
from exportctl import _ruleset_tables

from conftest import SOURCE_DIR

A1 = "EAR_3A090_A_1_2023"


@pytest.fixture(scope="module")
def rules():
    return exportctl.RuleSet.load()


def _all(node, want):
    """Every mapping below `node` that has all keys in `want` (an independent walk)."""
    if isinstance(node, dict):
        if all(k in node for k in want):
            yield node
        for v in node.values():
            yield from _all(v, want)
    elif isinstance(node, list):
        for v in node:
            yield from _all(v, want)


def test_rules_frame_has_every_rule(rules, engine):
    table = rules.rules()
    assert list(table.columns) == list(_ruleset_tables.RULE_COLUMNS)
    expected = []
    for pack in rules.packs:
        data = rules.pack(pack)
        data.pop("pack")
        expected += [(pack, r["id"]) for r in _all(data, ("id", "message"))]
    assert sorted(zip(table["pack"], table["rule"])) == sorted(expected), "one row per rule"
    assert table["path"].is_unique  # an id with two validity windows: two rows, two paths
    assert "product-catalog" not in set(table["pack"]), "products are not rules"
    versions = {p["id"]: p["version"] for p in exportctl.Engine(
        scenario="ai-diffusion-2025").packs}
    assert dict(zip(table["pack"], table["version"])) == \
        {p: v for p, v in versions.items() if p in set(table["pack"])}
    assert not table["edited"].any() and not table["pack_edited"].any()
    assert str(table["effective_from"].dtype).startswith("datetime64")


def test_rules_frame_rows_are_the_packs_data(rules):
    table = rules.rules()
    for row in table.itertuples():
        r = rules.get(row.pack, row.path)  # every path works with get/override
        assert r["id"] == row.rule
        if "citation" in r:
            assert row.citation == r["citation"]
        stated = r.get("effective_from", r.get("start_date"))  # Entity List: start_date
        assert (pd.isna(row.effective_from) if stated is None
                else row.effective_from == pd.Timestamp(stated))
        if row.outcome_key is not None:
            assert str(r[row.outcome_key]) == row.outcome
    by_section = table.groupby("section")["outcome_key"].agg(lambda s: set(s.dropna()))
    assert by_section["requirements"] == {"effect"}
    assert by_section["review_policies"] == {"policy"}
    a1 = table[table["rule"] == A1].iloc[0]
    assert a1["section"] == "classifications" and a1["outcome_key"] == "paragraph"
    assert (table["section"] == "entity_list.entries").sum() > 10  # one level down too
    assert table["scenario"].dropna().unique().tolist() == ["ai-diffusion-2025"]


def test_rules_frame_marks_edits(rules):
    path = f"classifications[{A1}].when.thresholds[param=tpp].value"
    table = rules.override("ear-eccn-3a090", path, 4000).rules()
    assert table.loc[table["edited"], "rule"].tolist() == [A1]
    assert set(table.loc[table["pack_edited"], "pack"]) == {"ear-eccn-3a090"}
    bad = rules.override("ear-eccn-3a090", f"classifications[{A1}].effective_from", "soon")
    with pytest.raises(ValueError, match=f"{A1}.*soon"):
        bad.rules()


def test_thresholds_frame(rules):
    table = rules.thresholds()
    assert list(table.columns) == list(_ruleset_tables.THRESHOLD_COLUMNS)
    expected = sum(len(list(_all(rules.pack(p), ("param", "op", "value")))) for p in rules.packs)
    assert len(table) == expected and expected > 10
    for row in table.itertuples():
        assert rules.get(row.pack, row.path) == row.value
        parent = rules.get(row.pack, row.path[:-len(".value")])
        assert (parent["param"], parent["op"]) == (row.param, row.op)
    assert table["path"].str.contains(r"\.any_of\[\d+\]").any(), "nested thresholds count"
    assert "shipment_tpp_with_ytd" in set(table["param"])  # a scenario pack's
    units = dict(zip(table["param"], table["unit"]))
    assert units["io_bandwidth_gbs"] == "GB/s" and units["tpp"] is None
    # A range tests one param twice: both rows, each with a path of its own.
    b1 = table[(table["rule"] == "EAR_3A090_B_1_2023") & (table["param"] == "tpp")]
    assert sorted(b1["op"]) == ["<", ">="] and b1["path"].nunique() == 2
    assert not table["edited"].any()


def test_thresholds_frame_marks_edits(rules):
    table = rules.thresholds()
    row = table[(table["rule"] == A1) & (table["param"] == "tpp")].iloc[0]
    # A cell of the table (a numpy number) is a value override takes.
    lowered = rules.override(row["pack"], row["path"], row["value"] - 800)
    assert type(lowered.get(row["pack"], row["path"])) is float
    exportctl.Engine(rules=lowered)
    edited = lowered.thresholds()
    hit = edited[edited["edited"]]
    assert hit["path"].tolist() == [row["path"]] and hit["value"].tolist() == [row["value"] - 800]
    assert set(edited.loc[edited["pack_edited"], "pack"]) == {row["pack"]}


def test_units_agree_with_the_engines_parameter_table():
    hpp = (SOURCE_DIR / "src" / "conditions" / "condition.hpp").read_text(encoding="utf-8")
    rows = re.findall(r'\{param::(\w+),\s*"(\w+)",\s*"[^"]*",\s*"([^"]*)"', hpp)
    assert len(rows) >= 7
    table = {name: (unit.strip() or None) for _p, name, unit in rows}
    assert _ruleset_tables.UNITS == table


def test_repr_lists_the_edits(rules):
    assert repr(rules) == f"<exportctl.RuleSet {len(rules.packs)} packs>"
    a = rules.set_threshold(A1, "tpp", 4000).override(
        "ear-country-groups", "country_groups[D5].members", lambda m: m + ["AE"])
    text = repr(a)
    assert "edited: ear-eccn-3a090, ear-country-groups" in text or \
        "edited: ear-country-groups, ear-eccn-3a090" in text
    for e in a.edits:
        assert f"edit: {e}" in text
    assert len(a.edits) == 2


def test_repr_html_escapes_and_marks(rules):
    plain = rules._repr_html_()
    for p in rules.packs:
        assert f"<code>{p}</code>" in plain
    assert "edited</b>" not in plain and "<ol>" not in plain
    nasty = rules.override("ear-eccn-3a090", f"classifications[{A1}].message",
                           "<script>alert('x')</script> & more")
    html = nasty._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp; more" in html
    assert html.count("<b>edited</b>") == 1 and "<li>" in html
    row = [r for r in html.splitlines() if "<code>ear-eccn-3a090</code>" in r][0]
    version = rules.pack("ear-eccn-3a090")["pack"]["version"]
    assert "<b>edited</b>" in row and f"<td>{version}</td>" in row
