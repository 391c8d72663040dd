"""A new user's install, for real: a venv on Debian's Python that sees Debian's packages, then
pip install -v --no-build-isolation ./bindings/python (offline, as the README says), then import,
check, the `exportctl` command it installs, the example. Slow (it compiles the library): run
by CTest as python.pip_install, or with `pytest -m install`."""
import json
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
    env.pop("EXPORTCTL_RULES", None)  # the installed command must find its packs by itself
    built = run([str(py), "-m", "pip", "install", "-v", "--no-build-isolation",
                 str(SOURCE_DIR / "bindings" / "python")], env=env, cwd=tmp_path, timeout=1700)
    # -v shows the build as it goes: setup.py's notes, then CMake's own output (compile lines
    # unless setup.py's build tree, bindings/python/build, is already up to date).
    assert "exportctl: building the library" in built.stdout + built.stderr
    check = run([str(py), "-c", (
        "import exportctl, pathlib; e = exportctl.Engine(); "
        "assert pathlib.Path(exportctl.default_rules_dir()).is_relative_to(pathlib.Path(exportctl.__file__).parent); "
        f"print(e.check({str(EXAMPLES / 'h200-us-to-china-2026.yaml')!r}).decision)")],
        env=env, cwd=tmp_path)
    assert check.stdout.strip() == "license_required"

    # The `exportctl` command: the CLI built by the same CMake run, shipped in the package.
    exe = venv / "bin" / "exportctl"
    version = run([str(py), "-c", "import exportctl; print(exportctl.__version__)"], env=env)
    assert run([str(exe), "--version"], env=env, cwd=tmp_path).stdout.strip() == \
        version.stdout.strip()
    cli = subprocess.run([str(exe), "check", "examples/h200-us-to-china-2026.yaml"],
                         capture_output=True, text=True, env=env, cwd=SOURCE_DIR)
    assert cli.returncode == 2, cli.stderr  # 2: licence required
    decision = json.loads(cli.stdout)
    assert decision["decision"] == "license_required"
    # ... with the package's packs: the same fingerprint as the module's Engine().
    fp = run([str(py), "-c", "import exportctl; print(exportctl.Engine().fingerprint)"],
             env=env, cwd=tmp_path)
    assert decision["fingerprint"] == fp.stdout.strip()
    # The sample orders are installed too (the README snippet reads them).
    run([str(py), "-c", "import exportctl, pathlib; "
         "assert pathlib.Path(exportctl.samples.orders_path()).stat().st_size > 0"], env=env)
    out = tmp_path / "charts"
    run([str(py), str(EXAMPLES / "python" / "what_if_ai_diffusion.py"), str(out)],
        env={**env, "MPLBACKEND": "Agg"}, cwd=tmp_path)
    assert (out / "thresholds.png").stat().st_size > 0
