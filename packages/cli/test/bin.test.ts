/** The real executables: the committed bundle, and the sources through tsx (`pnpm onus`). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INFRA, REPO, lbPlan, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';
import { COLLECT_FROM_RESOURCES } from '../src/memory.js';

const BUNDLE = join(REPO, 'dist', 'bin.cjs');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const SOURCE_BIN = join(REPO, 'packages', 'cli', 'src', 'bin.ts');

function onus(argv: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BUNDLE, ...argv], {
    cwd: options.cwd ?? REPO,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ONUS_TODAY: '2026-06-01', ...options.env },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dist/bin.cjs (the bundle)', () => {
  it('scans the example infra repo: a readable report, exit 1 for its high failures', () => {
    const r = onus(['scan', 'examples/infra-repo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Network +\d+ +\d+ +\d+ +\d+ +\d+$/m);
    expect(r.stdout).toMatch(/onus: \d+ failed, \d+ unknown, \d+ passed, 1 waived in 4 inputs/);
    expect(r.stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('exits only once its output is out: a report larger than a pipe holds, read slowly, arrives whole', () => {
    const lbs = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`lb${i}`, i % 2 === 0]));
    const dir = tempDir({ 'plan.json': lbPlan(lbs) });
    const command = `"${process.execPath}" "${BUNDLE}" scan plan.json --format json --include-passes --fail-on none | (sleep 1; cat)`;
    const r = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 30_000 });
    expect(r.stdout.length).toBeGreaterThan(256 * 1024);
    const report = JSON.parse(r.stdout) as { inputs: { resources: number }[] };
    expect(report.inputs).toEqual([expect.objectContaining({ resources: 1500 })]);
  });

  it('runs a compiled Rego bundle (the OPA SDK is bundled): JSON on stdout only, exit 1 for the low failure under failOn: low', () => {
    const r = onus(['scan', 'examples/rego', '--only', 'rego:rules/deny', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(expandFindings(JSON.parse(r.stdout), { passes: false })).toEqual([expect.objectContaining({ policyId: 'MY-RULE', status: 'fail', rego: { file: 'examples/rego/policy/bundle.tar.gz', entrypoint: 'rules/deny' } })]);
  });

  it('reads a plan piped on stdin (terraform show -json tfplan | onus scan -)', () => {
    const r = onus(['scan', '--only', 'DSR-NET-04', '--format', 'json', '-'], { input: lbPlan({ pub: false }), cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(expandFindings(JSON.parse(r.stdout), { passes: false })[0]).toMatchObject({ policyId: 'DSR-NET-04', status: 'fail', resource: { address: 'aws_lb.pub', file: '-' } });
  });

  it('bad input: one line per problem on stderr, exit 2, no stack trace', () => {
    const dir = tempDir({ 'good.json': lbPlan({ pub: false }), 'bad.json': '{"format_version": "1.2", "resource_changes": [}' });
    const r = onus(['scan', '--only', 'DSR-NET-04', 'good.json', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^onus: bad\.json:1: .*; fix: /)]);
    expect(r.stdout).toContain('aws_lb.pub');
    expect(r.stderr).not.toMatch(/\bat .*\.m?js:\d+/);
  });

  it('embeds the same pack as the sources (same digest), already parsed', async () => {
    const { loadDefaultPack } = await import('@onus/rules');
    const r = onus(['scan', '--format', 'json', '-'], { input: lbPlan({ a: true }), cwd: tempDir() });
    expect(JSON.parse(r.stdout).pack).toEqual({ name: '@onus/rules', version: loadDefaultPack().version, digest: loadDefaultPack().digest });
  });

  it('--version, and usage errors exit 2', () => {
    expect(onus(['--version']).stdout).toMatch(/^onus \d+\.\d+\.\d+ \(@onus\/rules \d+\.\d+\.\d+\)\n$/);
    const r = onus(['scan', '--fail-on', 'never']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: --fail-on never: use one of critical, high, medium, low, info, none/);
  });

  it('the example waiver applies, with its config line', () => {
    const r = onus(['scan', '--format', 'json', join(INFRA, 'plan.json')]);
    const waived = expandFindings(JSON.parse(r.stdout), { passes: false }).filter((f: { status: string }) => f.status === 'waived');
    expect(waived).toEqual([expect.objectContaining({ policyId: 'DSR-NET-04', resource: expect.objectContaining({ address: 'module.edge.aws_lb.public' }), waiver: expect.objectContaining({ source: expect.stringMatching(/\.onus\.yaml:\d+$/) }) })]);
  });
});

describe('pnpm onus (tsx on the sources)', () => {
  it('runs the same CLI', () => {
    const r = spawnSync(TSX, ['--conditions', 'source', SOURCE_BIN, 'scan', '--only', 'DSR-NET-04', '-'], {
      cwd: REPO,
      input: lbPlan({ pub: false }),
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('DSR-NET-04 -: aws_lb.pub');
  }, 60_000);
});

describe('dist/bin.cjs starts the bundle from V8 code cache', () => {
  const cached = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
  const scan = (env: Record<string, string>) => onus(['scan', '--format', 'json', '-'], { input: lbPlan({ pub: false }), cwd: tempDir(), env });
  const report = (stdout: string) => {
    const { timing: _timing, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
    return rest;
  };

  it('writes the cache on the first run and uses it (V8 accepts it: not written again) with the same report', () => {
    const dir = tempDir();
    const first = scan({ ONUS_COMPILE_CACHE: dir });
    expect(first.code).toBe(1);
    const files = cached(dir);
    expect(files).toEqual([expect.stringMatching(new RegExp(`^onus-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.platform}-${process.arch}\\.v8cache$`))]);
    const path = join(dir, files[0]!);
    const written = statSync(path).mtimeMs;
    expect(statSync(path).size).toBeGreaterThan(100_000);
    const second = scan({ ONUS_COMPILE_CACHE: dir });
    expect(second.code).toBe(1);
    expect(statSync(path).mtimeMs).toBe(written);
    expect(report(second.stdout)).toEqual(report(first.stdout));
  });

  /** Two runs with one cache folder: the first writes the cache, the second uses it (V8 accepts it: not written again). */
  const usesCacheOnSecondRun = (run: (env: Record<string, string>) => { code: number | null }, code: number) => {
    const dir = tempDir();
    expect(run({ ONUS_COMPILE_CACHE: dir }).code).toBe(code);
    const path = join(dir, cached(dir)[0]!);
    const written = statSync(path).mtimeMs;
    expect(run({ ONUS_COMPILE_CACHE: dir }).code).toBe(code);
    expect(statSync(path).mtimeMs).toBe(written);
  };

  it('a first run large enough to collect garbage leaves a cache the next run uses', () => {
    const plan = lbPlan(Object.fromEntries(Array.from({ length: COLLECT_FROM_RESOURCES }, (_, i) => [`lb${i}`, true])));
    usesCacheOnSecondRun((env) => onus(['scan', '--format', 'json', '--fail-on', 'none', '--only', 'DSR-NET-04', '-'], { input: plan, cwd: tempDir(), env }), 0);
  });

  it('a small scan of files (TurboFan off while it runs) leaves a cache the next run uses', () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    usesCacheOnSecondRun((env) => onus(['scan', '--only', 'DSR-NET-04', 'plan.json'], { cwd: dir, env }), 1);
  });

  it('a Terraform source scan (its parser compiled by Liftoff alone) leaves a cache the next run uses', () => {
    const module = tempDir({ 'main.tf': 'resource "aws_lb" "pub" {\n  internal = false\n}\n' });
    // Exit 1: the public load balancer fails DSR-NET-04, so the module was parsed.
    usesCacheOnSecondRun((env) => onus(['scan', '--only', 'DSR-NET-04', '.'], { cwd: module, env }), 1);
  });

  it('is written again when a run uses a part of onus the cache was not written with, and then covers both', () => {
    const dir = tempDir();
    const module = tempDir({ 'main.tf': 'resource "aws_lb" "pub" {\n  internal = false\n}\n' });
    const planScan = () => scan({ ONUS_COMPILE_CACHE: dir });
    const sourceScan = () => onus(['scan', '--only', 'DSR-NET-04', '.'], { cwd: module, env: { ONUS_COMPILE_CACHE: dir } });
    expect(planScan().code).toBe(1);
    const path = join(dir, cached(dir)[0]!);
    const covers = () => JSON.parse(readFileSync(`${path}.covers`, 'utf8')) as string[];
    expect(covers()).toEqual(['in:terraform-plan', 'out:json', 'scan']);
    const first = statSync(path);
    // The Terraform source and the text report are new: the cache is written again, with more in it.
    expect(sourceScan().code).toBe(1);
    const second = statSync(path);
    expect(second.mtimeMs).toBeGreaterThan(first.mtimeMs);
    expect(second.size).toBeGreaterThan(first.size);
    expect(covers()).toEqual(['in:terraform-plan', 'in:terraform-source', 'out:json', 'out:text', 'scan']);
    // Both kinds of run are covered now: neither writes it again.
    expect(sourceScan().code).toBe(1);
    expect(planScan().code).toBe(1);
    expect(statSync(path).mtimeMs).toBe(second.mtimeMs);
  });

  it('a cache without its list of parts is written again once, then used', () => {
    const dir = tempDir();
    expect(scan({ ONUS_COMPILE_CACHE: dir }).code).toBe(1);
    const path = join(dir, cached(dir)[0]!);
    rmSync(`${path}.covers`);
    const before = statSync(path).mtimeMs;
    expect(scan({ ONUS_COMPILE_CACHE: dir }).code).toBe(1);
    const after = statSync(path).mtimeMs;
    expect(after).toBeGreaterThan(before);
    expect(existsSync(`${path}.covers`)).toBe(true);
    expect(scan({ ONUS_COMPILE_CACHE: dir }).code).toBe(1);
    expect(statSync(path).mtimeMs).toBe(after);
  });

  it('a cache V8 refuses (not from this bundle) is replaced; the run is the same', () => {
    const dir = tempDir();
    const clean = scan({ ONUS_DISABLE_COMPILE_CACHE: '1', ONUS_COMPILE_CACHE: dir });
    expect(cached(dir)).toEqual([]);
    scan({ ONUS_COMPILE_CACHE: dir });
    const path = join(dir, cached(dir)[0]!);
    writeFileSync(path, Buffer.alloc(4096, 7));
    const r = scan({ ONUS_COMPILE_CACHE: dir });
    expect(r.code).toBe(1);
    expect(report(r.stdout)).toEqual(report(clean.stdout));
    expect(statSync(path).size).toBeGreaterThan(100_000);
  });

  it('a new cache removes the caches other bundles left more than 30 days ago, and nothing else', () => {
    const dir = tempDir();
    const old = Date.now() / 1000 - 31 * 24 * 3600;
    const files = {
      stale: `onus-0000000000000000-${process.version}-${process.platform}-${process.arch}.v8cache`,
      staleCovers: `onus-0000000000000000-${process.version}-${process.platform}-${process.arch}.v8cache.covers`,
      staleHalfWritten: `onus-0000000000000000-v18.0.0-${process.platform}-${process.arch}.v8cache.12345`,
      recent: `onus-1111111111111111-${process.version}-${process.platform}-${process.arch}.v8cache`,
      notOurs: 'other-tool.v8cache',
    };
    for (const [what, name] of Object.entries(files)) {
      writeFileSync(join(dir, name), 'x');
      if (what !== 'recent') utimesSync(join(dir, name), old, old);
    }
    expect(scan({ ONUS_COMPILE_CACHE: dir }).code).toBe(1);
    const left = readdirSync(dir);
    expect(left).not.toContain(files.stale);
    expect(left).not.toContain(files.staleCovers);
    expect(left).not.toContain(files.staleHalfWritten);
    expect(left).toContain(files.recent);
    expect(left).toContain(files.notOurs);
    expect(cached(dir).filter((f) => f !== files.recent && f !== files.notOurs)).toHaveLength(1);
  });

  it('a cache folder that cannot be made does not stop the run', () => {
    const dir = tempDir({ 'file': 'not a folder' });
    const r = scan({ ONUS_COMPILE_CACHE: join(dir, 'file', 'cache') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(report(r.stdout)).toMatchObject({ summary: { fail: 1 } });
  });
});

