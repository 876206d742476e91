/**
 * From a verdict to core Findings, in the exact shape the pack's findings have
 * (so every writer, the scorecard, waivers and `--fail-on` treat them alike),
 * marked with `rego: {file, entrypoint}`. Message texts pass through
 * ./redact.ts. Imports core types, ./conventions.ts, ./redact.ts and ./types.ts.
 */
import type { Finding, Status } from '@onus/core';
import type { RegoMessage, Verdict } from './conventions.js';
import { redact } from './redact.js';
import type { RegoPolicyInfo } from './types.js';

export type FindingResource = Finding['resource'];

/** What one evaluation was about: the input document or resource fact, and the secrets it holds. */
export interface Subject {
  resource: FindingResource;
  secrets: readonly string[];
  /** The resource a message's address names, if onus has it (file and line from its fact). */
  resolve(address: string): FindingResource | undefined;
}

export type Outcome = Verdict | { kind: 'fault'; message: string };

/** The findings of one entrypoint on one subject. */
export function findingsFor(policy: RegoPolicyInfo, outcome: Outcome, subject: Subject): Finding[] {
  const about = subject.resource.address;
  const base = (status: Exclude<Status, 'waived'>, message: string, resource = subject.resource): Finding => ({
    policyId: policy.id,
    title: policy.title,
    responsibility: policy.responsibility,
    severity: policy.severity,
    status,
    resource,
    message: redact(message, subject.secrets),
    remediation: policy.remediation,
    frameworks: {},
    check: 0,
    rego: { file: policy.file, entrypoint: policy.entrypoint },
  });
  switch (outcome.kind) {
    case 'undefined':
      return [];
    case 'fault':
      return [base('error', `${about}: could not evaluate ${policy.entrypoint}: ${outcome.message}`)];
    case 'invalid':
      return [base('error', `${about}: ${policy.entrypoint}: ${outcome.reason}`)];
    case 'boolean':
      return [outcome.value ? base('pass', `${about}: ${policy.title}`) : base('fail', `${about} does not meet: ${policy.title}`)];
    case 'messages': {
      const errors = outcome.invalid.map((reason) => base('error', `${about}: ${policy.entrypoint}: ${reason}`));
      if (outcome.messages.length === 0 && errors.length === 0) return [base('pass', `${about}: ${policy.title}`)];
      return [...outcome.messages.map((m) => messageFinding(base('fail', m.msg, attached(m, subject)), m, subject)), ...errors];
    }
  }
}

function attached(m: RegoMessage, subject: Subject): FindingResource {
  return (m.address !== undefined ? subject.resolve(m.address) : undefined) ?? subject.resource;
}

/** A message's own id, title, severity and remediation win over the entrypoint's. */
function messageFinding(f: Finding, m: RegoMessage, subject: Subject): Finding {
  if (m.id) f.policyId = m.id;
  if (m.title) f.title = redact(m.title, subject.secrets);
  if (m.severity) f.severity = m.severity;
  if (m.remediation) f.remediation = redact(m.remediation, subject.secrets);
  return f;
}
