/**
 * @onus/rules: the versioned pack of policies that encode the dedicated-SaaS
 * customer duties, with its parameter schema and defaults.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { definePack, loadPolicies, type Pack, type PolicyError } from '@onus/core';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Folder of the pack's policy files (`policies/<area>/<ID>.yaml`). */
export const policiesDir: string = join(root, 'policies');

interface ParamSpec {
  description: string;
  schema: Record<string, unknown>;
  default: unknown;
}

/** The pack's parameters: name -> description, JSON Schema and default. */
export function paramSpecs(): Record<string, ParamSpec> {
  return parse(readFileSync(join(root, 'params.yaml'), 'utf8')) as Record<string, ParamSpec>;
}

let cached: Pack | undefined;

/** The default pack (loaded once). Throws if a policy of the pack itself is invalid: that is a bug in the pack. */
export function loadDefaultPack(): Pack {
  if (cached) return cached;
  const { policies, errors } = loadPolicies(policiesDir);
  if (errors.length) throw new PackError(errors);
  const specs = paramSpecs();
  const params = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
  const paramsSchema = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.schema])),
  };
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  cached = definePack({ name: '@onus/rules', version, policies, params, paramsSchema });
  return cached;
}

export class PackError extends Error {
  readonly errors: PolicyError[];
  constructor(errors: PolicyError[]) {
    super(errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('\n'));
    this.name = 'PackError';
    this.errors = errors;
  }
}
