import { describe, expect, it } from 'vitest';
import { toText } from '../../src/formats/index.js';
import { cleanReport, finding, sampleReport } from './fixtures.js';
import { FOLD_AFTER, joinMessages } from '../../src/formats/text.js';
import { buildReport } from '@onus/core';
import { PACK } from './fixtures.js';

const ESC = '\u001b';

describe('toText --verbose (the long form)', () => {
  const report = sampleReport();
  const plain = toText(report, { color: false, verbose: true });

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

  it('lists failures, unknowns and errors with severity, id, address, location, message, remediation and doc link', () => {
    expect(plain).toMatch(/FAIL +critical +DSR-SEC-01 aws_s3_bucket\.data\["a\.b"\] \(plans\/main plan\.json:12\)/);
    expect(plain).toContain('docs: https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/DSR-SEC-01.md');
    expect(plain).toContain('aws_s3_bucket.data["a.b"] has no server-side encryption');
    expect(plain).toContain('fix: Add a server_side_encryption_configuration block with aws:kms.');
    expect(plain).toMatch(/UNKNOWN medium +DSR-COST-01 \(scan\)\n/);
    expect(plain).toMatch(/ERROR +high +DSR-ROLE-03 k8s:prod\/ClusterRoleBinding\/admins \(k8s\/rbac\.yaml:3\)/);
    expect(plain).toContain('evidence: internal = false');
  });

  it('shows passes and waived findings only when verbose', () => {
    const compact = toText(report, { color: false });
    expect(compact).not.toContain('aws_instance.ok');
    expect(compact).not.toContain('module.edge.aws_lb.legacy');
    const verbose = plain;
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
    for (const verbose of [false, true]) {
      const coloured = toText(report, { color: true, verbose });
      expect(coloured).toContain(`${ESC}[31m`);
      expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(toText(report, { color: false, verbose }));
    }
  });

  it('never sends control characters from inputs to the terminal', () => {
    const r = buildReport({
      pack: PACK,
      toolVersion: '0.1.0',
      inputs: [],
      errors: [{ file: 'x\u001b[2J.json', message: 'bad\u0007' }],
      findings: [finding({ policyId: 'DSR-NET-01', status: 'fail', resource: { address: 'evil\u001b]0;title\u0007', kind: 'k' }, message: 'm\u001b[31mred\r\n' })],
    });
    for (const verbose of [false, true]) {
      const out = toText(r, { color: false, verbose });
      expect(out).not.toContain(ESC);
      expect(out).not.toContain('\u0007');
      expect(out).not.toContain('\r');
      expect(out).toContain('evil\\u001b]0;title\\u0007');
    }
  });
});

