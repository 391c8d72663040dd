#!/usr/bin/python3
"""auth_limits_test.py EXPORTCTL: authentication and the limits of `exportctl serve`
(docs/service.md, "Authentication", "Limits and timeouts").

Tokens stored as SHA-256, bad tokens files refused at startup (exit 2, file:line:column), 401 /
403 / 200 by scope, the token's name in the journal, the cookie's CSRF header, no public listen
without tokens; body, header, slow-client, idle-connection, streamed-body and batch-line limits
(raw sockets where `requests` would not send what a hostile client sends); SIGTERM while a
request is under way. Tests fail, never skip."""
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import (ROOT, Api, Checks, Failure, Server, closed_by_peer, connect,  # noqa: E402
                        error_body, expect, no_server_detail, read_response, run_cli)

EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: auth_limits_test.py EXPORTCTL")
TMP = tempfile.mkdtemp(prefix="exportctl-auth-test-")
SECRETS = [ROOT, TMP]
ENGINE = ["--rules", "rules"]
api = Api()
TOKENS = {"checker": ("tok-check-6f1d2a", ["check"]),
          "erp": ("tok-erp-93b7c4", ["release", "review"]),
          "ops": ("tok-admin-0e55f8", ["admin"])}
SHIPMENT = open(os.path.join(ROOT, "examples", "h200-us-to-china-2026.yaml"), "rb").read()
IDLE = 1000  # the hostile-client figure: a thousand idle keep-alive connections
SMALL = open(os.path.join(ROOT, "examples", "rtx4090d-to-germany.yaml"), "rb").read()


def sha(t):
    return hashlib.sha256(t.encode()).hexdigest()


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def tokens_file():
    lines = [f"- {{name: {n}, sha256: {sha(t)}, scopes: [{', '.join(s)}]}}"
             for n, (t, s) in TOKENS.items()]
    return write("tokens.yaml", "# three tokens, stored as SHA-256\n" + "\n".join(lines) + "\n")


def auth(name):
    return {"Authorization": "Bearer " + TOKENS[name][0]}


def call(srv, method, path, who=None, body=None, ctype="application/yaml", headers=None):
    h = dict(auth(who) if who else {}, **(headers or {}))
    if body is not None:
        h["Content-Type"] = ctype
    return requests.request(method, srv.url + path, data=body, headers=h, timeout=60)


def failed(method, path, r, status, code=None):
    body = error_body(r, status, code)
    api.validate(method, path, r)
    no_server_detail(r.text, SECRETS)
    return body


