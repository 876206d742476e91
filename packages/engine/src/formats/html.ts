/**
 * One self-contained HTML file: a card per responsibility (counts and a
 * colour state named in words too), a bar chart of status per responsibility,
 * unreadable inputs, waiver notes and a findings table filterable by status,
 * area, severity and free text, each policy linked to its documentation page.
 * No external requests (inline CSS and JS only, and a Content-Security-Policy
 * that forbids any). Static text is HTML-escaped; findings travel as JSON in
 * a `<script type="application/json">` (with `<`, `>` and `&` escaped) and the
 * script builds rows with textContent only, so nothing from an input is ever
 * parsed as markup. Usable by keyboard (native controls, labels, a skip link,
 * focus moved to the table when a card filters it), printable, and dark when
 * the system is.
 */
import { SEVERITIES, STATUSES, type Report, type Responsibility, type Status, type Tally, type WaiverNote } from '@onus/core';
import { AREA_NAMES, areasOf, byStatusThenSeverity, formatEvidence, locationOf, STATUS_WORDS, summaryLine, tallyOf } from './common.js';
import { policyDocUrl, type LinkOptions } from './links.js';
import { accountSections } from './account.js';

/** A card's state: something failed or could not be evaluated, something is undecided, all passed, nothing applied. */
type CardState = 'bad' | 'warn' | 'ok' | 'none';

/** `3 failed`, `1 error`, `2 errors`. */
function counted(n: number, st: Status): string {
  return st === 'error' && n === 1 ? '1 error' : `${n} ${STATUS_WORDS[st]}`;
}

const STATE_WORDS: Record<CardState, string> = { bad: 'needs action', warn: 'needs a look', ok: 'all passed', none: 'nothing to check' };

