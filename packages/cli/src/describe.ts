/**
 * Policies in plain words: conditions rendered as readable text
 * ("values.internal must equal true") for `onus policies show`.
 */
import { isScopeCheck, type Check, type Condition, type Policy } from '@onus/core';

type Leaf = { fact?: string; path?: string; params?: Record<string, unknown>; operator: string; value: unknown };

const QUANTIFIED: Record<string, [string, string]> = {
  anyItem: ['at least one item of {s} must satisfy', 'no item of {s} may satisfy'],
  allItems: ['every item of {s} must satisfy', 'not every item of {s} may satisfy'],
  noItem: ['no item of {s} may satisfy', 'at least one item of {s} must satisfy'],
  jsonDocument: ['{s}, read as a JSON document, must satisfy', '{s}, read as a JSON document, must not satisfy'],
};

/** [positive, negated] phrases; `{v}` is the value. */
const PHRASES: Record<string, [string, string]> = {
  equal: ['must equal {v}', 'must not equal {v}'],
  notEqual: ['must not equal {v}', 'must equal {v}'],
  in: ['must be one of {v}', 'must not be one of {v}'],
  notIn: ['must not be one of {v}', 'must be one of {v}'],
  contains: ['must contain {v}', 'must not contain {v}'],
  doesNotContain: ['must not contain {v}', 'must contain {v}'],
  lessThan: ['must be less than {v}', 'must not be less than {v}'],
  lessThanInclusive: ['must be at most {v}', 'must be more than {v}'],
  greaterThan: ['must be greater than {v}', 'must be at most {v}'],
  greaterThanInclusive: ['must be at least {v}', 'must be less than {v}'],
  matches: ['must match the regular expression {v}', 'must not match the regular expression {v}'],
  matchesGlob: ['must match the pattern {v}', 'must not match the pattern {v}'],
  intersects: ['must share a value with {v}', 'must share no value with {v}'],
  containsAll: ['must contain all of {v}', 'must not contain all of {v}'],
  containsAny: ['must contain at least one of {v}', 'must contain none of {v}'],
  lengthGte: ['must have a length of at least {v}', 'must be shorter than {v}'],
  numberGte: ['must be a number of at least {v}', 'must be a number below {v}'],
  numberLte: ['must be a number of at most {v}', 'must be a number above {v}'],
  numberGt: ['must be a number above {v}', 'must be a number of at most {v}'],
  durationLte: ['must be a duration of at most {v}', 'must be a duration longer than {v}'],
  durationGte: ['must be a duration of at least {v}', 'must be a duration shorter than {v}'],
  cidrIncludes: ['must include the address {v}', 'must not include the address {v}'],
  cidrWithin: ['must lie within {v}', 'must not lie (only) within {v}'],
  portInRange: ['must cover port {v}', 'must not cover port {v}'],
};

/** A value as people read it: parameters by name (with their current value when known). */
export function describeValue(value: unknown, params?: Record<string, unknown>): string {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'fact' in value) {
    const ref = value as { fact: string; path?: string };
    if (ref.fact === 'params') {
      const name = (ref.path ?? '$').replace(/^\$\.?/, '');
      const current = params && name in params ? ` (${short(params[name])})` : '';
      return `the parameter ${name}${current}`;
    }
    return subject(ref as Leaf);
  }
  return short(value);
}

function short(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text.replace(/,/g, ', ');
}

function subject(leaf: Leaf): string {
  const path = (leaf.path ?? '$').replace(/^\$/, '');
  if (leaf.fact === undefined) return path ? `item${path}` : 'the item';
  if (leaf.fact === 'params') return `the parameter ${path.replace(/^\./, '') || '(all)'}`;
  if (leaf.fact === 'related') {
    const kind = leaf.params?.['kind'];
    const via = leaf.params?.['via'];
    const kinds = Array.isArray(kind) ? kind.join(' or ') : String(kind);
    return `the related ${kinds}${via ? ` (via ${String(via)})` : ''}${path ? ` ${path.replace(/^\./, '')}` : ''}`;
  }
  return `${leaf.fact}${path}`;
}

