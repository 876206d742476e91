/**
 * Bundles and modules built to attack or confuse the loader: each gives one
 * clear problem naming the file, nothing is written (not even inside the
 * temporary directory the test made), and no member is read before its
 * declared size is checked.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTarGz } from '../src/archive.js';
import { loadRego, type LoadRegoResult, type RegoSpec } from '../src/index.js';
import { HAVE_FIXTURES, fixtureBytes, tarGz, tarGzDeclaring, tempDir, wasmBundle } from './support.js';

/** The smallest valid wasm module that imports WASI's `fd_write`, as Kubewarden and other non-OPA modules do. */
const WASI_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
  0x02, 0x23, 0x01, 0x16, ...Buffer.from('wasi_snapshot_preview1'), 0x08, ...Buffer.from('fd_write'), 0x00, 0x00,
]);
/** A valid wasm module with nothing in it. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.remove());

async function loadFile(name: string, content: Uint8Array | string, spec: Partial<RegoSpec> = {}): Promise<LoadRegoResult> {
  writeFileSync(join(tmp.dir, name), content);
  const result = await loadRego({ path: name, ...spec }, { cwd: tmp.dir });
  expect(readdirSync(tmp.dir), 'the loader writes nothing').toEqual([name]);
  return result;
}

/** Exactly one problem, for this file, whose message says what is wrong. */
function oneProblem(result: LoadRegoResult, file: string, message: RegExp): void {
  expect(result.source).toBeUndefined();
  expect(result.problems).toEqual([{ file, message: expect.stringMatching(message), hint: expect.any(String) }]);
}

describe('hostile bundles', () => {
  it('refuses a member whose path climbs out with `..`, and writes nothing there', async () => {
    const bundle = await tarGz({ '/.manifest': '{}', '../../evil-onus.json': '{"owned":true}' });
    oneProblem(await loadFile('bundle.tar.gz', bundle), 'bundle.tar.gz', /"\.\.\/\.\.\/evil-onus\.json" has `\.\.` in its path \(path traversal\)/);
    expect(existsSync(resolve(tmp.dir, '../../evil-onus.json'))).toBe(false);
  });

  it('refuses a member with a Windows drive path', async () => {
    const bundle = await tarGz({ 'C:/Windows/evil.json': '{}' });
    oneProblem(await loadFile('bundle.tar.gz', bundle), 'bundle.tar.gz', /"C:\/Windows\/evil\.json" has an absolute path/);
  });

  it('refuses a member with a network (//host) path', async () => {
    const bundle = await tarGz({ '//host/share/data.json': '{}' });
    oneProblem(await loadFile('bundle.tar.gz', bundle), 'bundle.tar.gz', /"\/\/host\/share\/data\.json" has an absolute path/);
  });

  it('refuses a 1 GB declared member from its header, without reading or allocating it', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const result = await loadFile('bundle.tar.gz', tarGzDeclaring('policy.wasm', 1024 ** 3));
    oneProblem(result, 'bundle.tar.gz', /"policy\.wasm" declares 1\.0 GiB, more than the 64 MiB onus reads per member/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('stops a gzip bomb (a small archive followed by masses of zeros) once it unpacks past the limit', async () => {
    const { gzipSync } = await import('node:zlib');
    const { packTar } = await import('modern-tar');
    const bomb = gzipSync(Buffer.concat([await packTar([{ header: { name: '/data.json', size: 2 }, body: '{}' }]), Buffer.alloc(4 * 1024 * 1024)]));
    const result = await readTarGz(bomb, 'bomb.tar.gz', { memberBytes: 1024, totalBytes: 1024 });
    expect(result).toEqual({ problem: { file: 'bomb.tar.gz', message: expect.stringMatching(/^is not a readable gzip-compressed tar archive: it unpacks to more than 1 MiB/), hint: expect.any(String) } });
  });

  it('refuses a symbolic link member', async () => {
    const { packTar } = await import('modern-tar');
    const { gzipSync } = await import('node:zlib');
    const bundle = gzipSync(await packTar([{ header: { name: '/data.json', type: 'symlink', linkname: '/etc/passwd', size: 0 } }]));
    oneProblem(await loadFile('bundle.tar.gz', bundle), 'bundle.tar.gz', /"\/data\.json" is a symlink, not a regular file/);
  });

  it('refuses a gzip file that is not a tar archive', async () => {
    const { gzipSync } = await import('node:zlib');
    oneProblem(await loadFile('bundle.tar.gz', gzipSync(Buffer.from('just text, no tar'))), 'bundle.tar.gz', /is not a readable gzip-compressed tar archive/);
  });

  it('refuses a bundle without policy.wasm (a Rego-only bundle)', async () => {
    const bundle = await tarGz({ '/policy.rego': 'package x\nallow := true\n', '/data.json': '{}' });
    oneProblem(await loadFile('bundle.tar.gz', bundle), 'bundle.tar.gz', /holds no \/policy\.wasm: it is not a wasm bundle/);
  });

  it('refuses a file that is neither wasm nor a bundle', async () => {
    oneProblem(await loadFile('policy.rego', 'package x\n'), 'policy.rego', /is neither a WebAssembly module nor a gzip-compressed OPA bundle/);
  });

  it('refuses a path that does not exist', async () => {
    oneProblem(await loadRego({ path: 'missing.wasm' }, { cwd: tmp.dir }), 'missing.wasm', /does not exist/);
  });
});

describe('wasm that is not an OPA policy', () => {
  it('refuses a WASI module before running any of it, naming what it imports', async () => {
    oneProblem(await loadFile('policy.wasm', WASI_MODULE), 'policy.wasm', /is a WebAssembly module but not an OPA policy: it imports wasi_snapshot_preview1\.fd_write/);
  });

  it('refuses an empty module, naming the OPA exports it lacks', async () => {
    oneProblem(await loadFile('policy.wasm', EMPTY_MODULE), 'policy.wasm', /not an OPA policy: it does not export opa_wasm_abi_version, entrypoints/);
  });

  it('refuses a non-OPA module inside a bundle, naming the member', async () => {
    const bundle = await tarGz({ '/.manifest': JSON.stringify({ wasm: [{ entrypoint: 'x/deny', module: '/policy.wasm' }] }), '/policy.wasm': WASI_MODULE });
    oneProblem(await loadFile('bundle.tar.gz', bundle), 'bundle.tar.gz!/policy.wasm', /not an OPA policy: it imports wasi_snapshot_preview1\.fd_write/);
  });

  it('refuses bytes that start like wasm but are not a module', async () => {
    oneProblem(await loadFile('policy.wasm', new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x02, 0xff])), 'policy.wasm', /is not a WebAssembly module/);
  });
});