def run_serve_expect_exit(args, code, pattern, what):
    """`serve ARGS` must refuse to start: exit `code`, stderr matching `pattern`, nothing on
    stdout (no `listening` line)."""
    try:
        r = subprocess.run([EXE, "serve"] + args, cwd=ROOT, capture_output=True, timeout=30,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise Failure(f"{what}: serve {' '.join(args)} did not exit within 30 s (it should refuse "
                      "to start)")
    err = r.stderr.decode("utf-8", "replace")
    expect(r.returncode == code, f"{what}: exit {r.returncode}, wanted {code}; stderr {err[-600:]!r}")
    expect(re.search(pattern, err), f"{what}: stderr does not match /{pattern}/: {err[-600:]!r}")
    expect(b"listening" not in r.stdout, f"{what}: it said it was listening: {r.stdout!r}")


# --- tokens ---------------------------------------------------------------------------------

def t_bad_tokens_files():
    good = sha("x")
    for name, text, code, where in (
            ("unknown-scope", f"- {{name: a, sha256: {good}, scopes: [check, sudo]}}\n",
             "EXC-E9307", r"unknown-scope\.yaml:1:\d+"),
            ("bad-hex", "- {name: a, sha256: " + "G" * 64 + ", scopes: [check]}\n",
             "EXC-E9306", r"bad-hex\.yaml:1:\d+"),
            ("short-hex", "- {name: a, sha256: abc123, scopes: [check]}\n",
             "EXC-E9306", r"short-hex\.yaml:1:\d+"),
            ("duplicate-name", f"- {{name: a, sha256: {good}, scopes: [check]}}\n"
                               f"- {{name: a, sha256: {sha('y')}, scopes: [check]}}\n",
             "EXC-E9305", r"duplicate-name\.yaml:2:\d+"),
            ("duplicate-hash", f"- {{name: a, sha256: {good}, scopes: [check]}}\n"
                               f"- {{name: b, sha256: {good}, scopes: [check]}}\n",
             "EXC-E9305", r"duplicate-hash\.yaml:2:\d+"),
            ("unknown-key", f"- {{name: a, sha256: {good}, scopes: [check], token: x}}\n",
             "EXC-E9304", r"unknown-key\.yaml:1:\d+"),
            ("not-a-list", "name: a\n", "EXC-E9304", r"not-a-list\.yaml:1:\d+")):
        path = write(name + ".yaml", text)
        run_serve_expect_exit(ENGINE + ["--tokens", path], 2, where + r".*" + code,
                              f"tokens file {name}")
    run_serve_expect_exit(ENGINE + ["--tokens", os.path.join(TMP, "no-such.yaml")], 2,
                          r"no-such\.yaml", "a missing tokens file")


def t_public_listen_needs_tokens():
    run_serve_expect_exit(ENGINE + ["--listen", "0.0.0.0:0"], 2, r"--tokens",
                          "--listen 0.0.0.0:0 without --tokens")


def t_unauthenticated(srv):
    for headers in ({}, {"Authorization": "Bearer wrong-token"},
                    {"Authorization": "Bearer " + TOKENS["checker"][0] + "x"},
                    {"Authorization": "Basic " + TOKENS["checker"][0]},
                    {"Cookie": "exportctl_token=wrong"}):
        r = call(srv, "POST", "/v1/check", body=SMALL, headers=headers)
        failed("POST", "/v1/check", r, 401, "unauthorized")
        expect(r.headers.get("WWW-Authenticate") == 'Bearer realm="exportctl"',
               f"401 with {headers}: WWW-Authenticate {r.headers.get('WWW-Authenticate')!r}")
    for method, path in (("POST", "/v1/release"), ("GET", "/v1/holds"),
                         ("POST", "/v1/admin/reload"), ("GET", "/v1/orders/SO-2001")):
        r = call(srv, method, path, body=SHIPMENT if method == "POST" else None)
        failed(method, path, r, 401, "unauthorized")
    # Unscoped routes need no token.
    for path in ("/healthz", "/readyz", "/metrics"):
        r = call(srv, "GET", path)
        expect(r.status_code == 200, f"GET {path} without a token: {r.status_code}")
        api.validate("GET", path, r)


def t_scopes(srv):
    for who, method, path, body in (("erp", "POST", "/v1/check", SMALL),
                                    ("ops", "POST", "/v1/check", SMALL),
                                    ("checker", "POST", "/v1/release", SHIPMENT),
                                    ("checker", "GET", "/v1/holds", None),
                                    ("checker", "POST", "/v1/admin/reload", None),
                                    ("erp", "POST", "/v1/admin/reload", None),
                                    ("ops", "POST", "/v1/orders/SO-2001/commit", None),
                                    ("checker", "POST", "/v1/orders/SO-2001/resolve",
                                     b'{"reason":"x"}')):
        r = call(srv, method, path, who, body,
                 "application/json" if path.endswith("resolve") else "application/yaml")
        failed(method, path, r, 403, "forbidden")
    want = run_cli(EXE, ["check", "--format", "json"] + ENGINE +
                   ["examples/rtx4090d-to-germany.yaml"])[1]
    r = call(srv, "POST", "/v1/check", "checker", SMALL)
    expect(r.status_code == 200 and r.content == want, f"checker /v1/check: {r.status_code} "
                                                       f"{r.text[:200]!r}")
    api.validate("POST", "/v1/check", r)
    r = call(srv, "POST", "/v1/screen", "checker", b'{"names":["x"]}', "application/json")
    expect(r.status_code in (200, 503), f"checker /v1/screen: {r.status_code}")  # no --lists: 503
    r = call(srv, "POST", "/v1/admin/reload", "ops")
    expect(r.status_code == 200, f"ops reload: {r.status_code} {r.text[:200]!r}")
    api.validate("POST", "/v1/admin/reload", r)


def t_principal_in_journal(srv):
    r = call(srv, "POST", "/v1/release?order_id=SO-AUTH", "erp", SHIPMENT)
    expect(r.status_code == 200, f"erp release: {r.status_code} {r.text[:300]!r}")
    b = api.validate("POST", "/v1/release", r)
    expect(b["release"]["state"] == "released", f"SO-AUTH: {b['release']}")
    r = call(srv, "GET", "/v1/orders/SO-AUTH/journal", "erp")
    expect(r.status_code == 200, f"journal: {r.status_code}")
    j = api.validate("GET", "/v1/orders/SO-AUTH/journal", r)["journal"]
    expect([x["principal"] for x in j] == ["erp"], f"journal principals {[x['principal'] for x in j]}")
    r = call(srv, "GET", "/v1/holds", "erp")
    expect(r.status_code == 200, f"erp /v1/holds: {r.status_code}")
    api.validate("GET", "/v1/holds", r)


def t_cookie_csrf(srv):
    cookie = {"Cookie": "exportctl_token=" + TOKENS["erp"][0]}
    # A GET with the cookie is fine (the page reads the holds so).
    r = call(srv, "GET", "/v1/holds", headers=cookie)
    expect(r.status_code == 200, f"cookie GET /v1/holds: {r.status_code} {r.text[:200]!r}")
    # A cookie-authenticated POST without X-Exportctl-Page: a cross-site form could send it.
    path = "/v1/release?order_id=SO-CSRF"
    r = call(srv, "POST", path, body=SHIPMENT, headers=cookie)
    failed("POST", path, r, 403)
    r = call(srv, "GET", "/v1/orders/SO-CSRF", "erp")
    expect(r.status_code == 404, f"the refused cookie POST released SO-CSRF: {r.status_code}")
    r = call(srv, "POST", path, body=SHIPMENT, headers=dict(cookie, **{"X-Exportctl-Page": "1"}))
    expect(r.status_code == 200, f"cookie POST with X-Exportctl-Page: 1: {r.status_code} "
                                 f"{r.text[:200]!r}")
    api.validate("POST", path, r)


# --- limits -----------------------------------------------------------------------------------

def t_max_body(srv):
    body = SMALL + b"\n# " + b"x" * 5000 + b"\n"
    r = call(srv, "POST", "/v1/check", "checker", body)
    failed("POST", "/v1/check", r, 413, "payload_too_large")
    r = call(srv, "POST", "/v1/check", "checker", SMALL)
    expect(r.status_code == 200, f"a small body after a 413: {r.status_code}")


def t_header_too_large(srv):
    s = connect(srv.port)
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (32 * 1024) + b"\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # it may stop reading once past 16 KiB; the answer is still owed
    r = read_response(s, 10)
    s.close()
    expect(r.status == 431, f"a 32 KiB header: status {r.status}, wanted 431")
    body = r.json()
    expect(body["error"]["status"] == 431, f"431 body {body}")
    api.validate_schema("Error", body, "431")
    expect(requests.get(srv.url + "/healthz", timeout=10).status_code == 200,
           "not healthy after the 431")


def t_slowloris(srv):
    s = connect(srv.port)
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    t0 = time.monotonic()
    closed_at = None
    prompt = []

    def other_client():
        time.sleep(0.5)
        for _ in range(3):
            t = time.monotonic()
            ok = requests.get(srv.url + "/healthz", timeout=5).status_code == 200
            prompt.append((ok, time.monotonic() - t))
            time.sleep(0.3)

    th = threading.Thread(target=other_client)
    th.start()
    for i in range(len(head)):  # one byte a second, never the end of the head
        try:
            s.sendall(head[i:i + 1])
        except (BrokenPipeError, ConnectionResetError):
            closed_at = time.monotonic() - t0
            break
        if closed_by_peer(s, 1.0):
            closed_at = time.monotonic() - t0
            break
        if time.monotonic() - t0 > 10:
            break
    s.close()
    th.join()
    expect(closed_at is not None, "a client sending one header byte a second was not "
                                  "disconnected within 10 s (--header-timeout 2)")
    expect(1.5 <= closed_at <= 6, f"the slow client was disconnected after {closed_at:.1f} s "
                                  "(--header-timeout 2)")
    expect(prompt and all(ok and dt < 1.0 for ok, dt in prompt),
           f"another client's /healthz while the slow one dripped: {prompt}")


def t_idle_connections(srv):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = IDLE + 100  # this client's own descriptors (the server raises its own limit)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE,
                           (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))
    socks = []
    try:
        for _ in range(IDLE):
            s = connect(srv.port)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            r = read_response(s, 10)
            expect(r.status == 200, f"an idle-to-be connection's /healthz: {r.status}")
            socks.append(s)  # kept open, idle (keep-alive)
        t = time.monotonic()
        r = call(srv, "POST", "/v1/check", "checker", SMALL)
        dt = time.monotonic() - t
        expect(r.status_code == 200 and dt < 5,
               f"/v1/check with {IDLE} idle connections open: {r.status_code} in {dt:.2f} s")
        # The idle connections are still served.
        socks[0].sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        expect(read_response(socks[0], 10).status == 200, "an idle connection was not served")
    finally:
        for s in socks:
            s.close()


