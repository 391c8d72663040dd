"""Charts: they render, change no matplotlib state, account for every catalog chip, label
what they show, and say which packs (and which edits) they come from."""
import json
import os
import subprocess
import sys
import textwrap

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

import exportctl
from exportctl import plot, samples

PNG = b"\x89PNG"


def _legend(fig):
    return [t.get_text() for t in fig.axes[1].get_legend().get_texts()]


def _texts(fig):
    """Every text on the figure: its own, the axes' and the annotations'."""
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts] + [ax.get_title()]
    return out


def _chip_labels(ax):
    return [t for t in ax.texts if isinstance(t, Annotation)]


@pytest.fixture(scope="module")
def plane_2025(engine):
    return plot.thresholds("2025-06-01", engine=engine, resolution=60)


@pytest.fixture(scope="module")
def decided(engine):
    docs = samples.shipments(300, engine)
    return docs, engine.check_frame(samples.lines(docs)), engine.check_many(docs)


def test_thresholds_chart(tmp_path, plane_2025):
    fig = plane_2025
    assert isinstance(fig, Figure)
    fig.savefig(tmp_path / "plane.png")
    fig.savefig(tmp_path / "plane.svg")
    assert (tmp_path / "plane.png").read_bytes()[:4] == PNG
    assert (tmp_path / "plane.png").stat().st_size > 10_000
    assert b"<svg" in (tmp_path / "plane.svg").read_bytes()[:500]
    assert any(t.startswith("3A090.a") for t in _legend(fig))


def test_thresholds_before_the_rule(tmp_path, engine):
    fig = plot.thresholds("2021-01-01", products=["nvidia-h100-sxm5-80gb"], engine=engine,
                          resolution=20)
    assert not any(t.startswith("3A090") for t in _legend(fig))
    fig.savefig(tmp_path / "old.png")
    assert (tmp_path / "old.png").stat().st_size > 0


# Run in a fresh interpreter without MPLBACKEND. "get_backend" asks matplotlib for the backend
# before the import (which resolves it, importing pyplot) and after; "raw" never asks, so it can
# also check that the charts import no pyplot and leave rcParams["backend"] as it was.
_BACKEND_SCRIPT = textwrap.dedent("""
    import json, sys
    import matplotlib
    mode = sys.argv[1]
    out = {"raw_before": dict.__getitem__(matplotlib.rcParams, "backend")}
    if mode == "get_backend":
        out["before"] = matplotlib.get_backend()
    import exportctl
    from exportctl import plot, samples
    if mode == "get_backend":
        out["after_import"] = matplotlib.get_backend()
    engine = exportctl.Engine()
    plot.thresholds("2025-06-01", products=["nvidia-h100-sxm5-80gb"], engine=engine,
                    resolution=10)
    docs = samples.shipments(20, engine)
    plot.decisions(engine.check_frame(samples.lines(docs)))
    out["raw_after"] = dict.__getitem__(matplotlib.rcParams, "backend")
    out["pyplot"] = "matplotlib.pyplot" in sys.modules
    if mode == "get_backend":
        out["after_chart"] = matplotlib.get_backend()
    print(json.dumps(out))
""")


@pytest.mark.parametrize("mode", ["raw", "get_backend"])
def test_import_and_charts_leave_the_backend_alone(mode):
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    run = subprocess.run([sys.executable, "-c", _BACKEND_SCRIPT, mode], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["raw_before"] == out["raw_after"]
    if mode == "raw":
        assert out["pyplot"] is False  # charts never touch pyplot's global state
    else:
        assert out["before"] == out["after_import"] == out["after_chart"]


def test_every_catalog_chip_is_placed_or_omitted_with_a_reason(plane_2025, engine):
    fig = plane_2025
    placed, omitted = fig.exportctl_placed, fig.exportctl_omitted
    ids = [pid for pid, _ in omitted]
    assert sorted(placed + ids) == sorted(engine.product_ids)
    assert not set(placed) & set(ids)
    assert all(isinstance(why, str) and len(why) > 10 for _, why in omitted)
    by_id = dict(omitted)
    # a chip with a TPP but no die area is omitted for its density, and its class is given
    b200 = engine.classify(product="nvidia-b200", as_of="2025-06-01")["item"]
    assert b200["performance_density"] is None
    assert "performance density" in by_id["nvidia-b200"]
    assert b200["paragraph"] in by_id["nvidia-b200"]
    # every omitted chip is listed on the figure, every placed chip labelled on a panel
    text = "\n".join(_texts(fig))
    assert all(f"{pid}: {why}" in text for pid, why in omitted)
    labels = "\n".join(t.get_text() for ax in fig.axes[:2] for t in _chip_labels(ax))
    assert all(pid in labels for pid in placed)


def test_one_panel_lists_the_other_panels_chips(engine):
    fig = plot.thresholds("2025-06-01", engine=engine, resolution=20, datacenter=False)
    omitted = dict(fig.exportctl_omitted)
    assert sorted(fig.exportctl_placed + list(omitted)) == sorted(engine.product_ids)
    assert "datacenter panel" in omitted["nvidia-h100-sxm5-80gb"]
    assert "nvidia-rtx-4090" in fig.exportctl_placed


def test_shared_points_get_one_label_and_labels_do_not_overlap(plane_2025):
    fig = plane_2025
    FigureCanvasAgg(fig).draw()  # only the test gives the figure a canvas
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes[:2]:
        labels = _chip_labels(ax)
        positions = [(tuple(t.xy), tuple(t.xyann)) for t in labels]
        assert len(set(positions)) == len(positions)
        boxes = [Text.get_window_extent(t, renderer) for t in labels]  # the text, not its leader
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(),
                                                         labels[j].get_text())
    # the H100 SXM5, H200 and H800 share a point: one label names all three
    shared = [t.get_text() for t in _chip_labels(fig.axes[0]) if "nvidia-h200" in t.get_text()]
    assert len(shared) == 1 and "nvidia-h100-sxm5-80gb" in shared[0]
    assert "nvidia-h800-sxm5-80gb" in shared[0]


