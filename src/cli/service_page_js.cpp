// service_page_js.cpp: the review page's script (GET /page.js; the ids it uses are listed in
// cli/service_page_assets.hpp). Vanilla JavaScript, no build step. Data from the API is written
// with textContent only, never innerHTML: a party name is text, not markup. Every request goes
// with the page's cookie (credentials same-origin) and `X-Exportctl-Page: 1`, which a
// cookie-authenticated POST must carry (docs/service.md, CSRF).
#include "cli/service_page_assets.hpp"

namespace exportctl::cli::service::page {

const std::string_view js = R"PAGE("use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const COOKIE = "exportctl_token";
  let holds = [];       // the last GET /v1/holds
  let openId = null;    // the order whose detail is shown
  let openSeq = 0;      // tells a stale answer from the current one

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function showError(message) { $("status").textContent = message; }
  function clearError() { $("status").textContent = ""; }
  function notice(message) { $("notice").textContent = message; }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  // One API call: JSON in and out; a non-2xx answer throws with the service's error message
  // and its diagnostics' messages.
  async function api(method, path, body) {
    const init = { method, credentials: "same-origin", cache: "no-store",
                   headers: { "Accept": "application/json", "X-Exportctl-Page": "1" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let r;
    try {
      r = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, "the service cannot be reached (" + e.message + ")");
    }
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!r.ok) {
      let msg = "HTTP " + r.status;
      if (data && data.error) {
        msg += " " + (data.error.code || "") + ": " + (data.error.message || "");
        for (const d of data.diagnostics || []) {
          if (d && d.message) msg += "\n" + (d.code ? d.code + ": " : "") + d.message;
        }
      }
      if (r.status === 401) msg += "\nSign in with a token.";
      if (r.status === 403) msg += "\nThis token lacks the scope this needs.";
      throw new ApiError(r.status, msg);
    }
    if (data === null) throw new ApiError(r.status, "the service's answer is not JSON");
    return data;
  }
  const orderPath = (id) => "/v1/orders/" + encodeURIComponent(id);

