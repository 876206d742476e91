/**
 * The report as JSON, in the shape published as `schemas/report.schema.json`
 * (`schemaVersion: 2`). Per-policy text (title, severity, responsibility,
 * remediation, frameworks) is written once, in `policies`; a finding names
 * its policy by id. Passes are compact by default (`passes`: addresses by
 * policy id); `includePasses` writes each as a full finding instead. Fields
 * are copied by name, so nothing that is not part of the documented shape
 * (and could come from a resource) slips out. Written in pieces (one finding,
 * or the passes of one policy, a line), so a large report is streamed, never
 * one big string.
 */
import type { Finding, InputError, Report, ReportFile, Tally, WaiverNote } from '@onus/core';
import { evidenceData } from './common.js';

/** The version of the JSON report's shape. */
export const REPORT_SCHEMA_VERSION = 2;

export interface JsonOptions {
  /** Write every pass as a full finding (default: compact, in `passes`). */
  includePasses?: boolean;
}

/** The report as one JSON text. */
export function toJson(report: Report, options: JsonOptions = {}): string {
  const parts: string[] = [];
  writeJson(report, options, (chunk) => parts.push(chunk));
  return parts.join('');
}

/** The report as JSON, handed to `write` in pieces. */
export function writeJson(r: Report, options: JsonOptions, write: (chunk: string) => void): void {
  const includePasses = options.includePasses === true;
  const field = (name: string, value: unknown, last = false) => write(`  ${JSON.stringify(name)}: ${indent(JSON.stringify(value, null, 2))}${last ? '\n' : ',\n'}`);
  write('{\n');
  field('schemaVersion', REPORT_SCHEMA_VERSION);
  field('tool', { name: r.tool.name, version: r.tool.version });
  field('pack', { name: r.pack.name, version: r.pack.version, digest: r.pack.digest });
  field('inputs', r.inputs.map((i) => ({ file: i.file, format: i.format, resources: i.resources })));
  field('errors', r.errors.map(inputError));
  if (r.files) field('files', r.files.map(reportFile));
  field('scorecard', Object.fromEntries(Object.entries(r.scorecard).map(([area, t]) => [area, tally(t)])));
  field('summary', tally(r.summary));
  const policies = policiesOf(r.findings);
  field('policies', policies);
  // One finding a line.
  write('  "findings": [');
  let first = true;
  for (const f of r.findings) {
    if (f.status === 'pass' && !includePasses) continue;
    write(`${first ? '\n' : ',\n'}    ${JSON.stringify(finding(f, policies[f.policyId]))}`);
    first = false;
  }
  write(first ? '],\n' : '\n  ],\n');
  if (!includePasses) {
    write('  "passes": {');
    let firstPolicy = true;
    for (const [id, refs] of passesOf(r.findings)) {
      // One policy a line.
      write(`${firstPolicy ? '\n' : ',\n'}    ${JSON.stringify(id)}: [`);
      refs.forEach((ref, i) => write(`${i ? ',' : ''}${JSON.stringify(ref)}`));
      write(']');
      firstPolicy = false;
    }
    write(firstPolicy ? '},\n' : '\n  },\n');
  }
  if (r.waivers) field('waivers', { stale: r.waivers.stale.map(waiverNote), expired: r.waivers.expired.map(waiverNote) });
  field('timing', { totalMs: r.timing.totalMs }, true);
  write('}\n');
}

const indent = (text: string) => text.replace(/\n/g, '\n  ');

/** What a finding's policy says, once per policy with a result, in first-seen order. */
function policiesOf(findings: readonly Finding[]): Record<string, PolicyEntry> {
  const out: Record<string, PolicyEntry> = {};
  for (const f of findings) {
    if (Object.hasOwn(out, f.policyId)) continue;
    out[f.policyId] = {
      title: f.title,
      responsibility: f.responsibility,
      severity: f.severity,
      remediation: f.remediation,
      frameworks: Object.fromEntries(Object.entries(f.frameworks).map(([k, v]) => [k, [...v]])),
    };
  }
  return out;
}

/** A compact pass: its address; with the check index and item when the policy has several checks or items. */
type PassRef = string | { address: string; check: number; item?: string };

function passesOf(findings: readonly Finding[]): Map<string, PassRef[]> {
  const out = new Map<string, PassRef[]>();
  for (const f of findings) {
    if (f.status !== 'pass') continue;
    const ref: PassRef = f.check === 0 && f.item === undefined ? f.resource.address : { address: f.resource.address, check: f.check, ...(f.item !== undefined ? { item: f.item } : {}) };
    const list = out.get(f.policyId);
    if (list) list.push(ref);
    else out.set(f.policyId, [ref]);
  }
  return out;
}

function reportFile(f: ReportFile): ReportFile {
  const { file, status, format, resources, from, reason, detail, fix } = f;
  return {
    file,
    status,
    ...(format !== undefined ? { format } : {}),
    ...(resources !== undefined ? { resources } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(fix !== undefined ? { fix } : {}),
  };
}

function tally(t: Tally): Tally {
  return { pass: t.pass, fail: t.fail, unknown: t.unknown, waived: t.waived, error: t.error };
}

function inputError(e: InputError): InputError {
  return {
    file: e.file,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.pointer !== undefined ? { pointer: e.pointer } : {}),
    message: e.message,
    ...(e.hint !== undefined ? { hint: e.hint } : {}),
  };
}

function waiverNote(w: WaiverNote): WaiverNote {
  return {
    policy: w.policy,
    resource: w.resource,
    reason: w.reason,
    ...(w.expires !== undefined ? { expires: w.expires } : {}),
    ...(w.owner !== undefined ? { owner: w.owner } : {}),
    source: w.source,
  };
}

interface PolicyEntry {
  title: string;
  responsibility: string;
  severity: string;
  remediation: string;
  frameworks: Record<string, string[]>;
}

/** A finding, with what its policy says given only where it says otherwise (a Rego message with its own severity). */
function finding(f: Finding, policy: PolicyEntry | undefined): Record<string, unknown> {
  const { address, kind, file, line } = f.resource;
  const own = (key: 'title' | 'responsibility' | 'severity' | 'remediation') => (policy && policy[key] !== f[key] ? { [key]: f[key] } : {});
  return {
    policyId: f.policyId,
    status: f.status,
    resource: { address, kind, ...(file !== undefined ? { file } : {}), ...(line !== undefined ? { line } : {}) },
    message: f.message,
    // The evidence value exactly as the core gave it: already "[sensitive]" where the path is sensitive.
    ...(f.evidence ? { evidence: evidenceData(f.evidence) } : {}),
    check: f.check,
    ...own('title'),
    ...own('responsibility'),
    ...own('severity'),
    ...own('remediation'),
    ...(f.item !== undefined ? { item: f.item } : {}),
    ...(f.rego !== undefined ? { rego: { file: f.rego.file, entrypoint: f.rego.entrypoint } } : {}),
    ...(f.status === 'waived'
      ? {
          waiver: {
            reason: f.waiver.reason,
            ...(f.waiver.owner !== undefined ? { owner: f.waiver.owner } : {}),
            ...(f.waiver.expires !== undefined ? { expires: f.waiver.expires } : {}),
            source: f.waiver.source,
          },
        }
      : {}),
  };
}
