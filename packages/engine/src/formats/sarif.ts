/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers): one run,
 * one rule per policy that appears, one result per finding that needs a look.
 *
 * Status to SARIF (spec §3.27.9/§3.27.10: any kind but `fail` must carry level `none`):
 * - fail    -> kind fail, level from severity (critical/high error, medium warning, low/info note)
 * - waived  -> kind fail, level from severity, with an accepted suppression carrying the reason
 * - unknown -> kind open ("evaluated, not enough information to decide": known only after apply), level none
 * - error   -> kind open, level none, and a tool execution notification naming the rule
 * - pass    -> left out unless `includePasses`: code scanning would store one
 *              result per passing resource, which floods it; kind pass, level none.
 * Input errors become tool execution notifications, and make executionSuccessful false;
 * files skipped (not rendered, another tool's, Terraform source) are notifications too
 * (`onus/file-not-checked`, level warning where they hold infrastructure, else note).
 */
import { createHash } from 'node:crypto';
import { WAIVE_ANNOTATION, type Finding, type Report, type Severity } from '@onus/core';
import { AREA_NAMES, byImportance, fileUri } from './common.js';

export interface SarifOptions {
  /** driver.version; defaults to the report's tool version. */
  toolVersion?: string;
  informationUri?: string;
  /** Also emit passing results (kind `pass`). */
  includePasses?: boolean;
}

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** GitHub's `security-severity` (a CVSS-like score) for each severity. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

type Level = 'error' | 'warning' | 'note' | 'none';
const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** Notification descriptors the run's notifications point at. */
const INPUT_ERROR = 'onus/input-error';
const CHECK_ERROR = 'onus/check-error';
const NOT_CHECKED = 'onus/file-not-checked';
/** Skip reasons of files that are certainly not inputs: a note, not a warning. */
const NOT_INPUT_REASONS: ReadonlySet<string> = new Set(['other-tool', 'not-an-input', 'excluded']);

export function toSarif(report: Report, options: SarifOptions = {}): string {
  const emitted = report.findings.filter((f) => f.status !== 'pass' || options.includePasses).sort(byImportance);

  const rules = new Map<string, Finding>();
  for (const f of [...report.findings].sort((a, b) => (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0))) {
    if ((f.status !== 'pass' || options.includePasses) && !rules.has(f.policyId)) rules.set(f.policyId, f);
  }
  const ruleIndex = new Map([...rules.keys()].map((id, i) => [id, i]));

  const results = emitted.map((f) => result(f, ruleIndex.get(f.policyId)!));

  const notifications = [
    ...report.errors.map((e) => ({
      level: 'error' as const,
      message: { text: e.hint ? `${e.message} — ${e.hint}` : e.message },
      locations: [physical(e.file, e.line)],
      descriptor: { id: INPUT_ERROR, index: 0 },
    })),
    ...report.findings
      .filter((f) => f.status === 'error')
      .map((f) => ({
        level: 'error' as const,
        message: { text: f.message },
        ...(f.resource.file ? { locations: [{ ...physical(f.resource.file, f.resource.line), ...logical(f) }] } : { locations: [logical(f)] }),
        descriptor: { id: CHECK_ERROR, index: 1 },
        associatedRule: { id: f.policyId, index: ruleIndex.get(f.policyId)! },
      })),
  ];
  const notChecked = (report.files ?? [])
    .filter((f) => f.status === 'skipped')
    .map((f) => ({
      level: NOT_INPUT_REASONS.has(f.reason ?? '') ? ('note' as const) : ('warning' as const),
      message: { text: `not checked (${f.reason}): ${[f.detail, f.fix].filter(Boolean).join(' — ')}` },
      locations: [physical(f.file, undefined)],
      descriptor: { id: NOT_CHECKED, index: 2 },
    }));

  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'onus',
            version: options.toolVersion ?? report.tool.version,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: [...rules.values()].map(rule),
            notifications: [
              { id: INPUT_ERROR, name: 'InputError', shortDescription: { text: 'An input could not be read; its resources were not evaluated.' } },
              { id: CHECK_ERROR, name: 'CheckError', shortDescription: { text: 'A check could not be evaluated on a resource.' } },
              { id: NOT_CHECKED, name: 'FileNotChecked', shortDescription: { text: 'A file was seen and not checked (the message says why and how to check it).' } },
            ],
            properties: { pack: { name: report.pack.name, version: report.pack.version, digest: report.pack.digest } },
          },
        },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            ...(notifications.length + notChecked.length > 0 ? { toolExecutionNotifications: [...notifications, ...notChecked] } : {}),
          },
        ],
        results,
        properties: { summary: { ...report.summary }, inputs: report.inputs.map((i) => ({ file: i.file, format: i.format, resources: i.resources })) },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function rule(f: Finding) {
  const frameworks = Object.entries(f.frameworks).flatMap(([fw, ids]) => (ids.length > 0 ? ids.map((id) => `${fw}:${id}`) : [fw]));
  return {
    id: f.policyId,
    name: pascalName(f.title) || f.policyId,
    shortDescription: { text: f.title },
    fullDescription: { text: `${f.title}. Responsibility: ${AREA_NAMES[f.responsibility]}. Severity: ${f.severity}.` },
    help: { text: f.remediation, markdown: f.remediation },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: {
      // GitHub reads security-severity only for rules tagged "security".
      tags: [...new Set([f.responsibility, 'security', ...frameworks])],
      'security-severity': SECURITY_SEVERITY[f.severity],
      precision: 'very-high',
      severity: f.severity,
      responsibility: f.responsibility,
    },
  };
}

