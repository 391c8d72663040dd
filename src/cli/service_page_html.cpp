// service_page_html.cpp: the review page's document and stylesheet (cli/service_page_assets.hpp
// lists the element ids). Every control has a label, headings go h1 > h2 > h3, and the data
// comes only through cli/service_page_js.cpp, which writes it with textContent.
#include "cli/service_page_assets.hpp"

namespace exportctl::cli::service::page {

const std::string_view html = R"PAGE(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>exportctl: holds to review</title>
<link rel="stylesheet" href="/page.css">
<script src="/page.js" defer></script>
</head>
<body>
<a class="skip" href="#queue-heading">Skip to the hold queue</a>
<header>
<h1>exportctl: holds to review</h1>
<p>Held orders of the ledger, why each holds, and their resolution.</p>
</header>
<main>
<section aria-labelledby="sign-in-heading">
<h2 id="sign-in-heading">Sign in</h2>
<p id="sign-in-help">A token with the review scope. A service run without
<code>--tokens</code> needs none.</p>
<form id="sign-in-form" autocomplete="off">
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="current-password"
 aria-describedby="sign-in-help">
<button id="sign-in" type="submit">Sign in</button>
<button id="sign-out" type="button">Sign out</button>
</form>
</section>
<div id="status" class="alert" role="alert" aria-atomic="true"></div>
<div id="notice" class="notice" role="status" aria-live="polite" aria-atomic="true"></div>
<section aria-labelledby="queue-heading">
<h2 id="queue-heading" tabindex="-1">Hold queue</h2>
<p><button id="refresh" type="button">Refresh</button></p>
<table id="queue">
<caption>Orders in state held, oldest first</caption>
<thead>
<tr><th scope="col">Order</th><th scope="col">Shipment</th><th scope="col">Decided on</th>
<th scope="col">Outcome</th></tr>
</thead>
<tbody id="queue-rows"></tbody>
</table>
<p id="queue-empty" hidden>No order is held.</p>
</section>
<section id="detail" aria-labelledby="detail-heading" hidden>
<h2 id="detail-heading" tabindex="-1">Hold</h2>
<dl class="summary">
<dt>Outcome</dt><dd id="detail-outcome"></dd>
<dt>Shipment</dt><dd id="detail-shipment"></dd>
<dt>State</dt><dd id="detail-state"></dd>
<dt>Decided on</dt><dd id="detail-date"></dd>
</dl>
<h3>Missing facts</h3>
<ul id="detail-missing"></ul>
<h3>Rules and citations</h3>
<ul id="detail-rules" class="findings"></ul>
<h3>Red flags</h3>
<ul id="detail-flags" class="findings"></ul>
<h3>Path of parties</h3>
<ul id="detail-paths"></ul>
<h3>Screening candidates</h3>
<ul id="detail-screening" class="findings"></ul>
<h3>Items</h3>
<ul id="detail-items"></ul>
<h3 id="resolve-heading">Resolve</h3>
<form id="resolve-form" aria-labelledby="resolve-heading">
<p id="resolve-help">The reason is kept in the journal with your name, with any fact you supply.
A review fills only the facts the hold is missing, never one the shipment states, and it never
clears a licence requirement: the next release decides the order with it.</p>
<fieldset id="supply" hidden>
<legend>Missing facts you can supply</legend>
<div id="supply-fields"></div>
</fieldset>
<label for="reason">Reason</label>
<textarea id="reason" name="reason" rows="4" required aria-describedby="resolve-help"></textarea>
<button id="resolve" type="submit">Resolve</button>
</form>
<p id="resolved" hidden></p>
</section>
<section id="history" aria-labelledby="journal-heading" hidden>
<h2 id="journal-heading" tabindex="-1">History</h2>
<ol id="journal"></ol>
</section>
</main>
</body>
</html>
)PAGE";

const std::string_view css = R"PAGE(:root {
  color-scheme: light dark;
  --fg: #1b1b1b; --bg: #fff; --muted: #555; --line: #ccc; --accent: #0b57d0;
  --bad-bg: #fde7e7; --bad-fg: #8a1111; --ok-bg: #e6f4ea; --ok-fg: #0d5224;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e8e8e8; --bg: #161616; --muted: #aaa; --line: #444; --accent: #8ab4f8;
    --bad-bg: #4a1717; --bad-fg: #ffd6d6; --ok-bg: #173a22; --ok-fg: #ccf0d6;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg);
}
h1 { font-size: 1.6rem; margin: 0.5rem 0 0; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
header p, #sign-in-help, #resolve-help { color: var(--muted); }
code { font-family: ui-monospace, monospace; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 0.5rem; background: var(--bg); padding: 0.3rem; }
form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
#resolve-form { flex-direction: column; align-items: stretch; max-width: 40rem; }
#resolve-form button { align-self: flex-start; }
#supply { border: 1px solid var(--line); border-radius: 4px; margin: 0.5rem 0; }
#supply-fields { display: grid; grid-template-columns: max-content 12rem; gap: 0.4rem 1rem; }
input, textarea, button { font: inherit; color: inherit; }
input, textarea {
  background: var(--bg); border: 1px solid var(--muted); border-radius: 4px; padding: 0.35rem;
}
button {
  background: var(--accent); color: var(--bg); border: 0; border-radius: 4px;
  padding: 0.4rem 0.9rem; cursor: pointer;
}
button:disabled { opacity: 0.6; cursor: progress; }
#sign-out, #refresh { background: transparent; color: var(--accent); border: 1px solid var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.alert:empty, .notice:empty { display: none; }
.alert {
  margin: 1rem 0; padding: 0.6rem 0.8rem; border-radius: 4px;
  background: var(--bad-bg); color: var(--bad-fg); white-space: pre-wrap;
}
.notice {
  margin: 1rem 0; padding: 0.6rem 0.8rem; border-radius: 4px;
  background: var(--ok-bg); color: var(--ok-fg);
}
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); padding-bottom: 0.3rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
tr.open { background: color-mix(in srgb, var(--accent) 12%, transparent); }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
.summary dt { font-weight: 600; }
.summary dd { margin: 0; }
.findings li { margin-bottom: 0.5rem; }
.rule { font-family: ui-monospace, monospace; font-weight: 600; }
.cite, .meta { color: var(--muted); }
.effect { font-weight: 600; }
.score { font-variant-numeric: tabular-nums; font-weight: 600; }
#journal li { margin-bottom: 0.3rem; }
#journal .kind { font-weight: 600; }
)PAGE";

}  // namespace exportctl::cli::service::page
