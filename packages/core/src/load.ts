/**
 * Loading policies: YAML files -> validated, typed Policy objects, or errors
 * that name the file, the JSON pointer of the bad field and its line.
 * Beyond the JSON Schema, every operator value is checked against its
 * operator's schema and precompiled, and every message placeholder against
 * the fields a finding has. Policy files are data: nothing in them is executed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { FACTS } from './compile.js';
import { messageFields, unknownPlaceholder } from './messages.js';
import { compileLiteral, operatorDefinition } from './operators/index.js';
import { parsePath, PathSyntaxError } from './paths.js';
import type { Condition, Policy } from './policy.js';
import { isScopeCheck } from './policy.js';
import { policySchema } from './policy-schema.js';
import { mostSpecificError, schemaProblem, type Problem } from './schema-errors.js';
import { readYamlDocument } from './yaml-document.js';

/** A problem in a policy file. */
export type PolicyError = Problem;

export interface LoadedPolicies {
  policies: Policy[];
  errors: PolicyError[];
}

// validateSchema off: these schemas are onus's own (tested), and checking them compiles the draft-07 meta-schema.
// Made when a policy file is first read: a scan with the shipped (precompiled) pack needs none.
let ajvInstance: Ajv | undefined;
const ajv = (): Ajv => (ajvInstance ??= new Ajv({ allErrors: true, strict: false, validateSchema: false }));
let validator: ValidateFunction | undefined;
const valueValidators = new Map<string, ValidateFunction>();

/** Parse and validate one policy file's text. */
export function parsePolicy(text: string, file: string): { policy?: Policy; errors: PolicyError[] } {
  const doc = readYamlDocument(text);
  if (doc.problem) return { errors: [{ file, pointer: '', ...doc.problem }] };
  const data = doc.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { errors: [{ file, pointer: '', line: 1, message: 'a policy file must hold one mapping (id, title, checks, …)' }] };
  }
  validator ??= ajv().compile(policySchema);
  if (!validator(data)) {
    const { pointer, message } = schemaProblem(mostSpecificError(validator.errors ?? []));
    return { errors: [{ file, pointer, line: doc.lineOf(pointer), message: `${pointer || '/'} ${message}` }] };
  }
  const policy = data as Policy;
  const semantic = checkPolicy(policy);
  if (semantic.length) return { errors: semantic.map((e) => ({ file, ...e, line: doc.lineOf(e.pointer) })) };
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

type Located = { pointer: string; message: string };

const isFactRef = (v: unknown): v is { fact: unknown; path?: unknown; params?: unknown } =>
  !!v && typeof v === 'object' && !Array.isArray(v) && 'fact' in v;

