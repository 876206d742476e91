import { readFileSync } from 'node:fs';
import { adaptPlan } from '../adapters/src/terraform-plan.ts';
const g = (globalThis as any).gc;
const m = (l: string) => console.log(l, 'heap', (process.memoryUsage().heapUsed / 1e6).toFixed(0));
const text = readFileSync(process.argv[2]!, 'utf8');
const v: any = JSON.parse(text); g(); m('parsed+text');
const t = performance.now();
const r = adaptPlan(v, 'x'); console.log('ms', (performance.now() - t).toFixed(0)); m('adapted'); g(); m('adapted, gc');
(globalThis as any).keep = [r, v, text];
