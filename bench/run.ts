/**
 * `pnpm bench`: the performance contract of DESIGN.md and its targets, as
 * ratios measured in one run (never as timed tests):
 * - in process: full-pack scan of generated plans of 1k, 10k and 50k
 *   resources on the built packages, as a ratio to reading and JSON.parse-ing
 *   the same file (the floor), peak RSS, and json-rules-engine on the 1k plan;
 * - whole process, as users run it: `onus scan FILE --format json` with the
 *   bundle against `node -e 'JSON.parse(fs.readFileSync(FILE))'`, peak RSS,
 *   the JSON report's size, and the 50k/10k time ratio (linear scaling);
 * - the pre-commit case: one run over a generated repo of ~200 small files;
 * - cold start of the bundle and of the library import, against `node -e 0`;
 * - `onus scan` of Terraform source, whole process (the bundle): a generated
 *   500-file repository (target under 2 s) and a 20-file module (target
 *   under 300 ms).
 * Writes bench/results/latest.json and the table in README.md's Performance
 * section. `--smoke` (or ONUS_BENCH_SMOKE=1): the 1k plan only, one run each,
 * results to bench/results/smoke.json (or `--out FILE`), README untouched.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePlan } from './generate.js';
import { generateModule, generateRepository } from './generate-source.js';
import { writeBenchBlock } from './readme.js';
import { writeInfraRepo } from './repo.js';
import { floorArgs, peakRssMb, wallMsOf } from './whole.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke') || process.env['ONUS_BENCH_SMOKE'] === '1';
const outAt = argv.indexOf('--out');
const out = outAt >= 0 ? argv[outAt + 1]! : join(repo, 'bench', 'results', smoke ? 'smoke.json' : 'latest.json');
const sizes = smoke ? [1000] : (process.env['ONUS_BENCH_SIZES'] ?? '1000,10000,50000').split(',').map(Number);
const runs = smoke ? 1 : 5;
/** Runs of the cases that take under two seconds (pre-commit, cold start, Terraform source): more of them steady the median on a machine that runs fast and slow in spells. */
const shortRuns = smoke ? 1 : 11;
const dir = mkdtempSync(join(tmpdir(), 'onus-bench-'));
const bundle = join(repo, 'dist', 'bin.cjs');
// The library as the `onus` package ships it: one bundled module (scripts/bundle.mjs --library).
const library = pathToFileURL(join(repo, 'packages', 'onus', 'dist', 'onus.js')).href;
const example = join(repo, 'examples', 'infra-repo');
const mb = (bytes: number) => bytes / 1024 / 1024;

interface InProcess { size: number; resources: number; findings: number; floorMs: number; scanMs: number; ratio: number; maxRssMb: number; referenceMs?: number }
interface WholeProcess { size: number; inputMb: number; floorMs: number; scanMs: number; ratio: number; peakRssMb: number; rssTargetMb: number; reportMb: number; reportShare: number }
interface Target { what: string; target: string; measured: string; met: boolean | null }

function inProcess(file: string, size: number): InProcess {
  const text = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'measure.ts'), file, size <= 1000 ? 'reference' : '', String(runs)], {
    cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26,
  });
  const m = JSON.parse(text.trim().split('\n').pop()!) as Omit<InProcess, 'size' | 'ratio'>;
  return { size, ...m, ratio: m.scanMs / m.floorMs };
}

function wholeProcess(file: string, size: number): WholeProcess {
  const report = join(dir, `report-${size}.json`);
  const scan = [bundle, 'scan', file, '--format', 'json', '--fail-on', 'none', '--quiet', '--output', `json=${report}`];
  const [floorMs, scanMs] = wallMsOf([floorArgs(file), scan], repo, runs) as [number, number];
  const inputMb = mb(statSync(file).size);
  const reportMb = mb(statSync(report).size);
  return { size, inputMb, floorMs, scanMs, ratio: scanMs / floorMs, peakRssMb: peakRssMb(scan, repo), rssTargetMb: 3 * inputMb + 150, reportMb, reportShare: reportMb / inputMb };
}

execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: repo, stdio: 'inherit' });
execFileSync(process.execPath, [join(repo, 'scripts', 'bundle.mjs'), '--library'], { cwd: repo, stdio: 'inherit' });
if (!existsSync(bundle)) throw new Error('dist/bin.cjs is missing: run pnpm bundle');
console.log(`onus bench${smoke ? ' (smoke)' : ''} — node ${process.version}, ${new Date().toISOString().slice(0, 10)}, medians of ${runs} (${shortRuns} for the short cases)`);

