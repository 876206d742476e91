/**
 * One self-contained HTML file: the responsibility scorecard, unreadable
 * inputs, waiver notes and a findings table filterable by status, area,
 * severity and free text. No external requests (inline CSS and JS only, and a
 * Content-Security-Policy that forbids any). Static text is HTML-escaped;
 * findings travel as JSON in a `<script type="application/json">` (with `<`,
 * `>` and `&` escaped) and the script builds rows with textContent only, so
 * nothing from an input is ever parsed as markup.
 */
import { RESPONSIBILITIES, SEVERITIES, STATUSES, type Report, type WaiverNote } from '@onus/core';
import { AREA_NAMES, areasOf, byStatusThenSeverity, formatEvidence, locationOf, summaryLine, tallyOf } from './common.js';

export function toHtml(report: Report): string {
  const s = report.summary;
  const policies: Record<string, { title: string; remediation: string; frameworks: string[] }> = {};
  const findings = [...report.findings].sort(byStatusThenSeverity).map((f) => {
    policies[f.policyId] ??= {
      title: f.title,
      remediation: f.remediation,
      frameworks: Object.entries(f.frameworks).flatMap(([fw, ids]) => (ids.length ? ids.map((id) => `${fw}:${id}`) : [fw])),
    };
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
  const scoreRows = areas
    .map((a) => {
      const t = tallyOf(report, a);
      const cls = t.fail + t.error > 0 ? 'bad' : t.unknown > 0 ? 'warn' : 'ok';
      return `<tr class="${cls}" data-area="${a}"><th scope="row"><a href="#findings" data-area="${a}">${esc(AREA_NAMES[a])}</a></th>${STATUSES.map((st) => `<td class="n ${st}">${t[st]}</td>`).join('')}</tr>`;
    })
    .join('\n');

  const inputErrors = report.errors.length
    ? `<section class="errors"><h2>Inputs that could not be read (${report.errors.length})</h2><ul>${report.errors
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

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="summary ${s.fail + s.error > 0 || report.errors.length ? 'bad' : 'ok'}">${esc(summaryLine(report))}</p>
<p class="meta">onus ${esc(report.tool.version)} · pack digest <code>${esc(report.pack.digest)}</code> · ${report.inputs.length} input${report.inputs.length === 1 ? '' : 's'}: ${report.inputs
    .map((i) => `<code title="${esc(`${i.format}, ${i.resources} resources`)}">${esc(i.file)}</code>`)
    .join(' ')}</p>
</header>
<main>
<section><h2>Scorecard</h2>
<table class="scorecard"><thead><tr><th scope="col">Area</th>${STATUSES.map((st) => `<th scope="col" class="n">${st}</th>`).join('')}</tr></thead>
<tbody>
${scoreRows}
</tbody>
<tfoot><tr><th scope="row">Total</th>${STATUSES.map((st) => `<td class="n ${st}">${s[st]}</td>`).join('')}</tr></tfoot></table>
</section>
${inputErrors}
${notes('Expired waivers, no longer applied', report.waivers?.expired)}
${notes('Stale waivers, matching no finding', report.waivers?.stale)}
<section><h2 id="findings">Findings</h2>
<form class="filters" role="search" onsubmit="return false">
<label>Status <select id="f-status">${option('problems', 'fail, error, unknown', true)}${option('', 'any')}${STATUSES.map((st) => option(st, st)).join('')}</select></label>
<label>Area <select id="f-area">${option('', 'any')}${RESPONSIBILITIES.filter((a) => areas.includes(a)).map((a) => option(a, AREA_NAMES[a])).join('')}</select></label>
<label>Severity <select id="f-severity">${option('', 'any')}${SEVERITIES.map((v) => option(v, v)).join('')}</select></label>
<label>Search <input id="f-text" type="search" placeholder="policy, resource, file, message"></label>
<output id="f-count"></output>
</form>
<noscript><p>The findings table needs JavaScript; the same data is in this file as JSON (script#onus-data).</p></noscript>
<table class="findings"><thead><tr><th>Status</th><th>Severity</th><th>Policy</th><th>Area</th><th>Resource</th><th>Message</th></tr></thead><tbody id="rows"></tbody></table>
</section>
</main>
<script type="application/json" id="onus-data">${jsonForScript(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** HTML-escape text for element content and attribute values. */
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
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--mute:#59636e;--line:#d1d9e0;--bad:#cf222e;--warn:#9a6700;--ok:#1a7f37;--err:#8250df;--chip:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#9198a1;--line:#3d444d;--bad:#f85149;--warn:#d29922;--ok:#3fb950;--err:#ab7df8;--chip:#151b23}}
*{box-sizing:border-box}body{margin:0;padding:1.5rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--chip);padding:0 .25em;border-radius:4px;overflow-wrap:anywhere}
.meta,.hint{color:var(--mute)}.summary{font-weight:600}.summary.bad{color:var(--bad)}.summary.ok{color:var(--ok)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.scorecard{width:auto;min-width:32rem}.n{text-align:right;font-variant-numeric:tabular-nums}
.scorecard a{color:inherit}.scorecard tr.bad th{border-left:3px solid var(--bad)}.scorecard tr.warn th{border-left:3px solid var(--warn)}.scorecard tr.ok th{border-left:3px solid var(--ok)}
td.fail:not(:empty){color:var(--bad)}td.error{color:var(--err)}td.unknown{color:var(--warn)}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:.5rem 0 1rem}.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--mute)}
select,input{font:inherit;padding:.25rem .4rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}input{min-width:18rem}
.badge{display:inline-block;padding:0 .45em;border-radius:1em;font-size:12px;font-weight:600;border:1px solid currentColor}
.s-fail{color:var(--bad)}.s-error{color:var(--err)}.s-unknown{color:var(--warn)}.s-waived{color:var(--mute)}.s-pass{color:var(--ok)}
.v-critical,.v-high{color:var(--bad);font-weight:600}.v-medium{color:var(--warn)}.v-low,.v-info{color:var(--mute)}
.msg{white-space:pre-wrap;overflow-wrap:anywhere}details{margin-top:.25rem;color:var(--mute)}details p{margin:.2rem 0;white-space:pre-wrap}
.errors li{color:var(--bad)}.more td{color:var(--mute);font-style:italic}
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
      var s = el("td"); s.appendChild(el("span", "badge s-" + f.status, f.status)); tr.appendChild(s);
      tr.appendChild(el("td", "v-" + f.severity, f.severity));
      var pol = el("td"); pol.appendChild(el("code", "", f.id)); pol.title = p.title || ""; tr.appendChild(pol);
      tr.appendChild(el("td", "", data.areas[f.area] || f.area));
      var res = el("td"); res.appendChild(el("code", "", f.address));
      if (f.where) { res.appendChild(el("div", "hint", f.where)); }
      tr.appendChild(res);
      var msg = el("td"); msg.appendChild(el("div", "msg", f.message));
      var d = el("details"); d.appendChild(el("summary", "", p.title || f.id));
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
  Array.prototype.forEach.call(document.querySelectorAll("a[data-area]"), function (a) {
    a.addEventListener("click", function () { area.value = a.getAttribute("data-area"); status.value = ""; render(); });
  });
  render();
})();
`;
