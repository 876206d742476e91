/**
 * Every case of the shared OPA wasm fixtures (real `opa build -t wasm` output,
 * with the results opa-wasm 1.10.0 gives), reproduced through this package's
 * loader twice: from the loose `.wasm`, and from a bundle (the fixture's own,
 * or one built here from the fixture's files with its data as `/data.json`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { loadRego, type RegoBuiltins, type RegoSpec } from '../src/index.js';
import { FIXTURES, HAVE_FIXTURES, SKIP_REASON, fixture, fixtureBytes, tempDir, wasmBundle } from './support.js';

interface Case {
  name: string;
  wasm?: string;
  bundle?: string;
  entrypoint?: string | number;
  data?: unknown;
  dataFile?: string;
  input?: unknown;
  inputFile?: string;
  builtins?: Record<string, string>;
  expected?: unknown[];
  expectError?: string;
  unorderedArrays?: boolean;
}

const fixtures = HAVE_FIXTURES ? readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
const casesOf = (dir: string): Case[] => JSON.parse(readFileSync(fixture(dir, 'cases.json'), 'utf8')).cases;

/** The case's builtins are JavaScript source in the fixture; a program gives onus functions. */
const builtinsOf = (c: Case): RegoBuiltins | undefined =>
  c.builtins && Object.fromEntries(Object.entries(c.builtins).map(([name, src]) => [name, new Function(`return (${src})`)() as RegoBuiltins[string]]));

/** Entrypoint names to declare when loading: the case's own, else the module's first (the SDK lists them). */
async function declared(c: Case, wasm: Uint8Array): Promise<string[]> {
  if (typeof c.entrypoint === 'string') return [c.entrypoint];
  const names = Object.keys((await loadPolicy(wasm)).entrypoints);
  return [names[0]!];
}

const dataOf = (dir: string, c: Case): unknown => (c.dataFile ? JSON.parse(readFileSync(fixture(dir, c.dataFile), 'utf8')) : c.data);
const inputOf = (dir: string, c: Case): unknown => (c.inputFile ? JSON.parse(readFileSync(fixture(dir, c.inputFile), 'utf8')) : c.input);

/** Compare as JSON with object keys unordered (and arrays as multisets when the case says so). */
function canonical(v: unknown, unorderedArrays: boolean): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => canonical(x, unorderedArrays));
    return unorderedArrays ? items.map((x) => JSON.stringify(x)).sort() : items;
  }
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k], unorderedArrays)]));
  return v;
}

/** Load through the loader and check the case; an entrypoint the module lacks is refused at load, before anything runs. */
async function loadAndCheck(spec: RegoSpec, dir: string, c: Case): Promise<void> {
  const { source, problems } = await loadRego(spec, { builtins: builtinsOf(c) });
  if (c.expectError !== undefined && typeof c.entrypoint === 'string' && problems.length > 0) {
    expect(problems).toEqual([{ file: spec.path, message: expect.stringContaining(`has no entrypoint ${JSON.stringify(c.entrypoint)}`), hint: expect.any(String) }]);
    return;
  }
  expect(problems).toEqual([]);
  const got = await source!.query(c.entrypoint ?? 0, inputOf(dir, c));
  if (c.expectError !== undefined) {
    expect(got).toEqual({ error: expect.stringContaining(c.expectError) });
  } else {
    expect('resultSet' in got ? canonical(got.resultSet, !!c.unorderedArrays) : got).toEqual(canonical(c.expected, !!c.unorderedArrays));
  }
}

describe.skipIf(!HAVE_FIXTURES)('OPA wasm fixture cases through the loader', () => {
  if (!HAVE_FIXTURES) it.skip(SKIP_REASON, () => {});
  for (const dir of fixtures) {
    describe(dir, () => {
      for (const c of casesOf(dir)) {
        const wasmFile = c.wasm ?? 'policy.wasm';
        if (c.wasm) {
          it(`${c.name} (loose .wasm)`, async () => {
            const wasm = fixtureBytes(dir, c.wasm!);
            const data = dataOf(dir, c);
            const tmp = data === undefined ? undefined : tempDir({ 'data.json': JSON.stringify(data) });
            try {
              await loadAndCheck({ path: fixture(dir, c.wasm!), entrypoints: await declared(c, wasm), ...(tmp ? { data: join(tmp.dir, 'data.json') } : {}) }, dir, c);
            } finally {
              tmp?.remove();
            }
          });
        }
        it(`${c.name} (${c.bundle ? 'bundle.tar.gz' : 'bundle built from the .wasm'})`, async () => {
          const tmp = tempDir();
          try {
            let path: string;
            const data = dataOf(dir, c);
            let entrypoints: string[] | undefined;
            if (c.bundle) {
              path = fixture(dir, c.bundle);
              // The fixture bundles have empty data: the case's data comes from a data file, as a config gives it.
              if (data !== undefined) writeFileSync(join(tmp.dir, 'data.json'), JSON.stringify(data));
              if (typeof c.entrypoint === 'string') entrypoints = [c.entrypoint];
            } else {
              const wasm = fixtureBytes(dir, wasmFile);
              entrypoints = await declared(c, wasm);
              path = join(tmp.dir, 'bundle.tar.gz');
              writeFileSync(path, await wasmBundle(wasm, entrypoints, data));
              entrypoints = undefined; // the manifest lists them
            }
            await loadAndCheck({ path, ...(c.bundle && data !== undefined ? { data: join(tmp.dir, 'data.json') } : {}), ...(entrypoints ? { entrypoints } : {}) }, dir, c);
          } finally {
            tmp.remove();
          }
        });
      }
    });
  }
});
