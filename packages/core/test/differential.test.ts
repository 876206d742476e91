import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyExamples, definePack, evaluate, evaluateReference, exampleParams, exampleResources, loadPolicies, RESPONSIBILITIES } from '../src/index.js';

const { policies, errors } = loadPolicies(join(import.meta.dirname, 'fixtures', 'policies'));
const params = { maxNodes: 50, minPasswordLength: 14 };

describe('fixture policies', () => {
  it('load without errors', () => {
    expect(errors).toEqual([]);
    expect(policies.length).toBe(4);
  });
});

describe('the examples runner', () => {
  const outcomes = checkPolicyExamples(policies, params);
  it.each(outcomes.map((o) => [`${o.policyId} ${o.expected}[${o.index}]`, o] as const))('%s holds', (_n, o) => {
    expect(o.problem ?? 'ok').toBe('ok');
  });
  it('reports an example that does not hold', () => {
    const [policy] = policies;
    const broken = { ...policy!, examples: { pass: policy!.examples!.fail } };
    const bad = checkPolicyExamples([broken], params);
    expect(bad.some((o) => !o.ok && /expected only passes/.test(o.problem ?? ''))).toBe(true);
  });
});

describe('compiled and json-rules-engine evaluators agree', () => {
  const cases = policies.flatMap((policy) =>
    (['pass', 'fail', 'unknown'] as const).flatMap((expected) =>
      (policy.examples?.[expected] ?? []).map((example, index) => [`${policy.id} ${expected}[${index}]`, policy, example, index] as const),
    ),
  );
  it.each(cases)('%s', async (_n, policy, example, index) => {
    const pack = definePack({ name: 'fixture', version: '0', policies: [policy], params });
    const resources = exampleResources(example, policy, index);
    const options = { params: exampleParams(example), enable: RESPONSIBILITIES };
    const compiled = evaluate(resources, pack, options).map((f) => `${f.check} ${f.resource.address} ${f.status}`);
    const reference = (await evaluateReference(resources, pack, options)).map((v) => `${v.check} ${v.address} ${v.status}`);
    expect(compiled.length).toBeGreaterThan(0);
    expect(reference).toEqual(compiled);
  });

  it('agree that an operator error is an error for that pair only', async () => {
    const pack = definePack({ name: 'fixture', version: '0', policies, params });
    const resources = exampleResources({ kind: 'tf:aws_iam_policy_document', dataSource: true, values: { json: 'not json' } }, policies[0]!, 0);
    const compiled = evaluate(resources, pack).map((f) => f.status);
    const reference = (await evaluateReference(resources, pack)).map((v) => v.status);
    expect(compiled).toEqual(['error']);
    expect(reference).toEqual(compiled);
  });
});
