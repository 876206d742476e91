import { describe, expect, it } from 'vitest';
import { fromCloudAssets, readInput } from '@onus/adapters';
import { addresses, fact } from './support.js';

const bucket = {
  name: '//storage.googleapis.com/acme-logs',
  asset_type: 'storage.googleapis.com/Bucket',
  resource: {
    version: 'v1',
    discovery_document_uri: 'https://www.googleapis.com/discovery/v1/apis/storage/v1/rest',
    discovery_name: 'Bucket',
    parent: '//cloudresourcemanager.googleapis.com/projects/123',
    data: { name: 'acme-logs', iamConfiguration: { uniformBucketLevelAccess: { enabled: true } }, retentionPolicy: { retentionPeriod: '86400' } },
    location: 'eu',
  },
  ancestors: ['projects/123', 'organizations/456'],
  update_time: '2024-05-01T10:00:00Z',
};
const firewall = {
  name: '//compute.googleapis.com/projects/acme/global/firewalls/allow-ssh',
  asset_type: 'compute.googleapis.com/Firewall',
  resource: { version: 'v1', data: { name: 'allow-ssh', direction: 'INGRESS', sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['22'] }] } },
};
const projectPolicy = {
  name: '//cloudresourcemanager.googleapis.com/projects/123',
  asset_type: 'cloudresourcemanager.googleapis.com/Project',
  iam_policy: { version: 1, etag: 'BwX=', bindings: [{ role: 'roles/owner', members: ['user:a@example.com'] }] },
};

describe('gcp cloud asset inventory exports in every layout become the same facts', () => {
  const lines = [bucket, firewall, projectPolicy].map((a) => JSON.stringify(a)).join('\n') + '\n';

  it('reads JSON lines as gcloud asset export writes them, with each asset line', () => {
    const r = readInput('export.jsonl', lines);
    expect(r.format).toBe('gcp-cai');
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => [x.kind, x.address, x.source.line])).toEqual([
      ['gcpcai:storage.googleapis.com/Bucket', '//storage.googleapis.com/acme-logs', 1],
      ['gcpcai:compute.googleapis.com/Firewall', '//compute.googleapis.com/projects/acme/global/firewalls/allow-ssh', 2],
      ['gcpcai:cloudresourcemanager.googleapis.com/Project', '//cloudresourcemanager.googleapis.com/projects/123', 3],
    ]);
  });

  it('reads a JSON array to the same facts (without lines)', () => {
    const r = readInput('assets.json', JSON.stringify([bucket, firewall, projectPolicy], null, 2));
    const fromLines = readInput('export.jsonl', lines);
    expect(r.resources.map((x) => [x.kind, x.address, x.values])).toEqual(fromLines.resources.map((x) => [x.kind, x.address, x.values]));
    expect(r.resources[0]?.source.line).toBeUndefined();
  });

  it('takes values from resource.data and adds iam_policy; an IAM-only asset is a fact too', () => {
    const r = fromCloudAssets([bucket, projectPolicy]);
    expect(fact(r, '//storage.googleapis.com/acme-logs').values).toEqual(bucket.resource.data);
    expect(fact(r, '//cloudresourcemanager.googleapis.com/projects/123').values).toEqual({ iam_policy: projectPolicy.iam_policy });
  });

  it('accepts camelCase keys (assetType, iamPolicy)', () => {
    const camel = { name: '//storage.googleapis.com/b2', assetType: 'storage.googleapis.com/Bucket', resource: { data: { name: 'b2' } }, iamPolicy: { bindings: [] }, updateTime: '2024-01-01T00:00:00Z' };
    const r = readInput('camel.json', JSON.stringify(camel));
    expect(r.format).toBe('gcp-cai');
    expect(fact(r, '//storage.googleapis.com/b2')).toMatchObject({ kind: 'gcpcai:storage.googleapis.com/Bucket', values: { name: 'b2', iam_policy: { bindings: [] } } });
  });

  it('merges the resource and IAM policy entries of one asset', () => {
    const policyOnly = { name: bucket.name, asset_type: bucket.asset_type, iam_policy: { bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] } };
    const r = fromCloudAssets([bucket, policyOnly]);
    expect(addresses(r)).toEqual([bucket.name]);
    expect(r.resources[0]?.values).toMatchObject({ name: 'acme-logs', iam_policy: policyOnly.iam_policy });
  });

  it('reports a bad JSON line by its line and keeps the other assets', () => {
    const text = JSON.stringify(bucket) + '\n{"name": "//x", "asset_type": \n' + JSON.stringify(firewall) + '\n';
    const r = readInput('export.jsonl', text);
    expect(addresses(r)).toEqual([bucket.name, firewall.name]);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'export.jsonl', line: 2, message: expect.stringMatching(/^invalid JSON at line 2, column \d+: /) })]);
  });
});
