"""serve_util.py: what the `exportctl serve` tests share (docs/service.md): a server process
started on a free port and stopped with SIGTERM, the CLI run beside it for byte comparisons, the
response schemas of docs/openapi.yaml, and a small runner of named checks that runs them all and
exits 1 if any failed. Standard library plus Debian's python3-requests, -jsonschema and -yaml.

Tests fail, never skip: a server that does not start is a failure, with its stderr printed."""
import copy
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import jsonschema
import requests
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LISTENING = re.compile(r"^exportctl serve: listening on (https?)://127\.0\.0\.1:(\d+)\s*$")


class Failure(Exception):
    """A check that did not hold; its message says what was expected and what came."""


def expect(cond, message):
    if not cond:
        raise Failure(message)


class Server:
    """`exportctl serve --listen 127.0.0.1:0 ARGS...`; `url` once it said where it listens.

    Its stderr goes to a file (a pipe nobody reads would block it once full) and is printed
    when anything fails. Use as a context manager: leaving the block stops it and checks exit 0.
    """

    def __init__(self, exe, args=(), env=None, start_timeout=30, listen="127.0.0.1:0"):
        self.exe = exe
        self.args = list(args)
        self.log = tempfile.NamedTemporaryFile(prefix="exportctl-serve-", suffix=".log",
                                               delete=False)
        cmd = [exe, "serve", "--listen", listen] + self.args
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self.log,
                                     env=dict(os.environ, **(env or {})))
        self.url = None
        self._line = None
        self._got_line = threading.Event()
        self.stdout_rest = []
        # A reader thread, so a server that never prints (or prints garbage) cannot hang us.
        threading.Thread(target=self._read_stdout, daemon=True).start()
        if not self._got_line.wait(start_timeout):
            self._fail_start(f"no `listening on` line on stdout within {start_timeout} s")
        m = LISTENING.match(self._line or "")
        if not m:
            self._fail_start(f"first stdout line is {self._line!r}, not "
                             "`exportctl serve: listening on http://127.0.0.1:PORT`")
        self.scheme, self.port = m.group(1), int(m.group(2))
        self.url = f"{self.scheme}://127.0.0.1:{self.port}"

    def _read_stdout(self):
        first = self.proc.stdout.readline()
        self._line = first.decode("utf-8", "replace") if first else None
        self._got_line.set()
        for line in self.proc.stdout:  # the spec promises one line; anything more is kept
            self.stdout_rest.append(line)

    def stderr(self):
        self.log.flush()
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def _fail_start(self, why):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        raise Failure(f"exportctl serve {' '.join(self.args)}: {why} (exit "
                      f"{self.proc.returncode}); its stderr:\n{self.stderr()[-4000:]}")

    def stop(self, timeout=30):
        """SIGTERM, then the process must exit 0 within `timeout` (it drains first)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise Failure(f"serve did not exit within {timeout} s of SIGTERM; stderr:\n"
                              f"{self.stderr()[-4000:]}")
        rc = self.proc.returncode
        if rc != 0:
            raise Failure(f"serve exited {rc} after SIGTERM (wanted 0); stderr:\n"
                          f"{self.stderr()[-4000:]}")
        if self.stdout_rest:
            raise Failure(f"serve printed more than its one line to stdout: {self.stdout_rest[:3]}")
        os.unlink(self.log.name)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is None:
            self.stop()
        else:
            self.kill()
            print(f"--- serve stderr ({self.log.name}) ---\n{self.stderr()[-4000:]}",
                  file=sys.stderr)
        return False


def run_cli(exe, args, stdin=None, env=None):
    """The CLI's (exit code, stdout bytes, stderr text), run from the repository root."""
    r = subprocess.run([exe] + list(args), cwd=ROOT, input=stdin, capture_output=True,
                       env=dict(os.environ, **(env or {})))
    return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")


# --- docs/openapi.yaml ----------------------------------------------------------------------

