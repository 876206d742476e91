import { describe, expect, it } from 'vitest';
import { buildReport } from '@onus/core';
import { toGithub } from '../../src/formats/index.js';
import { escapeData, escapeProperty } from '../../src/formats/github.js';
import { finding, PACK, sampleReport } from './fixtures.js';

describe('toGithub', () => {
  const lines = toGithub(sampleReport()).trimEnd().split('\n');
  const line = (needle: string) => lines.find((l) => l.includes(needle));

  it('annotates critical and high failures as errors, with file, line and a title naming the policy', () => {
    expect(line('DSR-SEC-01')).toMatch(/^::error file=plans\/main plan.json,line=12,title=DSR-SEC-01 Buckets encrypt data at rest::aws_s3_bucket.data\["a.b"\] has no server-side encryption%0A/);
    expect(line('DSR-NET-04 ')).toMatch(/^::error file=infra\/edge\/plan.json,title=DSR-NET-04 Load balancers answer only inside the platform's VPC::/);
  });

  it('annotates medium and low failures as warnings, info failures and unknowns as notices', () => {
    expect(line('DSR-CRED-02')).toMatch(/^::warning /);
    expect(line('DSR-COST-02')).toMatch(/^::warning /);
    expect(line('DSR-EGR-02')).toMatch(/^::notice /);
    expect(line('DSR-COST-01')).toMatch(/^::notice title=DSR-COST-01 A budget exists::/);
  });

  it('ends each annotation with the policy documentation link, from the configured template', () => {
    expect(line('DSR-SEC-01')!.endsWith('%0Adocs: https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/DSR-SEC-01.md')).toBe(true);
    const own = toGithub(sampleReport(), { docsUrl: 'https://docs.example/{id}' });
    expect(own).toContain('%0Adocs: https://docs.example/DSR-NET-04\n');
    expect(toGithub(sampleReport(), { docsUrl: '' })).not.toContain('docs: ');
  });

  it('annotates evaluation errors and unreadable inputs as errors, and nothing for passes and waivers', () => {
    expect(line('DSR-ROLE-03')).toMatch(/^::error file=k8s\/rbac.yaml,line=3,/);
    expect(line('plans/broken.json')).toMatch(/^::error file=plans\/broken.json,line=3,title=onus%3A input could not be read::Unexpected token/);
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(9);
    expect(line('aws_instance.ok')).toBeUndefined();
    expect(line('module.edge.aws_lb.legacy')).toBeUndefined();
  });

  it('keeps each command on one line, escaping %, CR and LF in data and also : and , in properties', () => {
    expect(line('DSR-COST-02')).toContain('lacks tags: 日本 CostCenter%0Asecond line, 100%25 sure');
    expect(line('DSR-NET-04 ')).toContain('fix: Set internal = true,%0Aand route through the VPC.');
    expect(escapeData('a%b\r\nc')).toBe('a%25b%0Ac');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const r = buildReport({
      pack: PACK, toolVersion: '0', inputs: [], errors: [],
      findings: [finding({ policyId: 'P', status: 'fail', resource: { address: 'a', kind: 'k', file: 'x,y:z.json', line: 2 }, message: 'a\n::stop-commands::t\r\n' })],
    });
    const out = toGithub(r).trimEnd().split('\n');
    expect(out[0]).toBe('::error file=x%2Cy%3Az.json,line=2,title=P Title of P::a%0A::stop-commands::t%0Afix: Fix P.');
  });

  it('ends with the summary as a plain log line', () => {
    expect(lines.at(-1)).toBe('onus: 5 failed, 1 unknown, 2 passed, 2 waived, 1 error in 3 inputs, 2 input errors (pack @onus/rules 1.0.0)');
  });
});
