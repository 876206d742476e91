/**
 * A pull-request comment: title with the pack, the scorecard table, inputs
 * that could not be read, failures and evaluation errors by severity, waiver
 * notes, and the files not checked (with the fix) or rendered,
 * cut with "… and N more" to stay under `maxBytes` (GitHub refuses comments
 * over 65,536 characters; bytes >= characters, so a byte budget is safe).
 * Text from findings is escaped so it cannot form tables, links or HTML.
 * A policy id with a documentation page is a link to it.
 */
import type { Finding, Report, WaiverNote } from '@onus/core';
import { AREA_NAMES, areasOf, byImportance, formatEvidence, locationOf, neutralizeControls, summaryLine, tallyOf } from './common.js';
import { policyDocUrl, type LinkOptions } from './links.js';
import { accountSections } from './account.js';

export interface MarkdownOptions extends LinkOptions {
  /** Upper bound on the comment's UTF-8 size (default 60,000). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 60_000;

export function toMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const s = report.summary;

  const head: string[] = [
    `## onus: ${code(report.pack.name)} ${cell(report.pack.version)}`,
    '',
    s.fail > 0 || s.error > 0 || report.errors.length > 0 ? `**${cell(summaryLine(report))}**` : cell(summaryLine(report)),
    '',
    '| Area | Pass | Fail | Unknown | Waived | Error |',
    '| :-- | --: | --: | --: | --: | --: |',
    ...areasOf(report).map((area) => {
      const t = tallyOf(report, area);
      return `| ${AREA_NAMES[area]} | ${t.pass} | ${t.fail} | ${t.unknown} | ${t.waived} | ${t.error} |`;
    }),
    `| **Total** | ${s.pass} | ${s.fail} | ${s.unknown} | ${s.waived} | ${s.error} |`,
  ];
  const foot = ['', `<sub>onus ${cell(report.tool.version)} · pack digest ${cell(report.pack.digest.slice(0, 12))}</sub>`];

  const out = [...head];
  let used = bytes(out) + bytes(foot);
  /** Adds lines if they fit with room for a closing "… and N more" line; false when they do not. */
  const room = 120;
  const add = (lines: string[]): boolean => {
    const size = bytes(lines);
    if (used + size + room > maxBytes) return false;
    out.push(...lines);
    used += size;
    return true;
  };
  /** The "… and N more" lines use the room kept back; they are left out only if even that is gone. */
  const note = (lines: string[]) => {
    const size = bytes(lines);
    if (used + size > maxBytes) return;
    out.push(...lines);
    used += size;
  };
  const section = <T>(title: string[], items: readonly T[], render: (item: T) => string[]) => {
    if (items.length === 0) return;
    if (!add(['', ...title])) {
      note(['', `… and ${items.length} ${title[0]!.replace(/^#+\s*/, '').toLowerCase()} not shown`]);
      return;
    }
    let shown = 0;
    for (const item of items) {
      if (!add(render(item))) break;
      shown++;
    }
    // A blank line first: a plain line right after a table would become one of its rows.
    if (shown < items.length) note(['', `… and ${items.length - shown} more`]);
  };

  section(['### Inputs that could not be read'], report.errors, (e) => [
    `- ${cell(e.line !== undefined ? `${e.file}:${e.line}` : e.file)}: ${cell(e.message)}${e.hint ? ` — ${cell(e.hint)}` : ''}`,
  ]);

  const problems = report.findings.filter((f) => f.status === 'fail' || f.status === 'error').sort(byImportance);
  section(['### Failures', '', '| Severity | Policy | Resource | Message |', '| :-- | :-- | :-- | :-- |'], problems, (f) => [row(f, policyDocUrl(report, f.policyId, options))]);

  const notes = (title: string, list: readonly WaiverNote[] | undefined) =>
    section([title], list ?? [], (w) => [`- ${cell(w.policy)} ${cell(w.resource)}${w.expires ? ` (expired ${cell(w.expires)})` : ''} — ${cell(w.reason)}; ${cell(w.source)}`]);
  notes('### Expired waivers (no longer applied)', report.waivers?.expired);
  notes('### Stale waivers (match no finding)', report.waivers?.stale);

  // Files not read as they are, with the fix: what a reviewer should know was left unchecked.
  for (const part of accountSections(report)) section([`### Files ${part.title === 'Not checked' ? 'not checked' : 'rendered'}`], part.lines, (line) => [`- ${cell(line)}`]);

  out.push(...foot);
  return `${out.join('\n')}\n`;
}

function row(f: Finding, docs: string | undefined): string {
  const where = locationOf(f);
  const severity = f.status === 'error' ? `${f.severity} (error)` : f.severity;
  const resource = where ? `${code(f.resource.address)}<br><sub>${cell(where)}</sub>` : code(f.resource.address);
  const evidence = formatEvidence(f);
  const message = evidence !== undefined ? `${cell(f.message)}<br><sub>${cell(evidence)}</sub>` : cell(f.message);
  const policy = docs ? `[${code(f.policyId)}](${linkTarget(docs)})` : code(f.policyId);
  return `| ${severity} | ${policy} | ${resource} | ${message} |`;
}

/** A link destination that cannot end the link, split a table cell or carry markup: those characters percent-encoded. */
export function linkTarget(url: string): string {
  return neutralizeControls(url, false).replace(/[\s()<>|`\\[\]"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * Text safe inside a table cell or list item: no pipes, code spans, emphasis,
 * links, HTML or line breaks of its own, and no @mentions (a zero-width space
 * after `@`, so a message cannot notify a user or team).
 */
export function cell(text: string): string {
  return neutralizeControls(text)
    .replace(/[\\`*_[\]~|#!]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '@&#8203;')
    .replace(/\n/g, '<br>');
}

/**
 * An identifier (address, policy id, pack name) as a code span: shown
 * verbatim, never a mention or markup. The fence is longer than any backtick
 * run inside; `|` stays escaped because tables split cells before code spans.
 */
export function code(text: string): string {
  const body = neutralizeControls(text, false).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^`|`$|^ .* $/.test(body) || longest > 0 ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function bytes(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + Buffer.byteLength(l, 'utf8') + 1, 0);
}
