#!/usr/bin/python3
"""two_instances_test.py EXPORTCTL: two `exportctl serve` processes on one PostgreSQL ledger, as
behind a load balancer (docs/service.md, "Deployment"). 40 concurrent releases of licence-
requiring shipments, split over both, against licences for 40 units (orders of 2): a licence is
never over-depleted, exactly the orders that fit are released and the rest blocked, none is lost,
retries replay without depleting, both processes see the same orders, and `ledger verify`
passes. Then a server killed (SIGKILL) while releases stream in: no release it answered is lost,
and the retries of all of them through a new server replay the recorded ones. Needs the tests' PostgreSQL cluster (EXPORTCTL_TEST_PG_URL_FILE, the ctest fixture `pg`);
fails, never skips, without it."""
import json
import os
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "ledger"))
from ledger_test_db import fresh_url  # noqa: E402
from serve_util import Api, Checks, Failure, Server, expect, run_cli  # noqa: E402

EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: two_instances_test.py EXPORTCTL")
ORDERS = 40
UNITS = 2
LICENSES = {"SCARCE-A": 24, "SCARCE-B": 16}  # 40 units: 20 orders of 2 fit
api = Api()
local = threading.local()

SHIPMENT = """id: TWO-{n:04d}
date: 2026-03-02
items:
  - {{product: nvidia-h200-sxm-141gb, quantity: {units}}}
parties:
  - {{id: exp, name: Example Inc., country: US, role: exporter}}
  - {{id: eu, name: "Example Cloud (Beijing) Co., Ltd.", country: CN, role: end_user}}
transfers: [{{from: exp, to: eu}}]
"""


