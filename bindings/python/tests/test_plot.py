"""Charts render to non-empty PNG (and SVG) files."""
import matplotlib

matplotlib.use("Agg")

import exportctl  # noqa: E402
from exportctl import plot, samples  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

PNG = b"\x89PNG"


def test_thresholds_chart(tmp_path, engine):
    fig = plot.thresholds("2025-06-01", engine=engine, resolution=60)
    assert isinstance(fig, Figure)
    fig.savefig(tmp_path / "plane.png")
    fig.savefig(tmp_path / "plane.svg")
    assert (tmp_path / "plane.png").read_bytes()[:4] == PNG
    assert (tmp_path / "plane.png").stat().st_size > 10_000
    assert b"<svg" in (tmp_path / "plane.svg").read_bytes()[:500]
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert any(t.startswith("3A090.a") for t in legend)


def test_thresholds_before_the_rule(tmp_path, engine):
    fig = plot.thresholds("2021-01-01", products=["nvidia-h100-sxm5-80gb"], engine=engine,
                          resolution=20)
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert not any(t.startswith("3A090") for t in legend)
    fig.savefig(tmp_path / "old.png")
    assert (tmp_path / "old.png").stat().st_size > 0


def test_decisions_chart(tmp_path, engine):
    docs = samples.shipments(300, engine)
    frame = engine.check_frame(samples.lines(docs))
    fig = plot.decisions(frame)
    fig.savefig(tmp_path / "decisions.png")
    assert (tmp_path / "decisions.png").read_bytes()[:4] == PNG
    fig2 = plot.decisions(exportctl.decisions_frame(engine.check_many(docs), docs))
    fig2.savefig(tmp_path / "decisions2.svg")
    assert (tmp_path / "decisions2.svg").stat().st_size > 0
