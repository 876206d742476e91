/**
 * The terminal report. By default compact: per responsibility (the area with
 * the most severe problem first), the policies with something to act on, most
 * severe first, each as a header (id, title,
 * documentation link), one line per resource (status, severity, id,
 * `file:line`, message), a group of many resources folded with a count, and
 * the policy's fix once; then a table of the areas that had anything to
 * check, unreadable inputs, expired and stale waivers, and a one-line
 * summary last. `verbose` gives the long form instead (./text-long.ts).
 * ANSI colour only when asked for; control characters from inputs are shown
 * escaped, never sent to the terminal.
 */
import { SEVERITY_RANK, type Finding, type Report, type Responsibility, type Status, type Tally } from '@onus/core';
import { AREA_NAMES, STATUS_WORDS, byStatusThenSeverity, findingsByArea, locationOf, tallyOf } from './common.js';
import { policyDocUrl, type LinkOptions } from './links.js';
import { longText } from './text-long.js';
import { closingLines, styleOf, STATUS_LABEL, type Style } from './text-style.js';

export interface TextOptions extends LinkOptions {
  color: boolean;
  /** The long form: every finding with its evidence, passes and waived ones included. */
  verbose?: boolean;
}

/** A policy group with more resources than this shows this many lines, the last one a count of the rest. */
export const FOLD_AFTER = 5;

/** Statuses the compact form lists (waived and passed ones are only counted). */
const LISTED: ReadonlySet<Status> = new Set(['fail', 'error', 'unknown']);
/** Count order in headers and the table: what needs action first. */
const COUNT_ORDER: readonly Status[] = ['fail', 'unknown', 'error', 'waived', 'pass'];
const STATUS_RANK: Record<Status, number> = { fail: 0, error: 1, unknown: 2, waived: 3, pass: 4 };

export function toText(report: Report, options: TextOptions): string {
  const style = styleOf(options.color);
  const links: LinkOptions = options.docsUrl !== undefined ? { docsUrl: options.docsUrl } : {};
  const lines = options.verbose ? longText(report, style, links) : compactText(report, style, links);
  return `${lines.join('\n')}\n`;
}

/** One line of the compact form: the findings of one policy on one resource with one status. */
interface Row {
  status: Status;
  findings: Finding[];
}

interface Group {
  policyId: string;
  title: string;
  remediation: string;
  rows: Row[];
}

function compactText(report: Report, s: Style, links: LinkOptions): string[] {
  const { c, safe } = s;
  const lines: string[] = [];
  for (const { area, listed } of areasBySeverity(report)) {
    lines.push(`${c.bold(AREA_NAMES[area])}: ${counts(tallyOf(report, area), s)}`);
    for (const group of policyGroups(listed)) {
      const url = policyDocUrl(report, group.policyId, links);
      lines.push(`  ${c.bold(safe(group.policyId))}: ${safe(oneLine(group.title))}${url ? `  ${c.dim(safe(url))}` : ''}`);
      const folded = group.rows.length > FOLD_AFTER;
      const shown = folded ? group.rows.slice(0, FOLD_AFTER - 1) : group.rows;
      for (const row of shown) lines.push(rowLine(row, s));
      if (folded) lines.push(`    ${c.dim(`… and ${group.rows.length - shown.length} more; --verbose shows all`)}`);
      if (group.remediation.trim()) lines.push(`    ${c.dim('fix:')} ${safe(oneLine(group.remediation))}`);
    }
    lines.push('');
  }
  lines.push(...areaTable(report, s));
  return [...lines, ...closingLines(report, s)];
}

/**
 * The areas with something listed, the one holding the most severe problem
 * first (a failure before an error before an unknown), else in seed order.
 */
function areasBySeverity(report: Report): { area: Responsibility; listed: Finding[] }[] {
  const out = [...findingsByArea(report)].map(([area, findings]) => ({ area, listed: findings.filter((f) => LISTED.has(f.status)) })).filter((a) => a.listed.length > 0);
  const worst = (fs: readonly Finding[]) => [...fs].sort(byImportanceAmongListed)[0]!;
  return out.sort((a, b) => byImportanceAmongListed(worst(a.listed), worst(b.listed)));
}

/** Most severe first, then failures before errors before unknowns; ties keep their order. */
function byImportanceAmongListed(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || STATUS_RANK[a.status] - STATUS_RANK[b.status];
}

