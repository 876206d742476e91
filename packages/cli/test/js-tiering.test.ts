/**
 * TurboFan off for a small scan, and the flags set back after: observed
 * through V8's code cache, which V8 refuses when the flags are not those it
 * was made under (as in wasm-tiering.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { JsTiering, SMALL_SCAN_BYTES } from '../src/js-tiering.js';
import { cacheNow, refused } from './flag-probe.js';

describe('TurboFan in the CLI', () => {
  it('is turned off for a small scan, and the flags are those of the start again after restore', () => {
    const before = cacheNow();
    const tiering = new JsTiering(false);
    tiering.inputs({ modules: 0, bytes: SMALL_SCAN_BYTES - 1 });
    expect(refused(before)).toBe(true);
    tiering.restore();
    expect(refused(before)).toBe(false);
  });

  it('stays on for a large scan, Terraform source, standard input, and when Rego runs', () => {
    const before = cacheNow();
    const cases: [boolean, { modules?: number; bytes?: number }][] = [
      [false, { modules: 0, bytes: SMALL_SCAN_BYTES }],
      [false, { modules: 1, bytes: 100 }],
      [false, { modules: 0 }],
      [true, { modules: 0, bytes: 100 }],
    ];
    for (const [rego, inputs] of cases) {
      const tiering = new JsTiering(rego);
      tiering.inputs(inputs);
      expect(refused(before)).toBe(false);
      tiering.restore();
    }
  });
});
