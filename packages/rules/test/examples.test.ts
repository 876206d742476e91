import { describe, expect, it } from 'vitest';
import { checkPolicyExamples, evaluate, evaluateReference, exampleParams, exampleResources, definePack, RESPONSIBILITIES } from '@onus/core';
import { loadDefaultPack } from '../src/index.js';

const pack = loadDefaultPack();

describe('every policy example gives its expected verdict', () => {
  const outcomes = checkPolicyExamples(pack.policies, pack.params);
  it.each(outcomes.map((o) => [`${o.policyId} ${o.expected}[${o.index}]`, o] as const))('%s', (_name, o) => {
    expect(o.problem ?? 'ok').toBe('ok');
  });
});

describe('json-rules-engine agrees with the compiled evaluator on every example', () => {
  const cases = pack.policies.flatMap((policy) =>
    (['pass', 'fail', 'unknown'] as const).flatMap((expected) =>
      (policy.examples?.[expected] ?? []).map((example, index) => [`${policy.id} ${expected}[${index}]`, policy, example, index] as const),
    ),
  );
  it.each(cases)('%s', async (_name, policy, example, index) => {
    const single = definePack({ name: policy.id, version: '0.0.0', policies: [policy], params: pack.params });
    const resources = exampleResources(example, policy, index);
    const options = { params: exampleParams(example), enable: RESPONSIBILITIES };
    const compiled = evaluate(resources, single, options).map((f) => `${f.check} ${f.resource.address} ${f.status}`);
    const reference = (await evaluateReference(resources, single, options)).map((v) => `${v.check} ${v.address} ${v.status}`);
    expect(reference).toEqual(compiled);
  });
});
