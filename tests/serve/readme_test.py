"""readme_test.py EXE WORKDIR: the README's service block ("## The service"), run as printed:
its first line (scripts/serve-example) with EXPORTCTL_EXE=EXE instead of a build and a free
port instead of 8080, its curl line against that port. The curl's answer must be the bytes of
`exportctl check --format json` with the lists serve-example loads; SIGTERM must end it with 0."""
import os
import re
import shutil
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    exe, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    m = re.compile(r"```sh\n(.*?)```", re.S).search(text, text.index("## The service"))
    lines = [l.split("#")[0].strip() for l in m.group(1).splitlines() if l.strip()]
    if len(lines) != 2 or not lines[0].startswith("scripts/serve-example") or \
            not lines[1].startswith("curl "):
        sys.exit(f"README service block is not `scripts/serve-example` + one curl: {lines}")
    env = dict(os.environ, EXPORTCTL_EXE=exe, TMPDIR=work)
    srv = subprocess.Popen(lines[0].split() + ["--listen", "127.0.0.1:0"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=open(os.path.join(work, "serve.log"), "w"))
    try:
        first = srv.stdout.readline().decode()
        port = re.match(r"exportctl serve: listening on http://127\.0\.0\.1:(\d+)", first)
        if not port:
            sys.exit(f"serve-example printed {first!r}; log:\n"
                     + open(os.path.join(work, "serve.log")).read())
        curl = lines[1].replace("127.0.0.1:8080", "127.0.0.1:" + port.group(1))
        got = subprocess.run(["bash", "-e", "-c", curl], cwd=ROOT, capture_output=True)
        want = subprocess.run([exe, "check", "--format", "json", "--lists",
                               "tests/data/lists/sdn-mini/sdn.csv",
                               "examples/so-1042-singapore-to-malaysia.yaml"], cwd=ROOT,
                              capture_output=True)
        if got.returncode != 0 or got.stdout != want.stdout or not want.stdout:
            sys.exit(f"README curl: exit {got.returncode}; got {got.stdout[:300]!r}, "
                     f"want {want.stdout[:300]!r}; {got.stderr!r}")
    finally:
        srv.send_signal(signal.SIGTERM)
        rc = srv.wait(30)
    if rc != 0:
        sys.exit(f"serve-example exited {rc} after SIGTERM")
    print("README service block: ran, the curl's decision is `exportctl check`'s bytes")


if __name__ == "__main__":
    main()
