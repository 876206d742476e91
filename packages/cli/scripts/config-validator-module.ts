/**
 * The config validator as code: ajv's standalone output for the config
 * schema, generated here once so that reading `.onus.yaml` compiles no schema
 * at start-up. `pnpm --filter @onus/cli schemas` rewrites it with the
 * published schema; a test fails when the committed module is stale.
 */
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { configSchema } from '../src/config-schema.js';

/** The options the validator is compiled with (verbose: the problems quote the schema and the data). */
export const CONFIG_AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

/** The text of src/config-validator.ts. */
export function configValidatorModuleText(): string {
  const ajv = new Ajv({ ...CONFIG_AJV_OPTIONS, code: { source: true, esm: true } });
  const code = (standalone as unknown as (a: Ajv, v: unknown) => string)(ajv, ajv.compile(configSchema));
  // The one runtime helper ajv requires: string length in code points (the same count, inlined).
  const body = code
    .replace(/^"use strict";/, '')
    .replace('export const validate = validate10;export default validate10;', '')
    .replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, 'ucs2length');
  if (/require\(|export /.test(body)) throw new Error('ajv standalone code needs more than the inlined helper');
  return [
    '// @ts-nocheck',
    '// Generated from src/config-schema.ts by scripts/config-validator-module.ts (ajv standalone); do not edit (`pnpm --filter @onus/cli schemas`).',
    "import type { ValidateFunction } from 'ajv';",
    'const ucs2length = (s) => [...s].length;',
    body,
    'export const validateConfig: ValidateFunction = validate10;',
    '',
  ].join('\n');
}
