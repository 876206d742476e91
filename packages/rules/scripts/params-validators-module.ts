/**
 * The parameter validators as code: ajv's standalone output for each
 * parameter's schema (params.yaml), compiled with the options the core
 * compiles a user's values with, so that a config that sets parameters
 * compiles no schema at start-up. `pnpm --filter @onus/rules compile`
 * rewrites src/params-validators.ts; a test fails when it is stale.
 */
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { PARAMS_AJV_OPTIONS } from '@onus/core';
import type { CompiledPackData } from '../src/compiled-pack-data.js';

/** The text of src/params-validators.ts. */
export function paramsValidatorsModuleText(specs: CompiledPackData['specs']): string {
  const ajv = new Ajv({ ...PARAMS_AJV_OPTIONS, code: { source: true, esm: true } });
  const names = Object.keys(specs);
  for (const name of names) ajv.addSchema(specs[name]!.schema as object, name);
  const code = (standalone as unknown as (a: Ajv, refs: Record<string, string>) => string)(ajv, Object.fromEntries(names.map((n) => [n, n])));
  // The one runtime helper ajv may require: string length in code points (the same count, inlined).
  const body = code.replace(/^"use strict";/, '').replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, 'ucs2length');
  if (/require\(/.test(body)) throw new Error('ajv standalone code needs more than the inlined helper');
  return [
    '// @ts-nocheck',
    '// Generated from params.yaml by scripts/params-validators-module.ts (ajv standalone); do not edit (`pnpm --filter @onus/rules compile`).',
    'const ucs2length = (s) => [...s].length;',
    body,
    '',
  ].join('\n');
}