/** Groups per policy, most severe first (then failures before errors before unknowns); rows in the order of byStatusThenSeverity. */
function policyGroups(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group & { top: Finding }>();
  for (const f of [...findings].sort(byStatusThenSeverity)) {
    let g = groups.get(f.policyId);
    if (!g) groups.set(f.policyId, (g = { policyId: f.policyId, title: f.title, remediation: f.remediation, rows: [], top: f }));
    if (byImportanceAmongListed(f, g.top) < 0) g.top = f;
    const row = g.rows.find((r) => r.status === f.status && sameResource(r.findings[0]!, f));
    if (row) row.findings.push(f);
    else g.rows.push({ status: f.status, findings: [f] });
  }
  return [...groups.values()].sort((a, b) => byImportanceAmongListed(a.top, b.top) || (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0));
}

/** The same resource of the same input (two plans can both hold `aws_s3_bucket.data`). */
function sameResource(a: Finding, b: Finding): boolean {
  return a.resource.address === b.resource.address && a.resource.file === b.resource.file;
}

function rowLine(row: Row, s: Style): string {
  const { c, safe } = s;
  const first = row.findings[0]!;
  const where = locationOf(first);
  const address = first.resource.address;
  // Every message drops its `address: ` lead (said once, below), so two checks that say the same thing are said once.
  const messages = row.findings.map((f) => {
    const m = oneLine(f.message);
    return m.startsWith(`${address}: `) ? m.slice(address.length + 2) : m;
  });
  const subject = messages[0]!.includes(address) ? '' : `${address}: `;
  return [
    `    ${s.status[row.status](STATUS_LABEL[row.status].padEnd(7))}`,
    s.severity[first.severity](first.severity.padEnd(8)),
    c.bold(safe(first.policyId)),
    `${where ? `${c.dim(safe(where))}: ` : ''}${safe(subject + joinMessages(messages))}`,
  ].join(' ');
}

/**
 * Several messages about one resource in one line: a clause that more than one
 * of them carries (the same fix, "scan the module that builds the VPC, ...") is
 * said once, after the others.
 */
export function joinMessages(messages: readonly string[]): string {
  const clauses = [...new Set(messages)].map((m) => m.split('; '));
  const count = new Map<string, number>();
  for (const list of clauses) for (const c of new Set(list)) count.set(c, (count.get(c) ?? 0) + 1);
  const own = clauses.flatMap((list) => list.filter((c) => count.get(c) === 1));
  const shared = [...new Set(clauses.flat().filter((c) => (count.get(c) ?? 0) > 1))];
  return [...own, ...shared].join('; ');
}

/** `3 failed, 1 unknown, 9 passed`: the non-zero counts, what needs action first. */
function counts(t: Tally, s: Style): string {
  const parts = COUNT_ORDER.filter((st) => t[st] > 0).map((st) => s.status[st](`${t[st]} ${st === 'error' && t[st] === 1 ? 'error' : STATUS_WORDS[st]}`));
  return parts.length ? parts.join(', ') : 'nothing to check';
}

/** The areas that had something to check, one row each with every count. */
function areaTable(report: Report, s: Style): string[] {
  const rows = [...findingsByArea(report).keys()]
    .map((area) => ({ name: AREA_NAMES[area], tally: tallyOf(report, area) }))
    .filter((r) => COUNT_ORDER.some((st) => r.tally[st] > 0));
  if (rows.length === 0) return [];
  const width = Math.max('Area'.length, ...rows.map((r) => r.name.length));
  const heads = COUNT_ORDER.map((st) => STATUS_WORDS[st]);
  const out = [s.c.bold(`${'Area'.padEnd(width)}  ${heads.map((h) => h.padStart(7)).join(' ')}`)];
  for (const r of rows) {
    const cells = COUNT_ORDER.map((st, i) => {
      const cell = String(r.tally[st]).padStart(Math.max(7, heads[i]!.length));
      return r.tally[st] > 0 ? s.status[st](cell) : cell;
    });
    out.push(`${r.name.padEnd(width)}  ${cells.join(' ')}`);
  }
  out.push('');
  return out;
}

/** A message or fix on one line: runs of whitespace (newlines included) become one space. */
function oneLine(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
