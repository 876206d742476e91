/**
 * A pack: a named, versioned set of policies with parameter defaults and the
 * JSON Schema of its parameters. Loaded from a folder of YAML policy files.
 */
import type { Policy } from './policy.js';

export interface Pack {
  name: string;
  version: string;
  /** sha256 over the policies' canonical JSON, in id order. */
  digest: string;
  policies: Policy[];
  /** Parameter defaults. */
  params: Record<string, unknown>;
  /** JSON Schema of the parameters (object schema), when the pack has one. */
  paramsSchema?: Record<string, unknown>;
}

/** Canonical JSON: object keys sorted, so a digest does not depend on key order or formatting. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Digest of one policy (its content, not its file name or formatting). */
export function policyDigest(policy: Policy): string {
  const { file: _file, ...content } = policy;
  // node:crypto when first needed: the shipped pack's digest is computed when it is built.
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export function packDigest(policies: readonly Policy[], params: Record<string, unknown> = {}): string {
  const h = process.getBuiltinModule('node:crypto').createHash('sha256');
  for (const p of [...policies].sort((a, b) => (a.id < b.id ? -1 : 1))) h.update(`${p.id}:${policyDigest(p)}\n`);
  h.update(canonicalJson(params));
  return h.digest('hex');
}

export function definePack(input: Omit<Pack, 'digest'> & { digest?: string }): Pack {
  return { ...input, digest: input.digest ?? packDigest(input.policies, input.params) };
}
