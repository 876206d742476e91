/**
 * `pnpm bench`: the performance contract of DESIGN.md, as ratios measured in
 * one run (never as timed tests):
 * - full-pack scan of generated plans of 1k, 10k and 50k resources, as a
 *   ratio to reading and JSON.parse-ing the same file (the floor);
 * - peak RSS of each scan (each size in its own process);
 * - the json-rules-engine reference path on the 1k plan, for comparison;
 * - CLI cold start on a small input, as a ratio to `node -e 0`;
 * - `onus scan` of Terraform source, whole process (the bundle): a generated
 *   500-file repository (target under 2 s) and a 20-file module (target
 *   under 300 ms).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePlan } from './generate.js';
import { generateModule, generateRepository } from './generate-source.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const sizes = (process.env.ONUS_BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'onus-bench-'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Measure { floorMs: number; scanMs: number; resources: number; findings: number; maxRssMb: number; referenceMs?: number }

function measure(file: string, reference: boolean): Measure {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'measure.ts'), file, reference ? 'reference' : ''], {
    cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Measure;
}

execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: repo, stdio: 'inherit' });
console.log(`onus bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('size     resources  floor(read+parse)  full scan   ratio   peak RSS   json-rules-engine');
for (const size of sizes) {
  const file = join(dir, `plan-${size}.json`);
  writeFileSync(file, generatePlan(size));
  const m = measure(file, size <= 1000);
  const ref = m.referenceMs !== undefined ? `${m.referenceMs.toFixed(0)} ms (${(m.referenceMs / (m.scanMs - m.floorMs)).toFixed(0)}x the compiled evaluation)` : '-';
  console.log(
    `${String(size).padEnd(8)} ${String(m.resources).padStart(9)}  ${m.floorMs.toFixed(1).padStart(14)} ms  ${m.scanMs.toFixed(1).padStart(8)} ms  ${(m.scanMs / m.floorMs).toFixed(1).padStart(5)}x  ${m.maxRssMb.toFixed(0).padStart(6)} MB   ${ref}`,
  );
}

// CLI cold start on a small input, against `node -e 0`.
const bundle = join(repo, 'dist', 'onus.mjs');
const example = join(repo, 'examples', 'infra-repo');
if (existsSync(bundle) && existsSync(example)) {
  const time = (args: string[]) => {
    const runs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      spawnSync(process.execPath, args, { cwd: repo, stdio: 'ignore' });
      runs.push(performance.now() - t);
    }
    return median(runs);
  };
  const nodeMs = time(['-e', '0']);
  const cliMs = time([bundle, 'scan', example, '--format', 'json', '--fail-on', 'none']);
  console.log(`cold start: onus scan examples/infra-repo ${cliMs.toFixed(0)} ms, node -e 0 ${nodeMs.toFixed(0)} ms: ratio ${(cliMs / nodeMs).toFixed(1)}x`);

  // Terraform source: `onus scan FOLDER`, the whole process, full pack.
  const repository = join(dir, 'tf-repo');
  const files = generateRepository(repository, 49, 10, 11);
  const module = join(dir, 'tf-module');
  generateModule(module, 1, 20);
  writeFileSync(join(module, 'terraform.tfvars'), 'prefix = "acme"\n');
  for (const [label, folder, target] of [[`${files}-file repository`, repository, 2000], ['20-file module', module, 300]] as const) {
    const args = [bundle, 'scan', folder, '--format', 'json', '--fail-on', 'none'];
    const report = JSON.parse(spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout) as { inputs: { resources: number }[]; errors: unknown[]; findings: unknown[] };
    const resources = report.inputs.reduce((n, i) => n + i.resources, 0);
    const ms = time(args);
    console.log(
      `terraform source: onus scan of a ${label}: ${ms.toFixed(0)} ms whole process (target < ${target} ms), ${resources} resources, ${report.findings.length} findings, ${report.errors.length} input errors`,
    );
  }
} else {
  console.log('cold start and Terraform source scans: skipped (no dist/onus.mjs or examples/infra-repo)');
}
