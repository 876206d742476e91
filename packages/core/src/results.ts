/**
 * Results as data: every (check, resource) pair gives a Finding with a status,
 * passes included, so consumers can count coverage.
 */
import type { Responsibility, Severity, Status } from './vocabulary.js';

export interface Evidence {
  /** The policy path that decided the verdict (`$.internal`). */
  path: string;
  /** The value found there; `"[sensitive]"` when the path is marked sensitive; absent when not shown. */
  value?: unknown;
  /**
   * 1-based line, in the resource's file, of the attribute at `path` (or of its
   * closest parent or enclosing block the input records): where the verdict was
   * decided. Absent when the input format gives no attribute lines.
   */
  line?: number;
}

export interface WaiverRef {
  reason: string;
  owner?: string;
  expires?: string;
  /** Where the waiver came from: the config file, or the Kubernetes annotation. */
  source: string;
}

/** What every finding has, whatever its status. */
export interface FindingBase {
  policyId: string;
  title: string;
  responsibility: Responsibility;
  severity: Severity;
  resource: { address: string; kind: string; file?: string; line?: number };
  message: string;
  evidence?: Evidence;
  remediation: string;
  frameworks: Record<string, string[]>;
  /** Index of the check in the policy that produced this result. */
  check: number;
  /** For checks with `forEach`: the item this result is about (`api.digibee.io:443`). */
  item?: string;
  /** Set for findings of a user's Rego policy: the compiled module or bundle, and the entrypoint that gave it. */
  rego?: { file: string; entrypoint: string };
}

/** One (check, resource) result, keyed on its status: a waived finding always names its waiver, no other has one. */
export type Finding = (FindingBase & { status: Exclude<Status, 'waived'>; waiver?: undefined }) | (FindingBase & { status: 'waived'; waiver: WaiverRef });

/** The placeholder printed instead of a sensitive value, in every output. */
export const REDACTED = '[sensitive]';
