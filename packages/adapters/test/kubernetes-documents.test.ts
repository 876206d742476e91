import { describe, expect, it } from 'vitest';
import { fromKubernetes, readInput } from '@onus/adapters';
import { addresses, fact } from './support.js';

const multi = `# a comment before the first document
apiVersion: v1
kind: Namespace
metadata:
  name: prod
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      labels: { app: web }
---
# comment-only document
---
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
`;

const list = `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: reader
  - apiVersion: v1
    kind: Service
    metadata:
      name: api
      namespace: edge
    spec:
      type: LoadBalancer
`;

const helm = `---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop
  labels:
    helm.sh/chart: shop-1.2.3
---
# Source: shop/templates/empty-when-disabled.yaml
---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: shop
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  template:
    metadata:
      labels:
        app.kubernetes.io/name: shop
    spec:
      serviceAccountName: shop
`;

describe('kubernetes manifests: documents, Lists and Helm output become facts with their start line', () => {
  it('reads multi-document YAML, skipping empty and comment-only documents', () => {
    const result = fromKubernetes(multi, 'app.yaml');
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => [r.address, r.kind, r.source.line])).toEqual([
      ['k8s:Namespace/prod', 'k8s:Namespace', 2],
      ['k8s:prod/Deployment/web', 'k8s:Deployment', 7],
      ['k8s:default/ConfigMap/settings', 'k8s:ConfigMap', 20],
    ]);
    expect(fact(result, 'k8s:default/ConfigMap/settings')).toMatchObject({
      values: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } },
      source: { file: 'app.yaml', format: 'kubernetes', line: 20 },
      unknown: [],
      sensitive: [],
    });
  });

  it('expands kind: List items, each with its own line', () => {
    const result = fromKubernetes(list);
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => [r.address, r.source.line])).toEqual([
      ['k8s:ClusterRole/reader', 4],
      ['k8s:edge/Service/api', 8],
    ]);
  });

  it('expands typed lists (DeploymentList) whose items have no kind', () => {
    const text = JSON.stringify({ apiVersion: 'apps/v1', kind: 'DeploymentList', items: [{ metadata: { name: 'a' } }] });
    const result = readInput('list.json', text);
    expect(result.format).toBe('kubernetes');
    expect(result.resources.map((r) => [r.address, r.values.kind, r.values.apiVersion])).toEqual([['k8s:default/Deployment/a', 'Deployment', 'apps/v1']]);
  });

  it('reads Helm-rendered output with # Source: comments', () => {
    const result = readInput('rendered.yaml', helm);
    expect(result.format).toBe('kubernetes');
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => [r.address, r.source.line])).toEqual([
      ['k8s:default/ServiceAccount/shop', 3],
      ['k8s:default/Service/shop', 13],
      ['k8s:default/Deployment/shop', 23],
    ]);
  });

  it('addresses cluster-scoped kinds without a namespace even when one is given', () => {
    const text = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp3, namespace: ignored}\n---\napiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: le}\n';
    expect(addresses(fromKubernetes(text))).toEqual(['k8s:StorageClass/gp3', 'k8s:ClusterIssuer/le']);
  });

  it('reads a JSON manifest, tab-indented JSON included', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' } }, null, '\t');
    const result = readInput('pod.json', text);
    expect(result.errors).toEqual([]);
    expect(addresses(result)).toEqual(['k8s:ns/Pod/p']);
    expect(result.resources[0]?.source.line).toBe(1);
  });

  it('reports a document without apiVersion/kind by its line and keeps the others', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nmetadata:\n  name: b\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: c}\n';
    const result = fromKubernetes(text, 'mixed.yaml');
    expect(addresses(result)).toEqual(['k8s:default/ConfigMap/a', 'k8s:default/Secret/c']);
    expect(result.errors).toEqual([
      { file: 'mixed.yaml', line: 5, message: 'the document at line 5 has no apiVersion and kind', hint: expect.stringContaining('apiVersion') },
    ]);
  });

  it('addresses an object without metadata.name by generateName, else by its line', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: migrate-}\n---\napiVersion: v1\nkind: Pod\n';
    expect(addresses(fromKubernetes(text))).toEqual(['k8s:default/Job/migrate-*', 'k8s:default/Pod/<unnamed:line 5>']);
  });

  it('does not execute or resolve custom tags', () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndata:\n  a: !!js/function 'function () { globalThis.pwned = true }'\n  b: !Ref other\n";
    const result = fromKubernetes(text);
    expect(result.errors).toEqual([]);
    expect(fact(result, 'k8s:default/ConfigMap/t').values.data).toEqual({ a: 'function () { globalThis.pwned = true }', b: 'other' });
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});