def _to_json_schema(node, schemas, seen=()):
    """An OpenAPI 3.0 schema as plain JSON Schema: $refs into components/schemas inlined
    (jsonschema's own resolver would need the refs relative to a document it knows), and
    `nullable: true` turned into a type that also admits null."""
    if isinstance(node, list):
        return [_to_json_schema(n, schemas, seen) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        prefix = "#/components/schemas/"
        if not ref.startswith(prefix) or ref[len(prefix):] not in schemas:
            raise Failure(f"docs/openapi.yaml: unresolved $ref {ref}")
        name = ref[len(prefix):]
        if name in seen:
            raise Failure(f"docs/openapi.yaml: $ref cycle through {name}")
        return _to_json_schema(schemas[name], schemas, seen + (name,))
    out = {k: _to_json_schema(v, schemas, seen) for k, v in node.items()
           if k not in ("nullable", "example", "examples", "description", "deprecated")}
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = list(out["enum"]) + [None]
        for key in ("oneOf", "anyOf", "allOf"):
            if key in out:
                out = {"anyOf": [{"type": "null"}, out]}
                break
    return out


class Api:
    """docs/openapi.yaml: validates a response against the schema of its path, method, status
    and media type. A response the document does not describe is a failure too."""

    def __init__(self, path=os.path.join(ROOT, "docs", "openapi.yaml")):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        expect(str(self.doc.get("openapi", "")).startswith("3.0"), "openapi.yaml is not 3.0")
        self.schemas = self.doc.get("components", {}).get("schemas", {})
        self.responses = self.doc.get("components", {}).get("responses", {})
        # Path templates as regexes: /v1/orders/{id} matches one segment for {id}.
        self.paths = [(re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(p)) + "$"), p)
                      for p in self.doc["paths"]]
        self.checked = 0

    def operation(self, method, path):
        for rx, template in self.paths:
            if rx.match(path):
                op = self.doc["paths"][template].get(method.lower())
                expect(op is not None, f"openapi.yaml: {template} has no {method}")
                return template, op
        raise Failure(f"openapi.yaml: no path matches {path}")

    def schema_for(self, method, path, status, media):
        template, op = self.operation(method, path)
        responses = op.get("responses", {})
        resp = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or \
            responses.get("default")
        expect(resp is not None,
               f"openapi.yaml: {method} {template} documents no {status} response")
        if "$ref" in resp:
            resp = self.responses[resp["$ref"].rsplit("/", 1)[-1]]
        content = resp.get("content", {})
        expect(media in content, f"openapi.yaml: {method} {template} {status} has no {media} "
                                 f"(has {sorted(content)})")
        return _to_json_schema(content[media].get("schema", {}), self.schemas)

    def validate(self, method, path, r):
        """`r`: a requests.Response. JSON bodies are validated whole, NDJSON line by line (the
        document gives the schema of one line). Returns the parsed body (a list for NDJSON)."""
        media = r.headers.get("Content-Type", "").split(";")[0].strip()
        schema = self.schema_for(method, path.split("?")[0], r.status_code, media)
        if media == "application/json":
            docs = [r.json()]
        elif media == "application/x-ndjson":
            docs = [__import__("json").loads(line) for line in r.text.splitlines() if line]
        else:
            return r.text  # text/plain, text/html: the schema is a string
        for d in docs:
            try:
                jsonschema.Draft7Validator(schema).validate(d)
            except jsonschema.ValidationError as e:
                raise Failure(f"{method} {path} {r.status_code}: body does not match "
                              f"docs/openapi.yaml: {e.message} at {list(e.absolute_path)}; "
                              f"body {r.text[:400]!r}")
        self.checked += 1
        return docs[0] if media == "application/json" else docs

    def validate_schema(self, name, doc, what=""):
        """`doc` against components/schemas/NAME: for answers no path describes (404 for an
        unknown path, 405 for a method the path has not, 431 from the framing layer)."""
        schema = _to_json_schema({"$ref": "#/components/schemas/" + name}, self.schemas)
        try:
            jsonschema.Draft7Validator(schema).validate(doc)
        except jsonschema.ValidationError as e:
            raise Failure(f"{what}: does not match docs/openapi.yaml {name}: {e.message} at "
                          f"{list(e.absolute_path)}; doc {str(doc)[:400]!r}")
        self.checked += 1
        return doc


# --- a runner of named checks -----------------------------------------------------------------

