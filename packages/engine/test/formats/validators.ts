/**
 * Schema validators for the writer tests: the report's own JSON Schema
 * (draft-07) and the official SARIF 2.1.0 schema (draft-04) from ../shared,
 * which may be absent: then SARIF validation is skipped, loudly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// CommonJS packages: under NodeNext the default import is module.exports, whose `.default` is the export itself.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;
import { expect } from 'vitest';
import { toSarif, type SarifOptions } from '../../src/formats/index.js';
import type { Report } from '@onus/core';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
export const SHARED = process.env['ONUS_SHARED'] ?? resolve(repo, '../shared');
export const SARIF_SCHEMA_PATH = resolve(SHARED, 'schemas/sarif-schema-2.1.0.json');
export const HAVE_SARIF_SCHEMA = existsSync(SARIF_SCHEMA_PATH);
export const REPORT_SCHEMA_PATH = fileURLToPath(new URL('../../schemas/report.schema.json', import.meta.url));

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

let sarifValidator: Validate | undefined;
let warned = false;

function sarifValidate(): Validate | undefined {
  if (!HAVE_SARIF_SCHEMA) {
    if (!warned) console.warn(`SARIF schema not found at ${SARIF_SCHEMA_PATH} (set ONUS_SHARED): SARIF output is NOT validated against the official schema`);
    warned = true;
    return undefined;
  }
  if (!sarifValidator) {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    sarifValidator = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8'))) as Validate;
  }
  return sarifValidator;
}

/** Every SARIF a test produces goes through here: rendered, parsed, and validated against the official schema. */
export function sarifOf(report: Report, options?: SarifOptions & { includePasses?: boolean }): any {
  const text = toSarif(report, options);
  const log = JSON.parse(text);
  const validate = sarifValidate();
  if (validate) {
    const ok = validate(log);
    expect(validate.errors ?? [], 'SARIF schema errors').toEqual([]);
    expect(ok).toBe(true);
  }
  return log;
}

export function sarifSchemaAccepts(log: unknown): boolean {
  const validate = sarifValidate();
  if (!validate) throw new Error(`SARIF schema not found at ${SARIF_SCHEMA_PATH}`);
  return validate(log);
}

let reportValidator: Validate | undefined;
function reportValidate(): Validate {
  if (!reportValidator) {
    // Strict mode: a typo in the published schema (an unknown keyword) fails here.
    const ajv = new Ajv({ allErrors: true, strict: true });
    reportValidator = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8'))) as Validate;
  }
  return reportValidator;
}

export function validateReportJson(data: unknown): void {
  const validate = reportValidate();
  const ok = validate(data);
  expect(validate.errors ?? [], 'report schema errors').toEqual([]);
  expect(ok).toBe(true);
}

export function reportSchemaAccepts(data: unknown): boolean {
  return reportValidate()(data);
}
