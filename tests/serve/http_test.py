#!/usr/bin/python3
"""http_test.py EXPORTCTL: `exportctl serve` against the command line (docs/service.md).

One server on the repository's packs, a sample screening list and a fresh SQLite ledger, without
--tokens (loopback, principal `anonymous`). Decisions, batch records, screening lines, releases,
orders, serials and journals must be the bytes the CLI prints for the same input and the same
ledger state; every response must match docs/openapi.yaml; error bodies name no server path.
Tests fail, never skip."""
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time

import requests
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import (ROOT, Api, Checks, Failure, Server, error_body, expect,  # noqa: E402
                        no_server_detail, run_cli)

EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: http_test.py EXPORTCTL")
# Paths relative to ROOT (the server's and the CLI's working directory): decisions and screening
# lines name list files as given, so both sides must be given the same strings.
ENGINE = ["--rules", "rules", "--lists", "tests/data/lists/sdn-mini/sdn.csv"]
EXAMPLES = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".yaml"))
TMP = tempfile.mkdtemp(prefix="exportctl-http-test-")
SECRETS = [ROOT, TMP]
api = Api()
S = requests.Session()


class NoDatesLoader(yaml.SafeLoader):
    """YAML → JSON without YAML 1.1's guesses: `NO` (Norway) stays a string, dates stay strings;
    only true/false are booleans. The service and the CLI read YAML 1.2 (yaml-cpp)."""


NoDatesLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
NoDatesLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                                    list("tf"))


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def as_json(rel):
    return json.dumps(yaml.load(read(rel), Loader=NoDatesLoader), ensure_ascii=False).encode()


def cli(args, stdin=None):
    return run_cli(EXE, args, stdin=stdin)[1]


def same_bytes(got, want, what):
    if got != want:
        n = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                 min(len(got), len(want)))
        raise Failure(f"{what}: the service's bytes differ from the CLI's at byte {n} (service "
                      f"{len(got)} bytes, CLI {len(want)}):\n  service …{got[max(0, n - 80):n + 80]!r}\n"
                      f"  CLI     …{want[max(0, n - 80):n + 80]!r}")


def post(srv, path, data=b"", ctype="application/json", **kw):
    return S.post(srv.url + path, data=data, headers={"Content-Type": ctype}, timeout=60, **kw)


def get(srv, path, **kw):
    return S.get(srv.url + path, timeout=60, **kw)


def ok(srv, method, path, r, status=200):
    expect(r.status_code == status, f"{method} {path}: status {r.status_code}, wanted {status}: "
                                    f"{r.text[:400]!r}")
    return api.validate(method, path, r)


def err(method, path, r, status, code=None, schema_only=False):
    """An error answer: the status, the one error body, docs/openapi.yaml, no server detail."""
    body = error_body(r, status, code)
    if schema_only:  # a path or method the document does not describe (404, 405)
        api.validate_schema("Error", body, f"{method} {path} {status}")
    else:
        api.validate(method, path, r)
    no_server_detail(r.text, SECRETS)
    expect(r.text.endswith("}\n"), f"{method} {path}: the error body does not end in a newline")
    return body


def fresh_db(name):
    path = os.path.join(TMP, name + ".sqlite")
    url = "sqlite:" + path
    rc, out, errtext = run_cli(EXE, ["ledger", "init", "--db", url])
    expect(rc == 0, f"ledger init {url}: exit {rc}: {errtext}")
    rc, out, errtext = run_cli(EXE, ["ledger", "license", "add", "--db", url,
                                     "examples/licenses/d1234567.yaml"])
    expect(rc == 0, f"ledger license add: exit {rc}: {errtext}")
    return url


def rechain(records_bytes, file_from, file_to):
    """The CLI's batch output with its diagnostics' file name replaced (`<stdin>` → the
    service's `<request>`) and the hash chain recomputed over the changed bytes
    (README "Batch screening": SHA-256(prev + SHA-256(record up to ,"prev_sha256":)))."""
    out, prev, n = [], "0" * 64, 0
    for line in records_bytes.split(b"\n"):
        if not line:
            continue
        if line.startswith(b'{"summary":'):
            out.append(b'{"summary":{"records":%d,"last_sha256":"%s"}}' % (n, prev.encode()))
            continue
        head = line[:line.rindex(b',"prev_sha256":')]
        head = head.replace(b'"file":"' + file_from + b'"', b'"file":"' + file_to + b'"')
        out.append(head + b',"prev_sha256":"' + prev.encode() + b'"}')
        prev = hashlib.sha256((prev + hashlib.sha256(head).hexdigest()).encode()).hexdigest()
        n += 1
    return b"\n".join(out) + b"\n"


