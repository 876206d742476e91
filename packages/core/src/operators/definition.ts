/**
 * What an operator is: a definition in the manner of ajv keywords and
 * typescript-eslint rule meta. One definition is the single source for
 * validating a policy's value (`value`, a JSON Schema), precompiling it once
 * (`compile`), testing facts (`test`), describing the condition in words
 * (`phrases`) and documenting it (`doc`, `examples`). Imports nothing else from core.
 */

/** A JSON Schema (draft-07) fragment; `description` says in a few words what the value is. */
export type ValueSchema = Record<string, unknown> & { description: string };

/** A fact value, a policy value and whether the operator holds: executable documentation. */
export interface OperatorExample {
  fact: unknown;
  value: unknown;
  holds: boolean;
}

/** Templates for `onus policies show`: `{subject}` is what is tested, `{value}` the value in words. */
export interface Phrases {
  holds: string;
  doesNotHold: string;
}

interface DefinitionBase {
  name: string;
  /** JSON Schema of the value as written in a policy (a `{ fact, path }` reference is accepted besides). */
  value: ValueSchema;
  phrases: Phrases;
  /** One sentence: when the condition holds. */
  doc: string;
}

/** An operator that compares a fact with a value. */
export interface OperatorDefinition<Compiled = unknown> extends DefinitionBase {
  kind: 'operator';
  /** json-rules-engine has an operator of this name with these semantics (the reference evaluator uses its own). */
  builtin?: boolean;
  /** The value made ready for testing; throws an Error whose message says what is wrong and how to write it. */
  compile(value: unknown): Compiled;
  /** Whether the condition holds; may throw on a fact value it cannot read (the pair is then an `error`). */
  test(factValue: unknown, compiled: Compiled): boolean;
  examples: readonly OperatorExample[];
}

/** An operator whose value is a nested condition, evaluated by the evaluators over items or a parsed document. */
export interface QuantifierDefinition extends DefinitionBase {
  kind: 'quantifier';
  /** A policy snippet showing the operator in use. */
  examples: readonly string[];
}

/** Methods are bivariant in their parameters, so every `OperatorDefinition<X>` is an `OperatorDefinition`. */
export type AnyOperatorDefinition = OperatorDefinition | QuantifierDefinition;

/** Typed helper: the compiled type flows from `compile` to `test`. */
export function defineOperator<Compiled>(definition: Omit<OperatorDefinition<Compiled>, 'kind'>): OperatorDefinition<Compiled> {
  return { kind: 'operator', ...definition };
}

export function defineQuantifier(definition: Omit<QuantifierDefinition, 'kind'>): QuantifierDefinition {
  return { kind: 'quantifier', ...definition };
}

// --- shared by several operator groups -------------------------------------------------

/** A scalar is a one-item list; absent is an empty one. */
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** A number, or a numeric string as providers write them (`limit_amount: "100"`); throws on anything else. */
export function toNumber(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (Number.isNaN(n)) throw new TypeError(`not a number: ${JSON.stringify(v)}`);
  return n;
}

export const SCALAR = { type: ['string', 'number', 'boolean', 'null'] } as const;

/** A schema for "one X or a list of X". */
export function oneOrList(item: Record<string, unknown>, description: string): ValueSchema {
  return { description, anyOf: [item, { type: 'array', items: item }] };
}
