import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCS_URL, policyDocUrl } from '../../src/formats/links.js';

const report = { pack: { name: '@onus/rules', version: '1.2.0', digest: 'x' } };

describe('policyDocUrl', () => {
  it('links a catalog control at the pack version', () => {
    expect(policyDocUrl(report, 'DSR-NET-05')).toBe('https://github.com/onus-dev/onus/blob/rules-v1.2.0/packages/rules/docs/controls/DSR-NET-05.md');
  });
  it('follows a configured template and can be switched off', () => {
    expect(policyDocUrl(report, 'DSR-IAM-01', { docsUrl: 'https://docs.example/{version}/{id}' })).toBe('https://docs.example/1.2.0/DSR-IAM-01');
    expect(policyDocUrl(report, 'DSR-IAM-01', { docsUrl: '' })).toBeUndefined();
  });
  it('gives no link for policies without a page', () => {
    expect(policyDocUrl(report, 'ACME-001')).toBeUndefined();
    expect(policyDocUrl(report, 'rego:data.main.deny')).toBeUndefined();
    expect(DEFAULT_DOCS_URL).toContain('{id}');
  });
});