# --- the checks ---------------------------------------------------------------------------------

def t_healthz(srv):
    r = get(srv, "/healthz")
    ok(srv, "GET", "/healthz", r)
    same_bytes(r.content, b'{"status":"ok"}\n', "GET /healthz")


def t_readyz(srv):
    r = get(srv, "/readyz")
    body = ok(srv, "GET", "/readyz", r)
    want = json.loads(cli(["check", "--format", "json"] + ENGINE + ["examples/" + EXAMPLES[0]]))
    expect(body["fingerprint"] == want["fingerprint"],
           f"readyz fingerprint {body['fingerprint']} != the CLI decision's {want['fingerprint']}")
    # readyz lists every pack loaded (scenario packs too); a decision the packs it applied.
    expect(all(p in body["packs"] for p in want["rulepacks"]),
           f"the decision's rulepacks are not among readyz's packs: {body['packs']}")
    expect([l["file"] for l in body["lists"]] == ["sdn.csv"],
           f"readyz lists {body['lists']} (wanted the basename sdn.csv only)")
    expect(body["ledger"] == "sqlite", f"readyz ledger {body['ledger']!r}, wanted sqlite")
    no_server_detail(r.text, SECRETS)


def t_check_examples(srv):
    for f in EXAMPLES:
        rel = "examples/" + f
        want = cli(["check", "--format", "json"] + ENGINE + [rel])
        expect(want.startswith(b"{"), f"exportctl check {rel} printed no JSON: {want[:200]!r}")
        r = post(srv, "/v1/check", read(rel), "application/yaml")
        ok(srv, "POST", "/v1/check", r)
        expect(r.headers["Content-Type"].startswith("application/json"),
               f"{rel}: Content-Type {r.headers['Content-Type']}")
        same_bytes(r.content, want, f"POST /v1/check {rel} (YAML)")


def t_check_json_bodies(srv):
    for f in EXAMPLES:
        rel = "examples/" + f
        path = os.path.join(TMP, f[:-5] + ".json")
        with open(path, "wb") as out:
            out.write(as_json(rel))
        want = cli(["check", "--format", "json"] + ENGINE + [path])
        r = post(srv, "/v1/check", read(path), "application/json")
        ok(srv, "POST", "/v1/check", r)
        same_bytes(r.content, want, f"POST /v1/check {rel} (as JSON)")


def t_check_as_of(srv):
    rel = "examples/h200-us-to-china-2026.yaml"
    want = cli(["check", "--format", "json", "--as-of", "2022-10-07"] + ENGINE + [rel])
    r = post(srv, "/v1/check?as_of=2022-10-07", read(rel), "application/yaml")
    ok(srv, "POST", "/v1/check", r)
    same_bytes(r.content, want, "POST /v1/check?as_of=2022-10-07")
    for bad in ("2022-13-01", "yesterday", ""):
        r = post(srv, "/v1/check?as_of=" + bad, read(rel), "application/yaml")
        err("POST", "/v1/check", r, 400, "bad_request")


def t_check_bad_shipment(srv):
    for name, body, ctype in (
            ("unknown country", read("tests/cli/data/bad-shipment.yaml"), "application/yaml"),
            ("not YAML", b"id: [unclosed\nitems: {", "application/yaml"),
            ("not JSON", b'{"id": "X", "items": [', "application/json"),
            ("empty", b"", "application/json"),
            ("no exporter", b'{"id":"X","items":[{"product":"nvidia-h100-sxm5-80gb","quantity":1}],'
                            b'"parties":[],"transfers":[]}', "application/json")):
        r = post(srv, "/v1/check", body, ctype)
        b = err("POST", "/v1/check", r, 422, "invalid_input")
        expect(b["diagnostics"], f"{name}: 422 without diagnostics")
        for d in b["diagnostics"]:
            expect(d.get("file", "<request>") == "<request>",
                   f"{name}: a diagnostic names file {d.get('file')!r}, not <request>")
    r = post(srv, "/v1/check", read("tests/cli/data/bad-shipment.yaml"), "application/yaml")
    d = [x for x in r.json()["diagnostics"] if x["level"] == "error"][0]
    expect(d.get("file") == "<request>" and d.get("line") == 6 and d.get("column", 0) > 0 and d["code"].startswith("EXC-E"),
           f"the unknown country's diagnostic has no line 6:column: {d}")


