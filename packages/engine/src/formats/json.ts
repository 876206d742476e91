/**
 * The report as JSON, in the shape published as `schemas/report.schema.json`
 * (`schemaVersion: 1`). Fields are copied by name, so nothing that is not
 * part of the documented shape (and could come from a resource) slips out.
 */
import type { Finding, FindingBase, InputError, Report, ReportFile, Tally, WaiverNote } from '@onus/core';
import { evidenceData } from './common.js';

export function toJson(report: Report): string {
  return `${JSON.stringify(project(report), null, 2)}\n`;
}

function project(r: Report): Report {
  return {
    schemaVersion: r.schemaVersion,
    tool: { name: r.tool.name, version: r.tool.version },
    pack: { name: r.pack.name, version: r.pack.version, digest: r.pack.digest },
    inputs: r.inputs.map((i) => ({ file: i.file, format: i.format, resources: i.resources })),
    errors: r.errors.map(inputError),
    ...(r.files ? { files: r.files.map(reportFile) } : {}),
    scorecard: Object.fromEntries(Object.entries(r.scorecard).map(([area, t]) => [area, tally(t)])),
    summary: tally(r.summary),
    findings: r.findings.map(finding),
    ...(r.waivers ? { waivers: { stale: r.waivers.stale.map(waiverNote), expired: r.waivers.expired.map(waiverNote) } } : {}),
    timing: { totalMs: r.timing.totalMs },
  };
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

function finding(f: Finding): Finding {
  const { address, kind, file, line } = f.resource;
  const base: FindingBase = {
    policyId: f.policyId,
    title: f.title,
    responsibility: f.responsibility,
    severity: f.severity,
    resource: { address, kind, ...(file !== undefined ? { file } : {}), ...(line !== undefined ? { line } : {}) },
    message: f.message,
    // The evidence value exactly as the core gave it: already "[sensitive]" where the path is sensitive.
    ...(f.evidence ? { evidence: evidenceData(f.evidence) } : {}),
    remediation: f.remediation,
    frameworks: Object.fromEntries(Object.entries(f.frameworks).map(([k, v]) => [k, [...v]])),
    check: f.check,
    ...(f.item !== undefined ? { item: f.item } : {}),
    ...(f.rego !== undefined ? { rego: { file: f.rego.file, entrypoint: f.rego.entrypoint } } : {}),
  };
  // Key order as published: status after severity.
  const head = { policyId: base.policyId, title: base.title, responsibility: base.responsibility, severity: base.severity };
  if (f.status !== 'waived') return { ...head, status: f.status, ...base };
  const waiver = {
    reason: f.waiver.reason,
    ...(f.waiver.owner !== undefined ? { owner: f.waiver.owner } : {}),
    ...(f.waiver.expires !== undefined ? { expires: f.waiver.expires } : {}),
    source: f.waiver.source,
  };
  return { ...head, status: 'waived', ...base, waiver };
}
