/**
 * Presence operators: whether a fact is set, and whether it is empty. Their
 * value is a flag: `false` asks for the opposite (the describer reads it so).
 * Imports ./definition.ts only.
 */
import { defineOperator } from './definition.js';

const FLAG = { type: 'boolean', description: '`true`, or `false` for the opposite' } as const;
const flag = (v: unknown): boolean => v !== false;

const isFull = (a: unknown): boolean =>
  a !== undefined &&
  a !== null &&
  a !== '' &&
  !(Array.isArray(a) && a.length === 0) &&
  !(typeof a === 'object' && !Array.isArray(a) && Object.keys(a as object).length === 0);

export const presenceOperators = [
  defineOperator<boolean>({
    name: 'exists', value: FLAG, compile: flag, test: (a, want) => (a !== undefined && a !== null) === want,
    phrases: { holds: '{subject} must be set', doesNotHold: '{subject} must not be set' },
    doc: 'The fact is present (not absent, not null); with `false`, it is absent.',
    examples: [{ fact: 'x', value: true, holds: true }, { fact: null, value: true, holds: false }, { fact: undefined, value: false, holds: true }],
  }),
  defineOperator<boolean>({
    name: 'notEmpty', value: FLAG, compile: flag, test: (a, want) => isFull(a) === want,
    phrases: { holds: '{subject} must be set and not empty', doesNotHold: '{subject} must be empty or unset' },
    doc: 'The fact is present and not an empty string, list or object; with `false`, it is empty or absent.',
    examples: [{ fact: ['a'], value: true, holds: true }, { fact: {}, value: true, holds: false }, { fact: '', value: false, holds: true }],
  }),
];