def stream_body(port, head, total, chunked):
    """Sends `head` then up to `total` body bytes as fast as the server reads them; returns
    (bytes sent, the response or None, seconds)."""
    import select
    s = connect(port, timeout=30)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)
    s.sendall(head)
    block = b"x" * 65536
    frame = (b"%x\r\n" % len(block)) + block + b"\r\n" if chunked else block
    sent, t0, resp = 0, time.monotonic(), None
    pending = memoryview(frame)  # what is left of the frame being sent (a send may be partial)
    s.setblocking(False)
    try:
        while sent < total and time.monotonic() - t0 < 60:
            r, w, _ = select.select([s], [s], [], 1.0)
            if r:
                break  # an answer (or EOF) before the body ended
            if w:
                try:
                    n = s.send(pending)
                except BlockingIOError:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    break
                sent += n
                pending = pending[n:] if n < len(pending) else memoryview(frame)
        s.setblocking(True)
        try:
            resp = read_response(s, 10)
        except (Failure, ConnectionResetError):
            resp = None
    finally:
        s.close()
    return sent, resp, time.monotonic() - t0


def t_huge_body_refused_early(srv):
    total = 1024 * 1024 * 1024  # a 1 GiB body: refused before much of it is sent
    tok = TOKENS["checker"][0].encode()
    for chunked in (False, True):
        head = (b"POST /v1/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tok +
                b"\r\nContent-Type: application/json\r\n" +
                (b"Transfer-Encoding: chunked\r\n" if chunked else
                 b"Content-Length: %d\r\n" % total) + b"\r\n")
        sent, resp, dt = stream_body(srv.port, head, total, chunked)
        what = "chunked" if chunked else "Content-Length"
        expect(resp is not None and resp.status == 413,
               f"a 1 GiB {what} body (--max-body 1 MiB): {resp.status if resp else 'no answer'}")
        expect(sent < 16 * 1024 * 1024, f"a 1 GiB {what} body: the server read {sent} bytes "
                                        "before refusing it (wanted an early 413)")
        api.validate_schema("Error", resp.json(), "413")
    expect(requests.get(srv.url + "/healthz", timeout=10).status_code == 200,
           "not healthy after the huge bodies")


