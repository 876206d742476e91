/**
 * `pnpm exec tsx bench/terraform-source.ts`: reading Terraform source, as
 * whole processes (plain `node` on the built adapters, so startup, module
 * loading and the WebAssembly grammar are counted) and in process:
 * - a generated 500-file repository (a root module calling 49 local modules
 *   of 10 files each, with count, for_each, locals, tfvars, policy documents
 *   and references); target well under 2 s whole process;
 * - a generated 20-file module; target under 300 ms;
 * - `node -e 0` and importing @onus/adapters alone, for scale.
 * Reports medians of 5 runs; never asserts a time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateModule, generateRepository } from './generate-source.js';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const adapters = join(repo, 'packages', 'adapters', 'dist', 'index.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function wall(args: string[]): number {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    runs.push(performance.now() - t);
    if (r.status !== 0) throw new Error(r.stderr);
  }
  return median(runs);
}

const READ = (dir: string) => `
const t = performance.now();
const { fromTerraformSource } = await import(${JSON.stringify(adapters)});
const loaded = performance.now();
const r = await fromTerraformSource(${JSON.stringify(dir)});
const done = performance.now();
console.log(JSON.stringify({ resources: r.resources.length, errors: r.errors.length, importMs: loaded - t, readMs: done - loaded }));
`;

execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: repo, stdio: 'inherit' });
const root = process.env.ONUS_BENCH_KEEP ?? mkdtempSync(join(tmpdir(), 'onus-bench-tfsrc-'));
try {
  const big = join(root, 'repo');
  const files = generateRepository(big, 49, 10, 11);
  const small = join(root, 'module');
  generateModule(small, 1, 20);
  console.log(`onus bench: Terraform source — node ${process.version}`);
  const nodeMs = wall(['-e', '0']);
  const importMs = wall(['--input-type=module', '-e', `await import(${JSON.stringify(adapters)})`]);
  console.log(`node -e 0: ${nodeMs.toFixed(0)} ms; import @onus/adapters: ${importMs.toFixed(0)} ms`);
  for (const [label, dir] of [[`${files}-file repository`, big], ['20-file module', small]] as const) {
    const ms = wall(['--input-type=module', '-e', READ(dir)]);
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', READ(dir)], { encoding: 'utf8' }).stdout.trim();
    const m = JSON.parse(out) as { resources: number; errors: number; importMs: number; readMs: number };
    console.log(`${label}: whole process ${ms.toFixed(0)} ms (in process: import ${m.importMs.toFixed(0)} ms, read ${m.readMs.toFixed(0)} ms), ${m.resources} resources, ${m.errors} errors`);
  }
} finally {
  if (!process.env.ONUS_BENCH_KEEP) rmSync(root, { recursive: true, force: true });
}