const inner: InProcess[] = [];
const whole: WholeProcess[] = [];
for (const size of sizes) {
  const file = join(dir, `plan-${size}.json`);
  writeFileSync(file, generatePlan(size));
  const m = inProcess(file, size);
  inner.push(m);
  const w = wholeProcess(file, size);
  whole.push(w);
  console.log(
    `${String(size).padStart(6)} resources: in process ${m.scanMs.toFixed(0)} ms = ${m.ratio.toFixed(1)}x its floor, ${m.maxRssMb.toFixed(0)} MB; ` +
      `whole process ${w.scanMs.toFixed(0)} ms = ${w.ratio.toFixed(1)}x node+JSON.parse (${w.floorMs.toFixed(0)} ms), peak RSS ${w.peakRssMb.toFixed(0)} MB, ` +
      `JSON report ${w.reportMb.toFixed(1)} MB = ${(w.reportShare * 100).toFixed(0)}% of the ${w.inputMb.toFixed(1)} MB input` +
      (m.referenceMs !== undefined ? `; json-rules-engine ${m.referenceMs.toFixed(0)} ms` : ''),
  );
}

// The pre-commit case: one `onus scan --ignore-unknown FILES...` (the hook's entry) over a generated repo.
const infra = join(dir, 'infra-repo');
const staged = writeInfraRepo(infra);
const stagedMb = mb(staged.reduce((n, f) => n + statSync(join(infra, f)).size, 0));
// Timed in turn with `node -e 0`: these targets are in milliseconds, and the ratio tells the code from the machine's mood.
const nodeAlongside = (args: readonly string[], cwd: string) => wallMsOf([['-e', '0'], args], cwd, shortRuns) as [number, number];
const [preCommitNodeMs, preCommitMs] = nodeAlongside([bundle, 'scan', '--ignore-unknown', '--fail-on', 'none', ...staged], infra);
const timesNode = (ms: number, node: number) => `${(ms / node).toFixed(1)}x node -e 0 (${node.toFixed(0)} ms)`;
console.log(`pre-commit: ${staged.length} files (${stagedMb.toFixed(1)} MB) in ${preCommitMs.toFixed(0)} ms, ${timesNode(preCommitMs, preCommitNodeMs)}`);

// Cold start: the bundle on a small repo, and the library import scanning the same, against `node -e 0`.
const [nodeMs, bundleMs, libraryMs] = wallMsOf(
  [
    ['-e', '0'],
    [bundle, 'scan', example, '--format', 'json', '--fail-on', 'none'],
    ['--input-type=module', '-e', `const { scan } = await import(${JSON.stringify(library)}); await scan([${JSON.stringify(example)}]);`],
  ],
  repo,
  shortRuns,
) as [number, number, number];
console.log(`cold start: node -e 0 ${nodeMs.toFixed(0)} ms; bundle scan examples/infra-repo ${bundleMs.toFixed(0)} ms (${(bundleMs / nodeMs).toFixed(1)}x); library import + scan ${libraryMs.toFixed(0)} ms (${(libraryMs / nodeMs).toFixed(1)}x)`);

// Terraform source: `onus scan FOLDER`, the whole process, full pack.
const repository = join(dir, 'tf-repo');
const tfFiles = generateRepository(repository, 49, 10, 11);
const tfModule = join(dir, 'tf-module');
generateModule(tfModule, 1, 20);
writeFileSync(join(tfModule, 'terraform.tfvars'), 'prefix = "acme"\n');
const sourceMs: Record<string, number> = {};
const sourceNodeMs: Record<string, number> = {};
for (const [label, folder] of [[`${tfFiles}-file repository`, repository], ['20-file module', tfModule]] as const) {
  const args = [bundle, 'scan', folder, '--format', 'json', '--fail-on', 'none'];
  const report = JSON.parse(spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout) as { inputs: { resources: number }[]; errors: unknown[]; findings: unknown[] };
  const resources = report.inputs.reduce((n, i) => n + i.resources, 0);
  [sourceNodeMs[label], sourceMs[label]] = nodeAlongside(args, repo);
  console.log(`terraform source: onus scan of a ${label}: ${sourceMs[label]!.toFixed(0)} ms whole process, ${timesNode(sourceMs[label]!, sourceNodeMs[label]!)}, ${resources} resources, ${report.errors.length} input errors`);
}

