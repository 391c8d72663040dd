"""The example script runs and writes its two charts."""
import os
import subprocess
import sys

from conftest import EXAMPLES


def test_example_script(tmp_path):
    script = EXAMPLES / "python" / "what_if_ai_diffusion.py"
    run = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True,
                         text=True, env={**os.environ, "MPLBACKEND": "Agg"}, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "would change" in run.stdout
    for name in ("thresholds.png", "decisions.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"
