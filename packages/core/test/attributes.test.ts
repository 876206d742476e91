/**
 * The `attributes` fact must list exactly what its definition says: every
 * scalar not covered by an unknown path, sensitive when a sensitive path
 * touches it, in the order of the values. A faster walk has to pass this
 * (one that followed the tries a segment at a time was tried: no faster on
 * the 10k plan, so not kept).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributesOf } from '../src/attributes.js';
import type { Resource } from '../src/facts.js';
import { formatPath } from '../src/paths.js';
import { coveredBy, touches } from '../src/unknowns.js';

/** The definition, path by path from the root. */
function byDefinition(r: Resource) {
  const out: { path: string; key: string; value: unknown; sensitive: boolean }[] = [];
  const walk = (v: unknown, segs: (string | number)[], key: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...segs, i], key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...segs, k], k);
    else if (v !== null && v !== undefined && !coveredBy(r.unknown, segs)) out.push({ path: formatPath(segs), key, value: v, sensitive: touches(r.sensitive, segs) });
  };
  walk(r.values, [], '');
  return out;
}

const keys = fc.constantFrom('a', 'b', 'tags', 'rule', 'x.y', 'name');
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.constantFrom(1, 'v', true, null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(keys, tie('node'), { maxKeys: 3 })),
})).node;
const path = fc.array(fc.oneof(keys.map((k) => (/^[a-z]+$/.test(k) ? `.${k}` : `["${k}"]`)), fc.constantFrom('[0]', '[1]', '[*]')), { maxLength: 3 }).map((segs) => `$${segs.join('')}`);

describe('the attributes fact', () => {
  it('lists what the definition lists, on generated values and unknown and sensitive paths', () => {
    fc.assert(
      fc.property(fc.dictionary(keys, value, { maxKeys: 4 }), fc.array(path, { maxLength: 3 }), fc.array(path, { maxLength: 3 }), (values, unknown, sensitive) => {
        const r = { address: 'x.y', kind: 'tf:x', values, unknown, sensitive } as unknown as Resource;
        expect(attributesOf(r)).toEqual(byDefinition(r));
      }),
      { numRuns: 2000, seed: 20261206 },
    );
  });
});