def _ticks(ax, which):
    sec = [c for c in ax.child_axes]
    axis = [c.xaxis if which == "x" else c.yaxis for c in sec]
    return [t.get_text() for a in axis for t in a.get_ticklabels()]


def test_threshold_values_are_labelled_from_the_packs(plane_2025, engine):
    rs = exportctl.RuleSet.load()
    a1 = rs.get("ear-eccn-3a090", "classifications[EAR_3A090_A_1_2023].when.thresholds"
                                  "[param=tpp].value")
    a2 = rs.get("ear-eccn-3a090", "classifications[EAR_3A090_A_2_2023].when.thresholds"
                                  "[param=performance_density].value")
    dc = plane_2025.axes[0]
    assert f"{a1:,.6g}" in _ticks(dc, "x")
    assert f"{a2:,.6g}" in _ticks(dc, "y")
    # a what-if threshold moves the label: it is found on the plane, not written in the code
    lower = exportctl.Engine(rules=rs.set_threshold("EAR_3A090_A_1_2023", "tpp", a1 - 800))
    fig = plot.thresholds("2025-06-01", engine=lower, resolution=60, datacenter=True)
    ticks = _ticks(fig.axes[0], "x")
    assert f"{a1 - 800:,.6g}" in ticks and f"{a1:,.6g}" not in ticks


def test_2022_unknown_region_names_the_missing_fact(engine):
    fig = plot.thresholds("2022-12-01", engine=engine, resolution=40)
    h100 = engine.classify(product="nvidia-h100-sxm5-80gb", as_of="2022-12-01")["item"]
    probe = engine.classify(specs={"tpp": h100["tpp"], "die_area_mm2": 800, "datacenter": True},
                            as_of="2022-12-01")
    assert probe["missing_facts"]  # the 2022 test needs a fact the plane has no axis for
    facts = ", ".join(probe["missing_facts"])
    assert f"needs more facts: {facts}" in _legend(fig)
    text = "\n".join(_texts(fig))
    rule = next(f["rule"] for f in probe["findings"] if f["kind"] == "missing_fact")
    assert f"needs {facts}" in text and rule in text
    # the H100 has that fact in the catalog: its label gives its own class
    assert f"nvidia-h100-sxm5-80gb: {h100['paragraph']}" in text


def test_footer_and_official_title(plane_2025, engine, diffusion):
    fig = plane_2025
    assert fig._suptitle.get_text().startswith("ECCN 3A090 regions in force on 2025-06-01")
    assert "WHAT-IF" not in "\n".join(_texts(fig))
    footer = fig.exportctl_footer
    assert "2025-06-01" in footer and engine.fingerprint[:12] in footer
    assert "scenario: none" in footer
    fig2 = plot.thresholds("2025-06-01", engine=diffusion, resolution=20,
                           products=["nvidia-h20"])
    assert "scenario: ai-diffusion-2025" in fig2.exportctl_footer
    assert diffusion.fingerprint[:12] in fig2.exportctl_footer


def test_what_if_chart_is_marked_and_lists_its_edits(decided):
    rs = exportctl.RuleSet.load().set_threshold("EAR_3A090_A_1_2023", "tpp", 4000)
    lower = exportctl.Engine(rules=rs)
    assert lower.edits
    fig = plot.thresholds("2025-06-01", engine=lower, resolution=20, products=["nvidia-l40"])
    title = fig._suptitle.get_text()
    assert "WHAT-IF" in title and not title.startswith("ECCN 3A090 regions in force")
    assert all(e in fig.exportctl_footer for e in lower.edits)
    docs = decided[0]
    decs = lower.check_many(docs)
    frame = exportctl.decisions_frame(decs, docs)
    fig2 = plot.decisions(frame, findings=decs, engine=lower)
    assert "WHAT-IF" in fig2._suptitle.get_text()
    assert all(e in fig2.exportctl_footer for e in lower.edits)
    assert lower.fingerprint[:12] in fig2.exportctl_footer


