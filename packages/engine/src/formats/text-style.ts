/**
 * What both text layouts share: colours (ANSI only when asked for), status
 * labels, and the closing sections (unreadable inputs, expired and stale
 * waivers, the one-line summary). Control characters from inputs are shown
 * escaped, never sent to the terminal.
 */
import type { Report, Severity, Status, WaiverNote } from '@onus/core';
import { neutralizeControls, summaryLine } from './common.js';
import { accountLines } from './account.js';

export type Paint = (text: string) => string;

const SGR = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;

export interface Style {
  c: Record<keyof typeof SGR, Paint>;
  status: Record<Status, Paint>;
  severity: Record<Severity, Paint>;
  /** Input text made safe for a terminal. */
  safe: (text: string) => string;
}

export function styleOf(color: boolean): Style {
  const make = ([on, off]: readonly [number, number]): Paint => (color ? (t) => (t === '' ? t : `\u001b[${on}m${t}\u001b[${off}m`) : (t) => t);
  const c = Object.fromEntries(Object.entries(SGR).map(([k, v]) => [k, make(v)])) as Record<keyof typeof SGR, Paint>;
  return {
    c,
    status: { fail: c.red, error: c.magenta, unknown: c.yellow, waived: c.dim, pass: c.green },
    severity: { critical: (t) => c.bold(c.red(t)), high: c.red, medium: c.yellow, low: c.cyan, info: c.dim },
    safe: (t) => neutralizeControls(t),
  };
}

export const STATUS_LABEL: Record<Status, string> = { fail: 'FAIL', error: 'ERROR', unknown: 'UNKNOWN', waived: 'WAIVED', pass: 'PASS' };

export function waiverText(w: { reason: string; owner?: string; expires?: string; source: string }): string {
  return [w.reason, ...(w.owner ? [`owner ${w.owner}`] : []), ...(w.expires ? [`expires ${w.expires}`] : []), `from ${w.source}`].join('; ');
}

/** Unreadable inputs, expired and stale waivers (each section only when it has entries), then the summary line. */
export function closingLines(report: Report, s: Style): string[] {
  const { c, safe } = s;
  const lines: string[] = [];
  if (report.errors.length > 0) {
    lines.push(c.bold(c.red('Input errors (these inputs were not evaluated):')));
    for (const e of report.errors) {
      const where = e.line !== undefined ? `${e.file}:${e.line}` : e.file;
      lines.push(`  ${safe(where)}: ${safe(e.message)}${e.hint ? ` ${c.dim('—')} ${safe(e.hint)}` : ''}`);
    }
    lines.push('');
  }
  const notes = (title: string, list: readonly WaiverNote[] | undefined, why: (w: WaiverNote) => string, dated = false) => {
    if (!list || list.length === 0) return;
    lines.push(c.bold(c.yellow(title)));
    for (const w of list) {
      const { expires, ...rest } = w;
      lines.push(`  ${c.bold(safe(w.policy))} ${safe(w.resource)} ${c.dim('—')} ${safe(why(w))} (${safe(waiverText(dated ? rest : w))})`);
    }
    lines.push('');
  };
  notes('Expired waivers (no longer applied):', report.waivers?.expired, (w) => `expired ${w.expires ?? ''}`.trim(), true);
  notes('Stale waivers (match no finding):', report.waivers?.stale, () => 'matches nothing');
  for (const line of accountLines(report)) lines.push(safe(line));
  lines.push(c.bold(safe(summaryLine(report))));
  return lines;
}
