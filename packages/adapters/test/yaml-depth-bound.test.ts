/**
 * The cheap nesting bound that lets the YAML reader skip its lexing pass over
 * a usual manifest: whenever it says a text cannot nest deeper than a limit,
 * the exact measurement agrees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { documentDepths, mayNestDeeperThan } from '../src/yaml.js';

const deepest = (text: string) => Math.max(0, ...documentDepths(text).map((d) => d.depth));

/** Nested maps, lists and scalars, a few levels deep. */
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('list'), tie('map')),
  leaf: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null)),
  list: fc.array(tie('node'), { maxLength: 3 }),
  map: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie('node'), { maxKeys: 3 }),
})).node;

describe('mayNestDeeperThan', () => {
  it('never says "no" where a document nests deeper than the limit (block and flow styles, compact sequences)', () => {
    fc.assert(
      fc.property(value, fc.boolean(), fc.integer({ min: 1, max: 12 }), (v, flow, limit) => {
        const text = stringify(v, { collectionStyle: flow ? 'flow' : 'any', indent: 2 });
        if (!mayNestDeeperThan(text, limit)) expect(deepest(text)).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 400 },
    );
  });

  it('counts compact sequences, explicit keys and flow brackets', () => {
    for (const text of ['- - - - - - x\n', '? ? ? ? a\n: b\n', 'a: [[[[[[1]]]]]]\n', 'a: {b: {c: {d: {e: 1}}}}\n', 'a:\n  b:\n    c:\n      - - d\n']) {
      const limit = deepest(text);
      expect(mayNestDeeperThan(text, limit - 1), text).toBe(true);
    }
  });

  it('lets a usual manifest skip the lexing pass', () => {
    const manifest = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    a.example.com/x: "y"\nspec:\n  type: LoadBalancer\n  ports:\n    - port: 443\n      targetPort: 8443\n';
    expect(mayNestDeeperThan(manifest, 256)).toBe(false);
    expect(mayNestDeeperThan(`${'['.repeat(300)}${']'.repeat(300)}\n`, 256)).toBe(true);
  });
});
