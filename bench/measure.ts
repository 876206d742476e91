/**
 * One bench measurement in a fresh process (so peak RSS is this scan's own):
 * the floor (read + JSON.parse) and the full scan (read + parse + adapt +
 * evaluate the whole default pack), medians of several runs; optionally the
 * json-rules-engine reference path. Prints one JSON line. Runs on the
 * built JavaScript of each package (its dist folder).
 */
import { readFileSync } from 'node:fs';
// The built packages (run.ts builds them first), as users run them: no transpiler in the measurement.
import { evaluate, evaluateReference, RESPONSIBILITIES } from '../packages/core/dist/index.js';
import { fromTerraformPlan } from '../packages/adapters/dist/index.js';
import { loadDefaultPack } from '../packages/rules/dist/index.js';

const [file, mode, runsArg] = process.argv.slice(2) as [string, string | undefined, string | undefined];
const runs = Number(runsArg ?? 5);
const pack = loadDefaultPack();
const options = { enable: RESPONSIBILITIES };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const floor: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  JSON.parse(readFileSync(file, 'utf8'));
  floor.push(performance.now() - t);
}
let resources = 0;
let findings = 0;
const scan: number[] = [];
for (let i = 0; i < Math.max(1, Math.ceil(runs / 2)); i++) {
  const t = performance.now();
  const result = fromTerraformPlan(readFileSync(file, 'utf8'), file);
  findings = evaluate(result.resources, pack, options).length;
  resources = result.resources.length;
  scan.push(performance.now() - t);
}
let referenceMs: number | undefined;
if (mode === 'reference') {
  const result = fromTerraformPlan(readFileSync(file, 'utf8'), file);
  const t = performance.now();
  await evaluateReference(result.resources, pack, options);
  referenceMs = performance.now() - t;
}
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ floorMs: median(floor), scanMs: median(scan), resources, findings, maxRssMb, referenceMs }));
