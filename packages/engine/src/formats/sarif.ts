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
 * files skipped (not rendered, another tool's, excluded) are notifications too
 * (`onus/file-not-checked`, level warning where they hold infrastructure, else note).
 *
 * GitHub code scanning refuses a whole upload when one result has no file, and
 * keys alerts on `partialFingerprints.primaryLocationLineHash`. So every result
 * has a physical location with a region (startLine >= 1): a finding about the
 * whole scan (no budget, no NAT, no password policy) is placed on the one input
 * it was judged on, or, when the scan read several, on the scan's settings file
 * (`configFile`, else `.onus.yaml` in the inputs' common folder) at line 1; and
 * every result carries an onus fingerprint as its primaryLocationLineHash, so
 * results in a one-line plan JSON are not merged by line.
 */
import { WAIVE_ANNOTATION, type Finding, type Report, type Severity } from '@onus/core';
import { AREA_NAMES, byImportance, evidenceData, fileUri, findingLine } from './common.js';
import { policyDocUrl, type LinkOptions } from './links.js';

export interface SarifOptions extends LinkOptions {
  /** driver.version; defaults to the report's tool version. */
  toolVersion?: string;
  informationUri?: string;
  /** Also emit passing results (kind `pass`). */
  includePasses?: boolean;
  /** The settings file the scan read: where findings about a scan of several inputs are placed. */
  configFile?: string;
}

/** GitHub's limits on a rule (docs: "SARIF support for code scanning"). */
const MAX_RULE_NAME = 255;
const MAX_DESCRIPTION = 1024;
const MAX_TAGS = 20;

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

  const scanFile = scanLevelFile(report, options.configFile);
  const results = emitted.map((f) => result(f, ruleIndex.get(f.policyId)!, scanFile));

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
        locations: [location(f, scanFile)],
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
            rules: [...rules.values()].map((f) => rule(f, policyDocUrl(report, f.policyId, options))),
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

function rule(f: Finding, helpUri: string | undefined) {
  const frameworks = Object.entries(f.frameworks).flatMap(([fw, ids]) => (ids.length > 0 ? ids.map((id) => `${fw}:${id}`) : [fw]));
  const title = f.title.trim() || f.policyId;
  // GitHub refuses empty required texts: help falls back to the title.
  const help = f.remediation.trim() || title;
  return {
    id: f.policyId,
    name: clip(pascalName(title) || f.policyId, MAX_RULE_NAME),
    shortDescription: { text: clip(title, MAX_DESCRIPTION) },
    fullDescription: { text: clip(`${title}. Responsibility: ${AREA_NAMES[f.responsibility]}. Severity: ${f.severity}.`, MAX_DESCRIPTION) },
    ...(helpUri ? { helpUri } : {}),
    help: { text: helpUri ? `${help}\n\nDocumentation: ${helpUri}` : help, markdown: helpUri ? `${help}\n\n[Documentation of ${f.policyId}](${helpUri})` : help },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: {
      // GitHub reads security-severity only for rules tagged "security", and keeps at most 20 tags.
      tags: [...new Set([f.responsibility, 'security', ...frameworks])].slice(0, MAX_TAGS),
      'security-severity': SECURITY_SEVERITY[f.severity],
      precision: 'very-high',
      severity: f.severity,
      responsibility: f.responsibility,
    },
  };
}

function result(f: Finding, ruleIndex: number, scanFile: string) {
  const kind = f.status === 'pass' ? 'pass' : f.status === 'unknown' || f.status === 'error' ? 'open' : 'fail';
  return {
    ruleId: f.policyId,
    ruleIndex,
    kind,
    level: kind === 'fail' ? LEVEL[f.severity] : 'none',
    message: { text: f.message.trim() || f.title || f.policyId },
    locations: [location(f, scanFile)],
    partialFingerprints: partialFingerprints(f),
    ...(f.status === 'waived' ? { suppressions: [suppression(f)] } : {}),
    properties: {
      status: f.status,
      severity: f.severity,
      responsibility: f.responsibility,
      resourceKind: f.resource.kind,
      // Printed as the core gave it: "[sensitive]" where the path is sensitive.
      ...(f.evidence ? { evidence: evidenceData(f.evidence) } : {}),
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

/** Always a region: GitHub needs a start line, and line 1 stands for the whole file. */
function physical(file: string, line: number | undefined) {
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(file) },
      region: { startLine: line !== undefined && Number.isInteger(line) && line >= 1 ? line : 1 },
    },
  };
}

/** The finding's own file and line, or for a finding about the whole scan, the file it is placed on. */
function location(f: Finding, scanFile: string) {
  return { ...(f.resource.file ? physical(f.resource.file, findingLine(f)) : physical(scanFile, 1)), ...logical(f) };
}

/**
 * Where findings without a file go: the scan's one input; else the settings
 * file (given, or `.onus.yaml` in the folder all inputs share), since that is
 * where a scan says what it covers.
 */
export function scanLevelFile(report: Pick<Report, 'inputs'>, configFile?: string): string {
  const files = [...new Set(report.inputs.map((i) => i.file))];
  if (files.length === 1) return files[0]!;
  if (configFile) return configFile;
  const dirs = files.map((f) => f.replace(/\\/g, '/').split('/').slice(0, -1));
  const common: string[] = [];
  for (let i = 0; dirs.length > 0 && dirs.every((d) => i < d.length && d[i] === dirs[0]![i]); i++) common.push(dirs[0]![i]!);
  return [...common, '.onus.yaml'].join('/');
}

function logical(f: Finding) {
  return { logicalLocations: [{ fullyQualifiedName: f.resource.address, kind: 'resource' }] };
}

/**
 * GitHub matches alerts on primaryLocationLineHash only, and computes one from
 * the line's text when it is missing: every result of a one-line plan JSON
 * would then share one. onus gives its own, from the finding's identity.
 */
function partialFingerprints(f: Finding) {
  const id = fingerprint(f);
  return { 'onus/v1': id, primaryLocationLineHash: `${id.slice(0, 16)}:1` };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Same policy, resource, check (and item): same fingerprint across runs, so alerts are tracked, not reopened. */
export function fingerprint(f: Pick<Finding, 'policyId' | 'resource' | 'check' | 'item'>): string {
  const key = `${f.policyId}\u0000${f.resource.address}\u0000${f.check}`;
  // node:crypto when first needed: a scan that writes no SARIF does not load it.
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(f.item === undefined ? key : `${key}\u0000${f.item}`).digest('hex');
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