  // --- sign-in: the token goes into the cookie the API reads (SameSite=Strict, path=/).
  // The service does not decode the cookie, so a token must be cookie-safe as it is.
  const COOKIE_SAFE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/;
  function setCookie(value, maxAge) {
    let c = COOKIE + "=" + value + "; path=/; SameSite=Strict";
    if (maxAge !== undefined) c += "; Max-Age=" + maxAge;
    if (location.protocol === "https:") c += "; Secure";
    document.cookie = c;
  }
  $("sign-in-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const token = $("token").value.trim();
    if (!token) { showError("Enter a token to sign in."); $("token").focus(); return; }
    if (!COOKIE_SAFE.test(token)) {
      showError("This token has characters a cookie cannot carry (spaces, quotes, commas, "
                + "semicolons or backslashes).");
      $("token").focus();
      return;
    }
    setCookie(token);
    $("token").value = "";
    clearError();
    notice("Signed in.");
    loadQueue();
  });
  $("sign-out").addEventListener("click", () => {
    setCookie("", 0);
    notice("Signed out.");
    loadQueue();
  });

  // --- the hold queue
  async function loadQueue() {
    const btn = $("refresh");
    btn.disabled = true;
    try {
      const data = await api("GET", "/v1/holds");
      holds = Array.isArray(data.holds) ? data.holds : [];
      renderQueue();
      clearError();
    } catch (e) {
      showError("The hold queue did not load: " + e.message);
    } finally {
      btn.disabled = false;
    }
  }
  function renderQueue() {
    const rows = $("queue-rows");
    clear(rows);
    for (const h of holds) {
      const tr = document.createElement("tr");
      if (h.order_id === openId) tr.className = "open";
      const cell = document.createElement("td");
      const b = el("button", "Open hold " + h.order_id);
      b.type = "button";
      b.dataset.orderId = h.order_id;
      b.addEventListener("click", () => openHold(h.order_id));
      cell.appendChild(b);
      tr.appendChild(cell);
      tr.appendChild(el("td", h.shipment));
      tr.appendChild(el("td", h.decided_on));
      tr.appendChild(el("td", h.outcome));
      rows.appendChild(tr);
    }
    $("queue-empty").hidden = holds.length !== 0;
    $("queue").hidden = holds.length === 0;
  }
  $("refresh").addEventListener("click", loadQueue);

  // --- the explanation of one hold, from its decision JSON (README "Decision output")
  function list(id, entries, empty) {
    const ul = $(id);
    clear(ul);
    for (const li of entries) ul.appendChild(li);
    if (entries.length === 0) ul.appendChild(el("li", empty, "meta"));
  }
  function findingItem(rule, citation, effect, message, parties, kind) {
    const li = document.createElement("li");
    li.appendChild(el("span", rule, "rule"));
    if (kind) li.appendChild(el("span", " (" + kind + ")", "meta"));
    li.appendChild(document.createTextNode(" "));
    if (effect) li.appendChild(el("span", effect, "effect"));
    if (parties && parties.length) li.appendChild(el("span", " parties " + parties.join(", "), "meta"));
    li.appendChild(el("div", citation, "cite"));
    li.appendChild(el("div", message));
    return li;
  }
  // A screening finding's message names the party's name, the listed name, the entry and the
  // score (`... may be `LISTED` ... entry ID, score 0.9312 (possible): ...`).
  function screeningItem(f) {
    const li = document.createElement("li");
    const names = [...String(f.message).matchAll(/`([^`]*)`/g)].map((m) => m[1]);
    const score = /score ([0-9]+(?:\.[0-9]+)?)/.exec(f.message);
    const entry = /entry ([A-Za-z0-9_.:-]+), score/.exec(f.message);
    li.appendChild(el("span", (f.parties || []).join(", ") || "a party", "rule"));
    if (names.length >= 2) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("q", names[0]));
      li.appendChild(document.createTextNode(" may be "));
      li.appendChild(el("q", names[1]));
    }
    if (entry) li.appendChild(el("span", " entry " + entry[1], "meta"));
    if (score) li.appendChild(el("span", " score " + score[1], "score"));
    li.appendChild(el("span", " " + f.effect, "effect"));
    li.appendChild(el("div", f.rule + ": " + f.citation, "cite"));
    li.appendChild(el("div", f.message));
    return li;
  }
  function pathItem(p) {
    const li = el("li", (p.parties || []).join(" \u2192 ") + ": " + p.decision);
    const hops = document.createElement("ul");
    for (const h of p.hops || []) {
      let t = h.from + " \u2192 " + h.to + " (" + h.kind + "): " + h.decision;
      if (h.review_policy) t += ", review policy " + h.review_policy;
      if (h.license_exceptions && h.license_exceptions.length)
        t += ", licence exceptions " + h.license_exceptions.join(", ");
      hops.appendChild(el("li", t, "meta"));
    }
    if (hops.firstChild) li.appendChild(hops);
    return li;
  }
  function itemItem(it) {
    let t = "item " + it.line + ": " + (it.product || "unlisted product") + " \u00d7 " + it.quantity
            + ", " + (it.paragraph || it.eccn || "no ECCN") + ", " + it.decision;
    if (it.tpp !== null && it.tpp !== undefined) t += ", TPP " + it.tpp;
    if (it.missing_facts && it.missing_facts.length) t += ", missing " + it.missing_facts.join(", ");
    return el("li", t);
  }
  function renderDetail(h) {
    const d = h.decision || {};
    $("detail-heading").textContent = "Hold " + h.order_id;
    $("detail-outcome").textContent = h.outcome + (d.review_policy ? " (review policy "
                                      + d.review_policy + ")" : "");
    $("detail-shipment").textContent = h.shipment;
    $("detail-state").textContent = h.state;
    $("detail-date").textContent = h.decided_on;
    const findings = d.findings || [];
    const screening = (f) => f.kind === "entity_list" || f.kind === "screening_list";
    list("detail-missing", (d.missing_facts || []).map((m) => el("li", m)), "None.");
    list("detail-rules", findings.filter((f) => !screening(f)).map((f) =>
      findingItem(f.rule, f.citation, f.effect, f.message, f.parties, f.kind)), "None.");
    list("detail-flags", (d.red_flags || []).map((r) =>
      findingItem(r.rule, r.citation, r.severity, r.message, r.parties)), "None.");
    const paths = (d.paths || []).map(pathItem);
    if (d.paths_omitted && d.paths_omitted.count)
      paths.push(el("li", d.paths_omitted.count + " more paths summarized", "meta"));
    list("detail-paths", paths, "None.");
    list("detail-screening", findings.filter(screening).map(screeningItem), "None.");
    list("detail-items", (d.items || []).map(itemItem), "None.");
  }
  // --- the missing facts a review can supply (docs/ledger.md, "Reviews of holds"): an item's
  // numeric or true/false spec, a party's headquarters. Each input is labelled with the missing
  // fact as the hold names it; the service refuses any fact the hold does not ask for.
  const NUMBER_FACTS = ["tpp", "die_area_mm2", "io_bandwidth_gbs", "dram_bandwidth_gbs",
                        "memory_bandwidth_density"];
  const FLAG_FACTS = ["datacenter", "commercially_available_us_2026_01_15"];
  function supplyFields(missing) {
    const out = [];  // {label, item|party, fact, kind}
    for (const m of missing || []) {
      let x = /^item (\d+): (\w+)$/.exec(m);
      if (x) {
        const item = Number(x[1]);
        // A missing dense_tops is asked for to compute the TPP: the TPP answers it.
        const fact = x[2] === "dense_tops" ? "tpp" : x[2];
        const kind = NUMBER_FACTS.includes(fact) ? "number" : FLAG_FACTS.includes(fact) ? "flag" : "";
        if (kind) out.push({ label: "item " + item + ": " + fact, item, fact, kind });
        continue;
      }
      x = /^party (.+): (headquarters and ultimate parent headquarters|headquarters|ultimate parent headquarters) \(not stated\)$/.exec(m);
      if (!x) continue;
      if (x[2] !== "ultimate parent headquarters")
        out.push({ label: "party " + x[1] + ": headquarters", party: x[1], fact: "headquarters",
                   kind: "country" });
      if (x[2] !== "headquarters")
        out.push({ label: "party " + x[1] + ": ultimate parent headquarters", party: x[1],
                   fact: "ultimate_parent_headquarters", kind: "country" });
    }
    return out;
  }
  function renderSupply(missing) {
    const box = $("supply-fields");
    clear(box);
    supplyFields(missing).forEach((f, i) => {
      const id = "supply-" + i;
      const label = el("label", f.label);
      label.htmlFor = id;
      let input;
      if (f.kind === "flag") {
        input = document.createElement("select");
        for (const [v, t] of [["", "not supplied"], ["true", "true"], ["false", "false"]]) {
          const o = el("option", t);
          o.value = v;
          input.appendChild(o);
        }
      } else {
        input = document.createElement("input");
        if (f.kind === "number") {
          input.type = "number";
          input.min = "0";
          input.step = "any";
        } else {
          input.type = "text";
          input.pattern = "[A-Za-z]{2}";
          input.maxLength = 2;
          input.placeholder = "country code";
          input.autocomplete = "off";
        }
      }
      input.id = id;
      input.dataset.fact = f.fact;
      input.dataset.kind = f.kind;
      if (f.item) input.dataset.item = String(f.item);
      if (f.party) input.dataset.party = f.party;
      box.appendChild(label);
      box.appendChild(input);
    });
    $("supply").hidden = !box.firstChild;
  }
  // The supplied facts as the service takes them, or a message saying which input is wrong.
  function suppliedFacts() {
    const out = [];
    for (const input of $("supply-fields").querySelectorAll("input, select")) {
      const raw = input.value.trim();
      if (!raw) continue;
      const f = { fact: input.dataset.fact };
      if (input.dataset.item) f.item = Number(input.dataset.item);
      else f.party = input.dataset.party;
      const label = document.querySelector('label[for="' + input.id + '"]').textContent;
      if (input.dataset.kind === "number") {
        const v = Number(raw);
        if (!Number.isFinite(v) || v < 0) return { error: label + " needs a number of 0 or more.", input };
        f.value = v;
      } else if (input.dataset.kind === "flag") {
        f.value = raw === "true";
      } else {
        if (!/^[A-Za-z]{2}$/.test(raw)) return { error: label + " needs a two-letter country code.", input };
        f.value = raw.toUpperCase();
      }
      out.push(f);
    }
    return { supplies: out };
  }

  function openHold(id) {
    const h = holds.find((x) => x.order_id === id);
    if (!h) { showError("Order " + id + " is no longer held."); return; }
    openId = id;
    renderQueue();
    renderDetail(h);
    $("resolve-form").hidden = false;
    $("resolved").hidden = true;
    $("reason").value = "";
    renderSupply((h.decision || {}).missing_facts);
    $("detail").hidden = false;
    $("detail-heading").focus();
    loadJournal(id);
  }

  // --- the history of an order: GET /v1/orders/{id}/journal
  async function loadJournal(id) {
    const seq = ++openSeq;
    $("history").hidden = false;
    $("journal-heading").textContent = "History of " + id;
    const ol = $("journal");
    clear(ol);
    try {
      const data = await api("GET", orderPath(id) + "/journal");
      if (seq !== openSeq) return;
      for (const r of data.journal || []) {
        const li = document.createElement("li");
        li.dataset.kind = r.kind;
        li.dataset.principal = r.principal;
        li.appendChild(el("span", r.kind, "kind"));
        li.appendChild(document.createTextNode(" at "));
        const at = el("time", r.at);
        at.dateTime = r.at;
        li.appendChild(at);
        li.appendChild(document.createTextNode(" by "));
        li.appendChild(el("span", r.principal, "principal"));
        let body = null;
        try { body = typeof r.body === "string" ? JSON.parse(r.body) : r.body; } catch (e) { }
        if (body && typeof body.reason === "string")
          li.appendChild(el("div", "Reason: " + body.reason, "meta"));
        if (body && Array.isArray(body.supplies) && body.supplies.length)
          li.appendChild(el("div", "Supplied: " + body.supplies.map((f) =>
            (f.item ? "item " + f.item : "party " + f.party) + ": " + f.fact + " = " + f.value)
            .join("; "), "meta"));
        ol.appendChild(li);
      }
      if (!ol.firstChild) ol.appendChild(el("li", "No journal records.", "meta"));
    } catch (e) {
      if (seq === openSeq) showError("The history of " + id + " did not load: " + e.message);
    }
  }

  // --- resolve: POST /v1/orders/{id}/resolve {"reason": ..., "supplies": [...]}
  $("resolve-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const id = openId;
    const reason = $("reason").value.trim();
    if (!id) return;
    if (!reason) { showError("A resolution needs a reason."); $("reason").focus(); return; }
    const facts = suppliedFacts();
    if (facts.error) { showError(facts.error); facts.input.focus(); return; }
    const body = { reason };
    if (facts.supplies.length) body.supplies = facts.supplies;
    const btn = $("resolve");
    btn.disabled = true;
    try {
      const r = await api("POST", orderPath(id) + "/resolve", body);
      clearError();
      $("resolve-form").hidden = true;
      const done = $("resolved");
      done.textContent = "Resolved by " + (r.reviewer || "you") + ".";
      done.hidden = false;
      notice("Order " + id + " resolved by " + (r.reviewer || "you") + ".");
      await loadQueue();
      await loadJournal(id);
      $("journal-heading").focus();
    } catch (e) {
      showError("Order " + id + " was not resolved: " + e.message);
      $("reason").focus();
    } finally {
      btn.disabled = false;
    }
  });

  loadQueue();
})();
)PAGE";

}  // namespace exportctl::cli::service::page
