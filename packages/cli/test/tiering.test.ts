/**
 * The V8 flags of a scan, and the flags set back after: observed through
 * V8's code cache, which V8 refuses when the flags are not those it was made
 * under (flag-probe.ts).
 */
import { describe, expect, it } from 'vitest';
import { setV8Flags } from '../src/v8-flags.js';
import { LARGE_SCAN_BYTES, SMALL_SCAN_BYTES, SMALL_SOURCE, Tiering, type ScanInputs } from '../src/tiering.js';
import { cacheNow, refused } from './flag-probe.js';

/** Whether Tiering changes the flags for these inputs; after restore() they must be those of the start again. */
function changesFlags(rego: boolean, inputs: ScanInputs): boolean {
  const before = cacheNow();
  const tiering = new Tiering(rego);
  tiering.inputs(inputs);
  const changed = refused(before);
  tiering.restore();
  expect(refused(before), `restored after ${JSON.stringify(inputs)}`).toBe(false);
  return changed;
}

describe('the V8 flags of a scan', () => {
  it('change for a small scan of files and for a small Terraform source scan, and are those of the start again after restore', () => {
    for (const inputs of [{ modules: 0, bytes: SMALL_SCAN_BYTES - 1 }, { modules: 1, bytes: 0 }, { modules: SMALL_SOURCE, bytes: 0 }]) {
      expect(changesFlags(false, inputs), JSON.stringify(inputs)).toBe(true);
    }
  });

  it('stay as they are for a large scan, many module folders, standard input, and when Rego runs', () => {
    const cases: [boolean, ScanInputs][] = [
      [false, { modules: 0, bytes: SMALL_SCAN_BYTES }],
      [false, { modules: SMALL_SOURCE + 1, bytes: 0 }],
      [false, { modules: 0 }],
      [true, { modules: 0, bytes: 100 }],
      [true, { modules: 1, bytes: 0 }],
    ];
    for (const [rego, inputs] of cases) expect(changesFlags(rego, inputs), JSON.stringify(inputs)).toBe(false);
  });

  it('with the young generation held by the launcher: let grow for a large scan or standard input, held again after restore; left held for a scan under LARGE_SCAN_BYTES', () => {
    const held = Symbol.for('onus.youngGenerationHeld');
    // As the launcher starts a run.
    setV8Flags('--semi-space-growth-factor=1');
    (globalThis as Record<symbol, unknown>)[held] = true;
    try {
      const cases: [ScanInputs, boolean][] = [
        [{ modules: 0, bytes: LARGE_SCAN_BYTES }, true],
        [{ modules: 0 }, true],
        [{ modules: 0, bytes: LARGE_SCAN_BYTES - 1 }, false],
        [{ modules: 0, bytes: SMALL_SCAN_BYTES }, false],
        [{ modules: 3, bytes: 0 }, false],
      ];
      // Rego: the compiler flags stay, so only the young generation can change them.
      for (const [inputs, grows] of cases) expect(changesFlags(true, inputs), JSON.stringify(inputs)).toBe(grows);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[held];
      setV8Flags('--semi-space-growth-factor=2');
    }
  });
});
