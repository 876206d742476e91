/**
 * Liftoff alone for a small Terraform source scan, and the flags set back
 * after: observed through V8's code cache, which V8 refuses when the flags
 * are not those it was made under.
 */
import { describe, expect, it } from 'vitest';
import { SMALL_SOURCE, WasmTiering } from '../src/wasm-tiering.js';
import { cacheNow, refused } from './flag-probe.js';

describe('WebAssembly tiering in the CLI', () => {
  it('sets Liftoff alone for a small source scan, and the flags are those of the start again after restore', () => {
    const before = cacheNow();
    const tiering = new WasmTiering(false);
    tiering.beforeSource(1);
    // The flags changed: a cache made before is refused now.
    expect(refused(before)).toBe(true);
    tiering.restore();
    expect(refused(before)).toBe(false);
  });

  it('leaves the flags alone for a large source scan, and when Rego runs', () => {
    const before = cacheNow();
    const large = new WasmTiering(false);
    large.beforeSource(SMALL_SOURCE + 1);
    expect(refused(before)).toBe(false);
    const rego = new WasmTiering(true);
    rego.beforeSource(1);
    expect(refused(before)).toBe(false);
    large.restore();
    rego.restore();
    expect(refused(before)).toBe(false);
  });
});
