/**
 * A `matches` pattern keeps its verdict per string (the same attribute names come
 * back on every resource): verdicts equal the pattern's own answer, for repeated
 * strings, for case-folded ones, past the memo's size bound and for long strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definePack, evaluate, type Policy } from '../src/index.js';
import { resource } from './helpers.js';

const PATTERN = '(^|_)(password|secret|token)(_value)?$';

const policy: Policy = {
  id: 'T-CRED-01',
  title: 'No secret-like names',
  responsibility: 'credentials',
  severity: 'high',
  remediation: 'Rename.',
  checks: [{ kind: 'tf:thing', assert: { not: { fact: 'values', path: '$.name', operator: 'matches', value: { pattern: PATTERN, flags: 'i' } } }, message: '{address} has a secret-like name' }],
};
const pack = definePack({ name: 'test', version: '0.0.0', policies: [policy], params: {} });
const expected = (name: string) => (new RegExp(PATTERN, 'i').test(name) ? 'fail' : 'pass');

describe('matches verdicts kept per string', () => {
  it('equal the pattern on generated names, repeated and case-folded', () => {
    const name = fc.oneof(fc.constantFrom('password', 'PASSWORD', 'db_secret', 'secret_value', 'token_id', 'name', 'x_Token'), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 40 }), (names) => {
        const resources = names.map((n, i) => resource('tf:thing', { name: n }, { address: `thing.t${i}` }));
        expect(evaluate(resources, pack).map((f) => f.status)).toEqual(names.map(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('past the bound of kept strings, and for strings longer than the kept length', () => {
    const names = [...Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `k${i}_secret` : `k${i}`)), `${'a'.repeat(200)}_token`, 'password', `${'a'.repeat(200)}_token`];
    const resources = names.map((n, i) => resource('tf:thing', { name: n }, { address: `thing.t${i}` }));
    expect(evaluate(resources, pack).map((f) => f.status)).toEqual(names.map(expected));
  });
});
