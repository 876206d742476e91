/**
 * json-rules-engine's built-in operators, with its semantics (re-implemented
 * so the compiled evaluator needs no engine; the reference evaluator runs the
 * engine's own and a differential test keeps the two equal). Imports ./definition.ts only.
 */
import { SCALAR, defineOperator, type OperatorDefinition } from './definition.js';

const identity = (v: unknown): unknown => v;
/** json-rules-engine's test: a numeric comparison is false unless the fact parses as a number. */
const numeric = (v: unknown): boolean => Number.parseFloat(v as string).toString() !== 'NaN';
const LIST = { type: 'array', description: 'a list of values' } as const;
const SCALAR_VALUE = { ...SCALAR, description: 'a string, number, boolean or null' };
const NUMBER = { type: 'number', description: 'a number' } as const;

function comparison(
  name: string,
  compare: (a: number, b: number) => boolean,
  phrases: { holds: string; doesNotHold: string },
  doc: string,
  examples: OperatorDefinition<unknown>['examples'],
): OperatorDefinition<unknown> {
  return defineOperator<unknown>({
    name, builtin: true, value: NUMBER, compile: identity, phrases, doc, examples,
    test: (a, b) => numeric(a) && compare(a as number, b as number),
  });
}

export const comparisonOperators: readonly OperatorDefinition<unknown>[] = [
  defineOperator<unknown>({
    name: 'equal', builtin: true, value: SCALAR_VALUE, compile: identity, test: (a, b) => a === b,
    phrases: { holds: '{subject} must equal {value}', doesNotHold: '{subject} must not equal {value}' },
    doc: 'The fact is exactly the value (same type: `"true"` is not `true`).',
    examples: [{ fact: true, value: true, holds: true }, { fact: 'true', value: true, holds: false }],
  }),
  defineOperator<unknown>({
    name: 'notEqual', builtin: true, value: SCALAR_VALUE, compile: identity, test: (a, b) => a !== b,
    phrases: { holds: '{subject} must not equal {value}', doesNotHold: '{subject} must equal {value}' },
    doc: 'The fact is anything but the value (absent included).',
    examples: [{ fact: 'gateway', value: 'application', holds: true }, { fact: 'gateway', value: 'gateway', holds: false }],
  }),
  defineOperator<unknown>({
    name: 'in', builtin: true, value: LIST, compile: identity, test: (a, b) => Array.isArray(b) && b.indexOf(a) > -1,
    phrases: { holds: '{subject} must be one of {value}', doesNotHold: '{subject} must not be one of {value}' },
    doc: 'The fact is one of the values of the list.',
    examples: [{ fact: 'TLS', value: ['HTTPS', 'TLS'], holds: true }, { fact: 'HTTP', value: ['HTTPS', 'TLS'], holds: false }],
  }),
  defineOperator<unknown>({
    name: 'notIn', builtin: true, value: LIST, compile: identity, test: (a, b) => Array.isArray(b) && b.indexOf(a) === -1,
    phrases: { holds: '{subject} must not be one of {value}', doesNotHold: '{subject} must be one of {value}' },
    doc: 'The fact is none of the values of the list.',
    examples: [{ fact: 'HTTP', value: ['HTTPS', 'TLS'], holds: true }, { fact: 'TLS', value: ['HTTPS', 'TLS'], holds: false }],
  }),
  defineOperator<unknown>({
    name: 'contains', builtin: true, value: SCALAR_VALUE, compile: identity, test: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
    phrases: { holds: '{subject} must contain {value}', doesNotHold: '{subject} must not contain {value}' },
    doc: 'The fact is a list that holds the value.',
    examples: [{ fact: ['secrets'], value: 'secrets', holds: true }, { fact: 'secrets', value: 'secrets', holds: false }],
  }),
  defineOperator<unknown>({
    name: 'doesNotContain', builtin: true, value: SCALAR_VALUE, compile: identity, test: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
    phrases: { holds: '{subject} must not contain {value}', doesNotHold: '{subject} must contain {value}' },
    doc: 'The fact is a list that does not hold the value.',
    examples: [{ fact: ['api'], value: 'audit', holds: true }, { fact: ['audit'], value: 'audit', holds: false }],
  }),
  comparison('lessThan', (a, b) => a < b, { holds: '{subject} must be less than {value}', doesNotHold: '{subject} must not be less than {value}' },
    'The fact (a number or numeric string) is less than the value.', [{ fact: 0, value: 1, holds: true }, { fact: '1', value: 1, holds: false }]),
  comparison('lessThanInclusive', (a, b) => a <= b, { holds: '{subject} must be at most {value}', doesNotHold: '{subject} must be more than {value}' },
    'The fact (a number or numeric string) is at most the value.', [{ fact: 443, value: 443, holds: true }, { fact: 'abc', value: 443, holds: false }]),
  comparison('greaterThan', (a, b) => a > b, { holds: '{subject} must be greater than {value}', doesNotHold: '{subject} must be at most {value}' },
    'The fact (a number or numeric string) is greater than the value.', [{ fact: '100.0', value: 0, holds: true }, { fact: 0, value: 0, holds: false }]),
  comparison('greaterThanInclusive', (a, b) => a >= b, { holds: '{subject} must be at least {value}', doesNotHold: '{subject} must be less than {value}' },
    'The fact (a number or numeric string) is at least the value.', [{ fact: 2048, value: 2048, holds: true }, { fact: 1024, value: 2048, holds: false }]),
];
