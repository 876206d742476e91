/**
 * The syntax-tree walk in WebAssembly (walk.wat): the committed bytes
 * (walk-wasm.ts) are the text as wabt's wat2wasm assembles it, and the walk
 * is not bound to a runtime that lacks a function it calls. That the walk copies
 * trees right is terraform-source-cst.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindRuntime } from '../src/terraform-source/cst.js';

const hasWat2wasm = spawnSync('wat2wasm', ['--version'], { stdio: 'ignore' }).status === 0;

interface WalkScript {
  WAT: string;
  MODULE: string;
  assembleWalk(): Buffer;
  walkModule(bytes: Uint8Array): string;
}

describe('the walk in WebAssembly', () => {
  it.skipIf(!hasWat2wasm)("is walk.wat as wat2wasm assembles it (skipped without wabt's wat2wasm)", async () => {
    const script = (await import('../../../scripts/walk-wasm.mjs')) as WalkScript;
    expect(readFileSync(script.MODULE, 'utf8'), 'walk-wasm.ts is stale: run node scripts/walk-wasm.mjs').toBe(script.walkModule(script.assembleWalk()));
  });

  it('does not bind a runtime without the cursor functions it calls (trees are then copied through TreeCursor)', () => {
    expect(bindRuntime({})).toBe(false);
    const cursorOnly = { _ts_init: () => 0, getValue: () => 0, setValue: () => undefined };
    expect(bindRuntime(cursorOnly)).toBe(false);
  });
});