def t_batch_max_line(srv):
    good = json.loads(open(os.path.join(ROOT, "tests/cli/data/batch-good.jsonl")).readline())
    long = dict(good, id="SO-LONG")
    long["items"] = [dict(long["items"][0], description="d" * 8000)]
    body = (json.dumps(good) + "\n" + json.dumps(long) + "\n" + json.dumps(good) + "\n").encode()
    r = call(srv, "POST", "/v1/batch", "checker", body, "application/x-ndjson")
    expect(r.status_code == 200, f"batch with a long line: {r.status_code} {r.text[:300]!r}")
    lines = api.validate("POST", "/v1/batch", r)
    expect(len(lines) == 4, f"{len(lines)} records for 3 lines and the summary")
    expect("error" not in lines[0] and lines[0]["line"] == 1, f"line 1: {str(lines[0])[:200]}")
    expect("error" in lines[1] and lines[1]["line"] == 2,
           f"the 8 KB line (--max-line 4096) got no error record: {str(lines[1])[:300]}")
    expect("error" not in lines[2] and lines[2]["line"] == 3, f"line 3: {str(lines[2])[:200]}")
    expect(lines[3].get("summary", {}).get("records") == 3, f"summary {lines[3]}")
    no_server_detail(r.text, [TMP])


def t_batch_client_gone(srv):
    """Records go from the batch pipeline to the socket in memory, at most two chunks ahead of
    it: a client that reads a little and hangs up, or stops reading, must stop its own batch,
    and only its own: others are answered meanwhile, and the next batch is whole."""
    tasks = f"/proc/{srv.proc.pid}/task"
    threads_before = len(os.listdir(tasks))
    line = open(os.path.join(ROOT, "tests/cli/data/batch-good.jsonl"), "rb").readline()
    n = 20000  # about 80 MB of records: far more than the socket and the pipeline hold
    body = line * n
    head = (b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
            TOKENS["checker"][0].encode() + b"\r\nContent-Type: application/x-ndjson\r\n" +
            b"Content-Length: %d\r\n\r\n" % len(body))

    def send_all(s):
        try:
            s.sendall(head + body)
        except OSError:  # reset, timed out, or closed under it by the test
            pass

    # Reads 64 KiB of the records, then hangs up.
    s = connect(srv.port, timeout=30)
    sender = threading.Thread(target=send_all, args=(s,))
    sender.start()
    got = b""
    while len(got) < 65536:
        piece = s.recv(65536)
        if not piece:
            break
        got += piece
    expect(got.startswith(b"HTTP/1.1 200"), f"a batch's first bytes: {got[:100]!r}")
    s.close()
    sender.join(30)
    # Sends the whole body and never reads: back-pressure stops its batch; others go on.
    stalled = connect(srv.port, timeout=5)
    staller = threading.Thread(target=send_all, args=(stalled,))
    staller.start()
    time.sleep(1.0)
    for path in ("/healthz", "/readyz"):
        t = time.monotonic()
        r = requests.get(srv.url + path, timeout=5)
        dt = time.monotonic() - t
        expect(r.status_code == 200 and dt < 1.0,
               f"{path} while a batch client does not read: {r.status_code} in {dt:.2f} s")
    r = call(srv, "POST", "/v1/check", "checker", SMALL)
    expect(r.status_code == 200, f"/v1/check while a batch client does not read: {r.status_code}")
    stalled.close()
    staller.join(30)
    # A whole batch afterwards: every record and the summary.
    r = call(srv, "POST", "/v1/batch", "checker", line * 500, "application/x-ndjson")
    expect(r.status_code == 200, f"a batch after the clients went away: {r.status_code}")
    records = [json.loads(x) for x in r.text.splitlines()]
    expect(len(records) == 501 and records[-1].get("summary", {}).get("records") == 500,
           f"a batch after the clients went away: {len(records)} records, last "
           f"{str(records[-1])[:200]}")
    # Each batch runs its pipeline on threads of its own: they must all have ended.
    deadline = time.monotonic() + 10
    while len(os.listdir(tasks)) > threads_before and time.monotonic() < deadline:
        time.sleep(0.1)
    expect(len(os.listdir(tasks)) <= threads_before,
           f"{len(os.listdir(tasks))} server threads 10 s after the batches, "
           f"{threads_before} before: a batch's pipeline did not end")


