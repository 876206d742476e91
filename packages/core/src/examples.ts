/**
 * The examples runner, like ESLint's RuleTester: every policy carries
 * `examples.pass` / `examples.fail` / `examples.unknown`, and this runs each
 * through the compiled evaluator (and, on request, the reference evaluator).
 * A pass example must give only passes (at least one); a fail example at
 * least one fail; an unknown example at least one unknown and no fail.
 */
import type { Resource } from './facts.js';
import { evaluate } from './evaluate.js';
import { definePack } from './pack.js';
import type { Example, ExampleResource, Policy } from './policy.js';
import type { Finding } from './results.js';
import { RESPONSIBILITIES, type Status } from './vocabulary.js';

export type ExpectedVerdict = 'pass' | 'fail' | 'unknown';

export interface ExampleOutcome {
  policyId: string;
  file?: string;
  expected: ExpectedVerdict;
  /** Index in `examples[expected]`. */
  index: number;
  ok: boolean;
  statuses: Status[];
  /** Why it did not hold, when `ok` is false. */
  problem?: string;
}

/** An example as the Resource facts it stands for. */
export function exampleResources(example: Example, policy: Pick<Policy, 'id' | 'file'>, index: number): Resource[] {
  const list = 'scan' in example ? example.scan : [example];
  return list.map((e: ExampleResource, i) => ({
    kind: e.kind,
    address: e.address ?? `example.${policy.id}.${index}${list.length > 1 ? `.${i}` : ''}`,
    values: e.values ?? {},
    unknown: e.unknown ?? [],
    sensitive: e.sensitive ?? [],
    refs: e.refs ?? {},
    ...(e.unknownReasons ? { unknownReasons: e.unknownReasons } : {}),
    ...(e.change ? { change: e.change } : {}),
    ...(e.dataSource ? { dataSource: true } : {}),
    source: { file: policy.file ?? '<example>', format: 'example' },
  }));
}

export function exampleParams(example: Example): Record<string, unknown> {
  return 'scan' in example && example.params ? example.params : {};
}

/** Judge the findings of one example against what it expects. */
export function judgeExample(expected: ExpectedVerdict, findings: readonly Finding[]): { ok: boolean; problem?: string } {
  const statuses = findings.map((f) => f.status);
  if (statuses.length === 0) return { ok: false, problem: 'no check of the policy applied to it' };
  if (expected === 'pass' && statuses.some((s) => s !== 'pass')) return { ok: false, problem: `expected only passes, got ${statuses.join(', ')}` };
  if (expected === 'fail' && !statuses.includes('fail')) return { ok: false, problem: `expected a fail, got ${statuses.join(', ')}` };
  if (expected === 'unknown' && (!statuses.includes('unknown') || statuses.includes('fail')))
    return { ok: false, problem: `expected unknown (and no fail), got ${statuses.join(', ')}` };
  return { ok: true };
}

/** Run every example of every policy. `params` are the pack's parameter defaults. */
export function checkPolicyExamples(policies: readonly Policy[], params: Record<string, unknown> = {}): ExampleOutcome[] {
  const outcomes: ExampleOutcome[] = [];
  for (const policy of policies) {
    const pack = definePack({ name: `example:${policy.id}`, version: '0.0.0', policies: [policy], params });
    for (const expected of ['pass', 'fail', 'unknown'] as const) {
      (policy.examples?.[expected] ?? []).forEach((example, index) => {
        const findings = evaluate(exampleResources(example, policy, index), pack, {
          params: exampleParams(example),
          enable: RESPONSIBILITIES,
        });
        const verdict = judgeExample(expected, findings);
        outcomes.push({
          policyId: policy.id,
          ...(policy.file ? { file: policy.file } : {}),
          expected,
          index,
          ok: verdict.ok,
          statuses: findings.map((f) => f.status),
          ...(verdict.problem ? { problem: verdict.problem } : {}),
        });
      });
    }
  }
  return outcomes;
}
