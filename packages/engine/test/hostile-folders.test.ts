/**
 * Hostile and large folders: 200 inputs of which 10 are broken (each error
 * named, the rest evaluated, in every output format), symbolic link loops,
 * unreadable files, a FIFO, control characters in file names; and a scan
 * opens no socket and starts no process unless rendering is enabled.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDefaultPack } from '@onus/rules';
import { FORMATS, MAX_INPUT_BYTES, planScan, render, scan } from '@onus/engine';
import { CHART, HELM_OUTPUT, lbPlan, pathWith, prints, service, standInTools, tempDir } from './support.js';

const { plan } = await planScan({ pack: loadDefaultPack(), sources: [], today: '2026-06-01' });

describe('a folder of 200 inputs, 10 of them broken', async () => {
  const files: Record<string, string> = {};
  const broken: string[] = [];
  for (let i = 0; i < 200; i++) {
    const id = String(i).padStart(3, '0');
    if (i % 20 === 7) {
      const file = i % 40 === 7 ? `in/plan-${id}.json` : `in/svc-${id}.yaml`;
      files[file] = file.endsWith('.json') ? '{"format_version": "1.2", "resource_changes": [{"address": ' : 'apiVersion: v1\nkind: Service\nmetadata: {name: "unterminated\n';
      broken.push(file);
    } else if (i % 2 === 0) files[`in/plan-${id}.json`] = lbPlan({ [`lb${id}`]: i % 4 === 0 });
    else files[`in/svc-${id}.yaml`] = service(`svc-${id}`);
  }
  const dir = tempDir(files);
  const { report } = await scan(['in'], plan, { cwd: dir });

  it('evaluates the 190 good ones and names the 10 broken ones', () => {
    expect(broken).toHaveLength(10);
    expect(report.inputs).toHaveLength(190);
    expect(report.errors.map((e) => e.file).sort()).toEqual([...broken].sort());
    expect(report.files!.filter((f) => f.status === 'failed').map((f) => f.file).sort()).toEqual([...broken].sort());
    expect(report.findings.length).toBeGreaterThan(190);
  });

  for (const format of FORMATS) {
    it(`${format}: every broken file is named, and the count of inputs read is there`, () => {
      const out = render(format, report, { color: false, verbose: false });
      for (const file of broken) expect(out, file).toContain(file);
      if (format === 'json') expect(JSON.parse(out).inputs).toHaveLength(190);
      else if (format === 'sarif') {
        const run = JSON.parse(out).runs[0];
        expect(run.properties.inputs).toHaveLength(190);
        expect(run.invocations[0].toolExecutionNotifications.filter((n: { descriptor: { id: string } }) => n.descriptor.id === 'onus/input-error')).toHaveLength(10);
      } else if (format === 'junit') expect(out).toMatch(/<testsuite name="Inputs that could not be read"[^>]*tests="10"/);
      else expect(out).toContain('in 190 inputs, 10 input errors');
    });
  }
});

describe('links, permissions and odd files', () => {
  it('symbolic link loops end, and each real file is read once', async () => {
    const dir = tempDir({ 'a/svc.yaml': service('a'), 'a/b/plan.json': lbPlan({ x: true }) });
    symlinkSync('..', join(dir, 'a/b/up'));
    symlinkSync('.', join(dir, 'a/self'));
    symlinkSync(join(dir, 'a'), join(dir, 'a/b/again'));
    symlinkSync('svc.yaml', join(dir, 'a/copy.yaml'));
    symlinkSync('missing.yaml', join(dir, 'a/dangling.yaml'));
    const { report } = await scan(['a'], plan, { cwd: dir });
    expect(report.errors).toEqual([]);
    expect(report.inputs.map((i) => i.file).sort()).toEqual(['a/b/plan.json', 'a/svc.yaml']);
  });

  it('a FIFO in a folder is not opened (the scan would wait forever)', async () => {
    const dir = tempDir({ 'svc.yaml': service('a') });
    try {
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    } catch {
      console.warn('mkfifo is not available: the FIFO case is not checked');
      return;
    }
    const { report } = await scan(['.'], plan, { cwd: dir });
    expect(report.inputs.map((i) => i.file)).toEqual(['svc.yaml']);
  });

  const root = process.getuid?.() === 0;
  if (root) console.warn('running as root, which reads any file whatever its mode: the unreadable-file case is skipped');
  it.skipIf(root)('an unreadable file is an error naming it and the fix; the others are read', async () => {
    const dir = tempDir({ 'ok.yaml': service('a'), 'secret.yaml': service('b') });
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    const { report } = await scan(['.'], plan, { cwd: dir });
    expect(report.inputs.map((i) => i.file)).toEqual(['ok.yaml']);
    expect(report.errors).toEqual([{ file: 'secret.yaml', message: 'cannot read the file (EACCES)', hint: 'check its permissions' }]);
    expect(report.files!.find((f) => f.file === 'secret.yaml')?.status).toBe('failed');
  });

  it('a file larger than onus reads is an error naming it and its size, named or found; the others are read', async () => {
    const dir = tempDir({ 'ok.yaml': service('a'), 'in/ok.yaml': service('b'), 'huge.json': '', 'in/huge.yaml': '' });
    // Sparse files: no disk used.
    for (const file of ['huge.json', 'in/huge.yaml']) truncateSync(join(dir, file), MAX_INPUT_BYTES + 1);
    const { report } = await scan(['ok.yaml', 'huge.json', 'in'], plan, { cwd: dir });
    expect(report.inputs.map((i) => i.file).sort()).toEqual(['in/ok.yaml', 'ok.yaml']);
    const mib = Math.round((MAX_INPUT_BYTES + 1) / 1024 / 1024);
    expect(report.errors.map((e) => [e.file, e.message])).toEqual([
      ['huge.json', `the file is ${mib} MiB, more than onus reads (${Math.floor(MAX_INPUT_BYTES / 1024 / 1024)} MiB)`],
      ['in/huge.yaml', `the file is ${mib} MiB, more than onus reads (${Math.floor(MAX_INPUT_BYTES / 1024 / 1024)} MiB)`],
    ]);
  });

  it('control characters in a file name never reach the terminal', async () => {
    const evil = 'evil\u001b[2J.yaml';
    const dir = tempDir({ [evil]: '{"format_version": "1.2", "resource_changes": [' });
    const { report } = await scan(['.'], plan, { cwd: dir });
    expect(report.errors.map((e) => e.file)).toEqual([evil]);
    const text = render('text', report, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\u001b[2J.yaml');
  });
});

/**
 * The built CLI (dist/bin.cjs, kept fresh by a test) run in a child with a
 * hook that records, instead of doing, every process start and socket
 * connection, whoever asks (the scan or a dependency).
 */
