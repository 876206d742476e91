/**
 * The parser's memory starts small (./wasm-memory.ts): the runtime's binary
 * is rewritten to declare a smaller minimum for the memory it imports, and
 * nothing else of it changes; the parser still reads a file that makes that
 * memory grow many times over.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHcl, terraformParser } from '../src/terraform-source/hcl-syntax.js';
import { PARSER_MEMORY_PAGES, withMemoryMinimum } from '../src/terraform-source/wasm-memory.js';

const runtime = readFileSync(createRequire(import.meta.url).resolve('web-tree-sitter/web-tree-sitter.wasm'));

/** wabt's reading of a binary's imported memory (`initial=512 max=32768`), or undefined without wabt. */
function importedMemory(binary: Uint8Array): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'onus-wasm-'));
  try {
    writeFileSync(join(dir, 'm.wasm'), binary);
    const out = execFileSync('wasm-objdump', ['-j', 'Import', '-x', join(dir, 'm.wasm')], { encoding: 'utf8' });
    return /memory\[0\] pages: (initial=\d+(?: max=\d+)?)/.exec(out)?.[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const hasWabt = spawnSync('wasm-objdump', ['--version']).status === 0;

describe('withMemoryMinimum', () => {
  it("lowers web-tree-sitter's runtime's memory minimum (512 pages) and leaves the rest of the binary as it was", () => {
    const small = withMemoryMinimum(runtime, PARSER_MEMORY_PAGES)!;
    expect(small).toBeDefined();
    const [before, after] = [new WebAssembly.Module(runtime), new WebAssembly.Module(small)];
    expect(WebAssembly.Module.imports(after)).toEqual(WebAssembly.Module.imports(before));
    expect(WebAssembly.Module.exports(after)).toEqual(WebAssembly.Module.exports(before));
    // One number is a byte shorter (512 takes two bytes, 16 one), and so is the import section's size: after the
    // minimum, the rest is the same shifted by one byte; before it, the same but for the section's size.
    expect(small.length).toBe(runtime.length - 1);
    let tail = 0;
    while (small[small.length - 1 - tail] === runtime[runtime.length - 1 - tail]) tail++;
    const changed: number[] = [];
    for (let i = 0; i < small.length - tail; i++) if (small[i] !== runtime[i]) changed.push(i);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(3);
  });

  it('leaves alone a binary that imports no memory, one that asks for no more, and one it cannot read', () => {
    const empty = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);
    expect(withMemoryMinimum(empty, 16)).toBeUndefined();
    // (import "env" "memory" (memory 1))
    const one = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 0x0f, 1, 3, 0x65, 0x6e, 0x76, 6, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 2, 0, 1);
    new WebAssembly.Module(one);
    expect(withMemoryMinimum(one, 16)).toBeUndefined();
    new WebAssembly.Module(withMemoryMinimum(one, 0)!);
    expect(withMemoryMinimum(runtime.subarray(0, 40), 16)).toBeUndefined();
    expect(withMemoryMinimum(Uint8Array.of(1, 2, 3), 16)).toBeUndefined();
  });
});

describe.skipIf(!hasWabt)('the minimum as wabt reads it (wasm-objdump; .ci/run installs wabt)', () => {
  it('512 pages before, PARSER_MEMORY_PAGES after, the maximum kept', () => {
    expect(importedMemory(runtime)).toBe('initial=512 max=32768');
    expect(importedMemory(withMemoryMinimum(runtime, PARSER_MEMORY_PAGES)!)).toBe(`initial=${PARSER_MEMORY_PAGES} max=32768`);
    const one = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 0x0f, 1, 3, 0x65, 0x6e, 0x76, 6, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 2, 0, 1);
    expect(importedMemory(withMemoryMinimum(one, 0)!)).toBe('initial=0');
  });
});

describe('the parser with its memory started small', () => {
  it('starts the runtime with 1 MiB of memory, not the 32 MiB its binary asks for', async () => {
    // The runtime's memory is the one large block of memory outside V8's heap here (32 MB when the binary is left alone).
    const before = process.memoryUsage().external;
    await terraformParser();
    expect(process.memoryUsage().external - before).toBeLessThan(8 * 1024 * 1024);
  });

  it('reads a file whose tree needs the memory to grow many times over', async () => {
    const blocks = 4000;
    const text = Array.from({ length: blocks }, (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags   = { Name = "b${i}", Team = var.team }\n}\n`).join('\n');
    expect(text.length).toBeGreaterThan(PARSER_MEMORY_PAGES * 65536 / 4);
    const parsed = parseHcl(await terraformParser(), text);
    if (!('body' in parsed)) throw new Error(parsed.problem.message);
    expect(parsed.body.blocks).toHaveLength(blocks);
    expect(parsed.body.blocks.at(-1)?.labels).toEqual(['aws_s3_bucket', `b${blocks - 1}`]);
  });
});