def t_unsupported_media(srv):
    for ctype in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                  "text/plain"):
        r = post(srv, "/v1/check", read("examples/" + EXAMPLES[0]), ctype)
        err("POST", "/v1/check", r, 415, "unsupported_media_type")
        r = post(srv, "/v1/screen", b'{"names":["x"]}', ctype)
        err("POST", "/v1/screen", r, 415, "unsupported_media_type")


def t_not_found(srv):
    for path in ("/nope", "/v1", "/v1/check/extra", "/v2/check", "/v1/orders"):
        r = get(srv, path)
        err("GET", path, r, 404, "not_found", schema_only=True)


def t_method_not_allowed(srv):
    for method, path, allow in (("GET", "/v1/check", "POST"), ("PUT", "/v1/check", "POST"),
                                ("DELETE", "/healthz", "GET"), ("POST", "/metrics", "GET"),
                                ("GET", "/v1/batch", "POST")):
        r = S.request(method, srv.url + path, timeout=30)
        err(method, path, r, 405, "method_not_allowed", schema_only=True)
        got = [m.strip() for m in r.headers.get("Allow", "").split(",") if m.strip()]
        expect(allow in got, f"{method} {path}: Allow {r.headers.get('Allow')!r} lacks {allow}")


def t_batch_good(srv):
    data = read("tests/cli/data/batch-good.jsonl")
    want = cli(["batch", "-q"] + ENGINE + ["-"], stdin=data)
    n = want.count(b"\n")
    expect(n == 21, f"exportctl batch printed {n} records, wanted 20 and the summary")
    r = post(srv, "/v1/batch", data, "application/x-ndjson")
    lines = ok(srv, "POST", "/v1/batch", r)
    expect(r.headers["Content-Type"].startswith("application/x-ndjson"),
           f"batch Content-Type {r.headers['Content-Type']}")
    same_bytes(r.content, want, "POST /v1/batch batch-good.jsonl")
    expect("summary" in lines[-1], "the last batch record is not the summary")
    # as_of applies to every line, as batch --as-of does.
    want = cli(["batch", "-q", "--as-of", "2026-03-02"] + ENGINE + ["-"], stdin=data)
    r = post(srv, "/v1/batch?as_of=2026-03-02", data, "application/x-ndjson")
    ok(srv, "POST", "/v1/batch", r)
    same_bytes(r.content, want, "POST /v1/batch?as_of=2026-03-02")


def t_batch_bad_lines(srv):
    data = read("tests/cli/data/batch.jsonl")
    want = cli(["batch", "-q"] + ENGINE + ["-"], stdin=data)
    expect(b'"line":22,' in want and b'{"error":' in want, "exportctl batch gave no error record")
    r = post(srv, "/v1/batch", data, "application/x-ndjson")
    lines = ok(srv, "POST", "/v1/batch", r)
    errors = [l for l in lines if "error" in l]
    expect(len(errors) == 2 and errors[0]["line"] == 22,
           f"wanted 2 error records, the first for line 22: {errors}")
    for e in errors:
        for d in e["diagnostics"]:
            expect(d["file"] == "<request>", f"a batch diagnostic names {d['file']!r}")
    # Byte for byte the CLI's records, its `<stdin>` being the service's `<request>` (and so the
    # chain recomputed over that name).
    same_bytes(r.content, rechain(want, b"<stdin>", b"<request>"), "POST /v1/batch batch.jsonl")


