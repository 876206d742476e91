/**
 * The report model: findings plus the scorecard per responsibility, the
 * inputs read and not read, the pack's identity and timing. Output writers
 * (text, JSON, SARIF, …) render this; none of them recompute it.
 */
import type { InputError } from './facts.js';
import type { Pack } from './pack.js';
import type { Finding } from './results.js';
import { RESPONSIBILITIES, SEVERITY_RANK, type Responsibility, type Severity, type Status } from './vocabulary.js';

export type Tally = Record<Status, number>;

export interface ReportInput {
  file: string;
  format: string;
  resources: number;
}

/** What became of one file a scan saw. */
export type FileStatus = 'read' | 'rendered' | 'skipped' | 'failed';

/**
 * Why a file was not read. Each has a fixed meaning (and, in the summary, a
 * fix): `other-tool` and `not-an-input` are certainly not inputs; the others
 * hold infrastructure onus did not check.
 */
export const SKIP_REASONS = [
  /** Configuration of another tool: `package.json`, well-formed JSON or YAML no format recognises. */
  'other-tool',
  /** Empty, binary, or text with no key of any input format. */
  'not-an-input',
  /** Left out by an exclude pattern. */
  'excluded',
  /** A file with template markers outside a chart (`{{ .Values.x }}`). */
  'template',
  /** A file of a Helm chart that was not rendered. */
  'helm-chart',
  /** A file of a kustomization that was not built. */
  'kustomization',
  /** A patch (kustomize `$patch`, strategic merge), not a resource. */
  'patch',
  /** A Terraform file of a module's `examples/` folder, found in a folder scan (read only when its folder is named). */
  'module-example',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** One file of the scan's account. */
export interface ReportFile {
  file: string;
  status: FileStatus;
  /** read, rendered: the format the content was read as. */
  format?: string;
  /** read, rendered: resources it gave (rendered: where the output names its source). */
  resources?: number;
  /** rendered: the chart or kustomization it was rendered from (and the command); skipped: the one it belongs to. */
  from?: string;
  /** skipped: why. */
  reason?: SkipReason;
  /** skipped, failed: one sentence on what happened. */
  detail?: string;
  /** skipped: what to do to have it checked (a command to run or pipe). */
  fix?: string;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'onus'; version: string };
  pack: { name: string; version: string; digest: string };
  inputs: ReportInput[];
  errors: InputError[];
  /** Every file the scan saw: read, rendered, skipped (and why) or failed. */
  files?: ReportFile[];
  /** Per responsibility, only areas that ran. */
  scorecard: Partial<Record<Responsibility, Tally>>;
  summary: Tally;
  findings: Finding[];
  /** Waivers that matched nothing, and waivers past their date. */
  waivers?: { stale: WaiverNote[]; expired: WaiverNote[] };
  timing: { totalMs: number };
}

export interface WaiverNote {
  policy: string;
  resource: string;
  reason: string;
  expires?: string;
  owner?: string;
  source: string;
}

export function emptyTally(): Tally {
  return { pass: 0, fail: 0, unknown: 0, waived: 0, error: 0 };
}

export interface BuildReportInput {
  pack: Pack;
  toolVersion: string;
  inputs: ReportInput[];
  errors: InputError[];
  files?: ReportFile[];
  findings: Finding[];
  /** Areas that ran (so an area with no applicable resource still shows). */
  areas?: readonly Responsibility[];
  waivers?: Report['waivers'];
  /** `clockMs()` when the scan started. */
  startedAt?: number;
}

/**
 * A monotonic clock in milliseconds, for `startedAt`. `process.hrtime` needs
 * no module; `performance` makes Node load nine of its own on first use,
 * about 2 ms of a short run.
 */
export function clockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function buildReport(input: BuildReportInput): Report {
  const scorecard: Partial<Record<Responsibility, Tally>> = {};
  for (const area of input.areas ?? []) scorecard[area] = emptyTally();
  const summary = emptyTally();
  for (const f of input.findings) {
    (scorecard[f.responsibility] ??= emptyTally())[f.status]++;
    summary[f.status]++;
  }
  const ordered: Partial<Record<Responsibility, Tally>> = {};
  for (const area of RESPONSIBILITIES) if (scorecard[area]) ordered[area] = scorecard[area];
  return {
    schemaVersion: 1,
    tool: { name: 'onus', version: input.toolVersion },
    pack: { name: input.pack.name, version: input.pack.version, digest: input.pack.digest },
    inputs: input.inputs,
    errors: input.errors,
    ...(input.files ? { files: input.files } : {}),
    scorecard: ordered,
    summary,
    findings: input.findings,
    ...(input.waivers ? { waivers: input.waivers } : {}),
    timing: { totalMs: input.startedAt !== undefined ? Math.round(clockMs() - input.startedAt) : 0 },
  };
}

/** Findings that break the build: failures (and, on request, unknowns) at or above a severity. */
export function blockingFindings(report: Pick<Report, 'findings'>, failOn: Severity, failOnUnknown = false): Finding[] {
  const min = SEVERITY_RANK[failOn];
  return report.findings.filter(
    (f) => SEVERITY_RANK[f.severity] >= min && (f.status === 'fail' || (failOnUnknown && f.status === 'unknown')),
  );
}
