import { describe, expect, it } from 'vitest';
import { toText } from '../../src/formats/index.js';
import { cleanReport, finding, sampleReport } from './fixtures.js';
import { buildReport } from '@onus/core';
import { PACK } from './fixtures.js';

const ESC = '\u001b';

describe('toText', () => {
  const report = sampleReport();
  const plain = toText(report, { color: false });

  it('groups by responsibility in the seed order, with human names', () => {
    const order = ['Infrastructure costs', 'Security and data management', 'Account credentials and privileges', 'Roles and policies', 'Network', 'Outbound internet access'];
    const positions = order.map((name) => plain.indexOf(`${name}:`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('prints a scorecard line per area with every count', () => {
    expect(plain).toContain('Infrastructure costs: 1 passed, 1 failed, 1 unknown, 0 waived, 0 errors');
    expect(plain).toContain('Network: 0 passed, 1 failed, 0 unknown, 1 waived, 0 errors');
    expect(plain).toContain('Roles and policies: 0 passed, 0 failed, 0 unknown, 0 waived, 1 errors');
  });

  it('lists failures, unknowns and errors with severity, id, address, location, message and remediation', () => {
    expect(plain).toMatch(/FAIL +critical +DSR-SEC-01 aws_s3_bucket\.data\["a\.b"\] \(plans\/main plan\.json:12\)/);
    expect(plain).toContain('aws_s3_bucket.data["a.b"] has no server-side encryption');
    expect(plain).toContain('fix: Add a server_side_encryption_configuration block with aws:kms.');
    expect(plain).toMatch(/UNKNOWN medium +DSR-COST-01 \(scan\)\n/);
    expect(plain).toMatch(/ERROR +high +DSR-ROLE-03 k8s:prod\/ClusterRoleBinding\/admins \(k8s\/rbac\.yaml:3\)/);
    expect(plain).toContain('evidence: $.internal = false');
  });

  it('shows passes and waived findings only when verbose', () => {
    expect(plain).not.toContain('aws_instance.ok');
    expect(plain).not.toContain('module.edge.aws_lb.legacy');
    const verbose = toText(report, { color: false, verbose: true });
    expect(verbose).toMatch(/PASS +low +DSR-COST-02 aws_instance\.ok/);
    expect(verbose).toContain('waived: Legacy edge, replaced in Q3 <soon>; owner team-net; expires 2027-03-31; from .onus.yaml');
  });

  it('keeps multi-line messages and remediations indented under their finding', () => {
    expect(plain).toContain('lacks tags: 日本 CostCenter\n      second line, 100% sure');
    expect(plain).toContain('fix: Set internal = true,\n           and route through the VPC.');
  });

  it('lists input errors as file:line: message — hint', () => {
    expect(plain).toContain('plans/broken.json:3: Unexpected token } in JSON at position 41 — Run `terraform show -json tfplan > plan.json` and scan that.');
    expect(plain).toContain('tfplan: A binary Terraform plan (zip), not JSON <bin> — Use terraform show -json.');
  });

  it('lists expired and stale waivers', () => {
    expect(plain).toMatch(/Expired waivers[^\n]*\n  DSR-COST-01 \(scan\) — expired 2024-01-31/);
    expect(plain).toMatch(/Stale waivers[^\n]*\n  DSR-NET-09 aws_lb\.gone\* — matches nothing/);
  });

  it('ends with a one-line summary', () => {
    const last = plain.trimEnd().split('\n').at(-1);
    expect(last).toBe('onus: 5 failed, 1 unknown, 2 passed, 2 waived, 1 error in 3 inputs, 2 input errors (pack @onus/rules 1.0.0)');
    expect(toText(cleanReport(), { color: false }).trimEnd().split('\n').at(-1)).toBe('onus: 0 failed, 0 unknown, 2 passed, 0 waived in 1 input (pack @onus/rules 1.0.0)');
  });

  it('uses ANSI colour only when asked', () => {
    expect(plain).not.toContain(ESC);
    const coloured = toText(report, { color: true });
    expect(coloured).toContain(`${ESC}[31m`);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('never sends control characters from inputs to the terminal', () => {
    const r = buildReport({
      pack: PACK,
      toolVersion: '0.1.0',
      inputs: [],
      errors: [{ file: 'x\u001b[2J.json', message: 'bad\u0007' }],
      findings: [finding({ policyId: 'DSR-NET-01', status: 'fail', resource: { address: 'evil\u001b]0;title\u0007', kind: 'k' }, message: 'm\u001b[31mred\r\n' })],
    });
    const out = toText(r, { color: false });
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\u0007');
    expect(out).not.toContain('\r');
    expect(out).toContain('evil\\u001b]0;title\\u0007');
  });
});
