"""examples/python/whatif_frames.py runs as a script, writes its charts and reports the
changed rows."""
import os
import re
import subprocess
import sys

from conftest import EXAMPLES

CHARTS = ("thresholds_published.png", "thresholds_lowered.png", "decisions_diffusion.png",
          "changed.png")


def test_whatif_frames_example(tmp_path):
    script = EXAMPLES / "python" / "whatif_frames.py"
    text = script.read_text(encoding="utf-8")
    assert text.count("# %%") >= 4, "notebook-style cells"
    assert "matplotlib.use" not in text
    out = tmp_path / "charts"
    run = subprocess.run([sys.executable, str(script), str(out)], capture_output=True,
                         text=True, cwd=tmp_path, timeout=600,
                         env={**os.environ, "MPLBACKEND": "Agg"})
    assert run.returncode == 0, run.stderr
    for name in CHARTS:
        data = (out / name).read_bytes()
        assert data[:4] == b"\x89PNG" and len(data) > 1000, name
    changed = dict(re.findall(r"^(lowered threshold|AI Diffusion): (\d+) changed rows",
                              run.stdout, re.M))
    assert set(changed) == {"lowered threshold", "AI Diffusion"}, run.stdout
    assert all(int(n) > 0 for n in changed.values()), run.stdout
    assert "edit: ear-eccn-3a090" in run.stdout  # the what-if says what was edited
    assert not list(tmp_path.glob("whatif-out")), "writes only where it is told"