def test_ax_is_honoured(engine, decided):
    docs, frame, decs = decided
    fig = Figure()
    a, b = fig.subplots(1, 2)
    out = plot.thresholds("2025-06-01", engine=engine, resolution=20, ax=(a, b))
    assert out is fig and len(a.collections) > 0 and len(b.collections) > 0
    assert out.exportctl_omitted
    one = Figure().subplots()
    assert plot.thresholds("2025-06-01", engine=engine, resolution=20, ax=one,
                           datacenter=True) is one.get_figure()
    assert "datacenter ICs" in one.get_title()
    with pytest.raises(TypeError, match="ax"):
        plot.thresholds("2025-06-01", engine=engine, resolution=20, ax=one)
    fig3 = Figure()
    axes = fig3.subplots(1, 3)
    assert plot.decisions(frame, ax=axes, findings=decs, engine=engine) is fig3
    assert all(len(x.patches) > 0 for x in axes)
    fig4 = Figure()
    pair = fig4.subplots(1, 2)
    assert plot.rules_fired(findings=decs, ax=pair) is fig4
    with pytest.raises(TypeError, match="ax"):
        plot.rules_fired(findings=decs, ax=pair[0])


def _bars(ax):
    return {t.get_text(): p.get_width()
            for t, p in zip(ax.get_yticklabels(), ax.patches)}


def test_rules_fired_separates_outcome_from_classification(tmp_path, decided):
    docs, frame, decs = decided
    fig = plot.decisions(frame, findings=decs)
    fig.savefig(tmp_path / "decisions.png")
    assert (tmp_path / "decisions.png").read_bytes()[:4] == PNG
    outcome, classification = fig.axes[1], fig.axes[2]
    kinds = {}
    for d in decs:
        for f in d.findings:
            kinds.setdefault(f["rule"], set()).add(f["kind"])
    cls_rules = {t.get_text() for t in classification.get_yticklabels()}
    assert cls_rules and all("classification" in kinds[r] for r in cls_rules)
    out_rules = [t.get_text() for t in outcome.get_yticklabels()]
    assert out_rules and all(kinds[r] - {"classification"} for r in out_rules)
    # the dark bar of the top outcome rule: shipments where it had the decision's effect
    top = out_rules[-1]
    expected = sum(any(f["rule"] == top and f["effect"] == d.decision
                       and f["kind"] not in ("classification", "information")
                       for f in d.findings) for d in decs)
    assert _bars(outcome)[top] == expected
    # the same split from a findings table
    table = __import__("pandas").DataFrame(
        [{"shipment": d.shipment, "kind": f["kind"], "rule": f["rule"], "effect": f["effect"],
          "decision": d.decision} for d in decs for f in d.findings])
    fig2 = plot.rules_fired(findings=table)
    assert _bars(fig2.axes[0])[top] == expected
    assert {t.get_text() for t in fig2.axes[1].get_yticklabels()} == cls_rules


def test_decisions_chart_from_a_frame_alone(tmp_path, engine, decided):
    docs, frame, decs = decided
    fig = plot.decisions(frame)  # the rules column only: classification told apart by section
    fig.savefig(tmp_path / "decisions.png")
    rs = exportctl.RuleSet.load()
    cls = {r["id"] for r in rs.pack("ear-eccn-3a090")["classifications"]}
    left = {t.get_text() for t in fig.axes[1].get_yticklabels()}
    right = {t.get_text() for t in fig.axes[2].get_yticklabels()}
    assert right and right & cls and not left & cls
    assert "pass engine=" in fig.exportctl_footer  # no provenance is invented
    fig2 = plot.decisions(exportctl.decisions_frame(decs, docs), engine=engine)
    assert engine.fingerprint[:12] in fig2.exportctl_footer
    fig2.savefig(tmp_path / "decisions2.svg")
    assert (tmp_path / "decisions2.svg").stat().st_size > 0


def test_bad_arguments_are_named(engine, decided):
    with pytest.raises(ValueError, match="products"):
        plot.thresholds("2025-06-01", engine=engine, products=["no-such-chip"], resolution=10)
    with pytest.raises(TypeError, match="products"):
        plot.thresholds("2025-06-01", engine=engine, products="nvidia-h20", resolution=10)
    with pytest.raises(ValueError, match="destination"):
        plot.decisions(decided[1], destination="nowhere")
    with pytest.raises(TypeError, match="findings"):
        plot.rules_fired(findings=[object()])
