/**
 * The unknown/sensitive path lookups (prefix tries) against the plain definition: a path of
 * the list covers `segments` when it is `segments` or a prefix of it; it
 * touches when it covers, or lies below.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePath } from '../src/paths.js';
import { coveredBy, touches } from '../src/unknowns.js';

const segsOf = (p: string): (string | number)[] => {
  const out: (string | number)[] = [];
  for (const s of p === '' ? [] : parsePath(p)) {
    if (typeof s === 'symbol') break;
    out.push(s);
  }
  return out;
};
const isPrefix = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length <= b.length && a.every((s, i) => s === b[i]);
const covers = (paths: string[], segs: (string | number)[]) => paths.some((p) => isPrefix(segsOf(p), segs));
const touchesPlain = (paths: string[], segs: (string | number)[]) => paths.some((p) => isPrefix(segsOf(p), segs) || isPrefix(segs, segsOf(p)));

const key = fc.constantFrom('a', 'b', 'tags', 'ingress', 'cidr_blocks', 'x"y', 'q]', 'a-b', '*');
const segment = fc.oneof(key, fc.integer({ min: 0, max: 2 }));
const pathText = (segs: (string | number)[]) => segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
const path = fc.oneof(
  { weight: 8, arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }).filter((s) => typeof s[0] === 'string').map(pathText) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.array(key, { minLength: 1, maxLength: 2 }).map((s) => `${s.join('.')}[*].x`) },
  // Odd single keys as parsePath reads them: a wildcard, the root, quotes and brackets inside a key.
  { weight: 2, arbitrary: fc.constantFrom('*', '$.a', '$', 'x"y', 'q]', 'a-b', 'a]b') },
);

describe('unknown and sensitive path lookups', () => {
  it('agree with the definition on any list and any path', () => {
    fc.assert(
      fc.property(fc.array(path, { maxLength: 6 }), fc.array(segment, { maxLength: 5 }), (paths, segs) => {
        expect(coveredBy(paths, segs)).toBe(covers(paths, segs));
        expect(touches(paths, segs)).toBe(paths.length > 0 && touchesPlain(paths, segs));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers from the same list object again (its trie built once)', () => {
    const paths = ['tags_all', 'vpc_config[0].cluster_security_group_id'];
    expect(coveredBy(paths, ['vpc_config', 0, 'cluster_security_group_id', 'x'])).toBe(true);
    expect(coveredBy(paths, ['vpc_config', 0])).toBe(false);
    expect(touches(paths, ['vpc_config', 0])).toBe(true);
    expect(coveredBy(paths, ['tags'])).toBe(false);
  });
});
