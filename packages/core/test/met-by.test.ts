/**
 * A check over other resources (every NetworkPolicy of the scan): a pass that
 * rests on one names it ("met by k8s:prod/NetworkPolicy/deny-all"), and each
 * resource is judged on its own values, the views of the others shared.
 */
import { describe, expect, it } from 'vitest';
import { definePack, evaluate, type Policy } from '../src/index.js';
import { resource } from './helpers.js';

const policy: Policy = {
  id: 'T-SEC-11',
  title: 'An egress policy covers the namespace',
  responsibility: 'security',
  severity: 'medium',
  remediation: 'Add one.',
  checks: [
    {
      kind: 'k8s:Deployment',
      assert: {
        fact: 'scan',
        params: { kind: 'k8s:NetworkPolicy' },
        path: '$',
        operator: 'anyItem',
        value: { path: '$.values.metadata.namespace', operator: 'equal', value: { fact: 'values', path: '$.metadata.namespace' } },
      },
    },
  ],
};
const pack = definePack({ name: 'test', version: '0.0.0', policies: [policy], params: {} });
const workload = resource('k8s:Deployment', { metadata: { name: 'api', namespace: 'prod' } }, { address: 'k8s:prod/Deployment/api' });
const netpol = (ns: string, name: string) => resource('k8s:NetworkPolicy', { metadata: { name, namespace: ns } }, { address: `k8s:${ns}/NetworkPolicy/${name}` });

describe('passes that rest on another resource', () => {
  it('name the resource that satisfied the check', () => {
    const [f] = evaluate([workload, netpol('dev', 'other'), netpol('prod', 'deny-all')], pack);
    expect(f?.status).toBe('pass');
    expect(f?.message).toBe('k8s:prod/Deployment/api: An egress policy covers the namespace (met by k8s:prod/NetworkPolicy/deny-all)');
  });

  it('name nothing when the check reads no other resource, and fail as before', () => {
    const own: Policy = { ...policy, id: 'T-SEC-12', checks: [{ kind: 'k8s:Deployment', assert: { fact: 'values', path: '$.metadata.name', operator: 'equal', value: 'api' } }] };
    const [p] = evaluate([workload], definePack({ name: 'test', version: '0.0.0', policies: [own], params: {} }));
    expect(p?.message).toBe('k8s:prod/Deployment/api: An egress policy covers the namespace');
    const [f] = evaluate([workload, netpol('dev', 'other')], pack);
    expect(f?.status).toBe('fail');
    expect(f?.message).not.toContain('met by');
  });
});

describe('a scan over other resources, judged for each resource', () => {
  const deployment = (name: string, namespace?: string) =>
    resource('k8s:Deployment', { metadata: { name, ...(namespace ? { namespace } : {}) } }, { address: `k8s:${namespace ?? '?'}/Deployment/${name}`, ...(namespace ? {} : { unknown: ['metadata.namespace'] }) });

  it('compares the namespace of each resource (the compared fact and the views are reused, not mixed up)', () => {
    const resources = [deployment('a', 'team-a'), deployment('b', 'team-b'), deployment('c'), deployment('d', 'team-a'), netpol('team-a', 'deny'), netpol('other', 'deny')];
    for (let run = 0; run < 2; run++) {
      const statuses = evaluate(resources, pack).map((f) => `${f.resource.address} ${f.status}`);
      expect(statuses).toEqual(['k8s:team-a/Deployment/a pass', 'k8s:team-b/Deployment/b fail', 'k8s:?/Deployment/c unknown', 'k8s:team-a/Deployment/d pass']);
    }
    // Another scan with other resources sees its own NetworkPolicies.
    expect(evaluate([deployment('b', 'team-b'), netpol('team-b', 'deny')], pack).map((f) => f.status)).toEqual(['pass']);
  });

  it('blames an unknown compared fact on the resource itself, not on the resources it was compared with', () => {
    const unset = resource('k8s:Deployment', { metadata: { name: 'c' } }, { address: 'k8s:?/Deployment/c', unknown: ['metadata.namespace'], unknownReasons: { 'metadata.namespace': 'var.ns is not set' } });
    const [f] = evaluate([unset, netpol('team-a', 'deny')], pack);
    expect(f?.status).toBe('unknown');
    expect(f?.message).not.toContain('NetworkPolicy');
    // An unknown in the other resource is named, with its place.
    const unsure = resource('k8s:NetworkPolicy', { metadata: { name: 'deny' } }, { address: 'k8s:?/NetworkPolicy/deny', unknown: ['metadata.namespace'] });
    const [g] = evaluate([deployment('d', 'team-a'), unsure], pack);
    expect(g?.status).toBe('unknown');
    expect(g?.message).toContain('(k8s:?/NetworkPolicy/deny: metadata.namespace)');
  });

  it('reads a related resource\'s unknown values inside a list of it as unknown, not as missing', () => {
    // Every egress rule of a same-namespace policy must name its destinations: the destinations of one are known only after apply.
    const rules: Policy = {
      ...policy,
      id: 'T-SEC-14',
      checks: [
        {
          kind: 'k8s:Deployment',
          assert: {
            fact: 'scan',
            params: { kind: 'k8s:NetworkPolicy' },
            operator: 'anyItem',
            value: { path: '$.values.spec.egress', operator: 'allItems', value: { path: '$.to', operator: 'notEmpty', value: true } },
          },
        },
      ],
    };
    const unsure = resource('k8s:NetworkPolicy', { metadata: { name: 'deny', namespace: 'team-a' }, spec: { egress: [{ ports: [{ port: 53 }] }] } }, { address: 'k8s:team-a/NetworkPolicy/deny', unknown: ['spec.egress[0].to'] });
    const [f] = evaluate([deployment('d', 'team-a'), unsure], definePack({ name: 'test', version: '0.0.0', policies: [rules], params: {} }));
    expect(f?.status).toBe('unknown');
    expect(f?.message).toContain('k8s:team-a/NetworkPolicy/deny');
    // Known and empty, it fails.
    const open = resource('k8s:NetworkPolicy', { metadata: { name: 'deny', namespace: 'team-a' }, spec: { egress: [{ ports: [{ port: 53 }] }] } }, { address: 'k8s:team-a/NetworkPolicy/deny' });
    expect(evaluate([deployment('d', 'team-a'), open], definePack({ name: 'test', version: '0.0.0', policies: [rules], params: {} }))[0]?.status).toBe('fail');
  });

  it('leaves the resource out of a scan of its own kind', () => {
    const others: Policy = { ...policy, id: 'T-SEC-13', checks: [{ ...policy.checks[0]!, kind: 'k8s:NetworkPolicy' } as Policy['checks'][number]] };
    const statuses = evaluate([netpol('team-a', 'deny'), netpol('team-b', 'deny'), netpol('team-a', 'more')], definePack({ name: 'test', version: '0.0.0', policies: [others], params: {} }));
    expect(statuses.map((f) => f.status)).toEqual(['pass', 'fail', 'pass']);
  });
});
