/**
 * The terminal report: grouped by responsibility, a scorecard line per area,
 * then what needs attention (failures, evaluation errors, unknowns; waivers
 * and passes only when verbose), unreadable inputs, expired and stale
 * waivers, and a one-line summary last. ANSI colour only when asked for;
 * control characters from inputs are shown escaped, never sent to the terminal.
 */
import { STATUSES, type Finding, type Report, type Severity, type Status, type WaiverNote } from '@onus/core';
import { accountLines } from './account.js';
import { AREA_NAMES, STATUS_WORDS, byStatusThenSeverity, findingsByArea, formatEvidence, locationOf, neutralizeControls, summaryLine, tallyOf } from './common.js';

export interface TextOptions {
  color: boolean;
  /** Also list passes and waived findings. */
  verbose?: boolean;
}

type Paint = (text: string) => string;

const SGR = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;

function palette(color: boolean): Record<keyof typeof SGR, Paint> {
  const make = ([on, off]: readonly [number, number]): Paint => (color ? (t) => (t === '' ? t : `\u001b[${on}m${t}\u001b[${off}m`) : (t) => t);
  return Object.fromEntries(Object.entries(SGR).map(([k, v]) => [k, make(v)])) as Record<keyof typeof SGR, Paint>;
}

const STATUS_LABEL: Record<Status, string> = { fail: 'FAIL', error: 'ERROR', unknown: 'UNKNOWN', waived: 'WAIVED', pass: 'PASS' };
const INDENT = '      ';

export function toText(report: Report, options: TextOptions): string {
  const c = palette(options.color);
  const statusColor: Record<Status, Paint> = { fail: c.red, error: c.magenta, unknown: c.yellow, waived: c.dim, pass: c.green };
  const severityColor: Record<Severity, Paint> = { critical: (t) => c.bold(c.red(t)), high: c.red, medium: c.yellow, low: c.cyan, info: c.dim };
  const safe = (t: string) => neutralizeControls(t);
  const lines: string[] = [];

  for (const [area, findings] of findingsByArea(report)) {
    const tally = tallyOf(report, area);
    const counts = STATUSES.filter((s) => s !== 'pass')
      .map((s) => (tally[s] > 0 ? statusColor[s](`${tally[s]} ${STATUS_WORDS[s]}`) : `${tally[s]} ${STATUS_WORDS[s]}`));
    const passed = `${tally.pass} passed`;
    lines.push(`${c.bold(AREA_NAMES[area])}: ${tally.pass > 0 ? c.green(passed) : passed}, ${counts.join(', ')}`);
    const shown = findings.filter((f) => options.verbose || f.status === 'fail' || f.status === 'unknown' || f.status === 'error');
    for (const f of [...shown].sort(byStatusThenSeverity)) lines.push(...findingLines(f));
    lines.push('');
  }

  function findingLines(f: Finding): string[] {
    const where = locationOf(f);
    const head = [
      `  ${statusColor[f.status](STATUS_LABEL[f.status].padEnd(7))}`,
      severityColor[f.severity](f.severity.padEnd(8)),
      c.bold(f.policyId),
      safe(f.resource.address),
      ...(where ? [c.dim(`(${safe(where)})`)] : []),
    ].join(' ');
    const out = [head, block(f.message, '')];
    const evidence = formatEvidence(f);
    if (evidence !== undefined) out.push(block(evidence, 'evidence: '));
    if (f.status === 'waived' && f.waiver) out.push(block(waiverText(f.waiver), 'waived: '));
    else if (f.status !== 'pass' && f.remediation) out.push(block(f.remediation, 'fix: '));
    return out;
  }

  /** A possibly multi-line value, indented under its finding. */
  function block(text: string, label: string): string {
    return safe(text.trimEnd())
      .split('\n')
      .map((line, i) => `${INDENT}${i === 0 ? c.dim(label) : ' '.repeat(label.length)}${line}`)
      .join('\n');
  }

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
  return `${lines.join('\n')}\n`;
}

function waiverText(w: { reason: string; owner?: string; expires?: string; source: string }): string {
  return [w.reason, ...(w.owner ? [`owner ${w.owner}`] : []), ...(w.expires ? [`expires ${w.expires}`] : []), `from ${w.source}`].join('; ');
}
