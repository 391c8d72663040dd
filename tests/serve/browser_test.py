#!/usr/bin/python3
"""browser_test.py EXE: the review page of `exportctl serve` (docs/service.md) in a real browser.

Starts `EXE serve` on a new SQLite ledger, releases two shipments that hold
(examples/freight-forwarder-hold.yaml and examples/missing-die-area-hold.yaml) through
POST /v1/release, opens / in headless Chromium (Debian's chromium and chromedriver, through
Debian's python3-selenium), and works the page as a reviewer would, with the keyboard: both holds
are queued, opening one moves the focus to its heading and explains it (outcome, rules and
citations or missing facts, from the decision the API returns), a reason is typed and Resolve
pressed with Enter; the order then leaves the queue, its history shows a `resolve` record by
`anonymous` (no --tokens), and the other hold is still queued. The other hold asks for a die
area: the page offers an input labelled with the missing fact, a wrong value is refused on the
page, the figure typed is supplied with the review, and the order's next release is released
with the decision naming the reviewer's fact.

The element ids are those listed in src/cli/service_page_assets.hpp. Runs with /usr/bin/python3
(the one with python3-selenium). Fails, never skips: a browser that does not start is a failure
that says why."""
import os
import shutil
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import ROOT, Checks, Failure, Server, expect  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 20  # seconds for anything the page does after a request
# The two holds: order id -> example. Neither needs an official list (--lists): one holds on red
# flags (a freight forwarder as final destination), the other on a missing fact (die area).
HOLDS = {
    "SO-6001": "examples/freight-forwarder-hold.yaml",
    "SO-7001": "examples/missing-die-area-hold.yaml",
}
RESOLVED, KEPT = "SO-6001", "SO-7001"
EXPECTED_CHECKS = 10  # every check below, the server stopping included
REASON = "Checked with the forwarder: the end user is Example Research Ltd, Bengaluru."


