/**
 * Policies in plain words: conditions and checks rendered as readable text
 * ("values.internal must equal true"), for `onus policies show` and other
 * tools. Every operator's words come from its definition's phrases.
 * Imports ./operators and the policy model.
 */
import { operatorDefinition } from './operators/index.js';
import { isScopeCheck, type Check, type Condition } from './policy.js';

type Leaf = { fact?: string; path?: string; params?: Record<string, unknown>; operator: string; value: unknown };

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

/** Fill a phrase template (a function replacement: a value may hold `$`). */
const phrase = (template: string, s: string, value = ''): string =>
  template.replace(/\{(subject|value)\}/g, (_, name: string) => (name === 'subject' ? s : value));

function leafText(leaf: Leaf, negated: boolean, params: Record<string, unknown> | undefined): string[] {
  const s = subject(leaf);
  const definition = operatorDefinition(leaf.operator);
  // Only an unvalidated policy gets here with an unknown operator.
  if (!definition) return [`${s} ${negated ? 'must not satisfy' : 'must satisfy'} ${leaf.operator} ${describeValue(leaf.value, params)}`];
  if (definition.kind === 'quantifier') {
    const head = phrase(negated ? definition.phrases.doesNotHold : definition.phrases.holds, s);
    const inner = describeCondition(leaf.value as Condition, params, false);
    return inner.length === 1 ? [`${head}: ${inner[0]!.trim()}`] : [`${head}:`, ...inner.map((l) => `  ${l}`)];
  }
  // A flag operator (`exists: false`) says the opposite with `false`; its phrases name no value.
  if (definition.value['type'] === 'boolean') {
    const holds = (leaf.value !== false) !== negated;
    return [phrase(holds ? definition.phrases.holds : definition.phrases.doesNotHold, s)];
  }
  return [phrase(negated ? definition.phrases.doesNotHold : definition.phrases.holds, s, describeValue(leaf.value, params))];
}

/** A condition as lines of text (nested lists indented by two spaces). */
export function describeCondition(c: Condition, params?: Record<string, unknown>, negated = false): string[] {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const list = isAll ? (c as { all: Condition[] }).all : (c as { any: Condition[] }).any;
    if (list.length === 1) return describeCondition(list[0]!, params, negated);
    // not(all) = at least one does not hold; not(any) = none holds.
    const head = negated ? (isAll ? 'not all of these may hold:' : 'none of these may hold:') : isAll ? 'all of:' : 'at least one of:';
    return [head, ...list.flatMap((x) => bullet(describeCondition(x, params, false)))];
  }
  if ('not' in c) return describeCondition(c.not, params, !negated);
  return leafText(c as Leaf, negated, params);
}

function bullet(lines: string[]): string[] {
  return lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`));
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
    if (r.where) out.push(...describeCondition(r.where, params).map((l) => `    ${l}`));
    if (check.inconclusive) {
      out.push('  a missing one proves nothing (unknown) when', ...describeCondition(check.inconclusive.when, params).map((l) => `    ${l}`));
    }
  } else {
    out.push(`Check ${index + 1}: each ${([] as string[]).concat(check.kind).join(', ')}`);
    if (check.when) {
      const when = describeCondition(check.when, params);
      if (when.length === 1) out.push(`  only when ${when[0]}`);
      else out.push('  only when', ...when.map((l) => `    ${l}`));
    }
    const assert = describeCondition(check.assert, params);
    if (assert.length === 1) out.push(`  passes when ${assert[0]}`);
    else out.push('  passes when', ...assert.map((l) => `    ${l}`));
    out.push(`  known only after apply -> ${check.onUnknown ?? 'unknown'}`);
    if (check.inconclusive) out.push('  a failure is unknown (it depends) when', ...describeCondition(check.inconclusive.when, params).map((l) => `    ${l}`));
    if (check.includeDeletes) out.push('  planned deletes are checked too');
    if (check.forEach) out.push(`  one result for each item of ${check.forEach.fact}${(check.forEach.path ?? '$').replace(/^\$/, '')}`);
  }
  if (check.message) out.push(`  message: ${check.message}`);
  return out;
}