export function toHtml(report: Report, options: LinkOptions = {}): string {
  const s = report.summary;
  const policies: Record<string, { title: string; remediation: string; frameworks: string[]; docs?: string }> = {};
  const findings = [...report.findings].sort(byStatusThenSeverity).map((f) => {
    if (!policies[f.policyId]) {
      const docs = safeLink(policyDocUrl(report, f.policyId, options));
      policies[f.policyId] = {
        title: f.title,
        remediation: f.remediation,
        frameworks: Object.entries(f.frameworks).flatMap(([fw, ids]) => (ids.length ? ids.map((id) => `${fw}:${id}`) : [fw])),
        ...(docs ? { docs } : {}),
      };
    }
    const evidence = formatEvidence(f);
    return {
      id: f.policyId,
      area: f.responsibility,
      severity: f.severity,
      status: f.status,
      address: f.resource.address,
      kind: f.resource.kind,
      where: locationOf(f) ?? '',
      message: f.message,
      ...(evidence !== undefined ? { evidence } : {}),
      ...(f.waiver ? { waiver: [f.waiver.reason, f.waiver.owner && `owner ${f.waiver.owner}`, f.waiver.expires && `expires ${f.waiver.expires}`, `from ${f.waiver.source}`].filter(Boolean).join('; ') } : {}),
    };
  });
  const data = { areas: AREA_NAMES, policies, findings };

  const areas = areasOf(report);
  const tallies = areas.map((a) => [a, tallyOf(report, a)] as const);

  const inputErrors = report.errors.length
    ? `<section class="errors" aria-labelledby="h-errors"><h2 id="h-errors">Inputs that could not be read (${report.errors.length})</h2><ul>${report.errors
        .map((e) => `<li><code>${esc(e.line !== undefined ? `${e.file}:${e.line}` : e.file)}</code>: ${esc(e.message)}${e.hint ? ` <span class="hint">— ${esc(e.hint)}</span>` : ''}</li>`)
        .join('')}</ul></section>`
    : '';
  const notes = (title: string, list: readonly WaiverNote[] | undefined) =>
    list && list.length
      ? `<section class="waivers"><h2>${title} (${list.length})</h2><ul>${list
          .map((w) => `<li><code>${esc(w.policy)}</code> <code>${esc(w.resource)}</code>${w.expires ? ` expired ${esc(w.expires)}` : ''} — ${esc(w.reason)} <span class="hint">(${esc(w.source)}${w.owner ? `, owner ${esc(w.owner)}` : ''})</span></li>`)
          .join('')}</ul></section>`
      : '';

  const option = (value: string, label: string, selected = false) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  const title = `onus report — ${report.pack.name} ${report.pack.version}`;
  const inputList = report.inputs.map((i) => `<li><code>${esc(i.file)}</code> <span class="hint">${esc(`${i.format}, ${i.resources} resource${i.resources === 1 ? '' : 's'}`)}</span></li>`).join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to the findings</a>
<header>
<h1>${esc(title)}</h1>
<p class="summary ${s.fail + s.error > 0 || report.errors.length ? 'bad' : 'ok'}">${esc(summaryLine(report))}</p>
<p class="meta">onus ${esc(report.tool.version)} · pack digest <code>${esc(report.pack.digest)}</code></p>
<details class="inputs"><summary>${report.inputs.length} input${report.inputs.length === 1 ? '' : 's'} read</summary><ul>${inputList}</ul></details>
</header>
<main>
<section aria-labelledby="h-scorecard"><h2 id="h-scorecard">Scorecard</h2>
<ul class="cards">
${tallies.map(([a, t]) => card(a, t)).join('\n')}
</ul>
${chart(tallies)}
</section>
${inputErrors}
${account(report)}
${notes('Expired waivers, no longer applied', report.waivers?.expired)}
${notes('Stale waivers, matching no finding', report.waivers?.stale)}
<section aria-labelledby="findings"><h2 id="findings" tabindex="-1">Findings</h2>
<form class="filters" role="search" aria-label="Filter the findings" onsubmit="return false">
<label>Status <select id="f-status">${option('problems', 'fail, error, unknown', true)}${option('', 'any')}${STATUSES.map((st) => option(st, st)).join('')}</select></label>
<label>Area <select id="f-area">${option('', 'any')}${areas.map((a) => option(a, AREA_NAMES[a])).join('')}</select></label>
<label>Severity <select id="f-severity">${option('', 'any')}${SEVERITIES.map((v) => option(v, v)).join('')}</select></label>
<label>Search <input id="f-text" type="search" placeholder="policy, resource, file, message" autocomplete="off"></label>
<button type="button" id="f-reset">Show all</button>
<output id="f-count" aria-live="polite"></output>
</form>
<noscript><p>The findings table needs JavaScript; the same data is in this file as JSON (script#onus-data).</p></noscript>
<table class="findings"><caption class="sr-only">Findings matching the filters</caption><thead><tr><th scope="col">Status</th><th scope="col">Severity</th><th scope="col">Policy</th><th scope="col">Area</th><th scope="col">Resource</th><th scope="col">Message</th></tr></thead><tbody id="rows"></tbody></table>
</section>
</main>
<script type="application/json" id="onus-data">${jsonForScript(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function stateOf(t: Tally): CardState {
  if (t.fail + t.error > 0) return 'bad';
  if (t.unknown > 0) return 'warn';
  if (t.pass + t.waived > 0) return 'ok';
  return 'none';
}

/** The card's headline: the most pressing count, in words. */
function headline(t: Tally): string {
  if (t.fail > 0) return `${t.fail} failed`;
  if (t.error > 0) return counted(t.error, 'error');
  if (t.unknown > 0) return `${t.unknown} unknown`;
  if (t.pass + t.waived > 0) return `${t.pass} passed`;
  return 'no findings';
}

function card(area: Responsibility, t: Tally): string {
  const state = stateOf(t);
  const name = esc(AREA_NAMES[area]);
  const counts = STATUSES.map((st) => `<div class="c-${st}" data-status="${st}"><dt>${STATUS_WORDS[st]}</dt><dd${t[st] === 0 ? ' class="zero"' : ''}>${t[st]}</dd></div>`).join('');
  return (
    `<li class="card ${state}" data-area="${area}"><h3>${name}</h3>` +
    `<p class="headline">${esc(headline(t))} <span class="state">${STATE_WORDS[state]}</span></p>` +
    `<dl class="counts">${counts}</dl>` +
    `<button type="button" class="show" data-area="${area}">Show findings<span class="sr-only"> for ${name}</span></button></li>`
  );
}

/** Stacked bars, one per area, scaled to the largest area; each bar says its counts to a screen reader and in a tooltip. */
function chart(tallies: readonly (readonly [Responsibility, Tally])[]): string {
  const total = (t: Tally) => STATUSES.reduce((n, st) => n + t[st], 0);
  const max = Math.max(1, ...tallies.map(([, t]) => total(t)));
  const words = (t: Tally) => STATUSES.filter((st) => t[st] > 0).map((st) => counted(t[st], st)).join(', ') || 'no findings';
  const rows = tallies.map(([area, t]) => {
    const segments = STATUSES.filter((st) => t[st] > 0)
      .map((st) => `<span class="seg s-${st}" style="width:${((t[st] / max) * 100).toFixed(2)}%" title="${counted(t[st], st)}"></span>`)
      .join('');
    return `<div class="bar-row"><span class="bar-label">${esc(AREA_NAMES[area])}</span><span class="bar" role="img" aria-label="${esc(`${AREA_NAMES[area]}: ${words(t)}`)}">${segments}</span><span class="bar-total">${total(t)}</span></div>`;
  });
  const legend = STATUSES.map((st: Status) => `<li><span class="swatch s-${st}"></span>${STATUS_WORDS[st]}</li>`).join('');
  return `<figure class="chart"><figcaption>Status per responsibility</figcaption><ul class="legend" aria-hidden="true">${legend}</ul>${rows.join('')}</figure>`;
}

/** Only web addresses become links: a configured template cannot turn into `javascript:`. */
function safeLink(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

/** HTML-escape text for element content and attribute values. */
/** The files not read as they are (not checked, rendered), with the fix, as the text report says it. */
function account(report: Report): string {
  return accountSections(report)
    .map((section) => {
      const id = `h-${section.title === 'Not checked' ? 'not-checked' : 'rendered'}`;
      const heading = section.title === 'Not checked' ? 'Files not checked' : 'Files rendered';
      return `<section class="account" aria-labelledby="${id}"><h2 id="${id}">${heading}</h2><ul>${section.lines.map((line) => `<li>${esc(line)}</li>`).join('')}</ul></section>`;
    })
    .join('\n');
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that cannot end its <script> element or open a comment in it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--mute:#59636e;--line:#d1d9e0;--bad:#cf222e;--warn:#9a6700;--ok:#1a7f37;--err:#8250df;--waived:#8c959f;--chip:#f6f8fa;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#9198a1;--line:#3d444d;--bad:#f85149;--warn:#d29922;--ok:#3fb950;--err:#ab7df8;--waived:#6e7681;--chip:#151b23;--focus:#4493f8}}
*{box-sizing:border-box}body{margin:0;padding:1.5rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.5rem 0 .6rem}h3{font-size:1rem;margin:0}
a{color:var(--focus)}:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:.5rem}.skip:focus{left:.5rem;background:var(--bg);padding:.25rem .5rem;z-index:1}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--chip);padding:0 .25em;border-radius:4px;overflow-wrap:anywhere}
.meta,.hint{color:var(--mute)}.summary{font-weight:600}.summary.bad{color:var(--bad)}.summary.ok{color:var(--ok)}
.inputs ul{margin:.25rem 0;padding-left:1.2rem;max-height:12rem;overflow:auto}
.cards{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.75rem}
.card{border:1px solid var(--line);border-top:4px solid var(--line);border-radius:8px;padding:.7rem .8rem;display:flex;flex-direction:column;gap:.35rem;background:var(--bg)}
.card.bad{border-top-color:var(--bad)}.card.warn{border-top-color:var(--warn)}.card.ok{border-top-color:var(--ok)}
.headline{margin:0;font-size:1.15rem;font-weight:600}.card.bad .headline{color:var(--bad)}.card.warn .headline{color:var(--warn)}.card.ok .headline{color:var(--ok)}
.state{display:block;font-size:12px;font-weight:400;color:var(--mute)}
.counts{display:grid;grid-template-columns:repeat(5,1fr);gap:.2rem;margin:0;text-align:center}.counts dt{font-size:11px;color:var(--mute)}.counts dd{margin:0;font-variant-numeric:tabular-nums;font-weight:600}
.c-fail dd{color:var(--bad)}.c-error dd{color:var(--err)}.c-unknown dd{color:var(--warn)}.counts dd.zero{color:var(--mute);font-weight:400}
button{font:inherit;padding:.25rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--chip);color:var(--fg);cursor:pointer}
.card .show{align-self:flex-start}
.chart{margin:1rem 0 0;max-width:48rem}.chart figcaption{font-weight:600;margin-bottom:.4rem}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.8rem;padding:0;margin:0 0 .4rem;font-size:12px;color:var(--mute)}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.3em;vertical-align:-.05em}
.bar-row{display:grid;grid-template-columns:14rem 1fr 3rem;align-items:center;gap:.5rem;margin:.2rem 0}
.bar{display:flex;height:.9rem;background:var(--chip);border-radius:3px;overflow:hidden}.bar-total{text-align:right;font-variant-numeric:tabular-nums;color:var(--mute)}
.seg,.swatch{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.seg.s-pass,.swatch.s-pass{background:var(--ok)}.seg.s-fail,.swatch.s-fail{background:var(--bad)}.seg.s-unknown,.swatch.s-unknown{background:var(--warn)}.seg.s-waived,.swatch.s-waived{background:var(--waived)}.seg.s-error,.swatch.s-error{background:var(--err)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:.5rem 0 1rem}.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--mute)}
select,input{font:inherit;padding:.25rem .4rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}input{min-width:18rem}
.badge{display:inline-block;padding:0 .45em;border-radius:1em;font-size:12px;font-weight:600;border:1px solid currentColor}
.s-fail{color:var(--bad)}.s-error{color:var(--err)}.s-unknown{color:var(--warn)}.s-waived{color:var(--mute)}.s-pass{color:var(--ok)}
.v-critical,.v-high{color:var(--bad);font-weight:600}.v-medium{color:var(--warn)}.v-low,.v-info{color:var(--mute)}
.msg{white-space:pre-wrap;overflow-wrap:anywhere}details{margin-top:.25rem;color:var(--mute)}details p{margin:.2rem 0;white-space:pre-wrap}
.errors li{color:var(--bad)}.more td{color:var(--mute);font-style:italic}
@media (max-width:40rem){.bar-row{grid-template-columns:8rem 1fr 2.5rem}input{min-width:0}}
@media print{
:root{--bg:#fff;--fg:#000;--mute:#444;--line:#bbb;--chip:#f3f3f3;--bad:#cf222e;--warn:#9a6700;--ok:#1a7f37;--err:#8250df;--waived:#8c959f}
body{padding:0;font-size:11px}.skip,.filters button,.card .show,noscript{display:none}
.filters select,.filters input{border:none;padding:0;appearance:none}
.cards{grid-template-columns:repeat(3,1fr)}.card,.bar-row,tr{break-inside:avoid}
details.inputs ul{max-height:none}a{color:inherit;text-decoration:none}
}
`;

// Plain ES2015 that runs from a file:// URL in any current browser; builds the table with textContent only.
const SCRIPT = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("onus-data").textContent);
  var LIMIT = 2000;
  var $ = function (id) { return document.getElementById(id); };
  var status = $("f-status"), area = $("f-area"), severity = $("f-severity"), text = $("f-text"), count = $("f-count"), rows = $("rows");
  var PROBLEMS = { fail: 1, error: 1, unknown: 1 };
  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = content;
    return e;
  }
  function haystack(f) {
    var p = data.policies[f.id] || {};
    return [f.id, p.title, f.address, f.kind, f.where, f.message, data.areas[f.area]].join("\\n").toLowerCase();
  }
  data.findings.forEach(function (f) { f._text = haystack(f); });
  function render() {
    var st = status.value, ar = area.value, sv = severity.value, q = text.value.trim().toLowerCase();
    var shown = 0, matched = 0, frag = document.createDocumentFragment();
    data.findings.forEach(function (f) {
      if (st === "problems" ? !PROBLEMS[f.status] : st && f.status !== st) return;
      if (ar && f.area !== ar) return;
      if (sv && f.severity !== sv) return;
      if (q && f._text.indexOf(q) < 0) return;
      matched++;
      if (shown >= LIMIT) return;
      shown++;
      var p = data.policies[f.id] || {};
      var tr = el("tr");
      tr.className = "row s-row-" + f.status;
      var s = el("td"); s.appendChild(el("span", "badge s-" + f.status, f.status)); tr.appendChild(s);
      tr.appendChild(el("td", "v-" + f.severity, f.severity));
      var pol = el("td"), id = el("code", "", f.id);
      if (p.docs) { var a = el("a"); a.href = p.docs; a.title = "Documentation of " + f.id; a.appendChild(id); pol.appendChild(a); }
      else pol.appendChild(id);
      if (p.title) pol.appendChild(el("div", "hint", p.title));
      tr.appendChild(pol);
      tr.appendChild(el("td", "", data.areas[f.area] || f.area));
      var res = el("td"); res.appendChild(el("code", "", f.address));
      if (f.where) { res.appendChild(el("div", "hint", f.where)); }
      tr.appendChild(res);
      var msg = el("td"); msg.appendChild(el("div", "msg", f.message));
      var d = el("details"); d.appendChild(el("summary", "", "details"));
      if (f.evidence) d.appendChild(el("p", "", "evidence: " + f.evidence));
      if (f.waiver) d.appendChild(el("p", "", "waived: " + f.waiver));
      if (p.remediation && f.status !== "pass") d.appendChild(el("p", "", "fix: " + p.remediation));
      if (p.frameworks && p.frameworks.length) d.appendChild(el("p", "", "frameworks: " + p.frameworks.join(", ")));
      d.appendChild(el("p", "", "kind: " + f.kind));
      msg.appendChild(d); tr.appendChild(msg);
      frag.appendChild(tr);
    });
    if (matched > shown) {
      var more = el("tr", "more"); var td = el("td", "", "… and " + (matched - shown) + " more: narrow the filters to see them");
      td.colSpan = 6; more.appendChild(td); frag.appendChild(more);
    }
    rows.textContent = "";
    rows.appendChild(frag);
    count.textContent = matched + " of " + data.findings.length + " findings";
  }
  [status, area, severity].forEach(function (e) { e.addEventListener("change", render); });
  text.addEventListener("input", render);
  $("f-reset").addEventListener("click", function () { status.value = ""; area.value = ""; severity.value = ""; text.value = ""; render(); });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-area]"), function (b) {
    b.addEventListener("click", function () {
      area.value = b.getAttribute("data-area"); status.value = ""; render();
      var h = $("findings"); if (h && h.focus) h.focus();
    });
  });
  render();
})();
`;
