"""Builds exportctl._exportctl and the `exportctl` command line with the project's CMake (one
run; no compiler flags are duplicated here), ships the command inside the package
(exportctl/bin/exportctl, started by the console script `exportctl`, exportctl/_cli.py), the
default rule packs (exportctl/rules) and the sample orders (exportctl/data).

    /usr/bin/python3 -m venv --system-site-packages .venv
    .venv/bin/pip install -v --no-build-isolation ./bindings/python

The build takes several minutes on 2 cores; `pip install -v` shows CMake's progress.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the exportctl repository: CMakeLists.txt, src/, rules/


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


def note(text):
    # pip shows a build's output with -v only; say what is happening and how long it takes.
    print(f"exportctl: {text}", file=sys.stderr, flush=True)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not (ROOT / "CMakeLists.txt").is_file():
            sys.exit(f"exportctl: the repository is not at {ROOT}; install from a checkout "
                     "(pip install --no-build-isolation ./bindings/python)")
        build = Path(self.build_temp).resolve() / "cmake"
        out = Path(self.get_ext_fullpath(ext.name)).resolve()
        cfg = [
            "cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
            "-DEXPORTCTL_BUILD_PYTHON=ON", "-DEXPORTCTL_BUILD_TESTS=OFF",
            "-DEXPORTCTL_BUILD_BENCHMARKS=OFF", f"-DEXPORTCTL_PYTHON_EXECUTABLE={sys.executable}",
        ]
        if shutil.which("ninja"):
            cfg += ["-G", "Ninja"]
        if shutil.which("ccache"):
            cfg += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
        note(f"configuring with CMake in {build}")
        subprocess.run(cfg, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        note(f"building the library, the Python module and the command line on {jobs} jobs "
             "(several minutes on 2 cores)")
        # One build for both targets: the module and the CLI link the same static library.
        subprocess.run(["cmake", "--build", str(build), "--target", "exportctl_python",
                        "exportctl_cli", "-j", jobs], check=True)
        built = next((build / "bindings" / "python" / "exportctl").glob("_exportctl*.so"))
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, out)
        # The command line goes inside the package, executable (wheels keep the mode), for
        # the console script to exec (exportctl/_cli.py).
        cli = out.parent / "bin" / "exportctl"
        cli.parent.mkdir(exist_ok=True)
        shutil.copy2(build / "src" / "exportctl", cli)
        cli.chmod(0o755)
        note(f"built {out.name} and bin/exportctl")


class BuildPyWithPacks(build_py):
    """Copies the repository's rules/ into the package, so an installed package carries the
    default packs that Engine() loads."""

    def run(self):
        super().run()
        dest = Path(self.build_lib) / "exportctl" / "rules"
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(ROOT / "rules", dest,
                        ignore=shutil.ignore_patterns(".*", "__pycache__"))


setup(
    ext_modules=[CMakeExtension("exportctl._exportctl")],
    cmdclass={"build_ext": CMakeBuild, "build_py": BuildPyWithPacks},
    package_data={"exportctl": ["py.typed", "*.pyi", "data/*.csv"]},
    zip_safe=False,
)