describe.skipIf(!HAVE_FIXTURES)('entrypoints that do not exist', () => {
  it('refuses a bundle whose manifest lists an entrypoint its module lacks, naming the ones it has', async () => {
    const bundle = await wasmBundle(fixtureBytes('snyk-iac-owner-tag', 'policy.wasm'), ['rules/nope']);
    oneProblem(await loadFile('bundle.tar.gz', bundle), 'bundle.tar.gz', /has no entrypoint "rules\/nope"; it has: rules\/deny/);
  });

  it('refuses an entrypoint named in the spec that the module lacks', async () => {
    const result = await loadFile('policy.wasm', fixtureBytes('snyk-iac-owner-tag', 'policy.wasm'), { entrypoints: ['rules/deny', 'rules/allow'] });
    oneProblem(result, 'policy.wasm', /has no entrypoint "rules\/allow"/);
  });

  it('refuses a manifest that names a module the bundle does not hold', async () => {
    const bundle = await tarGz({ '/.manifest': JSON.stringify({ wasm: [{ entrypoint: 'rules/deny', module: '/other.wasm' }] }), '/policy.wasm': fixtureBytes('snyk-iac-owner-tag', 'policy.wasm') });
    oneProblem(await loadFile('bundle.tar.gz', bundle), 'bundle.tar.gz', /names the module \/other\.wasm, which the bundle does not hold/);
  });

  it('refuses a module with no conventional rule when no entrypoint is named', async () => {
    oneProblem(await loadFile('policy.wasm', fixtureBytes('tfplan-changes', 'policy.wasm')), 'policy.wasm', /has no deny, violation, warn or allow rule among its entrypoints \(terraform/);
  });
});
