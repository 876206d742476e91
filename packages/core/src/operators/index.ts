/**
 * The operator registry: every operator definition, in documentation order.
 * Adding an operator is one definition in a group file and, for a new group,
 * one line here. Imports the group files of this folder only.
 */
import type { AnyOperatorDefinition, OperatorDefinition, QuantifierDefinition } from './definition.js';
import { comparisonOperators } from './comparison.js';
import { presenceOperators } from './presence.js';
import { textOperators } from './text.js';
import { listOperators } from './lists.js';
import { numberOperators } from './numbers.js';
import { networkOperators } from './network.js';
import { quantifiers } from './quantifiers.js';

export type { AnyOperatorDefinition, OperatorDefinition, QuantifierDefinition, OperatorExample, Phrases, ValueSchema } from './definition.js';
export { durationSeconds } from './numbers.js';
export { isPublicCidr } from './network.js';
export { parseJsonDocument } from './quantifiers.js';

export const OPERATOR_DEFINITIONS: readonly AnyOperatorDefinition[] = [
  ...comparisonOperators,
  ...presenceOperators,
  ...textOperators,
  ...listOperators,
  ...numberOperators,
  ...networkOperators,
  ...quantifiers,
];

const byName = new Map<string, AnyOperatorDefinition>(OPERATOR_DEFINITIONS.map((d) => [d.name, d]));

/** The definition of an operator, or undefined for an unknown name. */
export function operatorDefinition(name: string): AnyOperatorDefinition | undefined {
  return byName.get(name);
}

export function isQuantifier(name: string): boolean {
  return byName.get(name)?.kind === 'quantifier';
}

/** Operators whose value is a nested condition evaluated per item. */
export const QUANTIFIERS: ReadonlySet<string> = new Set(OPERATOR_DEFINITIONS.filter((d): d is QuantifierDefinition => d.kind === 'quantifier').map((d) => d.name));

/** onus's own operators (json-rules-engine lacks them): the reference evaluator registers these. */
export const CUSTOM_OPERATORS: readonly OperatorDefinition[] = OPERATOR_DEFINITIONS.filter(
  (d): d is OperatorDefinition => d.kind === 'operator' && !d.builtin,
);

/** An operator as a two-argument function (value compiled on every call): for tests and tools, not the evaluator. */
export type Operator = (factValue: unknown, value: unknown) => boolean;

export const OPERATORS: Readonly<Record<string, Operator>> = Object.fromEntries(
  OPERATOR_DEFINITIONS.filter((d): d is OperatorDefinition => d.kind === 'operator').map((d) => [d.name, (a: unknown, b: unknown) => d.test(a, d.compile(b))]),
);

/**
 * A compiled value per runtime value, for values read from a fact
 * (`{ fact: params, path: $.x }`): the same parameter object is seen for every
 * resource. Equal copies of an object (json-rules-engine copies its conditions) share one entry.
 */
export function runtimeCompiler(definition: OperatorDefinition): (value: unknown) => unknown {
  const objects = new WeakMap<object, unknown>();
  const byText = new Map<string, unknown>();
  const scalars = new Map<unknown, unknown>();
  const bounded = <K>(map: Map<K, unknown>, key: K, make: () => unknown): unknown => {
    if (map.has(key)) return map.get(key);
    if (map.size >= 256) map.clear();
    const compiled = make();
    map.set(key, compiled);
    return compiled;
  };
  return (value) => {
    if (value === null || typeof value !== 'object') return bounded(scalars, value, () => definition.compile(value));
    if (objects.has(value)) return objects.get(value);
    const compiled = bounded(byText, JSON.stringify(value), () => definition.compile(value));
    objects.set(value, compiled);
    return compiled;
  };
}

/** The outcome of compiling a policy's literal value: the compiled value, or why it is wrong. */
export type CompiledValue = { ok: true; compiled: unknown } | { ok: false; problem: string };

const literals = new WeakMap<object, CompiledValue>();

/**
 * Compile the literal value of a leaf once: the loader does it to report
 * mistakes, the evaluator finds the result here (keyed by the leaf object).
 */
export function compileLiteral(leaf: { operator: string; value?: unknown }, definition: OperatorDefinition): CompiledValue {
  let hit = literals.get(leaf);
  if (!hit) {
    try {
      hit = { ok: true, compiled: definition.compile(leaf.value) };
    } catch (err) {
      hit = { ok: false, problem: err instanceof Error ? err.message : String(err) };
    }
    literals.set(leaf, hit);
  }
  return hit;
}
