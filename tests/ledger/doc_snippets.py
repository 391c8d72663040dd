"""doc_snippets.py EXPORTCTL PYTHONPATH|- WORKDIR: runs the ledger's snippets as the README and
docs/ledger.md print them: the README's command-line block ("## The ledger"), the first release
of docs/ledger.md ("## A first release") and the README's Python `Ledger` block. The shell
blocks run from the repository root with the built `exportctl` first on PATH and their
/tmp/ databases moved into WORKDIR (their only change); the Python block runs in WORKDIR
beside a link to examples/, after the README's `engine = exportctl.Engine()` (not with `-`
for PYTHONPATH: the shell blocks only, for builds without the Python package)."""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def block(path, heading, lang):
    text = open(os.path.join(ROOT, path), encoding="utf-8").read()
    at = text.find(heading)
    if at < 0:
        sys.exit(f"{path}: no `{heading}`")
    m = re.compile(r"```" + lang + r"\n(.*?)```", re.S).search(text, at)
    if not m:
        sys.exit(f"{path}: no ```{lang} block after `{heading}`")
    return m.group(1)


def run_shell(name, code, exe_dir, work, expect):
    code = code.replace("/tmp/", work + "/")
    env = dict(os.environ, PATH=exe_dir + os.pathsep + os.environ["PATH"])
    r = subprocess.run(["bash", "-e", "-c", code], cwd=ROOT, env=env, capture_output=True,
                       text=True)
    out = r.stdout + r.stderr
    if r.returncode != 0 or any(e not in out for e in expect):
        sys.exit(f"{name}: exit {r.returncode}, wanted {expect} in:\n{out[-3000:]}")
    print(f"{name}: ran, {len(code.splitlines())} commands")


def main():
    exe, pythonpath, work = sys.argv[1:4]
    exe, work = os.path.abspath(exe), os.path.abspath(work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    exe_dir = os.path.dirname(os.path.abspath(exe))
    released = '"state":"released","licenses":[{"number":"D1234567","item":1,"units":16'
    run_shell("README, The ledger", block("README.md", "## The ledger", "sh"), exe_dir, work,
              [released, "Committed order SO-2001", '"ok":true,"records":3'])
    run_shell("docs/ledger.md, A first release", block("docs/ledger.md", "## A first release", "sh"),
              exe_dir, work, [released, '"remaining":48', '"ok":true,"records":3'])
    if pythonpath == "-":
        return
    py = os.path.join(work, "py")
    os.makedirs(py)
    os.symlink(os.path.join(ROOT, "examples"), os.path.join(py, "examples"))
    code = "import exportctl\nengine = exportctl.Engine()\n" + block("README.md", "**Ledger.**",
                                                                     "python")
    r = subprocess.run(["/usr/bin/python3", "-c", code], cwd=py, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=os.path.abspath(pythonpath)))
    if r.returncode != 0 or not r.stdout.startswith("released "):
        sys.exit(f"README, Python Ledger: exit {r.returncode}:\n{r.stdout}{r.stderr}")
    print("README, Python Ledger: ran")


main()
