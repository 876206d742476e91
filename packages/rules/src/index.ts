/**
 * @onus/rules: the versioned pack of policies that encode the dedicated-SaaS
 * customer duties, with its parameter schema and defaults.
 * Imports: @onus/core.
 */
import { definePack, loadPolicyTexts, type Pack, type Policy, type PolicyError } from '@onus/core';
import { parse } from 'yaml';
import { readPackSource } from './pack-source.js';

/** One parameter of the pack: what it means, its JSON Schema and its default. */
export interface ParamSpec {
  description: string;
  schema: Record<string, unknown>;
  default: unknown;
}

/** The pack's parameters by name. */
export function paramSpecs(): Record<string, ParamSpec> {
  return parse(readPackSource().params) as Record<string, ParamSpec>;
}

export { coverageMatrix, INPUT_KINDS, type CoverageRow, type InputKind } from './coverage.js';

let cached: Pack | undefined;

/** The default pack (loaded once). Throws PackError if a policy of the pack itself is invalid: a bug in the pack. */
export function loadDefaultPack(): Pack {
  if (cached) return cached;
  const source = readPackSource();
  let policies: Policy[];
  if (source.policies.every((p) => p.data)) {
    // Parsed and validated when the bundle was built: skip YAML parsing and schema validation at start-up.
    policies = source.policies.map((p) => ({ ...(p.data as unknown as Policy), file: `@onus/rules/${p.file}` }));
  } else {
    const loaded = loadPolicyTexts(source.policies.map((p) => ({ file: `@onus/rules/${p.file}`, text: p.text ?? '' })));
    if (loaded.errors.length) throw new PackError(loaded.errors);
    policies = loaded.policies;
  }
  const specs = parse(source.params) as Record<string, ParamSpec>;
  const params = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
  const paramsSchema = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.schema])),
  };
  cached = definePack({ name: '@onus/rules', version: source.version, policies, params, paramsSchema });
  return cached;
}

/** The pack's own policies failed to load. */
export class PackError extends Error {
  readonly errors: PolicyError[];
  constructor(errors: PolicyError[]) {
    super(errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('\n'));
    this.name = 'PackError';
    this.errors = errors;
  }
}
