/**
 * The conventions a Rego entrypoint's value is read under, as a pure function
 * of the SDK's result set: a set of messages (Conftest `deny`/`violation`/`warn`,
 * Snyk custom rules: strings, or objects with `msg` and optional `id`/`publicId`,
 * `severity`, `resource`/`address`, `title`, `remediation`), or a boolean
 * (`allow`). Anything else is outside the conventions. Imports core constants only.
 */
import { SEVERITIES, type Severity } from '@onus/core';

export interface RegoMessage {
  msg: string;
  id?: string;
  severity?: Severity;
  /** The resource the message is about: its `resource`/`address`, or the Terraform address a Snyk path (`input.resource.aws_instance[web].tags`) names. */
  address?: string;
  title?: string;
  remediation?: string;
}

export type Verdict =
  /** The entrypoint is undefined for this input: the rule does not apply. */
  | { kind: 'undefined' }
  | { kind: 'boolean'; value: boolean }
  /** `invalid` lists the members that are not messages, each with why. */
  | { kind: 'messages'; messages: RegoMessage[]; invalid: string[] }
  | { kind: 'invalid'; reason: string };

/** Read the SDK's result set (`[]` or `[{result}]`) under the conventions. */
export function readVerdict(resultSet: unknown): Verdict {
  if (!Array.isArray(resultSet)) return { kind: 'invalid', reason: `the SDK returned ${describe(resultSet)}, not a result set` };
  if (resultSet.length === 0) return { kind: 'undefined' };
  if (resultSet.length > 1) return { kind: 'invalid', reason: `the result set has ${resultSet.length} results; an entrypoint gives one` };
  const value = (resultSet[0] as { result?: unknown } | null)?.result;
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (!Array.isArray(value)) {
    return { kind: 'invalid', reason: `the entrypoint gave ${describe(value)}; onus reads a set of messages (deny/violation/warn) or a boolean (allow)` };
  }
  const messages: RegoMessage[] = [];
  const invalid: string[] = [];
  for (const member of value) {
    const read = readMessage(member);
    if (typeof read === 'string') invalid.push(read);
    else messages.push(read);
  }
  return { kind: 'messages', messages, invalid };
}

const SNYK_PATH = /^input\.resource\.([A-Za-z0-9_-]+)\[([^\]]+)\]/;

function readMessage(member: unknown): RegoMessage | string {
  if (typeof member === 'string') return withAddress({ msg: member });
  if (member === null || typeof member !== 'object' || Array.isArray(member)) return `a message is ${describe(member)}, not a string or an object with \`msg\``;
  const m = member as Record<string, unknown>;
  if (typeof m.msg !== 'string') return `a message object has no \`msg\` string (keys: ${Object.keys(m).join(', ') || 'none'})`;
  const out: RegoMessage = { msg: m.msg };
  const id = nonEmpty(m.id) ?? nonEmpty(m.publicId);
  if (id) out.id = id;
  if (m.severity !== undefined && m.severity !== '') {
    const severity = typeof m.severity === 'string' ? m.severity.toLowerCase() : undefined;
    if (!severity || !(SEVERITIES as readonly string[]).includes(severity)) {
      return `message ${JSON.stringify(m.msg)} has severity ${JSON.stringify(m.severity)}, not one of ${SEVERITIES.join(', ')}`;
    }
    out.severity = severity as Severity;
  }
  const address = nonEmpty(m.resource) ?? nonEmpty(m.address);
  if (address) out.address = address;
  const title = nonEmpty(m.title);
  if (title) out.title = title;
  const remediation = nonEmpty(m.remediation);
  if (remediation) out.remediation = remediation;
  return withAddress(out);
}

/** Snyk rules put the offending path in `msg`; its resource part is a Terraform address. */
function withAddress(m: RegoMessage): RegoMessage {
  if (m.address) return m;
  const snyk = SNYK_PATH.exec(m.msg);
  return snyk ? { ...m, address: `${snyk[1]}.${snyk[2]!.replace(/^["']|["']$/g, '')}` } : m;
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an object (keys: ${Object.keys(v).slice(0, 5).join(', ')})`;
  return `a ${typeof v} (${JSON.stringify(v).slice(0, 60)})`;
}