def t_screen(srv):
    names = ["Banco Nacional de Cuba", "Siemens AG", "National Bank of Cuba", "HMC GmbH"]
    lists = ["--lists", "tests/data/lists/sdn-mini/sdn.csv"]
    for extra, body in (([], {"names": names}),
                        (["--country", "CU", "--limit", "2", "--min-score", "0.3"],
                         {"names": names, "country": "CU", "limit": 2, "min_score": 0.3})):
        want = cli(["screen", "--format", "json"] + lists + extra + names)
        expect(want.count(b"\n") == len(names), f"screen printed {want[:300]!r}")
        r = post(srv, "/v1/screen", json.dumps(body).encode())
        got = ok(srv, "POST", "/v1/screen", r)
        expect(r.headers["Content-Type"].startswith("application/x-ndjson"),
               f"screen Content-Type {r.headers['Content-Type']}")
        expect(len(got) == len(names), f"{len(got)} screening lines for {len(names)} names")
        same_bytes(r.content, want, f"POST /v1/screen {body}")
    for bad in (b"[]", b'{"names":"x"}', b'{"names":[1]}', b'{"names":["x"],"country":"XX"}',
                b'{"names":["x"],"limit":0}', b'{"names":["x"],"extra":1}', b"not json"):
        r = post(srv, "/v1/screen", bad)
        b = err("POST", "/v1/screen", r, 422, "invalid_input")
        expect(b["diagnostics"], f"screen {bad!r}: no diagnostics")


def t_metrics(srv):
    post(srv, "/v1/check", read("examples/" + EXAMPLES[0]), "application/yaml")
    r = get(srv, "/metrics")
    ok(srv, "GET", "/metrics", r)
    ct = r.headers.get("Content-Type", "")
    expect(ct.startswith("text/plain") and "version=0.0.4" in ct, f"metrics Content-Type {ct!r}")
    fp = get(srv, "/readyz").json()["fingerprint"]
    for want in ('# TYPE exportctl_requests_total counter',
                 'exportctl_requests_total{route="/v1/check",status="200"} ',
                 'exportctl_requests_total{route="/v1/check",status="422"} ',
                 '# TYPE exportctl_request_duration_seconds histogram',
                 'exportctl_request_duration_seconds_bucket{route="/v1/check",le="+Inf"} ',
                 'exportctl_request_duration_seconds_count{route="/v1/check"} ',
                 'exportctl_decisions_total{outcome="license_required"} ',
                 'exportctl_decisions_total{outcome="hold"} ',
                 'exportctl_reloads_total{result="ok"} ',
                 'exportctl_reloads_total{result="failed"} ',
                 f'exportctl_pack_info{{fingerprint="{fp}"',
                 'exportctl_list_age_seconds{source="OFAC SDN",file="sdn.csv"'):
        expect(want in r.text, f"/metrics lacks {want!r}")
    # Unknown paths are one label, not one per path a scanner tries.
    expect('route="/nope"' not in r.text, "metrics label an unknown path by its path")
    # Every sample line parses as NAME{LABELS} VALUE.
    sample = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? '
                        r'(-?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?|NaN|[+-]Inf)$')
    for line in r.text.splitlines():
        expect(line.startswith("#") or sample.match(line), f"metrics line {line!r}")
    no_server_detail(r.text, SECRETS)


