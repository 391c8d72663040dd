"""A new user's install, for real: a venv on Debian's Python that sees Debian's packages, then
pip install --no-build-isolation ./bindings/python (offline), then import, check, example.
Slow (it compiles the library): run by CTest as python.pip_install, or with `pytest -m install`."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, SOURCE_DIR

pytestmark = pytest.mark.install


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    assert r.returncode == 0, f"{' '.join(map(str, args))}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


def test_pip_install_into_a_venv(tmp_path):
    python = os.environ.get("EXPORTCTL_PYTHON", "/usr/bin/python3")
    venv = tmp_path / "venv"
    run([python, "-m", "venv", "--system-site-packages", str(venv)])
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", HOME=str(tmp_path))
    # Debian's setuptools, pybind11, pandas and matplotlib are visible from the venv.
    run([str(py), "-c", "import setuptools, pybind11, pandas, matplotlib, yaml"], env=env)
    run([str(py), "-m", "pip", "install", "--no-build-isolation",
         str(SOURCE_DIR / "bindings" / "python")], env=env, cwd=tmp_path, timeout=1700)
    check = run([str(py), "-c", (
        "import exportctl, pathlib; e = exportctl.Engine(); "
        "assert pathlib.Path(exportctl.default_rules_dir()).is_relative_to(pathlib.Path(exportctl.__file__).parent); "
        f"print(e.check({str(EXAMPLES / 'h200-us-to-china-2026.yaml')!r}).decision)")],
        env=env, cwd=tmp_path)
    assert check.stdout.strip() == "license_required"
    out = tmp_path / "charts"
    run([str(py), str(EXAMPLES / "python" / "what_if_ai_diffusion.py"), str(out)],
        env={**env, "MPLBACKEND": "Agg"}, cwd=tmp_path)
    assert (out / "thresholds.png").stat().st_size > 0
