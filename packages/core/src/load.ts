/**
 * Loading policies: YAML files -> validated, typed Policy objects, or errors
 * that name the file, the JSON pointer of the bad field and its line.
 * Policy files are data: nothing in them is executed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { FACTS } from './compile.js';
import { isKnownOperator, QUANTIFIERS } from './operators.js';
import { parsePath, PathSyntaxError } from './paths.js';
import type { Condition, Policy } from './policy.js';
import { isScopeCheck } from './policy.js';
import { policySchema } from './policy-schema.js';

export interface PolicyError {
  file: string;
  /** JSON pointer of the bad field (`/checks/0/assert/all/1/operator`). */
  pointer: string;
  line?: number;
  message: string;
}

export interface LoadedPolicies {
  policies: Policy[];
  errors: PolicyError[];
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown) {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(policySchema);
  return { ok: validator(data) as boolean, errors: validator.errors ?? [] };
}

/** Parse and validate one policy file's text. */
export function parsePolicy(text: string, file: string): { policy?: Policy; errors: PolicyError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lineCounter.linePos(e.pos[0]).line;
    return { errors: [{ file, pointer: '', line, message: `not valid YAML: ${e.message.split('\n')[0]}` }] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // The yaml library refuses alias bombs ("excessive alias count").
    return { errors: [{ file, pointer: '', line: 1, message: `not usable YAML: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const lineOf = (pointer: string): number | undefined => {
    const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    for (let n = keys.length; n >= 0; n--) {
      const node = doc.getIn(keys.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k)), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { errors: [{ file, pointer: '', line: 1, message: 'a policy file must hold one mapping (id, title, checks, …)' }] };
  }
  const { ok, errors } = validate(data);
  if (!ok) {
    const e = mostSpecific(errors);
    return { errors: [{ file, pointer: e.pointer, line: lineOf(e.pointer), message: e.message }] };
  }
  const policy = data as Policy;
  const semantic = checkConditions(policy);
  if (semantic.length) return { errors: semantic.map((e) => ({ file, ...e, line: lineOf(e.pointer) })) };
  return { policy: { ...policy, file }, errors: [] };
}

/** Load every `*.yaml`/`*.yml` under a folder (recursively). Duplicate ids are an error. */
export function loadPolicies(dir: string): LoadedPolicies {
  return loadPolicyTexts(listPolicyFiles(dir).map((path) => ({ file: relative(process.cwd(), path) || path, text: readFileSync(path, 'utf8') })));
}

/** Load policies from texts already read (`file` names them in errors). Duplicate ids are an error. */
export function loadPolicyTexts(files: readonly { file: string; text: string }[]): LoadedPolicies {
  const policies: Policy[] = [];
  const errors: PolicyError[] = [];
  const seen = new Map<string, string>();
  for (const { file, text } of files) {
    const { policy, errors: errs } = parsePolicy(text, file);
    errors.push(...errs);
    if (!policy) continue;
    const first = seen.get(policy.id);
    if (first) {
      errors.push({ file, pointer: '/id', line: 1, message: `duplicate policy id ${policy.id} (also in ${first}); ids must be unique` });
      continue;
    }
    seen.set(policy.id, file);
    policies.push(policy);
  }
  return { policies, errors };
}

function listPolicyFiles(dir: string): string[] {
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Pick the deepest schema error: with oneOf, the branch that got furthest is the one the author meant. */
function mostSpecific(errors: ErrorObject[]): { pointer: string; message: string } {
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const pick = [...(useful.length ? useful : errors)].sort((a, b) => depth(b) - depth(a))[0]!;
  let pointer = pick.instancePath;
  let message: string;
  if (pick.keyword === 'additionalProperties') {
    const prop = (pick.params as { additionalProperty: string }).additionalProperty;
    pointer += `/${prop}`;
    message = `unknown field "${prop}"; remove it or check its spelling`;
  } else if (pick.keyword === 'required') {
    const prop = (pick.params as { missingProperty: string }).missingProperty;
    message = `missing required field "${prop}"`;
  } else if (pick.keyword === 'enum') {
    message = `must be one of ${(pick.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  } else {
    message = pick.message ?? 'is not valid';
  }
  return { pointer, message: `${pointer || '/'} ${message}` };
}

function depth(e: ErrorObject): number {
  return e.instancePath.split('/').length * 10 + (e.keyword === 'required' || e.keyword === 'additionalProperties' || e.keyword === 'enum' ? 1 : 0);
}

/** What the schema cannot say: operators exist, paths parse, facts are known. */
function checkConditions(policy: Policy): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  let itemAllowed = false;
  const walk = (c: Condition, ptr: string, nested: boolean): void => {
    if ('all' in c) return c.all.forEach((x, i) => walk(x, `${ptr}/all/${i}`, nested));
    if ('any' in c) return c.any.forEach((x, i) => walk(x, `${ptr}/any/${i}`, nested));
    if ('not' in c) return walk(c.not, `${ptr}/not`, nested);
    const fact = 'fact' in c ? c.fact : undefined;
    if (!fact && !nested) out.push({ pointer: ptr, message: `${ptr} needs a "fact" (one of ${FACTS.join(', ')})` });
    if (fact && !(FACTS as readonly string[]).includes(fact)) out.push({ pointer: `${ptr}/fact`, message: `${ptr}/fact: unknown fact "${fact}"; use one of ${FACTS.join(', ')}` });
    if (fact === 'item' && !itemAllowed) out.push({ pointer: `${ptr}/fact`, message: `${ptr}/fact: the item fact exists only in checks with forEach` });
    if ((fact === 'related' || fact === 'scan') && !('params' in c && c.params && typeof c.params['kind'] === 'string'))
      out.push({ pointer: `${ptr}/params`, message: `${ptr}/params: the ${fact} fact needs params.kind` });
    if (!isKnownOperator(c.operator)) out.push({ pointer: `${ptr}/operator`, message: `${ptr}/operator: unknown operator "${c.operator}"` });
    if (c.path !== undefined) {
      try {
        parsePath(c.path);
      } catch (err) {
        if (err instanceof PathSyntaxError) out.push({ pointer: `${ptr}/path`, message: `${ptr}/path: ${err.message}` });
        else throw err;
      }
    }
    if (QUANTIFIERS.has(c.operator)) {
      if (!c.value || typeof c.value !== 'object') out.push({ pointer: `${ptr}/value`, message: `${ptr}/value: ${c.operator} takes a condition as value` });
      else walk(c.value as Condition, `${ptr}/value`, true);
    }
  };
  policy.checks.forEach((check, i) => {
    const base = `/checks/${i}`;
    if (isScopeCheck(check)) {
      if (check.require.where) walk(check.require.where, `${base}/require/where`, false);
    } else {
      if (check.when) walk(check.when, `${base}/when`, false);
      itemAllowed = !!check.forEach;
      walk(check.assert, `${base}/assert`, false);
      itemAllowed = false;
    }
  });
  return out;
}