def t_release_flow(srv, url):
    """release → replay → commit → commit again (idempotent) → cancel committed (409); the same steps through the
    CLI on a twin ledger print the same bytes."""
    twin = fresh_db("twin")
    rel = "examples/h200-us-to-china-2026.yaml"
    for step in ("first", "replay"):
        want = cli(["release", "--db", twin, "--format", "json"] + ENGINE + [rel])
        r = post(srv, "/v1/release", read(rel), "application/yaml")
        b = ok(srv, "POST", "/v1/release", r)
        same_bytes(r.content, want, f"POST /v1/release {rel} ({step})")
        expect(b["release"]["state"] == "released" and b["release"]["replayed"] == (step == "replay"),
               f"{step}: release block {b['release']}")
    r = post(srv, "/v1/orders/SO-2001/commit")
    b = ok(srv, "POST", "/v1/orders/SO-2001/commit", r)
    expect(b == {"order_id": "SO-2001", "state": "committed"}, f"commit answered {b}")
    # A retried commit (its answer lost on the way) succeeds again, as `ledger commit` does.
    r = post(srv, "/v1/orders/SO-2001/commit")
    b = ok(srv, "POST", "/v1/orders/SO-2001/commit", r)
    expect(b == {"order_id": "SO-2001", "state": "committed"}, f"commit again answered {b}")
    r = post(srv, "/v1/orders/SO-2001/cancel")
    err("POST", "/v1/orders/SO-2001/cancel", r, 409, "conflict")
    for op in ("commit", "cancel"):
        r = post(srv, f"/v1/orders/SO-NONE/{op}")
        err("POST", f"/v1/orders/SO-NONE/{op}", r, 404, "not_found")
    # A second order, released and then cancelled: its units return.
    r = post(srv, "/v1/release?order_id=SO-CANCEL", read(rel), "application/yaml")
    b = ok(srv, "POST", "/v1/release", r)
    expect(b["release"]["order_id"] == "SO-CANCEL" and b["release"]["state"] == "released",
           f"release ?order_id=SO-CANCEL: {b['release']}")
    r = post(srv, "/v1/orders/SO-CANCEL/cancel")
    b = ok(srv, "POST", "/v1/orders/SO-CANCEL/cancel", r)
    expect(b == {"order_id": "SO-CANCEL", "state": "cancelled"}, f"cancel answered {b}")
    lic = json.loads(cli(["ledger", "license", "list", "--db", url, "--format", "json"]))
    expect(lic[0]["used"] == 16 and lic[0]["reserved"] == 0 and lic[0]["remaining"] == 48,
           f"after commit and cancel the licence is {lic[0]}")
    # Blocked (past the licence's validity): a 200 whose block says blocked; commit refuses it.
    r = post(srv, "/v1/release?order_id=SO-LATE&as_of=2030-06-01", read(rel), "application/yaml")
    b = ok(srv, "POST", "/v1/release", r)
    expect(b["release"]["state"] == "blocked", f"SO-LATE: {b['release']}")
    r = post(srv, "/v1/orders/SO-LATE/commit")
    err("POST", "/v1/orders/SO-LATE/commit", r, 409, "conflict")
    # A bad shipment and a bad as_of.
    r = post(srv, "/v1/release", read("tests/cli/data/bad-shipment.yaml"), "application/yaml")
    err("POST", "/v1/release", r, 422)
    r = post(srv, "/v1/release?as_of=2030-02-30", read(rel), "application/yaml")
    err("POST", "/v1/release", r, 400, "bad_request")
    r = post(srv, "/v1/release", read(rel), "application/x-www-form-urlencoded")
    err("POST", "/v1/release", r, 415, "unsupported_media_type")


def t_orders_and_journal(srv, url):
    for oid in ("SO-2001", "SO-CANCEL", "SO-LATE"):
        r = get(srv, f"/v1/orders/{oid}")
        ok(srv, "GET", f"/v1/orders/{oid}", r)
        same_bytes(r.content, cli(["ledger", "show", "--db", url, "--format", "json", oid]),
                   f"GET /v1/orders/{oid}")
        r = get(srv, f"/v1/orders/{oid}/journal")
        b = ok(srv, "GET", f"/v1/orders/{oid}/journal", r)
        want = [json.loads(l) for l in cli(["ledger", "journal", "--db", url, "--format", "json"])
                .splitlines() if json.loads(l)["order_id"] == oid]
        expect(b["order_id"] == oid and b["journal"] == want,
               f"GET /v1/orders/{oid}/journal is not the ledger's records of {oid}: {b}")
        expect(all(j["principal"] == "anonymous" for j in b["journal"]),
               f"{oid}: journal principals {[j['principal'] for j in b['journal']]}")
        seqs = [j["seq"] for j in b["journal"]]
        expect(seqs == sorted(seqs) and seqs, f"{oid}: journal not oldest first: {seqs}")
    kinds = [j["kind"] for j in get(srv, "/v1/orders/SO-2001/journal").json()["journal"]]
    expect(kinds == ["release", "commit"], f"SO-2001's journal kinds {kinds}")
    for path in ("/v1/orders/SO-NONE", "/v1/orders/SO-NONE/journal"):
        err("GET", path, get(srv, path), 404, "not_found")
    rc, out, e = run_cli(EXE, ["ledger", "verify", "--db", url])
    expect(rc == 0, f"ledger verify after the service's writes: exit {rc}: {out!r} {e}")


def t_serials(srv, url):
    s1 = ("id: SO-S1\norder_id: PO-77\ndate: 2026-03-02\nitems:\n"
          "  - {product: nvidia-h200-sxm-141gb, quantity: 2, serials: [SN-1, SN-2]}\nparties:\n"
          "  - {id: exp, name: Example Inc., country: US, role: exporter}\n"
          "  - {id: eu, name: \"Example Cloud (Beijing) Co., Ltd.\", country: CN, role: end_user}\n"
          "transfers: [{from: exp, to: eu}]\n")
    r = post(srv, "/v1/release", s1.encode(), "application/yaml")
    b = ok(srv, "POST", "/v1/release", r)
    expect(b["release"]["order_id"] == "PO-77" and b["release"]["state"] == "released",
           f"PO-77: {b['release']}")
    for sn in ("SN-1", "SN-2", "SN-404"):
        r = get(srv, f"/v1/serials/{sn}")
        got = ok(srv, "GET", f"/v1/serials/{sn}", r)
        same_bytes(r.content, cli(["ledger", "serial", "--db", url, "--format", "json", sn]),
                   f"GET /v1/serials/{sn}")
        expect((got == []) == (sn == "SN-404"), f"/v1/serials/{sn}: {got}")


