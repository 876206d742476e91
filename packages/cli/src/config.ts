/**
 * `.onus.yaml`: found upward from the first scanned path (stopping at the
 * filesystem root or at the folder that holds `.git`), or named with
 * `--config`. Validated by a JSON Schema (schemas/config.schema.json); every
 * problem names the file, the field and its line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readYamlDocument, SEVERITIES, type Responsibility, type Severity, type Waiver } from '@onus/core';
import type { ErrorObject } from 'ajv';
import { validateConfig } from './config-validator.js';
import { fieldName, type RegoSpec } from '@onus/engine';
import type { Problem } from './problems.js';

export const CONFIG_NAMES = ['.onus.yaml', '.onus.yml'] as const;

export type FailOn = Severity | 'none';
export const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITIES, 'none'];

/** A waiver as written in the config: core's Waiver without `source`, which loading adds (`file:line`). */
export type ConfigWaiver = Omit<Waiver, 'source'>;

/** What one scan covers (the `coverage` parameter): part of an account, or all of it. */
export type Coverage = 'partial' | 'account';

/** What `.onus.yaml` may hold. */
export interface OnusConfig {
  enable?: Responsibility[];
  coverage?: Coverage;
  params?: Record<string, unknown>;
  failOn?: FailOn;
  failOnUnknown?: boolean;
  only?: string[];
  skip?: string[];
  policies?: string[];
  /** Compiled Rego policies, paths relative to the config file. */
  rego?: RegoSpec[];
  varFiles?: string[];
  vars?: Record<string, unknown>;
  /** Render Helm charts and kustomizations (default off). */
  render?: boolean | { helm?: boolean; kustomize?: boolean };
  waivers?: ConfigWaiver[];
  docsUrl?: string;
  exclude?: string[];
  inlineWaivers?: boolean;
}

export interface LoadedConfig {
  /** The file as named in messages. */
  file: string;
  /** Absolute folder of the file (policy folders are relative to it). */
  dir: string;
  config: OnusConfig;
  /** Line of the node at a JSON pointer (or of its closest parent). */
  lineOf(pointer: string): number | undefined;
}

/**
 * The config file that applies to a path: `.onus.yaml` (or `.onus.yml`) in its
 * folder or the closest parent, not above the folder holding `.git`.
 */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Parse and validate a config text. `file` names it in problems; `dir` anchors relative policy folders. */
export function parseConfig(text: string, file: string, dir: string): { config?: LoadedConfig; problems: Problem[] } {
  const fix = 'see `onus init` for a commented example of every field';
  const read = readYamlDocument(text);
  if (read.problem) {
    const hint = read.problem.message.startsWith('not valid') ? 'correct the YAML syntax at that line' : 'remove the YAML aliases';
    return { problems: [{ file, line: read.problem.line, message: read.problem.message, hint }] };
  }
  const { lineOf } = read;
  let data = read.data;
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { problems: [{ file, line: lineOf('') ?? 1, message: 'the config must be a mapping of fields (enable, params, failOn, waivers, ...)', hint: fix }] };
  }
  // Compiled from the schema when onus was built (src/config-validator.ts): nothing to compile at start-up.
  if (!validateConfig(data)) {
    const problems = schemaProblems(validateConfig.errors ?? [], data).map((e) => ({ file, line: lineOf(e.pointer), pointer: e.pointer, message: e.message, hint: e.hint }));
    return { problems };
  }
  // A field left empty (`waivers:` with only comments under it) is as if absent.
  const config = Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([, v]) => v !== null)) as OnusConfig;
  const problems: Problem[] = [];
  if (config.coverage !== undefined && config.params?.['coverage'] !== undefined && config.params['coverage'] !== config.coverage) {
    problems.push({ file, line: lineOf('/params/coverage'), pointer: '/params/coverage', message: `params.coverage "${String(config.params['coverage'])}" contradicts coverage "${config.coverage}"`, hint: 'keep one of the two (coverage: is the usual place)' });
  }
  (config.waivers ?? []).forEach((w, i) => {
    if (w.expires && !isCalendarDate(w.expires)) {
      const pointer = `/waivers/${i}/expires`;
      problems.push({ file, line: lineOf(pointer), pointer, message: `${fieldName(pointer)} "${w.expires}" is not a calendar date`, hint: 'write the last day the waiver applies as YYYY-MM-DD' });
    }
  });
  const docsProblem = config.docsUrl !== undefined ? docsUrlProblem(config.docsUrl) : undefined;
  if (docsProblem) problems.push({ file, line: lineOf('/docsUrl'), pointer: '/docsUrl', message: `docsUrl ${docsProblem}`, hint: 'write the address of one control\'s page with {id} (and {version}) in it' });
  if (problems.length) return { problems };
  return { config: { file, dir, config, lineOf }, problems: [] };
}