function leafText(leaf: Leaf, negated: boolean, params: Record<string, unknown> | undefined, item: boolean): string[] {
  const s = subject(leaf);
  const q = QUANTIFIED[leaf.operator];
  if (q) {
    const head = q[negated ? 1 : 0].replace('{s}', s);
    const inner = conditionLines(leaf.value as Condition, params, false, true);
    return inner.length === 1 ? [`${head}: ${inner[0]!.trim()}`] : [`${head}:`, ...inner.map((l) => `  ${l}`)];
  }
  const v = leaf.value;
  switch (leaf.operator) {
    case 'exists':
      return [`${s} ${(v !== false) !== negated ? 'must be set' : 'must not be set'}`];
    case 'notEmpty':
      return [`${s} ${(v !== false) !== negated ? 'must be set and not empty' : 'must be empty or unset'}`];
    case 'isPublicCidr':
      return [`${s} ${(v !== false) !== negated ? 'must be a public (internet-routable) range' : 'must not be a public (internet-routable) range'}`];
  }
  const phrase = PHRASES[leaf.operator];
  const value = describeValue(v, params);
  if (!phrase) return [`${s} ${negated ? 'must not satisfy' : 'must satisfy'} ${leaf.operator} ${value}`];
  return [`${s} ${phrase[negated ? 1 : 0].replace('{v}', value)}`];
}

/** A condition as lines of text (nested lists indented by two spaces). */
export function conditionLines(c: Condition, params?: Record<string, unknown>, negated = false, item = false): string[] {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const list = isAll ? (c as { all: Condition[] }).all : (c as { any: Condition[] }).any;
    if (list.length === 1) return conditionLines(list[0]!, params, negated, item);
    // not(all) = at least one does not hold; not(any) = none holds.
    const head = negated ? (isAll ? 'not all of these may hold:' : 'none of these may hold:') : isAll ? 'all of:' : 'at least one of:';
    return [head, ...list.flatMap((x) => bullet(conditionLines(x, params, false, item)))];
  }
  if ('not' in c) return conditionLines(c.not, params, !negated, item);
  return leafText(c as Leaf, negated, params, item);
}

function bullet(lines: string[]): string[] {
  return lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`));
}

/** Kinds of a check, as a list. */
export function checkKinds(check: Check): string[] {
  if (isScopeCheck(check)) return ([] as string[]).concat(check.require.kind);
  return ([] as string[]).concat(check.kind);
}

/** One check as text lines. */
export function describeCheck(check: Check, index: number, params?: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (isScopeCheck(check)) {
    const r = check.require;
    const kinds = ([] as string[]).concat(r.kind).join(' or ');
    out.push(`Check ${index + 1}: over the whole scan`);
    out.push(`  when the scan holds any of ${r.whenAny.join(', ')},`);
    out.push(`  it must hold at least ${r.min ?? 1} ${kinds}${r.where ? ' that satisfies:' : ''}`);
    if (r.where) out.push(...conditionLines(r.where, params).map((l) => `    ${l}`));
  } else {
    out.push(`Check ${index + 1}: each ${([] as string[]).concat(check.kind).join(', ')}`);
    if (check.when) {
      const when = conditionLines(check.when, params);
      if (when.length === 1) out.push(`  only when ${when[0]}`);
      else out.push('  only when', ...when.map((l) => `    ${l}`));
    }
    const assert = conditionLines(check.assert, params);
    if (assert.length === 1) out.push(`  passes when ${assert[0]}`);
    else out.push('  passes when', ...assert.map((l) => `    ${l}`));
    out.push(`  known only after apply -> ${check.onUnknown ?? 'unknown'}`);
    if (check.includeDeletes) out.push('  planned deletes are checked too');
    if (check.forEach) out.push(`  one result for each item of ${check.forEach.fact}${(check.forEach.path ?? '$').replace(/^\$/, '')}`);
  }
  if (check.message) out.push(`  message: ${check.message}`);
  return out;
}

/** Names of the pack parameters a policy reads. */
export function paramsUsed(policy: Policy): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o['fact'] === 'params' && typeof o['path'] === 'string') {
      const name = /^\$\.?([A-Za-z_][\w]*)/.exec(o['path'])?.[1] ?? /^\$\[["']([^"']+)["']\]/.exec(o['path'])?.[1];
      if (name) found.add(name);
    }
    for (const key of Object.keys(o)) visit(o[key]);
  };
  visit(policy.checks);
  return [...found].sort();
}
