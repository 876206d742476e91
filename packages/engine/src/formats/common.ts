/**
 * What the report writers share: human names of the areas, the order findings
 * are shown in, the one-line summary, locations, and neutralising control
 * characters. Internal to formats/; imports only @onus/core.
 */
import { REDACTED, RESPONSIBILITIES, relativePath, SEVERITY_RANK, type Evidence, type Finding, type Report, type Responsibility, type Status, type Tally } from '@onus/core';

/** The areas' display names: one list, in @onus/core. */
export { AREA_NAMES } from '@onus/core';

/** Status order when listing: what needs action first. */
const STATUS_ORDER: Record<Status, number> = { fail: 0, error: 1, unknown: 2, waived: 3, pass: 4 };

/** Most severe first, then problems before passes, then by policy, address and check: a stable order for every writer. */
export function byImportance(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    compare(a.policyId, b.policyId) ||
    compare(a.resource.address, b.resource.address) ||
    a.check - b.check
  );
}

/** Problems first (fail, error, unknown, waived, pass), then by severity: the order inside an area. */
export function byStatusThenSeverity(a: Finding, b: Finding): number {
  return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || byImportance(a, b);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Areas to show, in seed order: those in the scorecard and any a finding names. */
export function areasOf(report: Report): Responsibility[] {
  const present = new Set<Responsibility>(Object.keys(report.scorecard) as Responsibility[]);
  for (const f of report.findings) present.add(f.responsibility);
  return RESPONSIBILITIES.filter((a) => present.has(a));
}

/** The area's tally, recomputed from findings only when the scorecard lacks it (a hand-made report). */
export function tallyOf(report: Report, area: Responsibility): Tally {
  const t = report.scorecard[area];
  if (t) return t;
  const out: Tally = { pass: 0, fail: 0, unknown: 0, waived: 0, error: 0 };
  for (const f of report.findings) if (f.responsibility === area) out[f.status]++;
  return out;
}

export function findingsByArea(report: Report): Map<Responsibility, Finding[]> {
  const out = new Map<Responsibility, Finding[]>();
  for (const area of areasOf(report)) out.set(area, []);
  for (const f of report.findings) out.get(f.responsibility)!.push(f);
  return out;
}

/**
 * `file:line`, `file`, or undefined for scan-wide findings. A finding points
 * at the line of the attribute that decided it when the input records one,
 * else at the resource's first line.
 */
export function locationOf(f: Finding | { file?: string; line?: number }): string | undefined {
  const file = 'resource' in f ? f.resource.file : f.file;
  const line = 'resource' in f ? findingLine(f) : f.line;
  if (!file) return undefined;
  return line !== undefined ? `${file}:${line}` : file;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * `onus: 12 failed, 3 unknown, 40 passed, 1 waived in 5 inputs (pack @onus/rules 1.0.0)`,
 * with evaluation errors and unreadable inputs added only when there are some.
 */
export function summaryLine(report: Report): string {
  const s = report.summary;
  const parts = [`${s.fail} failed`, `${s.unknown} unknown`, `${s.pass} passed`, `${s.waived} waived`];
  if (s.error > 0) parts.push(plural(s.error, 'error'));
  let inputs = plural(report.inputs.length, 'input');
  if (report.errors.length > 0) inputs += `, ${plural(report.errors.length, 'input error')}`;
  return `onus: ${parts.join(', ')} in ${inputs} (pack ${report.pack.name} ${report.pack.version})`;
}

/** `{pass, fail, …}` as words, for scorecard lines: `3 passed, 2 failed, …`. */
export const STATUS_WORDS: Record<Status, string> = { pass: 'passed', fail: 'failed', unknown: 'unknown', waived: 'waived', error: 'errors' };

/** An evidence value as printed: the redaction placeholder bare, everything else as JSON. */
export function formatValue(value: unknown): string {
  if (value === REDACTED) return REDACTED;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * `$.path = value (line 12)`, or the path alone when the value is not shown;
 * the line where the input gives it. With `relative`, the path is written as
 * from the object (`spec.containers[0].env[3]`, `$` for the object itself).
 */
export function formatEvidence(f: Finding, options: { relative?: boolean } = {}): string | undefined {
  if (!f.evidence) return undefined;
  const path = options.relative ? relativePath(f.evidence.path) : f.evidence.path;
  const text = f.evidence.value !== undefined ? `${path} = ${formatValue(f.evidence.value)}` : path;
  return f.evidence.line !== undefined ? `${text} (line ${f.evidence.line})` : text;
}

/** Evidence as the JSON and SARIF reports carry it: the path, the value when shown, the line when known. */
export function evidenceData(e: Evidence): Evidence {
  return { path: e.path, ...(e.value !== undefined ? { value: e.value } : {}), ...(e.line !== undefined ? { line: e.line } : {}) };
}

/** The line a finding points at: the failing attribute's where the input gives it, else the resource's. */
export function findingLine(f: Finding): number | undefined {
  return f.evidence?.line ?? f.resource.line;
}


/**
 * Control characters from inputs must not reach a terminal or a log as
 * themselves (an address holding ESC could rewrite the screen): show them as
 * `\u001b`. Tab and, unless `keepNewlines` is off, newline survive.
 */
export function neutralizeControls(text: string, keepNewlines = true): string {
  // C0 (but tab/newline), DEL, C1, and the bidi overrides that can disguise text.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r|\n/g, (c) => {
    if (c === '\n' && keepNewlines) return c;
    if (c === '\r') return keepNewlines ? '' : '\\r';
    if (c === '\n') return '\\n';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A file path as a relative URI reference with forward slashes (absolute paths become `file:` URIs). */
export function fileUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  const encode = (p: string) => p.split('/').map((seg) => encodeURIComponent(seg)).join('/');
  const drive = /^([A-Za-z]):\//.exec(slashed);
  if (drive) return `file:///${drive[1]}:/${encode(slashed.slice(3))}`;
  if (slashed.startsWith('//')) return `file:${encode(slashed)}`;
  if (slashed.startsWith('/')) return `file://${encode(slashed)}`;
  return encode(slashed.replace(/^(\.\/)+/, ''));
}