describe('toText (compact, the default)', () => {
  const report = sampleReport();
  const plain = toText(report, { color: false });
  const lines = plain.split('\n');

  it('gives one line per failing resource with status, severity, id, file:line and the message', () => {
    expect(lines).toContain('    FAIL    critical DSR-SEC-01 plans/main plan.json:12: aws_s3_bucket.data["a.b"] has no server-side encryption');
    expect(lines).toContain('    UNKNOWN medium   DSR-COST-01 (scan): a matching tf:aws_budgets_budget may exist, but its attributes are known only after apply');
    expect(lines).toContain('    ERROR   high     DSR-ROLE-03 k8s/rbac.yaml:3: k8s:prod/ClusterRoleBinding/admins: could not evaluate: subjects is not a list');
    // A multi-line message stays on its line.
    expect(plain).toContain('lacks tags: 日本 CostCenter second line, 100% sure');
    expect(plain).not.toContain('evidence:');
  });

  it('names each policy once, with its title and doc link, and gives its fix once, on one line', () => {
    expect(lines).toContain('  DSR-NET-04: Load balancers answer only inside the platform\'s VPC  https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/DSR-NET-04.md');
    expect(lines).toContain('    fix: Set internal = true, and route through the VPC.');
    expect(plain.match(/DSR-NET-04\.md/g)).toHaveLength(1);
  });

  it('follows the docs-url setting, and an empty one drops the links', () => {
    const mirrored = toText(report, { color: false, docsUrl: 'https://docs.example/{version}/{id}.html' });
    expect(mirrored).toContain('  DSR-SEC-01: Buckets encrypt data at rest  https://docs.example/1.0.0/DSR-SEC-01.html');
    expect(toText(report, { color: false, docsUrl: '' })).not.toContain('https://');
  });

  it('counts waived and passed results without listing them, and tabulates the areas', () => {
    expect(plain).not.toContain('module.edge.aws_lb.legacy');
    expect(lines).toContain('Network: 1 failed, 1 waived');
    expect(lines).toContain('Roles and policies: 1 error');
    expect(plain).toMatch(/\nArea +failed unknown +errors +waived +passed\n/);
    expect(plain).toMatch(/\nNetwork +1 +0 +0 +1 +0\n/);
  });

  it('prints nothing about an area that had nothing to check', () => {
    const r = buildReport({ pack: PACK, toolVersion: '0.1.0', inputs: [], errors: [], areas: ['network', 'costs'], findings: [finding({ policyId: 'DSR-NET-04', status: 'fail' })] });
    const out = toText(r, { color: false });
    expect(out).not.toContain('Infrastructure costs');
    expect(toText(r, { color: false, verbose: true })).toContain('Infrastructure costs: 0 passed');
  });

  it('puts the most severe policy first within an area', () => {
    const r = buildReport({
      pack: PACK,
      toolVersion: '0.1.0',
      inputs: [],
      errors: [],
      findings: [
        finding({ policyId: 'DSR-NET-01', status: 'fail', severity: 'low' }),
        finding({ policyId: 'DSR-NET-09', status: 'unknown', severity: 'critical' }),
        finding({ policyId: 'DSR-NET-05', status: 'fail', severity: 'high' }),
      ],
    });
    const heads = toText(r, { color: false }).split('\n').filter((l) => /^  DSR-/.test(l)).map((l) => l.slice(2, 12));
    expect(heads).toEqual(['DSR-NET-09', 'DSR-NET-05', 'DSR-NET-01']);
  });

  it('folds a group of many resources into a count, and verbose lists them all', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      finding({ policyId: 'DSR-COST-04', responsibility: 'costs', status: 'fail', severity: 'medium', resource: { address: `aws_instance.n${String(i).padStart(2, '0')}`, kind: 'tf:aws_instance', file: 'plan.json', line: 10 + i } }),
    );
    const r = buildReport({ pack: PACK, toolVersion: '0.1.0', inputs: [], errors: [], findings: many });
    const out = toText(r, { color: false }).split('\n');
    const rows = out.filter((l) => l.startsWith('    FAIL'));
    expect(rows).toHaveLength(FOLD_AFTER - 1);
    expect(rows[0]).toContain('plan.json:10: aws_instance.n00 fails DSR-COST-04');
    expect(out).toContain(`    … and ${12 - (FOLD_AFTER - 1)} more; --verbose shows all`);
    expect(toText(r, { color: false, verbose: true })).toContain('aws_instance.n11');
  });

  it('gives one line per (policy, resource): several checks on one resource share it', () => {
    const r = buildReport({
      pack: PACK,
      toolVersion: '0.1.0',
      inputs: [],
      errors: [],
      findings: [
        finding({ policyId: 'DSR-EGR-01', status: 'fail', check: 0, resource: { address: '(scan)', kind: 'scope' }, message: '(scan): no NAT gateway' }),
        finding({ policyId: 'DSR-EGR-01', status: 'fail', check: 1, resource: { address: '(scan)', kind: 'scope' }, message: '(scan): no default route' }),
      ],
    });
    const rows = toText(r, { color: false }).split('\n').filter((l) => l.startsWith('    FAIL'));
    expect(rows).toEqual(['    FAIL    high     DSR-EGR-01 (scan): no NAT gateway; no default route']);
  });

  it('says once what two checks on one resource both say', () => {
    const same = (check: number) => finding({ policyId: 'DSR-IAM-02', status: 'unknown', check, resource: { address: 'aws_iam_role.r', kind: 'tf:aws_iam_role' }, message: 'aws_iam_role.r: depends on path.cwd ($): EKS roles carry their policies' });
    const r = buildReport({ pack: PACK, toolVersion: '0.1.0', inputs: [], errors: [], findings: [same(0), same(1)] });
    const rows = toText(r, { color: false }).split('\n').filter((l) => l.startsWith('    UNKNOWN'));
    expect(rows).toEqual(['    UNKNOWN high     DSR-IAM-02 aws_iam_role.r: depends on path.cwd ($): EKS roles carry their policies']);
  });

  it('keeps resources of the same address in different inputs apart', () => {
    const at = (file: string) => finding({ policyId: 'DSR-SEC-03', status: 'fail', resource: { address: 'aws_s3_bucket.data', kind: 'tf:aws_s3_bucket', file }, message: 'aws_s3_bucket.data has no default encryption' });
    const r = buildReport({ pack: PACK, toolVersion: '0.1.0', inputs: [], errors: [], findings: [at('a/plan.json'), at('b/plan.json')] });
    const rows = toText(r, { color: false }).split('\n').filter((l) => l.startsWith('    FAIL'));
    expect(rows.map((l) => l.split(' ').find((w) => w.endsWith('plan.json:')))).toEqual(['a/plan.json:', 'b/plan.json:']);
  });

  it('points at the line of the attribute that decided, when the finding has one', () => {
    const r = buildReport({
      pack: PACK,
      toolVersion: '0.1.0',
      inputs: [],
      errors: [],
      findings: [finding({ policyId: 'DSR-CRED-07', status: 'fail', resource: { address: 'k8s:prod/Deployment/api', kind: 'k8s:Deployment', file: 'app.yaml', line: 15 }, evidence: { path: '$.spec.template.spec.containers[0].env[3]', line: 51 }, message: 'k8s:prod/Deployment/api sets a literal secret' })],
    });
    expect(toText(r, { color: false })).toContain('DSR-CRED-07 app.yaml:51: k8s:prod/Deployment/api sets a literal secret');
    expect(toText(r, { color: false, verbose: true })).toContain('evidence: spec.template.spec.containers[0].env[3]');
  });

  it('still lists input errors and waiver notes, and ends with the summary line', () => {
    expect(plain).toContain('plans/broken.json:3: Unexpected token } in JSON at position 41 — Run `terraform show -json tfplan > plan.json` and scan that.');
    expect(plain).toMatch(/Stale waivers[^\n]*\n  DSR-NET-09 aws_lb\.gone\* — matches nothing/);
    expect(plain.trimEnd().split('\n').at(-1)).toBe('onus: 5 failed, 1 unknown, 2 passed, 2 waived, 1 error in 3 inputs, 2 input errors (pack @onus/rules 1.0.0)');
  });
});

describe('joinMessages', () => {
  it('says a clause that several messages share once, after the others', async () => {
    const fix = 'scan the module that builds the VPC, or set coverage: account if these inputs are the whole account';
    expect(joinMessages([`no NAT gateway in these inputs; ${fix}`, `no route to a NAT gateway in these inputs; ${fix}`])).toBe(
      `no NAT gateway in these inputs; no route to a NAT gateway in these inputs; ${fix}`,
    );
    expect(joinMessages(['a', 'a', 'b'])).toBe('a; b');
  });
});
