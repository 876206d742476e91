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

export interface Report {
  schemaVersion: 1;
  tool: { name: 'onus'; version: string };
  pack: { name: string; version: string; digest: string };
  inputs: ReportInput[];
  errors: InputError[];
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
  findings: Finding[];
  /** Areas that ran (so an area with no applicable resource still shows). */
  areas?: readonly Responsibility[];
  waivers?: Report['waivers'];
  startedAt?: number;
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
    scorecard: ordered,
    summary,
    findings: input.findings,
    ...(input.waivers ? { waivers: input.waivers } : {}),
    timing: { totalMs: input.startedAt !== undefined ? Math.round(performance.now() - input.startedAt) : 0 },
  };
}

/** Findings that break the build: failures (and, on request, unknowns) at or above a severity. */
export function blockingFindings(report: Pick<Report, 'findings'>, failOn: Severity, failOnUnknown = false): Finding[] {
  const min = SEVERITY_RANK[failOn];
  return report.findings.filter(
    (f) => SEVERITY_RANK[f.severity] >= min && (f.status === 'fail' || (failOnUnknown && f.status === 'unknown')),
  );
}