def t_holds_and_resolve(srv, url):
    hmc = "tests/golden/decisions/entity-list-possible-acronym-hmc-gmbh-de-l20-2025-hold.yaml"
    r = post(srv, "/v1/release?order_id=SO-HMC", read(hmc), "application/yaml")
    b = ok(srv, "POST", "/v1/release", r)
    expect(b["release"]["state"] == "held", f"SO-HMC: {b['release']}")
    r = post(srv, "/v1/release", read("examples/missing-die-area-hold.yaml"), "application/yaml")
    held2 = ok(srv, "POST", "/v1/release", r)["release"]["order_id"]
    r = get(srv, "/v1/holds")
    b = ok(srv, "GET", "/v1/holds", r)
    ids = [o["order_id"] for o in b["holds"]]
    expect(ids == ["SO-HMC", held2], f"/v1/holds lists {ids}, wanted SO-HMC then {held2}")
    for o in b["holds"]:
        want = json.loads(cli(["ledger", "show", "--db", url, "--format", "json", o["order_id"]]))
        expect(o == want, f"/v1/holds' {o['order_id']} is not `ledger show`'s")
    path = "/v1/orders/SO-HMC/resolve"
    r = post(srv, path, json.dumps({"reason": ""}).encode())
    err("POST", path, r, 422)
    r = post(srv, path, b"reason=x", "application/x-www-form-urlencoded")
    err("POST", path, r, 415, "unsupported_media_type")
    r = post(srv, "/v1/orders/SO-NONE/resolve", json.dumps({"reason": "x"}).encode())
    err("POST", "/v1/orders/SO-NONE/resolve", r, 404, "not_found")
    r = post(srv, "/v1/orders/SO-2001/resolve", json.dumps({"reason": "x"}).encode())
    err("POST", "/v1/orders/SO-2001/resolve", r, 409, "conflict")
    clears = [{"source": "exportctl curated Entity List", "entry": "EL_CHENGDU_HAIGUANG_MICRO",
               "name": "HMC GmbH", "country": "DE"},
              # The server also loads the sample SDN list, whose entry 102 is a near miss too.
              {"source": "OFAC SDN", "entry": "102", "name": "HMC GmbH", "country": "DE"}]
    r = post(srv, path, json.dumps({"reason": "a Munich machine maker, not Chengdu Haiguang",
                                    "clears": clears}).encode())
    b = ok(srv, "POST", path, r)
    expect(b == {"order_id": "SO-HMC", "resolved": True, "reviewer": "anonymous"},
           f"resolve answered {b}")
    j = get(srv, "/v1/orders/SO-HMC/journal").json()["journal"]
    expect([x["kind"] for x in j] == ["release", "resolve"] and j[-1]["principal"] == "anonymous",
           f"SO-HMC's journal after the review: {[(x['kind'], x['principal']) for x in j]}")
    r = post(srv, "/v1/release?order_id=SO-HMC", read(hmc), "application/yaml")
    b = ok(srv, "POST", "/v1/release", r)
    expect("cleared by anonymous" in r.text and b["release"]["state"] != "held",
           f"the release after the review is not cleared by anonymous: {b['release']}")
    r = post(srv, path, json.dumps({"reason": "again"}).encode())
    err("POST", path, r, 409, "conflict")
    ids = [o["order_id"] for o in get(srv, "/v1/holds").json()["holds"]]
    expect(ids == [held2], f"/v1/holds after the review lists {ids}")
    # A review that supplies the missing fact: only one the hold asks for (EXC-E9112, 422).
    path = f"/v1/orders/{held2}/resolve"
    tpp = [{"item": 1, "fact": "tpp", "value": 4000}]
    r = post(srv, path, json.dumps({"reason": "x", "supplies": tpp}).encode())
    err("POST", path, r, 422)
    expect("EXC-E9112" in r.text, f"a fact the hold does not ask for: {r.text}")
    r = post(srv, path, json.dumps({"reason": "x", "supplies": [{"item": 1}]}).encode())
    err("POST", path, r, 422)
    expect("supplies[0]" in r.text, f"a bad supplied fact is not located: {r.text}")
    area = [{"item": 1, "fact": "die_area_mm2", "value": 814}]
    r = post(srv, path, json.dumps({"reason": "datasheet rev. C", "supplies": area}).encode())
    ok(srv, "POST", path, r)
    r = post(srv, "/v1/release", read("examples/missing-die-area-hold.yaml"), "application/yaml")
    b = ok(srv, "POST", "/v1/release", r)
    expect(b["release"]["state"] == "released" and "= 814 supplied by anonymous" in r.text,
           f"the release after the supplied fact: {b['release']}")
    ids = [o["order_id"] for o in get(srv, "/v1/holds").json()["holds"]]
    expect(ids == [], f"/v1/holds after both reviews lists {ids}")
    rc, out, e = run_cli(EXE, ["ledger", "verify", "--db", url])
    expect(rc == 0, f"ledger verify: exit {rc}: {out!r} {e}")


