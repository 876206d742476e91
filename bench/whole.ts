/**
 * Whole-process measurements, as a user runs onus: the committed bundle
 * (dist/bin.cjs) or the built library in a fresh `node`, timed from outside
 * (wall clock, medians), peak RSS read from the process itself at exit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const preload = fileURLToPath(new URL('./rss-preload.mjs', import.meta.url));

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Run `node ...args`; throws with its stderr when it fails (exit code 0 or 1: a scan with findings is a success). */
function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 24 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}: ${String(r.stderr).slice(0, 500)}`);
}

/**
 * Median wall times (ms) of several commands, run in turn (`a b c a b c ...`),
 * so the parts of a ratio meet the same machine: a slow spell slows both
 * rather than skewing one.
 */
export function wallMsOf(commands: readonly (readonly string[])[], cwd: string, runs: number): number[] {
  const times = commands.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((args, c) => {
      const t = performance.now();
      run(args, cwd);
      times[c]!.push(performance.now() - t);
    });
  }
  return times.map(median);
}

/** Peak RSS (MB) of one run of `node ...args`. */
export function peakRssMb(args: readonly string[], cwd: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'onus-rss-'));
  try {
    const file = join(dir, 'rss');
    run(['--import', preload, ...args], cwd, { ...process.env, ONUS_BENCH_RSS: file });
    return Number(readFileSync(file, 'utf8')) / 1024;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor of a plan: a node process that reads and JSON.parse-s it, nothing else. */
export const floorArgs = (file: string) => ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`];
