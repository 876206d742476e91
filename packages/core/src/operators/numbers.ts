/**
 * Number and duration operators. Unlike json-rules-engine's comparisons they
 * read numeric strings (the AWS provider's `limit_amount`) and throw on
 * anything else, so an unreadable fact is an `error`, not a silent pass.
 * Imports ./definition.ts only.
 */
import { defineOperator, toNumber, type OperatorDefinition } from './definition.js';

const NUMBER = { description: 'a number (or a numeric string)', anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*$' }] };

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION = /^(\d+(\.\d+)?(ms|s|m|h|d|w))+$|^\d+(\.\d+)?$/;

/** Seconds in `7776000s`, `2160h`, `90d`, `1h30m`, or a plain number of seconds. */
export function durationSeconds(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !value.trim()) throw new TypeError(`not a duration: ${JSON.stringify(value)}`);
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  let total = 0;
  let rest = value.trim();
  const part = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/;
  while (rest) {
    const m = part.exec(rest);
    if (!m) throw new TypeError(`not a duration: ${JSON.stringify(value)}; write it as 90d, 2160h, 7776000s or 1h30m`);
    total += Number(m[1]) * DURATION_UNITS[m[2] as string]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

function number(name: string, compare: (a: number, b: number) => boolean, holds: string, doesNotHold: string, doc: string, examples: OperatorDefinition['examples']) {
  return defineOperator<number>({ name, value: NUMBER, compile: toNumber, test: (a, b) => compare(toNumber(a), b), phrases: { holds, doesNotHold }, doc, examples });
}

function duration(name: string, compare: (a: number, b: number) => boolean, holds: string, doesNotHold: string, doc: string, examples: OperatorDefinition['examples']) {
  return defineOperator<number>({
    name,
    value: { description: 'a duration: `90d`, `2160h`, `7776000s`, `1h30m`, or seconds', anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: DURATION.source }] },
    compile: durationSeconds,
    test: (a, b) => compare(durationSeconds(a), b),
    phrases: { holds, doesNotHold },
    doc,
    examples,
  });
}

export const numberOperators = [
  number('numberGte', (a, b) => a >= b, '{subject} must be a number of at least {value}', '{subject} must be a number below {value}',
    'The fact, a number or numeric string, is at least the value (an error on anything else).', [{ fact: '100', value: 1, holds: true }, { fact: 0, value: 1, holds: false }]),
  number('numberLte', (a, b) => a <= b, '{subject} must be a number of at most {value}', '{subject} must be a number above {value}',
    'The fact, a number or numeric string, is at most the value (an error on anything else).', [{ fact: 50, value: 50, holds: true }, { fact: '51', value: 50, holds: false }]),
  number('numberGt', (a, b) => a > b, '{subject} must be a number above {value}', '{subject} must be a number of at most {value}',
    'The fact, a number or numeric string, is greater than the value (an error on anything else).', [{ fact: '0.01', value: 0, holds: true }, { fact: 0, value: 0, holds: false }]),
  duration('durationLte', (a, b) => a <= b, '{subject} must be a duration of at most {value}', '{subject} must be a duration longer than {value}',
    'The fact, a duration, is at most the value (`7776000s` equals `90d`).', [{ fact: '7776000s', value: '90d', holds: true }, { fact: '100d', value: '2160h', holds: false }]),
  duration('durationGte', (a, b) => a >= b, '{subject} must be a duration of at least {value}', '{subject} must be a duration shorter than {value}',
    'The fact, a duration, is at least the value.', [{ fact: '1w', value: '7d', holds: true }, { fact: '1h', value: '2h', holds: false }]),
];
