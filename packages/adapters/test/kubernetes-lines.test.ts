/**
 * Kubernetes YAML records the line of every attribute by fact path, so a
 * finding points at the env var, annotation or rule that decided it, not at
 * the object's first line.
 */
import { describe, expect, it } from 'vitest';
import { definePack, evaluate, type Policy } from '@onus/core';
import { fromKubernetes } from '../src/index.js';
import { MAX_ATTRIBUTE_LINES } from '../src/yaml.js';

const DEPLOYMENT = `# a comment
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
  annotations:
    team.example/owner: "platform"
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              value: hunter2
`;

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('Kubernetes attribute lines', () => {
  it('keys every attribute and list item by fact path', () => {
    const [r] = fromKubernetes(DEPLOYMENT, 'app.yaml').resources;
    expect(r!.source.line).toBe(3);
    const lines = r!.source.lines!;
    expect(lines['metadata.annotations["team.example/owner"]']).toBe(lineOf(DEPLOYMENT, 'team.example/owner'));
    expect(lines['spec.template.spec.containers[0].env[1]']).toBe(lineOf(DEPLOYMENT, 'DB_PASSWORD'));
    expect(lines['spec.template.spec.containers[0].env[1].value']).toBe(lineOf(DEPLOYMENT, 'hunter2'));
    expect(lines['spec.template.spec.containers[0].image']).toBe(lineOf(DEPLOYMENT, 'image: api:1'));
  });

  it('counts lines from the file, for each document and each List item', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: ClusterIP\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: b}\n    spec:\n      type: LoadBalancer\n`;
    const [a, b] = fromKubernetes(text, 'svc.yaml').resources;
    expect(a!.source.lines!['spec.type']).toBe(5);
    expect(b!.source.lines!['spec.type']).toBe(14);
    expect(b!.source.lines!['metadata.name']).toBe(12);
  });

  it('records none for JSON manifests, and caps a huge object', () => {
    const [j] = fromKubernetes('{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}}', 'svc.json').resources;
    expect(j!.source.lines).toBeUndefined();
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({ length: MAX_ATTRIBUTE_LINES + 50 }, (_, i) => `  k${i}: v`).join('\n')}\n`;
    const [r] = fromKubernetes(big, 'big.yaml').resources;
    expect(Object.keys(r!.source.lines!).length).toBe(MAX_ATTRIBUTE_LINES);
  });

  it('gives a finding the line of the list item that decided it', () => {
    const policy: Policy = {
      id: 'T-CRED-01',
      title: 'No literal secrets in env',
      responsibility: 'credentials',
      severity: 'high',
      remediation: 'Use secretKeyRef.',
      checks: [
        {
          kind: 'k8s:Deployment',
          assert: { fact: 'values', path: '$.spec.template.spec.containers[*].env[*]', operator: 'noItem', value: { path: '$.name', operator: 'matches', value: 'PASSWORD' } },
          message: '{address} sets a literal secret at {path}',
        },
      ],
    };
    const [f] = evaluate(fromKubernetes(DEPLOYMENT, 'app.yaml').resources, definePack({ name: 't', version: '0', policies: [policy], params: {} }));
    expect(f?.status).toBe('fail');
    expect(f?.evidence).toMatchObject({ path: '$.spec.template.spec.containers[0].env[1]', line: lineOf(DEPLOYMENT, 'DB_PASSWORD') });
    expect(f?.resource.line).toBe(3);
    expect(f?.message).toBe('k8s:prod/Deployment/api sets a literal secret at spec.template.spec.containers[0].env[1]');
  });
});
