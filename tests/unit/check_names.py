#!/usr/bin/env python3
"""Every Catch2 test case must reach ctest whole.

catch_discover_tests turns the test names into a CMake list, so a ';' in a name splits it into
fragments that match no test case, and Catch2 v2 exits 0 when nothing matches: the test case
then never runs and ctest still says passed. Twelve test cases were lost this way until this
check; it fails on any name ctest would split.
"""
import subprocess
import sys

# Catch2 v2 exits with the number of test cases listed, so the status says nothing here.
names = subprocess.run([sys.argv[1], "--list-test-names-only"],
                       capture_output=True, text=True).stdout.splitlines()
bad = [n for n in names if ";" in n]
for n in bad:
    print(f"test case name has ';', which ctest splits (the case would never run): {n}")
if len(names) < 100:
    print(f"only {len(names)} test cases listed; expected the whole unit suite")
    sys.exit(1)
sys.exit(1 if bad else 0)
