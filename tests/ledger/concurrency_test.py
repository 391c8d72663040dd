"""concurrency_test.py DRIVER BACKEND WORKDIR [PROCESSES [ORDERS]]: PROCESSES (16) processes
release ORDERS (1000) orders each at the same time against 10 licences too small for all of them, each order released twice
(a retry), a third committed and a fifth cancelled. Then: no process failed, the licence was
never over-depleted (its counters are the sums of the orders' reservations, within its
quantity), some orders were blocked (the scarcity was real), no order was reserved twice, and
the journal verifies."""
import os
import subprocess
import sys

from ledger_test_db import fresh_url

LICENCES = 10
QUANTITY = 40  # units per licence: 400 in all, for about 16 x ORDERS x 2.5 asked



def main():
    driver, backend, workdir = sys.argv[1:4]
    processes = int(sys.argv[4]) if len(sys.argv) > 4 else 16
    orders = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    os.makedirs(workdir, exist_ok=True)
    url = fresh_url(backend, workdir)
    subprocess.run([driver, "setup", url, str(QUANTITY), str(LICENCES)], check=True)
    logs = [os.path.join(workdir, f"worker-{i}.log") for i in range(processes)]
    procs = []
    for i, log in enumerate(logs):
        with open(log, "w") as out:
            procs.append(subprocess.Popen(
                [driver, "work", url, f"W{i}", str(orders), "0"], stdout=out))
    failed = [i for i, p in enumerate(procs) if p.wait() != 0]
    if failed:
        sys.exit(f"concurrency_test: workers {failed} failed")
    released = blocked = 0
    for log in logs:
        for line in open(log):
            op, _id, *rest = line.split()
            if op not in ("release", "replayed"):
                continue  # commit ID, cancel ID
            units, *state = rest
            if op == "release" and state == ["released"]:
                released += int(units)
            if op == "release" and state == ["blocked"]:
                blocked += 1
            if op == "replayed" and state != ["released"]:
                sys.exit(f"concurrency_test: a replay that is not a release: {line!r}")
    print(f"concurrency_test: {processes} processes, {released} units released, "
          f"{blocked} releases blocked, {LICENCES} licences of {QUANTITY}")
    if blocked == 0:
        sys.exit("concurrency_test: nothing was blocked: the licence was not scarce")
    r = subprocess.run([driver, "check", url] + logs)
    if r.returncode != 0:
        sys.exit("concurrency_test: invariants broken")


main()