def start_browser():
    """Headless Chromium, or a Failure that says why it did not start."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        raise Failure(f"selenium is not importable by {sys.executable} ({e}); install Debian's "
                      "python3-selenium and run this test with /usr/bin/python3")
    for f in (CHROMIUM, CHROMEDRIVER):
        expect(os.access(f, os.X_OK), f"{f} is missing or not executable (Debian's chromium "
                                      "and chromium-driver packages)")
    opts = Options()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-extensions", "--no-first-run", "--window-size=1280,1000"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    except Exception as e:  # WebDriverException, OSError: all mean the browser did not start
        raise Failure(f"headless Chromium did not start ({CHROMIUM} through {CHROMEDRIVER}): "
                      f"{type(e).__name__}: {e}")
    driver.set_page_load_timeout(WAIT)
    return driver


class Page:
    """The page in the browser, and the waits the checks need."""

    def __init__(self, driver, url):
        self.d = driver
        self.url = url

    def by_id(self, id_):
        return self.d.find_element("id", id_)

    def wait(self, what, fn, timeout=WAIT):
        """Polls fn() until it returns something true; a Failure naming `what` (and the
        page's alert) if it never does."""
        end = time.monotonic() + timeout
        last = None
        while time.monotonic() < end:
            try:
                v = fn()
                if v:
                    return v
            except Exception as e:  # an element replaced while read: try again
                last = e
            time.sleep(0.1)
        raise Failure(f"timed out after {timeout} s waiting for {what}; #status says "
                      f"{self.alert()!r}" + (f"; last error {last!r}" if last else ""))

    def alert(self):
        try:
            return self.by_id("status").text
        except Exception:
            return "<no #status>"

    def queued(self):
        """The order ids of the queue's open buttons, in order."""
        return [b.get_attribute("data-order-id") for b in
                self.d.find_elements("css selector", "#queue button[data-order-id]")]

    def open_button(self, order_id):
        for b in self.d.find_elements("css selector", "#queue button[data-order-id]"):
            if b.get_attribute("data-order-id") == order_id:
                return b
        raise Failure(f"no button for {order_id} in #queue (queued: {self.queued()})")

    def active_id(self):
        return self.d.switch_to.active_element.get_attribute("id")

    def press_enter_on(self, element):
        """Focuses `element` and presses Enter on whatever has the focus: the keyboard path."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        self.d.execute_script("arguments[0].focus();", element)
        expect(self.d.switch_to.active_element == element,
               f"focus did not move to {element.get_attribute('id') or element.text!r}")
        ActionChains(self.d).send_keys(Keys.ENTER).perform()


def release_holds(server):
    for order_id, example in HOLDS.items():
        with open(os.path.join(ROOT, example), "rb") as f:
            body = f.read()
        r = requests.post(server.url + "/v1/release", params={"order_id": order_id}, data=body,
                          headers={"Content-Type": "application/yaml"}, timeout=30)
        expect(r.status_code == 200, f"POST /v1/release {example}: status {r.status_code}, "
                                     f"body {r.text[:400]!r}")
        rel = r.json().get("release", {})
        expect(rel.get("order_id") == order_id and rel.get("state") == "held",
               f"{example} released as {rel!r}, wanted order {order_id} held")
    r = requests.get(server.url + "/v1/holds", timeout=30)
    expect(r.status_code == 200, f"GET /v1/holds: {r.status_code} {r.text[:300]!r}")
    got = [h["order_id"] for h in r.json()["holds"]]
    expect(sorted(got) == sorted(HOLDS), f"GET /v1/holds lists {got}, wanted {sorted(HOLDS)}")


def shell_headers(server):
    for path, ctype in (("/", "text/html; charset=utf-8"), ("/page.js", "text/javascript"),
                        ("/page.css", "text/css")):
        r = requests.get(server.url + path, timeout=30)
        expect(r.status_code == 200, f"GET {path}: {r.status_code} {r.text[:200]!r}")
        expect(r.headers.get("Content-Type", "").startswith(ctype),
               f"GET {path}: Content-Type {r.headers.get('Content-Type')!r}, wanted {ctype}")
        csp = r.headers.get("Content-Security-Policy", "")
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'"):
            expect(directive in csp, f"GET {path}: Content-Security-Policy {csp!r} lacks "
                                     f"{directive!r}")
    html = requests.get(server.url + "/", timeout=30).text
    expect('<html lang="en">' in html, "the page does not say lang=\"en\"")
    for inline in ("<style", "style=", "onclick=", "onload=", "javascript:"):
        expect(inline not in html, f"the page has inline {inline!r}, which its CSP refuses")


def queue_lists_both(page, ctx):
    page.d.get(page.url + "/")
    page.wait(f"the queue to list {sorted(HOLDS)}",
              lambda: sorted(page.queued()) == sorted(HOLDS))
    for order_id in HOLDS:
        name = page.open_button(order_id).get_attribute("textContent")  # its accessible name
        expect(order_id in name, f"the button of {order_id} is named {name!r}")
    ctx["queue"] = True


def accessible(page, ctx):
    expect(ctx.get("queue"), "not run: the page did not load")
    d = page.d
    expect(d.execute_script("return document.documentElement.lang") == "en", "lang is not en")
    unlabelled = d.execute_script("""
        return [...document.querySelectorAll('input, textarea, select')]
          .filter(c => c.type !== 'hidden' && c.labels.length === 0
                       && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
          .map(c => c.id || c.name || c.outerHTML.slice(0, 60));""")
    expect(not unlabelled, f"controls without a label: {unlabelled}")
    for id_, text in (("token", "Token"), ("reason", "Reason")):
        label = d.execute_script(
            "const c = document.getElementById(arguments[0]);"
            "return c && c.labels.length ? c.labels[0].textContent.trim() : null;", id_)
        expect(label == text, f"#{id_} is labelled {label!r}, wanted {text!r}")
    levels = d.execute_script(
        "return [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);")
    expect(levels and levels[0] == 1, f"the first heading is not an h1: {levels}")
    for a, b in zip(levels, levels[1:]):
        expect(b <= a + 1, f"headings skip a level: {levels}")
    expect(d.find_element("id", "status").get_attribute("role") == "alert",
           "#status is not role=alert")
    for id_ in ("token", "sign-in", "queue", "reason", "resolve", "journal"):
        expect(d.find_elements("id", id_), f"no element #{id_}")
    expect(d.find_element("id", "sign-in").tag_name == "button", "#sign-in is not a button")
    expect(d.find_element("id", "token").get_attribute("type") == "password",
           "#token is not a password input")


def opens_with_explanation(page, ctx, server):
    expect(ctx.get("queue"), "not run: the page did not load")
    rec = next(h for h in requests.get(server.url + "/v1/holds", timeout=30).json()["holds"]
               if h["order_id"] == RESOLVED)
    page.press_enter_on(page.open_button(RESOLVED))
    detail = page.by_id("detail")
    page.wait("#detail to open", detail.is_displayed)
    page.wait(f"the detail heading to name {RESOLVED}",
              lambda: RESOLVED in page.by_id("detail-heading").text)
    expect(page.active_id() == "detail-heading",
           f"focus is on #{page.active_id()}, not on the opened hold's heading")
    text = detail.text
    expect(rec["outcome"] in page.by_id("detail-outcome").text,
           f"the outcome {rec['outcome']!r} is not shown: {page.by_id('detail-outcome').text!r}")
    dec = rec["decision"]
    shown = [f["citation"] for f in dec["findings"]] + [r["citation"] for r in dec["red_flags"]]
    shown += [f["rule"] for f in dec["findings"]] + list(dec["missing_facts"])
    expect(any(s and s in text for s in shown),
           f"the explanation shows no rule, citation or missing fact of the decision; it says "
           f"{text[:600]!r}")
    path = " \u2192 ".join(dec["paths"][0]["parties"]) if dec["paths"] else None
    expect(path is None or path in page.by_id("detail-paths").text,
           f"the path {path!r} is not shown: {page.by_id('detail-paths').text!r}")
    ctx["opened"] = True


def resolves_with_keyboard(page, ctx):
    expect(ctx.get("opened"), "not run: the hold did not open")
    reason = page.by_id("reason")
    reason.send_keys(REASON)
    page.press_enter_on(page.by_id("resolve"))

    def resolve_record():
        for li in page.d.find_elements("css selector", "#journal li"):
            if li.get_attribute("data-kind") == "resolve" and \
                    li.get_attribute("data-principal") == "anonymous":
                return li
        return None
    li = page.wait("a `resolve` record by `anonymous` in #journal", resolve_record)
    expect("resolve" in li.text and "anonymous" in li.text,
           f"the resolve record reads {li.text!r}, wanted its kind and principal")
    expect(RESOLVED in page.by_id("journal-heading").text,
           f"the history is of {page.by_id('journal-heading').text!r}, not {RESOLVED}")
    expect(page.alert() == "", f"#status shows an error after resolving: {page.alert()!r}")
    # The page re-fetched the queue before it showed the history: the order is gone now, or
    # GET /v1/holds still lists it.
    try:
        page.wait(f"{RESOLVED} to leave the queue", lambda: RESOLVED not in page.queued(),
                  timeout=5)
    except Failure:
        listed = [h["order_id"] for h in
                  requests.get(page.url + "/v1/holds", timeout=30).json()["holds"]]
        raise Failure(f"{RESOLVED} was resolved (its journal has the `resolve` record) but stays "
                      f"in the queue: GET /v1/holds lists {listed} (a resolved order must leave "
                      "the holds the page shows)")
    ctx["resolved"] = True


def other_still_queued(page, ctx, server):
    expect(ctx.get("resolved"), "not run: the resolution did not complete")
    expect(page.queued() == [KEPT], f"the queue lists {page.queued()}, wanted only {KEPT}")
    got = [h["order_id"] for h in requests.get(server.url + "/v1/holds", timeout=30)
           .json()["holds"]]
    expect(got == [KEPT], f"GET /v1/holds lists {got}, wanted only {KEPT}")
    j = requests.get(f"{server.url}/v1/orders/{RESOLVED}/journal", timeout=30).json()
    kinds = [(r["kind"], r["principal"]) for r in j["journal"]]
    expect(("resolve", "anonymous") in kinds, f"the journal of {RESOLVED} has {kinds}")


def supplies_missing_fact(page, ctx, server):
    expect(ctx.get("resolved"), "not run: the first resolution did not complete")
    page.press_enter_on(page.open_button(KEPT))
    page.wait(f"the detail heading to name {KEPT}", lambda: KEPT in page.by_id("detail-heading").text)
    page.wait("#supply to show the missing facts", page.by_id("supply").is_displayed)
    label = page.d.find_element("css selector", "#supply-fields label")
    expect(label.text == "item 1: die_area_mm2",
           f"the supply field is labelled {label.text!r}, wanted the hold's missing fact")
    field = page.by_id(label.get_attribute("for"))
    expect(field.get_attribute("type") == "number", "the die area input is not a number input")
    # A negative figure is refused on the page (the input's own constraint, min 0): nothing is
    # sent, the order stays queued, and the focus goes to the wrong field.
    field.send_keys("-5")
    page.by_id("reason").send_keys("Datasheet rev. C, page 4: die area 814 mm2.")
    page.press_enter_on(page.by_id("resolve"))
    page.wait("the focus to go to the refused die area",
              lambda: page.active_id() == field.get_attribute("id"))
    expect(not page.d.execute_script("return arguments[0].validity.valid;", field),
           "a negative die area passes the input's validation")
    expect(KEPT in page.queued(), f"{KEPT} left the queue with a negative die area")
    kinds = [r["kind"] for r in requests.get(f"{server.url}/v1/orders/{KEPT}/journal",
                                             timeout=30).json()["journal"]]
    expect(kinds == ["release"], f"a refused review reached the journal: {kinds}")
    field.clear()
    field.send_keys("814")
    page.press_enter_on(page.by_id("resolve"))
    page.wait(f"{KEPT} to leave the queue", lambda: KEPT not in page.queued())

    def supplied_record():
        for li in page.d.find_elements("css selector", "#journal li"):
            if li.get_attribute("data-kind") == "resolve" and "die_area_mm2 = 814" in li.text:
                return li
        return None
    page.wait("the history to show the supplied die area", supplied_record)
    with open(os.path.join(ROOT, HOLDS[KEPT]), "rb") as f:
        r = requests.post(server.url + "/v1/release", params={"order_id": KEPT}, data=f.read(),
                          headers={"Content-Type": "application/yaml"}, timeout=30)
    rel = r.json()
    expect(rel.get("release", {}).get("state") == "released",
           f"{KEPT} released again as {rel.get('release')!r}, wanted released")
    flags = [x["message"] for x in rel.get("red_flags", [])]
    expect(any("die_area_mm2 = 814 supplied by anonymous" in m for m in flags),
           f"the decision does not name the supplied fact: {flags}")


def no_console_errors(page, ctx):
    expect(ctx.get("queue"), "not run: the page did not load")
    severe = [e["message"] for e in page.d.get_log("browser")
              if e.get("level") == "SEVERE" and "favicon.ico" not in e.get("message", "")]
    expect(not severe, f"the browser console has errors: {severe[:5]}")


def guarded(fn):
    """fn, with any exception a Failure: a WebDriver error fails its check, not the run."""
    def run(*args):
        try:
            fn(*args)
        except Failure:
            raise
        except Exception as e:
            raise Failure(f"{type(e).__name__}: {e}")
    return run


def raise_(e):
    raise e


def main():
    if len(sys.argv) != 2:
        print("usage: browser_test.py EXE", file=sys.stderr)
        sys.exit(2)
    exe = os.path.abspath(sys.argv[1])
    checks = Checks("serve.browser")
    work = tempfile.mkdtemp(prefix="exportctl-browser-")
    db = os.path.join(work, "ledger.sqlite")
    server = driver = None
    try:
        try:
            server = Server(exe, ["--rules", "rules", "--db", "sqlite:" + db, "--init-db"])
        except Exception as e:  # Failure, or OSError: no such EXE
            checks.run("server starts", raise_,
                       e if isinstance(e, Failure) else Failure(f"{type(e).__name__}: {e}"))
            return
        ctx = {}
        checks.run("release two holds", release_holds, server)
        checks.run("page and its files carry the CSP", shell_headers, server)
        try:
            driver = start_browser()
        except Failure as e:
            checks.run("headless chromium starts", raise_, e)
            return
        page = Page(driver, server.url)
        checks.run("queue lists both holds", guarded(queue_lists_both), page, ctx)
        checks.run("labels, headings, lang, alert", guarded(accessible), page, ctx)
        checks.run("opening a hold explains it", guarded(opens_with_explanation), page, ctx,
                   server)
        checks.run("resolve with the keyboard", guarded(resolves_with_keyboard), page, ctx)
        checks.run("the other hold stays queued", guarded(other_still_queued), page, ctx,
                   server)
        checks.run("a missing fact supplied on the page", guarded(supplies_missing_fact), page,
                   ctx, server)
        checks.run("no console errors", guarded(no_console_errors), page, ctx)
    finally:
        if driver is not None:
            driver.quit()
        if server is not None:
            if checks.failed:
                print(f"--- serve stderr ---\n{server.stderr()[-4000:]}", file=sys.stderr)
            checks.run("server stops on SIGTERM", server.stop)
        shutil.rmtree(work, ignore_errors=True)
        if not checks.failed and checks.passed < EXPECTED_CHECKS:  # never a silent partial pass
            checks.failed.append("all checks ran")
        checks.finish()


if __name__ == "__main__":
    main()