function result(f: Finding, ruleIndex: number) {
  const kind = f.status === 'pass' ? 'pass' : f.status === 'unknown' || f.status === 'error' ? 'open' : 'fail';
  return {
    ruleId: f.policyId,
    ruleIndex,
    kind,
    level: kind === 'fail' ? LEVEL[f.severity] : 'none',
    message: { text: f.message },
    locations: [f.resource.file ? { ...physical(f.resource.file, f.resource.line), ...logical(f) } : logical(f)],
    partialFingerprints: { 'onus/v1': fingerprint(f) },
    ...(f.status === 'waived' ? { suppressions: [suppression(f)] } : {}),
    properties: {
      status: f.status,
      severity: f.severity,
      responsibility: f.responsibility,
      resourceKind: f.resource.kind,
      // Printed as the core gave it: "[sensitive]" where the path is sensitive.
      ...(f.evidence ? { evidence: f.evidence.value !== undefined ? { path: f.evidence.path, value: f.evidence.value } : { path: f.evidence.path } } : {}),
    },
  };
}

function suppression(f: Finding) {
  const w = f.waiver;
  if (!w) return { kind: 'external', status: 'accepted' };
  return {
    // A Kubernetes annotation lives in the scanned file; a config waiver outside it.
    kind: w.source.includes(WAIVE_ANNOTATION) ? 'inSource' : 'external',
    status: 'accepted',
    justification: w.reason,
    properties: { source: w.source, ...(w.owner ? { owner: w.owner } : {}), ...(w.expires ? { expires: w.expires } : {}) },
  };
}

function physical(file: string, line: number | undefined) {
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(file) },
      ...(line !== undefined && line >= 1 ? { region: { startLine: line } } : {}),
    },
  };
}

function logical(f: Finding) {
  return { logicalLocations: [{ fullyQualifiedName: f.resource.address, kind: 'resource' }] };
}

/** Same policy, resource, check (and item): same fingerprint across runs, so alerts are tracked, not reopened. */
export function fingerprint(f: Pick<Finding, 'policyId' | 'resource' | 'check' | 'item'>): string {
  const key = `${f.policyId}\u0000${f.resource.address}\u0000${f.check}`;
  return createHash('sha256').update(f.item === undefined ? key : `${key}\u0000${f.item}`).digest('hex');
}

/** `Load balancers answer only inside the VPC` -> `LoadBalancersAnswerOnlyInsideTheVpc` (SARIF's rule name is an identifier). */
function pascalName(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/['\u2019]/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