describe('dist/bin.cjs holds V8 young generation at its first size, except for a large scan', () => {
  /** The size of V8's young generation when the run ends (a preload that writes it at exit). */
  const youngGenerationAtExit = (argv: string[], input?: string) => {
    const dir = tempDir({ 'probe.cjs': "process.on('exit', () => require('fs').writeFileSync(process.env.PROBE_OUT, String(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').physical_space_size)));\n" });
    const plans = tempDir({ 'plan.json': input ?? '' });
    const r = onus(argv, { cwd: plans, ...(input !== undefined ? { input } : {}), env: { NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}`, PROBE_OUT: join(dir, 'out') } });
    expect(r.stderr).toBe('');
    return Number(readFileSync(join(dir, 'out'), 'utf8'));
  };
  // 1000 load balancers: enough survivors for V8 to grow its young generation (to 8 MiB) when let.
  const plan = lbPlan(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`lb${i}`, i % 2 === 0])));

  it('a scan of files under 3 MiB: two semi-spaces of 1 MiB', () => {
    expect(youngGenerationAtExit(['scan', '--fail-on', 'none', 'plan.json'], plan)).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('a scan of standard input (its size unknown before it is read) grows it as V8 would', () => {
    expect(youngGenerationAtExit(['scan', '--fail-on', 'none', '-'], plan)).toBeGreaterThan(2 * 1024 * 1024);
  });
});

describe('dist/bin.cjs asks only on a terminal', () => {
  // `script` (util-linux) runs the command on a pseudo-terminal: standard input and output are then a terminal.
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!hasScript) console.warn('`script` (util-linux) is not on the PATH: onus init on a terminal is not checked');

  it.skipIf(!hasScript)('onus init on a terminal asks what scans cover, and writes the answer', () => {
    const dir = tempDir();
    const r = spawnSync('script', ['-qec', `"${process.execPath}" "${BUNDLE}" init`, '/dev/null'], { cwd: dir, input: 'account\n', encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('coverage [partial]:');
    expect(readFileSync(join(dir, '.onus.yaml'), 'utf8')).toMatch(/^coverage: account$/m);
  });

  it('onus init with standard input from a pipe asks nothing and writes the default', () => {
    const dir = tempDir();
    const r = onus(['init'], { cwd: dir, input: 'account\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('coverage [partial]:');
    expect(readFileSync(join(dir, '.onus.yaml'), 'utf8')).toMatch(/^coverage: partial$/m);
  });
});