def licence_file(work):
    text = ""
    for number, qty in LICENSES.items():
        text += (f"- number: {number}\n  holder: Example Inc.\n  valid_from: 2026-01-01\n"
                 f"  valid_to: 2030-12-31\n  products: [nvidia-h200-sxm-141gb]\n"
                 f"  destinations: [CN]\n  quantity: {qty}\n")
    path = os.path.join(work, "scarce.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def session():
    if not hasattr(local, "s"):
        local.s = requests.Session()
    return local.s


def release(srv, n):
    r = session().post(f"{srv.url}/v1/release?order_id=ORD-{n:04d}",
                       data=SHIPMENT.format(n=n, units=UNITS).encode(),
                       headers={"Content-Type": "application/yaml"}, timeout=120)
    expect(r.status_code == 200, f"release ORD-{n:04d} on :{srv.port}: {r.status_code} "
                                 f"{r.text[:300]!r}")
    return api.validate("POST", "/v1/release", r)["release"]


def licences(url):
    rc, out, err = run_cli(EXE, ["ledger", "license", "list", "--db", url, "--format", "json"])
    expect(rc == 0, f"ledger license list: exit {rc}: {err}")
    return {l["number"]: l for l in json.loads(out)}


def t_concurrent_releases(servers, url, results):
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = {n: pool.submit(release, servers[n % 2], n) for n in range(ORDERS)}
        for n, f in futures.items():
            results[n] = f.result()
    states = [results[n]["state"] for n in range(ORDERS)]
    expect(set(states) <= {"released", "blocked"}, f"states {sorted(set(states))}")
    released = [n for n in range(ORDERS) if results[n]["state"] == "released"]
    supply = sum(LICENSES.values())
    expect(len(released) == supply // UNITS,
           f"{len(released)} orders released, wanted exactly {supply // UNITS} "
           f"({supply} units in orders of {UNITS}); blocked {ORDERS - len(released)}")
    for n in range(ORDERS):
        b = results[n]
        if b["state"] == "released":
            expect(sum(u["units"] for u in b["licenses"]) == UNITS and not b["blocked"],
                   f"ORD-{n:04d} released with {b['licenses']}")
            expect(all(u["number"] in LICENSES for u in b["licenses"]), f"ORD-{n:04d}: {b}")
        else:
            expect(not b["licenses"] and b["blocked"], f"ORD-{n:04d} blocked with {b}")
    expect(len({b["journal_seq"] for b in results.values()}) == ORDERS,
           "two releases got the same journal record")


def t_counters(url, results):
    lic = licences(url)
    expect(set(lic) == set(LICENSES), f"licences {sorted(lic)}")
    drawn = {k: 0 for k in LICENSES}
    for b in results.values():
        for u in b["licenses"]:
            drawn[u["number"]] += u["units"]
    for number, qty in LICENSES.items():
        l = lic[number]
        expect(l["reserved"] + l["used"] <= qty, f"{number} over-depleted: {l}")
        expect(l["reserved"] == drawn[number], f"{number}: reserved {l['reserved']}, the released "
                                               f"orders drew {drawn[number]}")
        expect(l["remaining"] == 0, f"{number} has {l['remaining']} left although orders were "
                                    "blocked for want of units")


def t_orders_seen_by_both(servers, results):
    for n in range(ORDERS):
        for srv in servers:
            r = session().get(f"{srv.url}/v1/orders/ORD-{n:04d}", timeout=60)
            expect(r.status_code == 200, f"ORD-{n:04d} on :{srv.port}: {r.status_code}")
            o = api.validate("GET", f"/v1/orders/ORD-{n:04d}", r)
            expect(o["state"] == results[n]["state"],
                   f"ORD-{n:04d} is {o['state']} on :{srv.port}, released as {results[n]['state']}")
            expect(o["licenses"] == results[n]["licenses"],
                   f"ORD-{n:04d}'s licences on :{srv.port}: {o['licenses']} != {results[n]['licenses']}")


def t_retries_replay(servers, url, results):
    before = licences(url)
    released = [n for n in range(ORDERS) if results[n]["state"] == "released"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        # Each retry goes to the other server than the first release did.
        again = dict(zip(released, pool.map(lambda n: release(servers[(n + 1) % 2], n), released)))
    for n, b in again.items():
        expect(b["replayed"] is True and b["state"] == "released" and
               b["licenses"] == results[n]["licenses"], f"retry of ORD-{n:04d}: {b}")
    expect(licences(url) == before, "retries changed the licences' counters")


def t_commit_and_cancel_split(servers, url, results):
    released = [n for n in range(ORDERS) if results[n]["state"] == "released"]
    for i, n in enumerate(released):
        op = "commit" if i % 2 == 0 else "cancel"
        r = session().post(f"{servers[i % 2].url}/v1/orders/ORD-{n:04d}/{op}", timeout=60)
        expect(r.status_code == 200, f"{op} ORD-{n:04d}: {r.status_code} {r.text[:200]!r}")
        api.validate("POST", f"/v1/orders/ORD-{n:04d}/{op}", r)
    lic = licences(url)
    used = sum(l["used"] for l in lic.values())
    reserved = sum(l["reserved"] for l in lic.values())
    expect(reserved == 0 and used == UNITS * len(released[::2]),
           f"after commits and cancels: reserved {reserved}, used {used}")


def t_verify(url, servers):
    rc, out, err = run_cli(EXE, ["ledger", "verify", "--db", url, "--format", "json"])
    expect(rc == 0, f"ledger verify: exit {rc}: {out!r} {err}")
    v = json.loads(out)
    expect(v["ok"] is True, f"ledger verify: {v}")
    for srv in servers:
        r = session().get(srv.url + "/readyz", timeout=30)
        expect(r.status_code == 200 and r.json()["ledger"] == "postgresql",
               f"readyz on :{srv.port}: {r.status_code} {r.text[:200]!r}")
        api.validate("GET", "/readyz", r)
    rc, out, err = run_cli(EXE, ["ledger", "journal", "--db", url, "--format", "json"])
    records = [json.loads(l) for l in out.splitlines()]
    releases = {r["order_id"] for r in records if r["kind"] == "release"}
    expect(releases == {f"ORD-{n:04d}" for n in range(ORDERS)},
           f"orders without a release record: {sorted({f'ORD-{n:04d}' for n in range(ORDERS)} - releases)}")
    expect(all(r["principal"] == "anonymous" for r in records if r["kind"] != "license_add"),
           "a journal record of the service is not by `anonymous`")


CRASH_ORDERS = 300


def t_crash_loses_nothing(work):
    """SIGKILL a server while releases stream into it: every release it answered 200 is in the
    ledger, the journal still verifies, the licence's reservations are exactly the ledger's
    released orders; a new server then takes the retries of all of them, replaying those already
    recorded, and every order ends released exactly once."""
    import signal
    import time
    url = fresh_url("postgresql", os.path.join(work, "pg-crash"))
    path = os.path.join(work, "crash-licence.yaml")
    with open(path, "w") as f:
        f.write("number: CRASH-L\nholder: Example Inc.\nvalid_from: 2026-01-01\n"
                "valid_to: 2030-12-31\nproducts: [nvidia-h200-sxm-141gb]\ndestinations: [CN]\n"
                f"quantity: {CRASH_ORDERS * UNITS * 2}\n")
    for args in (["ledger", "init", "--db", url], ["ledger", "license", "add", "--db", url, path]):
        rc, out, err = run_cli(EXE, args)
        expect(rc == 0, f"exportctl {' '.join(args[:3])}: exit {rc}: {err}")
    acked = set()
    srv = Server(EXE, ["--rules", "rules", "--db", url, "--threads", "2"])
    try:
        def one(n):
            try:
                r = requests.post(f"{srv.url}/v1/release?order_id=CRASH-{n:04d}",
                                  data=SHIPMENT.format(n=n, units=UNITS).encode(),
                                  headers={"Content-Type": "application/yaml"}, timeout=30)
            except requests.RequestException:
                return  # the server died under this request: no answer, no promise
            if r.status_code == 200 and r.json()["release"]["state"] == "released":
                acked.add(n)
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(one, n) for n in range(CRASH_ORDERS)]
            deadline = time.monotonic() + 30
            while len(acked) < CRASH_ORDERS // 4 and time.monotonic() < deadline:
                time.sleep(0.01)
            srv.proc.send_signal(signal.SIGKILL)  # mid-stream: a crash, not a drain
            for f in futures:
                f.result()
    finally:
        srv.kill()
    expect(0 < len(acked) < CRASH_ORDERS, f"{len(acked)} releases answered before the crash")
    rc, out, err = run_cli(EXE, ["ledger", "verify", "--db", url, "--format", "json"])
    expect(rc == 0 and json.loads(out)["ok"], f"ledger verify after the crash: {rc} {out} {err}")
    rc, out, err = run_cli(EXE, ["ledger", "journal", "--db", url, "--format", "json"])
    recorded = {json.loads(l)["order_id"] for l in out.splitlines()
                if json.loads(l)["kind"] == "release"}
    lost = sorted(f"CRASH-{n:04d}" for n in acked if f"CRASH-{n:04d}" not in recorded)
    expect(not lost, f"answered 200 but not in the ledger after the crash: {lost[:5]}")
    lic = licences(url)["CRASH-L"]
    expect(lic["reserved"] == UNITS * len(recorded),
           f"after the crash: reserved {lic['reserved']}, {len(recorded)} releases recorded")
    with Server(EXE, ["--rules", "rules", "--db", url, "--threads", "2"]) as again:
        replayed = 0
        for n in range(CRASH_ORDERS):
            r = session().post(f"{again.url}/v1/release?order_id=CRASH-{n:04d}",
                               data=SHIPMENT.format(n=n, units=UNITS).encode(),
                               headers={"Content-Type": "application/yaml"}, timeout=60)
            expect(r.status_code == 200, f"retry CRASH-{n:04d}: {r.status_code} {r.text[:200]!r}")
            b = r.json()["release"]
            expect(b["state"] == "released", f"retry CRASH-{n:04d}: {b}")
            replayed += b["replayed"]
        expect(replayed == len(recorded),
               f"{replayed} retries replayed, {len(recorded)} releases were recorded")
    lic = licences(url)["CRASH-L"]
    expect(lic["reserved"] == UNITS * CRASH_ORDERS,
           f"after the retries: reserved {lic['reserved']}, wanted {UNITS * CRASH_ORDERS}")
    rc, out, err = run_cli(EXE, ["ledger", "verify", "--db", url])
    expect(rc == 0, f"ledger verify after the retries: exit {rc}: {out} {err}")


def main():
    checks = Checks("serve.two_instances")
    work = tempfile.mkdtemp(prefix="exportctl-two-instances-")
    try:
        url = fresh_url("postgresql", os.path.join(work, "pg"))
        for args in (["ledger", "init", "--db", url],
                     ["ledger", "license", "add", "--db", url, licence_file(work)]):
            rc, out, err = run_cli(EXE, args)
            expect(rc == 0, f"exportctl {' '.join(args[:3])}: exit {rc}: {err}")
        with Server(EXE, ["--rules", "rules", "--db", url, "--threads", "2"]) as a, \
                Server(EXE, ["--rules", "rules", "--db", url, "--threads", "2"]) as b:
            servers = [a, b]
            results = {}
            if checks.run("40 concurrent releases over two servers", t_concurrent_releases,
                          servers, url, results):
                checks.run("licence counters: never over, exactly the orders' draws", t_counters,
                           url, results)
                checks.run("both servers see every order as released", t_orders_seen_by_both,
                           servers, results)
                checks.run("retries on the other server replay", t_retries_replay, servers, url,
                           results)
                checks.run("commits and cancels split over both", t_commit_and_cancel_split,
                           servers, url, results)
            checks.run("ledger verify, readyz, journal", t_verify, url, servers)
        checks.run("SIGKILL mid-stream loses no answered release; retries replay",
                   t_crash_loses_nothing, work)
    except Failure as e:
        checks.failed.append("setup")
        print(f"FAIL setup: {e}", flush=True)
    checks.finish()


if __name__ == "__main__":
    main()