describe('no socket, no process unless rendering is enabled', () => {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const bundle = join(repo, 'dist', 'bin.cjs');
  const hook = join(tempDir(), 'hook.mjs');
  writeFileSync(
    hook,
    `import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports, createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const log = process.env.ONUS_HOOK_LOG;
const record = (what) => appendFileSync(log, what + '\\n');
const cp = require('node:child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const real = cp[name];
  cp[name] = function (...args) { record('process ' + name + ' ' + String(args[0])); return real.apply(this, args); };
}
const net = require('node:net');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { record('socket connect'); return connect.apply(this, args); };
const dgram = require('node:dgram');
const createSocket = dgram.createSocket;
dgram.createSocket = function (...args) { record('socket udp'); return createSocket.apply(this, args); };
const realFetch = globalThis.fetch;
globalThis.fetch = (...args) => { record('socket fetch'); return realFetch(...args); };
syncBuiltinESMExports();
`,
  );

  /** Run the CLI (or a script) under the hook; what it recorded. */
  const underHook = (args: string[], cwd: string, bin: string): string[] => {
    const log = join(cwd, 'hook.log');
    writeFileSync(log, '');
    try {
      execFileSync(process.execPath, ['--import', hook, ...args], { cwd, env: { ...process.env, PATH: pathWith(bin), ONUS_HOOK_LOG: log, NO_COLOR: '1' }, stdio: 'pipe' });
    } catch (err) {
      // exit 1 (failures found) is expected; anything else is a failure of this test
      if ((err as { status?: number }).status !== 1) throw err;
    }
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  };

  it.skipIf(!existsSync(bundle))('a scan with a chart, rendering off: nothing recorded; on: only the stand-in helm', () => {
    const bin = standInTools({ helm: prints(HELM_OUTPUT) });
    const dir = tempDir({ ...CHART, 'svc.yaml': service('a'), 'plan.json': lbPlan({ a: false }) });
    mkdirSync(join(dir, '.git'));
    expect(underHook([bundle, 'scan', '.'], dir, bin)).toEqual([]);
    writeFileSync(join(dir, '.onus.yaml'), 'render: true\n');
    expect(underHook([bundle, 'scan', '.'], dir, bin)).toEqual([`process execFile ${join(bin, 'helm')}`]);
  });

  it('the hook sees a socket connection (so an empty record above means none)', () => {
    const dir = tempDir();
    const script = join(dir, 'connect.mjs');
    writeFileSync(script, "import net from 'node:net'; net.connect(9, '127.0.0.1').on('error', () => {});\n");
    expect(underHook([script], dir, dir)).toEqual(['socket connect']);
  });
});
