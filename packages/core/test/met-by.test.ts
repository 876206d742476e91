/** A pass that rests on another resource names it ("met by k8s:prod/NetworkPolicy/deny-all"). */
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