def t_sigterm_drains():
    with_log = Server(EXE, ENGINE)
    try:
        want = run_cli(EXE, ["check", "--format", "json"] + ENGINE +
                       ["examples/rtx4090d-to-germany.yaml"])[1]
        s = connect(with_log.port, timeout=30)
        s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(SMALL) + SMALL[:len(SMALL) // 2])
        time.sleep(1.0)
        with_log.proc.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        expect(with_log.proc.poll() is None, "serve exited during a request under way")
        s.sendall(SMALL[len(SMALL) // 2:])
        r = read_response(s, 20)
        s.close()
        expect(r.status == 200 and r.body == want,
               f"the request under way at SIGTERM: {r.status} {r.body[:200]!r}")
        try:
            rc = with_log.proc.wait(30)
        except subprocess.TimeoutExpired:
            raise Failure("serve did not exit within 30 s of SIGTERM after draining")
        expect(rc == 0, f"serve exited {rc} after SIGTERM: {with_log.stderr()[-2000:]}")
    finally:
        with_log.kill()


def openssl(*args):
    r = subprocess.run(["openssl"] + list(args), capture_output=True, text=True)
    expect(r.returncode == 0, f"openssl {' '.join(args)}: exit {r.returncode}: {r.stderr}")


def t_tls():
    """--tls-cert/--tls-key: HTTPS with the decision's bytes; plain HTTP on that port gets no
    answer in clear; a key that is not the certificate's stops the start (EXC-E9308)."""
    cert, key, other = (os.path.join(TMP, n) for n in ("cert.pem", "key.pem", "other-key.pem"))
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
            "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", other)
    want = run_cli(EXE, ["check", "--format", "json"] + ENGINE +
                   ["examples/rtx4090d-to-germany.yaml"])[1]
    with Server(EXE, ENGINE + ["--tls-cert", cert, "--tls-key", key]) as srv:
        expect(srv.scheme == "https", f"the listening line says {srv.scheme}, not https")
        with requests.Session() as http:
            for _ in range(3):  # one kept-alive TLS connection
                r = http.post(srv.url + "/v1/check", data=SMALL, verify=cert, timeout=10,
                              headers={"Content-Type": "application/yaml"})
                expect(r.status_code == 200 and r.content == want,
                       f"POST /v1/check over TLS: {r.status_code} {r.text[:200]!r}")
        s = connect(srv.port, timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            got = s.recv(200)
        except (ConnectionResetError, socket.timeout):
            got = b""
        s.close()
        expect(b"HTTP/1.1 200" not in got, f"plain HTTP on the TLS port was answered: {got!r}")
    run_serve_expect_exit(ENGINE + ["--tls-cert", cert, "--tls-key", other], 1, r"EXC-E9308",
                          "a key that is not the certificate's")
    run_serve_expect_exit(ENGINE + ["--tls-cert", cert], 2, r"EXC-E9308", "--tls-cert alone")


def main():
    checks = Checks("serve.auth_limits")
    checks.run("bad tokens files: exit 2 with file:line:column", t_bad_tokens_files)
    checks.run("public --listen without --tokens: exit 2", t_public_listen_needs_tokens)
    db = "sqlite:" + os.path.join(TMP, "ledger.sqlite")
    try:
        for args in (["ledger", "init", "--db", db],
                     ["ledger", "license", "add", "--db", db, "examples/licenses/d1234567.yaml"]):
            rc, _, e = run_cli(EXE, args)
            expect(rc == 0, f"exportctl {' '.join(args)}: exit {rc}: {e}")
        with Server(EXE, ENGINE + ["--tokens", tokens_file(), "--db", db, "--max-body", "4096",
                                   "--header-timeout", "2", "--max-line", "4096"]) as srv:
            checks.run("401 with WWW-Authenticate", t_unauthenticated, srv)
            checks.run("403 out of scope, 200 in scope", t_scopes, srv)
            checks.run("the journal names the token", t_principal_in_journal, srv)
            checks.run("cookie POST needs X-Exportctl-Page", t_cookie_csrf, srv)
            checks.run("413 past --max-body", t_max_body, srv)
            checks.run("431 for a 32 KiB header", t_header_too_large, srv)
            checks.run("slowloris disconnected after --header-timeout", t_slowloris, srv)
            checks.run(f"{IDLE} idle connections, /v1/check still answers", t_idle_connections,
                       srv)
            checks.run("batch line over --max-line gets its error record", t_batch_max_line, srv)
            checks.run("batch clients that hang up or stop reading stop only their batch",
                       t_batch_client_gone, srv)
        with Server(EXE, ENGINE + ["--tokens", tokens_file(), "--max-body", "1048576"]) as srv:
            checks.run("1 GiB streamed body refused early", t_huge_body_refused_early, srv)
    except Failure as e:
        checks.failed.append("server")
        print(f"FAIL server: {e}", flush=True)
    checks.run("SIGTERM during a request: it completes, exit 0", t_sigterm_drains)
    checks.run("TLS: HTTPS with --tls-cert/--tls-key", t_tls)
    checks.finish()


if __name__ == "__main__":
    main()
