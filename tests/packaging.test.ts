/**
 * The packaging test: build, `pnpm pack` every published package, install the
 * tarballs with plain npm into a fresh project outside the workspace, and run
 * the API consumer there, as an ES module and as CommonJS.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
const PACKAGES = ['core', 'adapters', 'rules', 'rego', 'engine', 'cli', 'onus'];
let project = '';

const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

describe('published packages, installed with npm outside the workspace', () => {
  beforeAll(() => {
    const packs = mkdtempSync(join(tmpdir(), 'onus-packs-'));
    project = mkdtempSync(join(tmpdir(), 'onus-consumer-'));
    run(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], repo);
    // The pnpm that runs these tests (npx or a global install), else the one on the PATH.
    const pnpm = process.env.npm_execpath?.includes('pnpm') ? [process.execPath, process.env.npm_execpath] : ['pnpm'];
    for (const p of PACKAGES) run(pnpm[0]!, [...pnpm.slice(1), 'pack', '--pack-destination', packs], join(repo, 'packages', p));
    const tarballs = readdirSync(packs).filter((f) => f.endsWith('.tgz')).map((f) => join(packs, f));
    expect(tarballs).toHaveLength(PACKAGES.length);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-package-lock', ...tarballs], project);
    for (const f of ['consumer.mjs', 'consumer.cjs', 'inputs.mjs']) copyFileSync(join(repo, 'examples', 'api-consumer', f), join(project, f));
  }, 600_000);

  it.each(['consumer.mjs', 'consumer.cjs'])('%s runs against the installed tarballs', (file) => {
    const out = run(process.execPath, [file], project);
    expect(out).toMatch(/^pack @onus\/rules\+custom \d+\.\d+\.\d+/);
    expect(out).toMatch(/FAIL DSR-NET-04 aws_lb\.edge/);
    expect(out).toMatch(/FAIL ACME-NET-01 aws_lb\.edge/);
  });

  it('exposes only the documented names, to import and to require', () => {
    const names = (how: string) => JSON.parse(run(process.execPath, ['--input-type=module', '-e', how], project)) as string[];
    const expected = names(`const m = await import('onus'); console.log(JSON.stringify(Object.keys(m).sort()))`);
    expect(expected).toContain('scan');
    const viaRequire = JSON.parse(run(process.execPath, ['-e', `console.log(JSON.stringify(Object.keys(require('onus')).filter(k => k !== '__esModule' && k !== 'module.exports').sort()))`], project)) as string[];
    expect(viaRequire).toEqual(expected);
  });

  it('keeps internals out of reach', () => {
    const attempt = (spec: string) => run(process.execPath, ['--input-type=module', '-e', `try { await import(${JSON.stringify(spec)}); console.log('reachable') } catch (e) { console.log(e.code) }`], project).trim();
    expect(attempt('@onus/core/dist/compile.js')).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(attempt('onus/src/index.ts')).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('publishes the JSON schemas of the report and the config, and the onus bin', () => {
    const schema = run(process.execPath, ['-e', `console.log(require('@onus/engine/schemas/report.schema.json').properties.schemaVersion.const)`], project);
    expect(schema.trim()).toBe('3');
    run(process.execPath, ['-e', `require('@onus/cli/schemas/config.schema.json')`], project);
    expect(run(join(project, 'node_modules', '.bin', 'onus'), ['--version'], project)).toMatch(/^onus \d+\.\d+\.\d+/);
  });

  it('ships the library as one bundled script (built by prepack), with the licences of what it bundles', () => {
    const main = run(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve('onus'))`], project).trim();
    expect(main).toMatch(/\/node_modules\/onus\/dist\/onus\.js$/);
    // The entry compiles the bundled code beside it: it imports nothing but Node's own modules.
    const entry = readFileSync(new URL(main), 'utf8');
    expect([...entry.matchAll(/^import .* from ["']([^"']+)["']/gm)].map((m) => m[1])).toEqual(['node:fs', 'node:module', 'node:path', 'node:url', 'node:vm']);
    const code = readFileSync(new URL('./onus-library.cjs', main), 'utf8');
    // Nothing of the workspace packages or their dependencies is required beside it (ajv's generated code names its runtime in strings).
    expect(code).not.toMatch(/(?<![`'"])require\(["'](@onus\/|yaml|ajv|js-yaml)/);
    expect(readFileSync(join(project, 'node_modules', 'onus', 'dist', 'THIRD_PARTY_LICENSES.md'), 'utf8')).toMatch(/## yaml /);
    // The Terraform parser's WebAssembly is read from beside the bundle: a module folder scans.
    mkdirSync(join(project, 'module'), { recursive: true });
    writeFileSync(join(project, 'module', 'main.tf'), 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n');
    const inputs = run(process.execPath, ['--input-type=module', '-e', `import { scan } from 'onus'; const r = await scan(['module']); console.log(JSON.stringify(r.inputs.map((i) => [i.format, i.resources]).concat(r.errors)))`], project);
    expect(JSON.parse(inputs)).toEqual([['terraform-source', 1]]);
  });

  it('compiles the library with the code cache built with it for this Node version, and without one when it does not fit', () => {
    mkdirSync(join(project, 'module'), { recursive: true });
    writeFileSync(join(project, 'module', 'main.tf'), 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n');
    const dist = join(project, 'node_modules', 'onus', 'dist');
    const [cache, ...others] = readdirSync(dist).filter((f) => f.endsWith('.v8cache'));
    expect(others).toEqual([]);
    expect(cache).toMatch(new RegExp(`^onus-library-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
    // Built in the workspace, used from node_modules: no path of the machine that built it is in it.
    expect(readFileSync(join(dist, cache!)).includes(Buffer.from(repo))).toBe(false);
    const scanned = () =>
      JSON.parse(run(process.execPath, ['--input-type=module', '-e', `import { scan } from 'onus'; const r = await scan(['module']); console.log(JSON.stringify([globalThis[Symbol.for('onus.libraryCodeCache')], r.summary]))`], project)) as [string, unknown];
    const [used, summary] = scanned();
    expect(used).toBe('used');
    const bytes = readFileSync(join(dist, cache!));
    try {
      // A cache V8 refuses (here, one whose header names another source, as another build's would): the library compiles without it and scans the same.
      const other = Buffer.from(bytes);
      other.writeUInt32LE((other.readUInt32LE(8) + 1) >>> 0, 8);
      writeFileSync(join(dist, cache!), other);
      expect(scanned()).toEqual(['refused', summary]);
      rmSync(join(dist, cache!));
      expect(scanned()).toEqual(['none', summary]);
    } finally {
      writeFileSync(join(dist, cache!), bytes);
    }
  });

  it('ships the pack with all its policies', () => {
    const out = run(process.execPath, ['--input-type=module', '-e', `import { loadPack } from 'onus'; console.log(loadPack().policies.length)`], project);
    expect(Number(out.trim())).toBeGreaterThanOrEqual(64);
  });
});
