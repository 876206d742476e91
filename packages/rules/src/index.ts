/**
 * @onus/rules: the versioned pack of policies that encode the dedicated-SaaS
 * customer duties, with its parameter schema and defaults.
 * Imports: @onus/core.
 */
import { definePack, registerParamValidator, type Pack, type PolicyError } from '@onus/core';
import { COMPILED_PACK, compiledExamples } from './compiled-pack.js';
import * as PARAM_VALIDATORS from './params-validators.js';
import type { CompiledExamples, ParamSpec } from './compiled-pack-data.js';

export type { ParamSpec } from './compiled-pack-data.js';

/** The pack's parameters by name. */
export function paramSpecs(): Record<string, ParamSpec> {
  return COMPILED_PACK.specs;
}

export { coverageMatrix, INPUT_KINDS, type CoverageRow, type InputKind } from './coverage.js';

let cached: Pack | undefined;

/**
 * The default pack (loaded once). Its policies were parsed and validated when
 * the pack was compiled (src/compiled-pack.ts): no YAML parsing, no schema
 * compilation and no digest at start-up; a user's parameter values are checked
 * by validators compiled then too (src/params-validators.ts).
 */
export function loadDefaultPack(): Pack {
  if (cached) return cached;
  const { version, digest, policies, specs } = COMPILED_PACK;
  const params = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
  const paramsSchema = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.schema])),
  };
  // Each policy's examples are read on first use (onus policies show, the tests): a scan never asks.
  let examples: CompiledExamples | undefined;
  for (const policy of policies) {
    Object.defineProperty(policy, 'examples', {
      configurable: true,
      enumerable: true,
      get: () => (examples ??= compiledExamples())[policy.id],
    });
  }
  const validators = PARAM_VALIDATORS as unknown as Record<string, Parameters<typeof registerParamValidator>[1]>;
  for (const [name, schema] of Object.entries(paramsSchema.properties)) if (validators[name]) registerParamValidator(schema as object, validators[name]);
  cached = definePack({ name: '@onus/rules', version, digest, policies, params, paramsSchema });
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
