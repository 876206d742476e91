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

/** Every SARIF a test produces goes through here: rendered, parsed, and validated against the official schema and GitHub's upload rules. */
export function sarifOf(report: Report, options?: SarifOptions & { includePasses?: boolean }): any {
  return checkSarif(toSarif(report, options));
}

/** A SARIF text parsed and checked against the OASIS schema (when present) and GitHub's upload rules. */
export function checkSarif(text: string): any {
  const log = JSON.parse(text);
  const validate = sarifValidate();
  if (validate) {
    const ok = validate(log);
    expect(validate.errors ?? [], 'SARIF schema errors').toEqual([]);
    expect(ok).toBe(true);
  }
  expect(githubSarifProblems(log), 'GitHub code scanning upload rules').toEqual([]);
  return log;
}

/**
 * What GitHub code scanning requires of an upload, from its documentation
 * ("SARIF support for code scanning": required properties, with no empty
 * strings, and the limits table): a file breaking any of these is refused or
 * loses results. Returns one line per problem, empty when the log passes.
 */
export function githubSarifProblems(log: any): string[] {
  const problems: string[] = [];
  const text = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(text(log?.$schema), '$schema is required');
  need(log?.version === '2.1.0', 'version must be 2.1.0');
  const runs: any[] = Array.isArray(log?.runs) ? log.runs : [];
  need(Array.isArray(log?.runs) && runs.length >= 1 && runs.length <= 20, 'runs: 1 to 20');
  runs.forEach((run, r) => {
    const driver = run?.tool?.driver;
    need(text(driver?.name), `runs[${r}].tool.driver.name is required`);
    need((run?.tool?.extensions ?? []).length <= 100, `runs[${r}]: at most 100 tool extensions`);
    const rules: any[] = Array.isArray(driver?.rules) ? driver.rules : [];
    need(Array.isArray(driver?.rules), `runs[${r}].tool.driver.rules[] is required`);
    need(rules.length <= 25_000, `runs[${r}]: at most 25,000 rules`);
    const ids = new Set<string>();
    rules.forEach((rule, i) => {
      const at = `runs[${r}].rules[${i}] (${rule?.id})`;
      need(text(rule?.id), `${at}.id is required`);
      need(!ids.has(rule?.id), `${at}.id is not unique`);
      ids.add(rule?.id);
      need(rule?.name === undefined || (text(rule.name) && rule.name.length <= 255), `${at}.name: at most 255 characters`);
      for (const key of ['shortDescription', 'fullDescription']) {
        need(text(rule?.[key]?.text) && rule[key].text.length <= 1024, `${at}.${key}.text is required, at most 1024 characters`);
      }
      need(text(rule?.help?.text), `${at}.help.text is required`);
      need(rule?.defaultConfiguration?.level === undefined || ['note', 'warning', 'error'].includes(rule.defaultConfiguration.level), `${at}.defaultConfiguration.level: note, warning or error`);
      const tags = rule?.properties?.tags;
      need(tags === undefined || (Array.isArray(tags) && tags.length <= 20 && tags.every(text)), `${at}.properties.tags: at most 20 strings`);
      const score = rule?.properties?.['security-severity'];
      need(score === undefined || (typeof score === 'string' && Number(score) > 0 && Number(score) <= 10), `${at}.properties.security-severity: a string score in (0, 10]`);
      need(rule?.helpUri === undefined || /^https?:\/\/\S+$/.test(rule.helpUri), `${at}.helpUri: an absolute web address`);
    });
    const results: any[] = Array.isArray(run?.results) ? run.results : [];
    need(Array.isArray(run?.results), `runs[${r}].results[] is required`);
    need(results.length <= 25_000, `runs[${r}]: at most 25,000 results`);
    results.forEach((res, i) => {
      const at = `runs[${r}].results[${i}] (${res?.ruleId})`;
      need(text(res?.ruleId) && ids.has(res.ruleId), `${at}.ruleId names a rule of the run`);
      need(res?.ruleIndex === undefined || rules[res.ruleIndex]?.id === res.ruleId, `${at}.ruleIndex points at its rule`);
      need(['none', 'note', 'warning', 'error'].includes(res?.level), `${at}.level is set`);
      need(text(res?.message?.text), `${at}.message.text is required`);
      const locations: any[] = Array.isArray(res?.locations) ? res.locations : [];
      need(locations.length >= 1 && locations.length <= 10, `${at}.locations: 1 to 10 (GitHub refuses a result without one)`);
      for (const loc of [...locations, ...(res?.relatedLocations ?? [])]) {
        const phys = loc?.physicalLocation;
        need(text(phys?.artifactLocation?.uri), `${at}: every location has physicalLocation.artifactLocation.uri`);
        need(Number.isInteger(phys?.region?.startLine) && phys.region.startLine >= 1, `${at}: every location has region.startLine >= 1`);
      }
      need(text(res?.partialFingerprints?.primaryLocationLineHash), `${at}.partialFingerprints.primaryLocationLineHash is required`);
    });
  });
  return problems;
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