class Checks:
    """Runs each check once, prints `ok NAME` or `FAIL NAME: why`, and exits 1 at the end if
    any failed (all are run, so one broken endpoint does not hide the others)."""

    def __init__(self, title):
        self.title = title
        self.failed = []
        self.passed = 0

    def run(self, name, fn, *args):
        t0 = time.monotonic()
        try:
            fn(*args)
        except Failure as e:
            self.failed.append(name)
            print(f"FAIL {name}: {e}", flush=True)
            return False
        except (requests.RequestException, OSError, ValueError, KeyError, TypeError) as e:
            self.failed.append(name)
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc()
            return False
        self.passed += 1
        print(f"ok   {name} ({time.monotonic() - t0:.2f} s)", flush=True)
        return True

    def finish(self):
        print(f"{self.title}: {self.passed} passed, {len(self.failed)} failed"
              + (f": {', '.join(self.failed)}" if self.failed else ""))
        sys.exit(1 if self.failed else 0)


def error_body(r, status, code=None):
    """The service's one error body (docs/service.md, "Errors"), with the expected status."""
    expect(r.status_code == status, f"status {r.status_code}, wanted {status}: {r.text[:300]!r}")
    expect(r.headers.get("Content-Type", "").startswith("application/json"),
           f"{status} Content-Type is {r.headers.get('Content-Type')!r}")
    body = r.json()
    expect(body["error"]["status"] == status, f"error.status {body['error']['status']} != {status}")
    if code:
        expect(body["error"]["code"] == code, f"error.code {body['error']['code']!r} != {code!r}")
    return body


def no_server_detail(text, secrets):
    """Error bodies name no path of the server's filesystem and carry no stack trace."""
    for s in secrets:
        expect(s not in text, f"an error body names the server path {s!r}: {text[:300]!r}")
    for marker in ("Traceback", "terminate called", "std::", "what():", ".cpp:", "#0 "):
        expect(marker not in text, f"an error body looks like a stack trace ({marker!r}): "
                                   f"{text[:300]!r}")


# --- raw HTTP/1.1 over a socket (limits, slow clients, what `requests` cannot send) --------

class RawResponse:
    def __init__(self, status, reason, headers, body):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    def json(self):
        return __import__("json").loads(self.body.decode("utf-8"))


def connect(port, timeout=10):
    import socket
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_response(sock, timeout=10):
    """One HTTP/1.1 response from `sock` (Content-Length, chunked, or to EOF). Raises Failure
    when the server closes before a whole head arrived, or on timeout."""
    deadline = time.monotonic() + timeout
    buf = b""

    def more():
        nonlocal buf
        left = deadline - time.monotonic()
        if left <= 0:
            raise Failure(f"no whole response within {timeout} s (got {buf[:200]!r})")
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            raise Failure(f"no whole response within {timeout} s (got {buf[:200]!r})")
        except __import__("socket").timeout:
            raise Failure(f"no whole response within {timeout} s (got {buf[:200]!r})")
        if not chunk:
            return False
        buf += chunk
        return True

    while b"\r\n\r\n" not in buf:
        if not more():
            raise Failure(f"connection closed before a whole response head (got {buf[:200]!r})")
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    expect(len(parts) >= 2 and parts[0].startswith("HTTP/1."), f"bad status line {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    status = int(parts[1])
    if "content-length" in headers:
        n = int(headers["content-length"])
        while len(buf) < n:
            if not more():
                raise Failure(f"connection closed after {len(buf)} of {n} body bytes")
        body = buf[:n]
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        body = b""
        while True:
            while b"\r\n" not in buf:
                if not more():
                    raise Failure("connection closed inside a chunked body")
            size_line, buf = buf.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(buf) < size + 2:
                if not more():
                    raise Failure("connection closed inside a chunk")
            body += buf[:size]
            buf = buf[size + 2:]
            if size == 0:
                break
    else:
        while more():
            pass
        body = buf
    return RawResponse(status, parts[2] if len(parts) > 2 else "", headers, body)


def closed_by_peer(sock, timeout):
    """True when the server closes `sock` (EOF or reset) within `timeout` seconds; whatever it
    sends first (a 408, say) is read and dropped."""
    import select
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not r:
            continue
        try:
            if not sock.recv(65536):
                return True
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def deep_copy(x):
    return copy.deepcopy(x)