def t_reload(srv):
    fp = get(srv, "/readyz").json()["fingerprint"]
    r = post(srv, "/v1/admin/reload")
    b = ok(srv, "POST", "/v1/admin/reload", r)
    expect(b["reloaded"] is True and b["fingerprint"] == fp, f"reload answered {b}")
    count = lambda: int(re.search(r'^exportctl_reloads_total\{result="ok"\} (\d+)$',  # noqa: E731
                                  get(srv, "/metrics").text, re.M).group(1))
    before = count()
    srv.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 20
    while count() == before:
        expect(time.monotonic() < deadline, "SIGHUP did not reload within 20 s")
        time.sleep(0.2)
    expect(get(srv, "/healthz").status_code == 200, "not healthy after SIGHUP")
    # Still the same decisions after both reloads.
    rel = "examples/" + EXAMPLES[0]
    r = post(srv, "/v1/check", read(rel), "application/yaml")
    same_bytes(r.content, cli(["check", "--format", "json"] + ENGINE + [rel]),
               "POST /v1/check after reload")


def t_reload_failed(exe_tmp_rules):
    """A pack broken on disk: reload answers 422 reload_failed, the old packs stay in force."""
    rules = exe_tmp_rules
    with Server(EXE, ["--rules", rules]) as srv:
        fp = get(srv, "/readyz").json()["fingerprint"]
        with open(os.path.join(rules, "notices.yaml"), "w", encoding="utf-8") as f:
            f.write("id: [unclosed\n")
        r = post(srv, "/v1/admin/reload")
        body = error_body(r, 422, "reload_failed")
        api.validate("POST", "/v1/admin/reload", r)
        expect(body["diagnostics"], "reload_failed without diagnostics")
        expect(get(srv, "/readyz").json()["fingerprint"] == fp, "a failed reload changed packs")
        rel = "examples/" + EXAMPLES[0]
        r = post(srv, "/v1/check", read(rel), "application/yaml")
        same_bytes(r.content, cli(["check", "--format", "json", "--rules", "rules", rel]),
                   "POST /v1/check after a failed reload")


def t_no_ledger_no_lists():
    with Server(EXE, ["--rules", "rules"]) as srv:
        b = ok(srv, "GET", "/readyz", get(srv, "/readyz"))
        expect(b["ledger"] is None and b["lists"] == [], f"readyz without --db/--lists: {b}")
        rel = "examples/h200-us-to-china-2026.yaml"
        r = post(srv, "/v1/release", read(rel), "application/yaml")
        err("POST", "/v1/release", r, 503, "ledger_unavailable")
        for path in ("/v1/orders/SO-2001", "/v1/holds", "/v1/serials/SN-1"):
            err("GET", path, get(srv, path), 503, "ledger_unavailable")
        r = post(srv, "/v1/screen", b'{"names":["Banco Nacional de Cuba"]}')
        err("POST", "/v1/screen", r, 503, "lists_unavailable")
        # Decisions need neither.
        r = post(srv, "/v1/check", read(rel), "application/yaml")
        same_bytes(r.content, cli(["check", "--format", "json", "--rules", "rules", rel]),
                   "POST /v1/check without --db")


