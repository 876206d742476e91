/**
 * A `scan` quantifier led by an `equal` on the item (DSR-SEC-11: the
 * NetworkPolicies of the workload's namespace) tries only the items that
 * can match, through an index by that value. Its findings must be those of
 * trying every item: the same policy with a leaf in front that always holds
 * (so no index applies) is the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definePack, evaluate, loadPolicies, type Condition, type Policy, type Resource } from '../src/index.js';
import { resource } from './helpers.js';

const itemCondition = (first: Condition): Condition => ({
  all: [
    first,
    { path: '$.values.spec.podSelector', operator: 'notEmpty', value: false },
    { path: '$.values.spec.egress', operator: 'exists', value: true },
  ],
});

function policyOf(id: string, operator: 'anyItem' | 'noItem', first: Condition, guarded: boolean): Policy {
  const condition = itemCondition(first) as { all: Condition[] };
  // A leaf that always holds, in front: the index no longer applies, every item is tried.
  const value = guarded ? { all: [{ path: '$.address', operator: 'exists', value: true }, ...condition.all] } : condition;
  return {
    id,
    title: 'Egress covered',
    responsibility: 'security',
    severity: 'medium',
    remediation: 'Add one.',
    checks: [
      { kind: ['k8s:Deployment', 'k8s:NetworkPolicy'], assert: { fact: 'scan', params: { kind: 'k8s:NetworkPolicy' }, operator, value } as Condition },
    ],
  };
}

const byNamespace: Condition = { path: '$.values.metadata.namespace', operator: 'equal', value: { fact: 'values', path: '$.metadata.namespace' } };
const byLiteral: Condition = { path: '$.values.metadata.namespace', operator: 'equal', value: 'prod' };

const namespaces = ['prod', 'dev', 'kube-system', 7, true, null] as const;
const arbitraryResource = fc.record({
  kind: fc.constantFrom('k8s:Deployment', 'k8s:NetworkPolicy'),
  namespace: fc.option(fc.constantFrom(...namespaces), { nil: undefined }),
  unknownNamespace: fc.boolean(),
  unknownSpec: fc.boolean(),
  podSelector: fc.constantFrom({}, { matchLabels: { app: 'x' } }),
  egress: fc.boolean(),
});

type Spec = typeof arbitraryResource extends fc.Arbitrary<infer T> ? T : never;

function build(specs: readonly Spec[]): Resource[] {
  return specs.map((s, i) => {
    const unknown = [...(s.unknownNamespace ? ['metadata.namespace'] : []), ...(s.unknownSpec ? ['spec'] : [])];
    const metadata = { name: `r${i}`, ...(s.namespace !== undefined && !s.unknownNamespace ? { namespace: s.namespace } : {}) };
    const spec = s.unknownSpec ? undefined : { podSelector: s.podSelector, ...(s.egress ? { egress: [{}] } : {}) };
    return resource(s.kind, { metadata, ...(spec ? { spec } : {}) }, { address: `k8s:${String(s.namespace)}/${s.kind.slice(4)}/r${i}`, unknown });
  });
}

const pack = (policies: Policy[]) => definePack({ name: 'test', version: '0.0.0', policies, params: {} });

describe('a scan quantifier led by an equal on the item', () => {
  for (const operator of ['anyItem', 'noItem'] as const) {
    for (const [label, first] of [['a fact of the resource', byNamespace], ['a literal', byLiteral]] as const) {
      it(`${operator} against ${label}: the same findings as trying every item`, () => {
        fc.assert(
          fc.property(fc.array(arbitraryResource, { maxLength: 12 }), (specs) => {
            const resources = build(specs);
            const joined = evaluate(resources, pack([policyOf('T-JOIN-01', operator, first, false)]));
            const everyItem = evaluate(resources, pack([policyOf('T-JOIN-01', operator, first, true)]));
            expect(joined).toEqual(everyItem);
          }),
          { numRuns: 400 },
        );
      });
    }
  }

  it('reads each item once, for the index, however many resources ask', () => {
    let read = 0;
    // NetworkPolicies whose namespace counts its reads: trying every item would read it for each deployment.
    const counted = (ns: string) => {
      const metadata = { name: 'deny', get namespace() { read++; return ns; } };
      return resource('k8s:NetworkPolicy', { metadata, spec: { podSelector: {}, egress: [{}] } }, { address: `k8s:${ns}/NetworkPolicy/deny` });
    };
    const policies = Array.from({ length: 50 }, (_, i) => counted(`team-${i}`));
    const deployments = Array.from({ length: 5 }, (_, i) => resource('k8s:Deployment', { metadata: { name: `d${i}`, namespace: 'team-49' } }, { address: `k8s:team-49/Deployment/d${i}` }));
    const policy = policyOf('T-JOIN-02', 'anyItem', byNamespace, false);
    const onlyDeployments = { ...policy, checks: [{ ...policy.checks[0]!, kind: 'k8s:Deployment' }] } as Policy;
    const findings = evaluate([...deployments, ...policies], pack([onlyDeployments]));
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(findings[0]?.message).toContain('met by k8s:team-49/NetworkPolicy/deny');
    // 50 for the index; then each deployment tries team-49's policy alone, twice (its verdict, and the run that names the policy). Every item: 500.
    expect(read).toBe(60);
  });

  it('applies to DSR-SEC-11 as the pack ships it', () => {
    const { policies, errors } = loadPolicies(new URL('../../rules/policies/security', import.meta.url).pathname);
    expect(errors).toEqual([]);
    const sec11 = policies.find((p) => p.id === 'DSR-SEC-11')!;
    let read = 0;
    const netpol = (ns: string) => {
      const metadata = { name: 'deny', get namespace() { read++; return ns; } };
      const spec = { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }] };
      return resource('k8s:NetworkPolicy', { metadata, spec }, { address: `k8s:${ns}/NetworkPolicy/deny` });
    };
    const netpols = Array.from({ length: 50 }, (_, i) => netpol(`team-${i}`));
    const deployments = Array.from({ length: 5 }, (_, i) => resource('k8s:Deployment', { metadata: { name: `d${i}`, namespace: 'team-49' } }, { address: `k8s:team-49/Deployment/d${i}` }));
    const findings = evaluate([...deployments, ...netpols], pack([sec11]));
    expect(findings.filter((f) => f.resource.kind === 'k8s:Deployment').map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    // The index reads each policy's namespace once; trying every item would read 50 for each deployment, twice.
    expect(read).toBeLessThan(100);
  });
});