const at = (size: number) => whole.find((w) => w.size === size);
const targets: Target[] = [];
const target = (what: string, wanted: string, measured: number | undefined, limit: number, format: (x: number) => string) =>
  targets.push({ what, target: wanted, measured: measured === undefined ? 'not measured' : format(measured), met: measured === undefined ? null : measured <= limit });
const x = (v: number) => `${v.toFixed(1)}x`;
target('10k plan, whole process vs the floor', '≤ 2.0x', at(10000)?.ratio, 2, x);
target('50k plan, whole process vs the floor', '≤ 2.0x', at(50000)?.ratio, 2, x);
target('50k/10k time (linear scaling)', '≤ 5.5', at(50000) && at(10000) ? at(50000)!.scanMs / at(10000)!.scanMs : undefined, 5.5, (v) => v.toFixed(2));
const big = at(50000);
if (big) target('peak RSS at 50k', `≤ 3x file + 150 MB (${big.rssTargetMb.toFixed(0)} MB)`, big.peakRssMb, big.rssTargetMb, (v) => `${v.toFixed(0)} MB`);
else target('peak RSS at 50k', '≤ 3x file + 150 MB', undefined, 0, String);
target('cold start, bundle, examples/infra-repo', '≤ 2.5x node -e 0', bundleMs / nodeMs, 2.5, x);
target('cold start, library import + scan', '≤ 3x node -e 0', libraryMs / nodeMs, 3, x);
target(`pre-commit run over ${staged.length} files (${stagedMb.toFixed(1)} MB)`, '≤ 300 ms', preCommitMs, 300, (v) => `${v.toFixed(0)} ms (${timesNode(v, preCommitNodeMs)})`);
target('JSON report of the 10k plan', '≤ 25% of the input', at(10000)?.reportShare, 0.25, (v) => `${(v * 100).toFixed(0)}%`);
target(`Terraform source, ${tfFiles}-file repository`, '< 2000 ms', sourceMs[`${tfFiles}-file repository`], 2000, (v) => `${v.toFixed(0)} ms (${timesNode(v, sourceNodeMs[`${tfFiles}-file repository`]!)})`);
target('Terraform source, 20-file module', '< 300 ms', sourceMs['20-file module'], 300, (v) => `${v.toFixed(0)} ms (${timesNode(v, sourceNodeMs['20-file module']!)})`);

const results = { date: new Date().toISOString(), node: process.version, smoke, runs, shortRuns, inProcess: inner, wholeProcess: whole, preCommit: { files: staged.length, mb: stagedMb, ms: preCommitMs, nodeMs: preCommitNodeMs }, coldStart: { nodeMs, bundleMs, libraryMs }, terraformSource: sourceMs, terraformSourceNodeMs: sourceNodeMs, targets };
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

const mark = (met: boolean | null) => (met === null ? '–' : met ? 'met' : 'not met');
const table = [
  `Measured by \`pnpm bench\` on ${results.date.slice(0, 10)} (node ${process.version}, ${runs === 1 ? 'one run' : `medians of ${runs} (plans) and ${shortRuns} (the pre-commit, cold-start and Terraform source cases)`}, the two sides of each ratio run in turn; whole process = the bundle in a fresh \`node\`; the floor = \`node -e 'JSON.parse(fs.readFileSync(FILE))'\`; targets in milliseconds also as a ratio to \`node -e 0\` timed alongside, which shows how fast the machine was).`,
  '',
  '| Plan | Input | Floor | `onus scan --format json` | Ratio | Peak RSS | JSON report |',
  '|---|---|---|---|---|---|---|',
  ...whole.map((w) => `| ${w.size.toLocaleString('en-US')} resources | ${w.inputMb.toFixed(1)} MB | ${w.floorMs.toFixed(0)} ms | ${w.scanMs.toFixed(0)} ms | ${w.ratio.toFixed(1)}x | ${w.peakRssMb.toFixed(0)} MB | ${w.reportMb.toFixed(1)} MB (${(w.reportShare * 100).toFixed(0)}%) |`),
  '',
  '| Target | Wanted | Measured | |',
  '|---|---|---|---|',
  ...targets.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${mark(t.met)} |`),
].join('\n');
console.log(`\n${table}\n\nwrote ${out}`);
if (!smoke) {
  writeBenchBlock(join(repo, 'README.md'), table);
  console.log('wrote the table into README.md (Performance)');
}
for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
rmSync(dir, { recursive: true, force: true });
