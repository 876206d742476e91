/**
 * The long text report (`--format text --verbose`): every finding on its own,
 * passes and waived ones included, each with its message, evidence, fix and
 * documentation link; grouped by responsibility with a scorecard line per area.
 */
import { STATUSES, type Finding, type Report } from '@onus/core';
import { AREA_NAMES, STATUS_WORDS, byStatusThenSeverity, findingsByArea, formatEvidence, locationOf, tallyOf } from './common.js';
import { policyDocUrl, type LinkOptions } from './links.js';
import { closingLines, STATUS_LABEL, waiverText, type Style } from './text-style.js';

const INDENT = '      ';

export function longText(report: Report, s: Style, links: LinkOptions): string[] {
  const { c, safe } = s;
  const lines: string[] = [];

  for (const [area, findings] of findingsByArea(report)) {
    const tally = tallyOf(report, area);
    const counts = STATUSES.filter((st) => st !== 'pass').map((st) => (tally[st] > 0 ? s.status[st](`${tally[st]} ${STATUS_WORDS[st]}`) : `${tally[st]} ${STATUS_WORDS[st]}`));
    const passed = `${tally.pass} passed`;
    lines.push(`${c.bold(AREA_NAMES[area])}: ${tally.pass > 0 ? c.green(passed) : passed}, ${counts.join(', ')}`);
    for (const f of [...findings].sort(byStatusThenSeverity)) lines.push(...findingLines(f));
    lines.push('');
  }

  function findingLines(f: Finding): string[] {
    const where = locationOf(f);
    const head = [
      `  ${s.status[f.status](STATUS_LABEL[f.status].padEnd(7))}`,
      s.severity[f.severity](f.severity.padEnd(8)),
      c.bold(f.policyId),
      safe(f.resource.address),
      ...(where ? [c.dim(`(${safe(where)})`)] : []),
    ].join(' ');
    const out = [head, block(f.message, '')];
    const evidence = formatEvidence(f, { relative: true });
    if (evidence !== undefined) out.push(block(evidence, 'evidence: '));
    if (f.status === 'waived') out.push(block(waiverText(f.waiver), 'waived: '));
    else if (f.status !== 'pass' && f.remediation) out.push(block(f.remediation, 'fix: '));
    const url = f.status === 'pass' ? undefined : policyDocUrl(report, f.policyId, links);
    if (url) out.push(block(url, 'docs: '));
    return out;
  }

  /** A possibly multi-line value, indented under its finding. */
  function block(text: string, label: string): string {
    return safe(text.trimEnd())
      .split('\n')
      .map((line, i) => `${INDENT}${i === 0 ? c.dim(label) : ' '.repeat(label.length)}${line}`)
      .join('\n');
  }

  return [...lines, ...closingLines(report, s)];
}