def t_anonymous_warning(srv):
    expect(re.search(r"anonymous", srv.stderr()), "serve without --tokens did not warn on stderr "
                                                  "that every request is anonymous")
    expect(srv.scheme == "http", f"listening on {srv.scheme}")


def t_screen_lists_changed_on_disk():
    """/v1/screen reads the list files again: if they are no longer the bytes the engine loaded,
    it answers 503 rather than screen against other lists than decisions name; a reload fixes
    it."""
    import shutil
    d = os.path.join(TMP, "lists-changed")
    os.makedirs(d, exist_ok=True)
    for name in ("sdn.csv", "alt.csv", "add.csv"):  # the SDN list and its companion files
        shutil.copy(os.path.join(ROOT, "tests/data/lists/sdn-mini", name), d)
    sdn = os.path.join(d, "sdn.csv")
    with Server(EXE, ["--rules", "rules", "--lists", sdn]) as srv:
        with open(sdn, "rb") as f:
            text = f.read()
        expect(b"OCEAN SHIPPING THREE" in text, "the sample SDN list changed: fix this test")
        with open(sdn, "wb") as f:  # an entry renamed after the server loaded the file
            f.write(text.replace(b"OCEAN SHIPPING THREE", b"OCEAN SHIPPING FOUR"))
        body = json.dumps({"names": ["Alpha Exports Ltd."]}).encode()
        r = requests.post(srv.url + "/v1/screen", data=body, timeout=30,
                          headers={"Content-Type": "application/json"})
        error_body(r, 503, "lists_unavailable")
        r = requests.post(srv.url + "/v1/admin/reload", timeout=30)
        expect(r.status_code == 200, f"reload: {r.status_code} {r.text[:200]!r}")
        r = requests.post(srv.url + "/v1/screen", data=body, timeout=30,
                          headers={"Content-Type": "application/json"})
        expect(r.status_code == 200, f"/v1/screen after the reload: {r.status_code} {r.text[:200]!r}")


def main():
    checks = Checks("serve.http")
    url = fresh_db("served")
    tmp_rules = os.path.join(TMP, "rules")
    shutil.copytree(os.path.join(ROOT, "rules"), tmp_rules)
    try:
        with Server(EXE, ENGINE + ["--db", url]) as srv:
            checks.run("healthz", t_healthz, srv)
            checks.run("readyz", t_readyz, srv)
            checks.run("anonymous mode says so", t_anonymous_warning, srv)
            checks.run("check: every example, YAML body = exportctl check", t_check_examples, srv)
            checks.run("check: every example, JSON body = exportctl check", t_check_json_bodies, srv)
            checks.run("check: as_of, bad as_of 400", t_check_as_of, srv)
            checks.run("check: bad shipments 422 with <request> diagnostics",
                       t_check_bad_shipment, srv)
            checks.run("415 for form, multipart, text/plain", t_unsupported_media, srv)
            checks.run("404 unknown paths", t_not_found, srv)
            checks.run("405 with Allow", t_method_not_allowed, srv)
            checks.run("batch = exportctl batch", t_batch_good, srv)
            checks.run("batch: bad lines get their error records", t_batch_bad_lines, srv)
            checks.run("screen = exportctl screen", t_screen, srv)
            checks.run("release, replay, commit, cancel (= exportctl release)",
                       t_release_flow, srv, url)
            checks.run("orders and journals (= ledger show / journal)",
                       t_orders_and_journal, srv, url)
            checks.run("serials (= ledger serial)", t_serials, srv, url)
            checks.run("holds and resolve", t_holds_and_resolve, srv, url)
            checks.run("metrics", t_metrics, srv)
            checks.run("reload: POST /v1/admin/reload and SIGHUP", t_reload, srv)
        checks.run("reload of a broken pack: 422, old packs stay", t_reload_failed, tmp_rules)
        checks.run("without --db and --lists: 503s", t_no_ledger_no_lists)
        checks.run("screen: list files changed on disk: 503 until reloaded",
                   t_screen_lists_changed_on_disk)
    except Failure as e:  # a server that did not start or stop cleanly
        checks.failed.append("server")
        print(f"FAIL server: {e}", flush=True)
    print(f"{api.checked} responses validated against docs/openapi.yaml")
    if not checks.failed:
        shutil.rmtree(TMP, ignore_errors=True)
    checks.finish()


if __name__ == "__main__":
    main()
