/**
 * Micro-benchmark: evaluations per second of the compiled evaluator and of
 * json-rules-engine (the reference evaluator) on the same checks and the same
 * resources: every example of every policy of the default pack.
 * Run: pnpm build && pnpm exec tsx bench/micro.ts (measures the built packages)
 */
import { evaluate, evaluateReference, exampleResources, RESPONSIBILITIES, type Resource } from '../packages/core/dist/index.js';
import { loadDefaultPack } from '../packages/rules/dist/index.js';

const pack = loadDefaultPack();
const resources: Resource[] = pack.policies.flatMap((p) =>
  (['pass', 'fail', 'unknown'] as const).flatMap((k) => (p.examples?.[k] ?? []).flatMap((e, i) => exampleResources(e, p, i))),
);
const options = { enable: RESPONSIBILITIES };
const pairs = evaluate(resources, pack, options).length;

async function rate(label: string, run: () => unknown, minMs = 2000): Promise<number> {
  await run(); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    await run();
    n++;
  }
  const perSecond = (n * pairs) / ((performance.now() - start) / 1000);
  console.log(`${label.padEnd(20)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} evaluations/s`);
  return perSecond;
}

console.log(`${pack.policies.length} policies, ${resources.length} example resources, ${pairs} (check, resource) evaluations per run`);
const compiled = await rate('compiled', () => evaluate(resources, pack, options));
const reference = await rate('json-rules-engine', () => evaluateReference(resources, pack, options));
console.log(`compiled is ${(compiled / reference).toFixed(0)}x json-rules-engine`);