/** Read, parse and validate a config file. */
export function loadConfig(path: string, displayName = path): { config?: LoadedConfig; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'config file not found' : code === 'EISDIR' ? 'this is a folder, not a config file' : `cannot read the config file (${code ?? String(err)})`;
    return { problems: [{ file: displayName, message, hint: 'give the path of a .onus.yaml with --config, or create one with `onus init`' }] };
  }
  return parseConfig(text, displayName, dirname(resolve(path)));
}

/** The config's parameter values, with `coverage:` as the `coverage` parameter. */
export function configParams(config: OnusConfig): Record<string, unknown> | undefined {
  if (config.coverage === undefined) return config.params;
  return { ...config.params, coverage: config.coverage };
}

/** The config's waivers, each naming where it was declared (`file:line`). */
export function configWaivers(loaded: LoadedConfig): Waiver[] {
  return (loaded.config.waivers ?? []).map((w, i) => {
    const line = loaded.lineOf(`/waivers/${i}`);
    return { ...w, source: `${loaded.file}${line ? `:${line}` : ''}` };
  });
}

/** A docs address template must be empty or an absolute http(s) address. */
export function docsUrlProblem(template: string): string | undefined {
  if (template === '') return undefined;
  if (!/^https?:\/\/\S+$/.test(template)) return 'must be an http(s) address such as https://docs.example/{version}/{id}.html, or "" for no links';
  if (!template.includes('{id}')) return 'must contain {id}, where the control id goes';
  return undefined;
}

function isCalendarDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

const FIELD_HINT = 'see `onus init` for a commented example of every field';

/** One problem per bad place, worded for people. */
function schemaProblems(errors: ErrorObject[], data: unknown): { pointer: string; message: string; hint: string }[] {
  const out = new Map<string, { pointer: string; message: string; hint: string }>();
  for (const e of errors) {
    let pointer = e.instancePath;
    let message: string;
    let hint = FIELD_HINT;
    const field = () => fieldName(pointer);
    if (e.keyword === 'additionalProperties') {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      pointer += `/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const allowed = Object.keys(e.parentSchema?.['properties'] ?? {}).join(', ');
      message = `unknown field "${prop}"${e.instancePath ? ` in ${fieldName(e.instancePath)}` : ''}`;
      hint = `remove it or check its spelling (known fields: ${allowed})`;
    } else if (e.keyword === 'required') {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      message = `${field()} is missing the required field "${prop}"`;
      hint = prop === 'reason' ? 'every waiver needs a reason: say why the exception is accepted' : `add ${prop}`;
    } else if (pointer.endsWith('/expires') && (e.keyword === 'pattern' || e.keyword === 'type')) {
      message = `${field()} must be a date written YYYY-MM-DD (got ${JSON.stringify(valueAt(data, pointer))})`;
      hint = 'write the last day the waiver applies, e.g. 2027-03-31';
    } else if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => String(v)).join(', ');
      message = `${field()} must be one of ${allowed} (got ${JSON.stringify(valueAt(data, pointer))})`;
      hint = `use one of ${allowed}`;
    } else if (e.keyword === 'type') {
      message = `${field()} must be ${article(String((e.params as { type: string | string[] }).type).split(',')[0]!)} (got ${describe(valueAt(data, pointer))})`;
    } else if (e.keyword === 'pattern' && /\/(policy|id)$/.test(pointer)) {
      message = `${field()} must be a policy id like DSR-NET-04${pointer.endsWith('/policy') ? ', or *' : ''} (got ${JSON.stringify(valueAt(data, pointer))})`;
      hint = 'run `onus policies list` for the ids';
    } else if (e.keyword === 'pattern' || e.keyword === 'minLength') {
      message = `${field()} must not be empty`;
    } else if (e.keyword === 'uniqueItems') {
      message = `${field()} lists the same value twice`;
      hint = 'remove the duplicate';
    } else {
      message = `${field()} ${e.message ?? 'is not valid'}`;
    }
    if (!out.has(pointer)) out.set(pointer, { pointer, message, hint });
  }
  return [...out.values()];
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const k of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
