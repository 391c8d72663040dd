"""The `exportctl` command of a pip install (the console script `exportctl`): replaces this
process with the command line built by the same CMake run as the module and shipped inside the
package (exportctl/bin/exportctl), so `exportctl check ...` in a venv is the real CLI, byte for
byte, with the package's rule packs."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def binary() -> str:
    """Where setup.py puts the command line: exportctl/bin/exportctl."""
    return str(Path(__file__).resolve().parent / "bin" / "exportctl")


def main() -> None:
    exe = binary()
    if not os.access(exe, os.X_OK):
        sys.stderr.write(f"error: the exportctl command line is not installed with this package "
                         f"(no `{exe}`); reinstall: pip install -v --no-build-isolation "
                         "./bindings/python\n")
        sys.exit(1)
    env = dict(os.environ)
    # The binary looks for its packs in $EXPORTCTL_RULES, else beside itself, else where a CMake
    # install would put them; inside a package they are exportctl/rules. Point it at the packs
    # Engine() loads, so the command and the module decide with the same packs; a value the
    # user set wins, as it does for the CLI everywhere.
    if not env.get("EXPORTCTL_RULES"):
        from ._engine import default_rules_dir

        env["EXPORTCTL_RULES"] = default_rules_dir()
    sys.stdout.flush()
    os.execve(exe, [sys.argv[0] if sys.argv and sys.argv[0] else exe] + sys.argv[1:], env)


if __name__ == "__main__":
    main()