/** What the schema cannot say: operators exist and their values fit, paths parse, facts are known, messages name real fields. */
function checkPolicy(policy: Policy): Located[] {
  const out: Located[] = [];
  let itemAllowed = false;
  const checkFact = (fact: string, ptr: string): void => {
    if (!(FACTS as readonly string[]).includes(fact)) out.push({ pointer: `${ptr}/fact`, message: `${ptr}/fact: unknown fact "${fact}"; use one of ${FACTS.join(', ')}` });
    if (fact === 'item' && !itemAllowed) out.push({ pointer: `${ptr}/fact`, message: `${ptr}/fact: the item fact exists only in checks with forEach` });
  };
  const checkPath = (path: unknown, ptr: string): void => {
    if (path === undefined) return;
    try {
      parsePath(String(path));
    } catch (err) {
      if (err instanceof PathSyntaxError) out.push({ pointer: ptr, message: `${ptr}: ${err.message}` });
      else throw err;
    }
  };
  const walk = (c: Condition, ptr: string, nested: boolean): void => {
    if ('all' in c) return c.all.forEach((x, i) => walk(x, `${ptr}/all/${i}`, nested));
    if ('any' in c) return c.any.forEach((x, i) => walk(x, `${ptr}/any/${i}`, nested));
    if ('not' in c) return walk(c.not, `${ptr}/not`, nested);
    const fact = 'fact' in c ? c.fact : undefined;
    if (!fact && !nested) out.push({ pointer: ptr, message: `${ptr} needs a "fact" (one of ${FACTS.join(', ')})` });
    if (fact) checkFact(fact, ptr);
    if ((fact === 'related' || fact === 'scan') && !('params' in c && c.params && typeof c.params['kind'] === 'string'))
      out.push({ pointer: `${ptr}/params`, message: `${ptr}/params: the ${fact} fact needs params.kind` });
    checkPath(c.path, `${ptr}/path`);
    const definition = operatorDefinition(c.operator);
    if (!definition) {
      out.push({ pointer: `${ptr}/operator`, message: `${ptr}/operator: unknown operator "${c.operator}"; see the operator table in docs/writing-policies.md` });
      return;
    }
    const vptr = `${ptr}/value`;
    if (definition.kind === 'quantifier') {
      if (!c.value || typeof c.value !== 'object' || Array.isArray(c.value)) out.push({ pointer: vptr, message: `${vptr}: ${c.operator} takes ${definition.value.description} as value` });
      else walk(c.value as Condition, vptr, true);
      return;
    }
    if (isFactRef(c.value)) {
      // Read at evaluation time (`{ fact: params, path: $.x }`): its shape is checked here, its content then.
      const { fact: vfact, path: vpath, params, ...rest } = c.value;
      if (typeof vfact !== 'string') out.push({ pointer: `${vptr}/fact`, message: `${vptr}/fact: must be a fact name (one of ${FACTS.join(', ')})` });
      else checkFact(vfact, vptr);
      if (vpath !== undefined && typeof vpath !== 'string') out.push({ pointer: `${vptr}/path`, message: `${vptr}/path: must be a path such as $.name` });
      else checkPath(vpath, `${vptr}/path`);
      const extra = Object.keys(rest)[0];
      if (extra !== undefined || (params !== undefined && (typeof params !== 'object' || params === null)))
        out.push({ pointer: `${vptr}/${extra ?? 'params'}`, message: `${vptr}: a value read from a fact is { fact, path, params? }; "${extra ?? 'params'}" does not belong there` });
      return;
    }
    let validate = valueValidators.get(definition.name);
    if (!validate) valueValidators.set(definition.name, (validate = ajv().compile(definition.value)));
    if (!validate(c.value)) {
      out.push({ pointer: vptr, message: `${vptr}: ${c.operator} takes ${definition.value.description}; got ${JSON.stringify(c.value) ?? 'nothing'}` });
      return;
    }
    const compiled = compileLiteral(c, definition);
    if (!compiled.ok) out.push({ pointer: vptr, message: `${vptr}: ${compiled.problem}` });
  };
  const checkTemplate = (template: string | undefined, ptr: string, allowed: readonly string[]): void => {
    if (template === undefined) return;
    const problem = unknownPlaceholder(template, allowed);
    if (problem) out.push({ pointer: ptr, message: `${ptr}: ${problem}` });
  };
  policy.checks.forEach((check, i) => {
    const base = `/checks/${i}`;
    if (isScopeCheck(check)) {
      if (check.require.where) walk(check.require.where, `${base}/require/where`, false);
      checkTemplate(check.message, `${base}/message`, messageFields({ scope: true, forEach: false }));
      if (check.inconclusive) {
        walk(check.inconclusive.when, `${base}/inconclusive/when`, false);
        checkTemplate(check.inconclusive.message, `${base}/inconclusive/message`, messageFields({ scope: true, forEach: false }));
      }
    } else {
      if (check.when) walk(check.when, `${base}/when`, false);
      itemAllowed = !!check.forEach;
      walk(check.assert, `${base}/assert`, false);
      itemAllowed = false;
      checkTemplate(check.message, `${base}/message`, messageFields({ scope: false, forEach: !!check.forEach }));
      if (check.inconclusive) {
        walk(check.inconclusive.when, `${base}/inconclusive/when`, false);
        checkTemplate(check.inconclusive.message, `${base}/inconclusive/message`, messageFields({ scope: false, forEach: !!check.forEach }));
      }
      if (check.forEach) {
        checkPath(check.forEach.path, `${base}/forEach/path`);
        const as = check.forEach.as;
        // `as` names fields of each item, which only the scan knows; its braces must still pair up.
        if (as !== undefined && as.replace(/\{[^{}]+\}/g, '').match(/[{}]/))
          out.push({ pointer: `${base}/forEach/as`, message: `${base}/forEach/as: "${as}" has a "{" or "}" that is not part of a {field} placeholder` });
      }
    }
  });
  return out;
}
