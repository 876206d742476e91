/**
 * List and object operators: shared elements, every/any element, keys of an
 * object, entries of a comma-separated list, length. A scalar counts as a
 * one-item list where IAM and providers write either. Imports ./definition.ts only.
 */
import { SCALAR, asList, defineOperator, oneOrList, toNumber } from './definition.js';

const ONE_OR_MORE = oneOrList(SCALAR, 'a value or a list of values');
const NAMES = oneOrList({ type: ['string', 'number'] }, 'a string or a list of strings');

export const listOperators = [
  defineOperator<unknown[]>({
    name: 'intersects', value: ONE_OR_MORE, compile: asList,
    test: (a, right) => asList(a).some((x) => right.includes(x)),
    phrases: { holds: '{subject} must share a value with {value}', doesNotHold: '{subject} must share no value with {value}' },
    doc: 'The fact and the value share an element, each a scalar or a list (IAM `Action: "*"` or `["*"]`).',
    examples: [{ fact: '*', value: ['*', 'iam:*'], holds: true }, { fact: ['s3:GetObject'], value: '*', holds: false }],
  }),
  defineOperator<unknown[]>({
    name: 'containsAll', value: ONE_OR_MORE, compile: asList,
    test: (a, want) => Array.isArray(a) && want.every((x) => a.includes(x)),
    phrases: { holds: '{subject} must contain all of {value}', doesNotHold: '{subject} must not contain all of {value}' },
    doc: 'The fact is a list that holds every element of the value.',
    examples: [{ fact: ['api', 'audit', 'authenticator'], value: ['api', 'audit'], holds: true }, { fact: ['api'], value: ['api', 'audit'], holds: false }],
  }),
  defineOperator<unknown[]>({
    name: 'containsAny', value: ONE_OR_MORE, compile: asList,
    test: (a, want) => Array.isArray(a) && want.some((x) => a.includes(x)),
    phrases: { holds: '{subject} must contain at least one of {value}', doesNotHold: '{subject} must contain none of {value}' },
    doc: 'The fact is a list that holds at least one element of the value.',
    examples: [{ fact: ['cluster.local'], value: ['.cluster.local', 'cluster.local'], holds: true }, { fact: [], value: ['svc'], holds: false }],
  }),
  defineOperator<string[]>({
    name: 'hasKeys', value: NAMES, compile: (v) => asList(v).map(String),
    test: (a, keys) => !!a && typeof a === 'object' && !Array.isArray(a) && keys.every((k) => Object.prototype.hasOwnProperty.call(a, k)),
    phrases: { holds: '{subject} must have the keys {value}', doesNotHold: '{subject} must lack at least one of the keys {value}' },
    doc: 'The fact is an object with every key of the value (`tags` has `CostCenter` and `Owner`).',
    examples: [{ fact: { CostCenter: 'x', Owner: 'y' }, value: ['CostCenter', 'Owner'], holds: true }, { fact: { Owner: 'y' }, value: ['CostCenter'], holds: false }],
  }),
  defineOperator<string[]>({
    name: 'csvContains', value: NAMES, compile: (v) => asList(v).map((x) => String(x).trim()),
    test: (a, want) => {
      const entries = (typeof a === 'string' ? a.split(',') : Array.isArray(a) ? a.map(String) : []).map((e) => e.trim());
      return want.every((x) => entries.includes(x));
    },
    phrases: { holds: '{subject} must list every entry of {value}', doesNotHold: '{subject} must miss at least one entry of {value}' },
    doc: 'The fact, a comma-separated list (`NO_PROXY`) or a list, holds every entry of the value.',
    examples: [{ fact: 'localhost, .svc,169.254.169.254', value: ['.svc', '169.254.169.254'], holds: true }, { fact: 'localhost', value: '.svc', holds: false }],
  }),
  defineOperator<number>({
    name: 'lengthGte', value: { type: 'integer', minimum: 0, description: 'a whole number' }, compile: toNumber,
    test: (a, min) => (typeof a === 'string' || Array.isArray(a)) && a.length >= min,
    phrases: { holds: '{subject} must have a length of at least {value}', doesNotHold: '{subject} must be shorter than {value}' },
    doc: 'The fact is a string or list at least that long.',
    examples: [{ fact: 'abc', value: 3, holds: true }, { fact: ['a'], value: 2, holds: false }],
  }),
];
