/**
 * The committed bundle (dist/onus.cjs, started by dist/bin.cjs) is what
 * pre-commit and `npm install -g github:...` install: it must equal a fresh
 * build of the sources, and the root package must install it with npm alone
 * (no workspace: deps, no build).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, tempDir } from './helpers.js';

const rootPackage = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;

describe('the committed bundle', () => {
  it('is fresh: equal to a build of the current sources (else run pnpm bundle)', async () => {
    // @ts-expect-error: a plain ES module script without types
    const { buildBundle, bundleAssets, BUNDLE, LAUNCHER, LICENSES } = (await import('../../../scripts/bundle.mjs')) as {
      buildBundle: () => Promise<{ code: string; launcher: string; licenses: string }>;
      bundleAssets: () => Promise<Map<string, Buffer>>;
      BUNDLE: string;
      LAUNCHER: string;
      LICENSES: string;
    };
    const { code, launcher, licenses } = await buildBundle();
    expect(existsSync(BUNDLE), 'dist/onus.cjs is missing: run pnpm bundle').toBe(true);
    const committed = readFileSync(BUNDLE, 'utf8');
    // Not toBe(): a 1 MB diff helps nobody; the message says what to do.
    expect(committed === code, 'dist/onus.cjs is stale: run pnpm bundle (and commit dist/)').toBe(true);
    expect(readFileSync(LAUNCHER, 'utf8') === launcher, 'dist/bin.cjs is stale: run pnpm bundle').toBe(true);
    expect(readFileSync(LICENSES, 'utf8') === licenses, 'dist/THIRD_PARTY_LICENSES.md is stale: run pnpm bundle').toBe(true);
    // The files the bundle reads from its own folder: the parser's WebAssembly and the OPA SDK.
    const assets = await bundleAssets();
    expect([...assets.keys()].sort()).toEqual(['opa-sdk.cjs', 'tree-sitter-terraform.wasm', 'web-tree-sitter.wasm']);
    for (const [name, bytes] of assets) expect(readFileSync(join(dirname(BUNDLE), name)).equals(bytes), `dist/${name} is stale: run pnpm bundle`).toBe(true);
  }, 60_000);

  it('embeds the precompiled pack (it reads no policy file at run time); all ASCII; one function expression; the launcher is executable', async () => {
    // @ts-expect-error: a plain ES module script without types
    const { WRAPPER } = (await import('../../../scripts/bundle.mjs')) as { WRAPPER: string };
    const code = readFileSync(join(REPO, 'dist', 'onus.cjs'), 'utf8');
    // The launcher compiles the text as read: the wrapper is in the file, its first line, closed by the last.
    expect(code.startsWith(`${WRAPPER}\n"use strict";`)).toBe(true);
    expect(code.endsWith('\n})\n')).toBe(true);
    expect(new Script(code).runInNewContext()).toBeTypeOf('function');
    // The launcher reads it as latin1: any other byte would be read wrong.
    expect(/[^\x00-\x7f]/.test(code)).toBe(false);
    expect(code).not.toMatch(/\bimport\((["'])(node:)?(fs|module|readline)/);
    expect(readFileSync(join(REPO, 'dist', 'bin.cjs'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    // One JSON text, parsed at start-up: the policies already validated, the digest already computed.
    expect(code).toMatch(/JSON\.parse\((['"])\{\\?"version\\?":\\?"[^"'\\]+\\?",\\?"digest\\?":\\?"[0-9a-f]{64}/);
    expect(code).toMatch(/\\?"id\\?":\\?"DSR-NET-04\\?"/);
    expect(code).not.toMatch(/readFileSync\(join\(root, "params\.yaml"\)/);
    expect(code).not.toContain('readPackSource');
    expect(statSync(join(REPO, 'dist', 'bin.cjs')).mode & 0o111).not.toBe(0);
  });
});

describe('CommonJS packages in the bundle start on first use', () => {
  const load = async () =>
    // @ts-expect-error: a plain ES module script without types
    ((await import('../../../scripts/bundle.mjs')) as { lazyImports: (code: string) => string }).lazyImports;

  it('rewrites an import used only through its properties, and leaves one passed on whole', async () => {
    const lazyImports = await load();
    const code = [
      'var import_ajv = __toESM(require_ajv(), 1);',
      'var import_x = __toESM(require_x(), 1);',
      'var ajv = () => new import_ajv.Ajv({});',
      'use(import_x, import_x.y);',
      '',
    ].join('\n');
    expect(lazyImports(code)).toBe(
      [
        'var import_ajv;',
        'var import_x = __toESM(require_x(), 1);',
        'var ajv = () => new (import_ajv ??= __toESM(require_ajv(), 1)).Ajv({});',
        'use(import_x, import_x.y);',
        '',
      ].join('\n'),
    );
  });

  it('leaves no package started at the top of dist/onus.cjs: ajv, yaml and ipaddr.js wait for their first use', () => {
    const code = readFileSync(join(REPO, 'dist', 'onus.cjs'), 'utf8');
    // Minified: an import started at the top is `import_x=__toESM(require_x(),1)` in a var list; a lazy one `(import_x??=...)`
    // where used. (esbuild's own lazy start of an ES module, `...(){import_opa=__toESM(...)`, is left to it.)
    expect(code).not.toMatch(/(?<!\(\)\{)\bimport_\w+=__toESM\(require_\w+\(\),1\)/);
    for (const name of ['import_ajv', 'import_yaml', 'import_ipaddr']) expect(code).toContain(`(${name}??=__toESM(`);
  });
});

describe('the root package (what npm installs for pre-commit)', () => {
  it('exposes the onus bin from the bundle and packs only the bundle and the files it reads beside it', () => {
    expect(rootPackage['bin']).toEqual({ onus: 'dist/bin.cjs' });
    expect(rootPackage['files']).toEqual(['dist/bin.cjs', 'dist/onus.cjs', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-terraform.wasm', 'dist/opa-sdk.cjs', 'dist/THIRD_PARTY_LICENSES.md']);
    expect(rootPackage['private']).toBe(true);
    expect(rootPackage['type']).toBe('module');
  });

  it('has no runtime dependencies, no workspace: specifiers and no install-time scripts', () => {
    expect(rootPackage['dependencies'] ?? {}).toEqual({});
    for (const [name, spec] of Object.entries((rootPackage['devDependencies'] ?? {}) as Record<string, string>)) {
      expect(spec, name).not.toMatch(/^(workspace|link|file):/);
    }
    const scripts = (rootPackage['scripts'] ?? {}) as Record<string, string>;
    // npm install / npm pack (as pre-commit runs them) would run these, and they would need a build
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack']) expect(scripts[hook], hook).toBeUndefined();
    expect(scripts['onus']).toBeDefined();
    expect(scripts['bundle']).toBe('node scripts/bundle.mjs');
  });

  it('.pre-commit-hooks.yaml declares the onus hook for node, fed Terraform source and json/yaml files', () => {
    const hooks = parse(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    const onus = hooks.find((h) => h['id'] === 'onus');
    expect(onus).toMatchObject({ language: 'node', pass_filenames: true, require_serial: true });
    expect(String(onus?.['entry'])).toMatch(/^onus scan /);
    const files = new RegExp(String(onus?.['files']));
    for (const f of ['plan.json', 'k8s/svc.yaml', 'k8s/svc.yml', 'assets.jsonl', 'main.tf', 'modules/x/main.tf.json', 'prod.tfvars', 'terraform.tfvars.json']) expect(files.test(f), f).toBe(true);
    for (const f of ['README.md', '.terraform.lock.hcl', 'main.tf.bak']) expect(files.test(f), f).toBe(false);
  });
});

describe('a bundle installed without the files it reads beside it', () => {
  // The bundle and its launcher alone: no parser WebAssembly, no OPA SDK.
  const dist = tempDir();
  for (const f of ['onus.cjs', 'bin.cjs']) copyFileSync(join(REPO, 'dist', f), join(dist, f));
  const onus = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [join(dist, 'bin.cjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ONUS_DISABLE_COMPILE_CACHE: '1', NO_COLOR: '1' } });

  it('says the installation lacks the Terraform parser, names the file, and says to reinstall (not that onus has a bug)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n');
    const r = onus(['scan', '.'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("cannot read this input: the Terraform parser's WebAssembly cannot be read (");
    expect(r.stderr).toContain(join(dist, 'web-tree-sitter.wasm'));
    expect(r.stderr).toContain('fix: reinstall onus');
    expect(r.stderr).not.toMatch(/bug in onus|\n\s+at /);
  });

  it('says the Rego policies cannot run without the OPA SDK, and to reinstall', () => {
    const dir = tempDir();
    cpSync(join(REPO, 'examples', 'rego'), dir, { recursive: true });
    const r = onus(['scan', '.', '--format', 'json'], dir);
    expect(r.status).toBe(2);
    const errors = (JSON.parse(r.stdout) as { findings: Record<string, { status: string; message: string }[]> }).findings;
    const messages = Object.values(errors).flat().filter((f) => f.status === 'error').map((f) => f.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).toMatch(/cannot find the OPA SDK \(.*opa-sdk\.cjs.*\): reinstall onus/);
  });
});

describe('what a start of the bundle loads', () => {
  it('`onus --version` loads neither node:tty nor node:module (with its ES module loader): each only when a run needs it', () => {
    // A preload notes the Node modules loaded at its start, and prints those loaded after it at exit.
    const preload = join(tempDir(), 'loaded.cjs');
    writeFileSync(preload, "const base = new Set(process.moduleLoadList); process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList.filter((m) => !base.has(m)))));\n");
    const r = spawnSync(process.execPath, ['--require', preload, join(REPO, 'dist', 'bin.cjs'), '--version'], { encoding: 'utf8', env: { ...process.env, ONUS_DISABLE_COMPILE_CACHE: '1' } });
    expect(r.stdout).toMatch(/^onus \d/);
    const loaded = JSON.parse(r.stderr) as string[];
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded).not.toContain('NativeModule tty');
    expect(loaded).not.toContain('NativeModule module');
    expect(loaded).not.toContain('NativeModule internal/modules/esm/loader');
  });
});
