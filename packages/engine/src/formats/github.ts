/**
 * GitHub Actions workflow commands, which the runner turns into annotations
 * on the pull request's files: `::error` for critical/high failures and for
 * evaluation errors and unreadable inputs, `::warning` for medium/low
 * failures, `::notice` for info failures and unknowns. Waived and passing
 * findings make no annotation. Escaping follows the runner's rules: `%`, CR
 * and LF in the message; also `:` and `,` in properties. A policy with a
 * documentation page ends its annotation with the link.
 */
import type { Finding, Report, Severity } from '@onus/core';
import { byImportance, findingLine, formatEvidence, neutralizeControls, summaryLine } from './common.js';
import { policyDocUrl, type LinkOptions } from './links.js';

type Command = 'error' | 'warning' | 'notice';
const FOR_FAILURE: Record<Severity, Command> = { critical: 'error', high: 'error', medium: 'warning', low: 'warning', info: 'notice' };

export function toGithub(report: Report, options: LinkOptions = {}): string {
  const lines: string[] = [];
  for (const e of report.errors) {
    lines.push(command('error', { file: e.file, line: e.line, title: 'onus: input could not be read' }, e.hint ? `${e.message}\n${e.hint}` : e.message));
  }
  const annotated = report.findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'unknown').sort(byImportance);
  for (const f of annotated) {
    const kind: Command = f.status === 'fail' ? FOR_FAILURE[f.severity] : f.status === 'error' ? 'error' : 'notice';
    lines.push(command(kind, { file: f.resource.file, line: findingLine(f), title: `${f.policyId} ${f.title}` }, body(f, policyDocUrl(report, f.policyId, options))));
  }
  // A plain log line: annotations are capped per step, the summary is not.
  lines.push(neutralizeControls(summaryLine(report), false));
  return `${lines.join('\n')}\n`;
}

function body(f: Finding, docs: string | undefined): string {
  const evidence = formatEvidence(f);
  return [
    f.message.trimEnd(),
    ...(f.message.includes(f.resource.address) ? [] : [`resource: ${f.resource.address}`]),
    ...(evidence !== undefined ? [`evidence: ${evidence}`] : []),
    ...(f.remediation && f.status !== 'error' ? [`fix: ${f.remediation}`] : []),
    ...(docs ? [`docs: ${docs}`] : []),
  ].join('\n');
}

function command(kind: Command, props: { file?: string | undefined; line?: number | undefined; title: string }, message: string): string {
  const parts: string[] = [];
  if (props.file) parts.push(`file=${escapeProperty(props.file.replace(/\\/g, '/'))}`);
  if (props.file && props.line !== undefined) parts.push(`line=${props.line}`);
  parts.push(`title=${escapeProperty(props.title)}`);
  return `::${kind} ${parts.join(',')}::${escapeData(message)}`;
}

/** The runner's own escaping (actions/toolkit `escapeData`), after control characters are made visible. */
export function escapeData(s: string): string {
  return neutralizeControls(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
