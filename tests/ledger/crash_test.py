"""crash_test.py DRIVER BACKEND WORKDIR [KILLS]: kills a releasing process with SIGKILL at many
points of its work (after its first operation, then a random moment later), and checks after
every tenth kill and at the end that every operation it reported is in the ledger, the licence
counters are the sums of the orders' reservations, and the journal verifies (ledger_driver.cpp,
`check`). The kill points are random but the seed is printed, so a failure can be replayed."""
import os
import random
import signal
import subprocess
import sys
import time

from ledger_test_db import fresh_url


def main():
    driver, backend, workdir = sys.argv[1:4]
    kills = int(sys.argv[4]) if len(sys.argv) > 4 else 120
    seed = int(os.environ.get("EXPORTCTL_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    print(f"crash_test: {kills} kills on {backend}, seed {seed}")
    os.makedirs(workdir, exist_ok=True)
    url = fresh_url(backend, workdir)
    subprocess.run([driver, "setup", url, "1000000"], check=True)
    logs = []
    for k in range(kills):
        log = os.path.join(workdir, f"work-{k}.log")
        logs.append(log)
        with open(log, "w") as out:
            p = subprocess.Popen([driver, "work", url, f"K{k}", "0", "0"], stdout=out)
        # Wait for its first reported operation (the packs are loaded, the ledger open), then
        # let it run a random while: the kill lands anywhere in its transactions.
        deadline = time.monotonic() + 120
        while os.path.getsize(log) == 0:
            if p.poll() is not None:
                sys.exit(f"crash_test: the driver exited with {p.returncode} before working")
            if time.monotonic() > deadline:
                p.kill()
                sys.exit("crash_test: the driver reported nothing in 120 s")
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.08))
        p.send_signal(signal.SIGKILL)
        p.wait()
        if (k + 1) % 10 == 0 or k + 1 == kills:
            r = subprocess.run([driver, "check", url] + logs)
            if r.returncode != 0:
                sys.exit(f"crash_test: invariants broken after kill {k + 1} (seed {seed})")
    print(f"crash_test: {kills} kills, invariants held")


main()
