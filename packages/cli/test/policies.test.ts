import { describe, expect, it } from 'vitest';
import { conditionLines } from '../src/describe.js';
import { lbPlan, run, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';

const MY_POLICY = `id: ACME-NET-01
title: Load balancers are named with the team prefix
responsibility: network
severity: high
remediation: Name it acme-<team>-...
checks:
  - kind: tf:aws_lb
    assert: { fact: values, path: $.name, operator: matches, value: "^acme-" }
    message: "{address} is not named acme-*"
examples:
  pass: [ { kind: tf:aws_lb, values: { name: acme-web } } ]
  fail: [ { kind: tf:aws_lb, values: { name: web } } ]
`;

describe('onus policies coverage', () => {
  it('shows which input kinds each policy judges, the user\'s own included', async () => {
    const dir = tempDir({ 'policies/ACME-NET-01.yaml': MY_POLICY });
    const r = await run(['policies', 'coverage', '--policies', 'policies'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+plan\s+source\s+manifest\s+aws-config\s+aws-cli\s+cloud-assets$/m);
    expect(r.stdout).toMatch(/^DSR-NET-04\s+x\s+x\s+-\s+x\s+x\s+-$/m);
    expect(r.stdout).toMatch(/^DSR-NET-05\s+-\s+-\s+x\s+-\s+-\s+-$/m);
    expect(r.stdout).toMatch(/^ACME-NET-01\s+x\s+x\s+-\s+-\s+-\s+-$/m);
    expect(r.stdout).toMatch(/^65 policies from /m);
  });

  it('--format json gives the kinds read per input kind', async () => {
    const r = await run(['policies', 'coverage', '--format', 'json']);
    const rows = JSON.parse(r.stdout) as { id: string; inputs: Record<string, string[]> }[];
    expect(rows.find((x) => x.id === 'DSR-NET-04')?.inputs).toMatchObject({ 'aws-cli': ['awscli:elbv2:LoadBalancer'], manifest: [] });
    expect((await run(['policies', 'coverage', 'extra'])).code).toBe(2);
  });
});

describe('onus policies list', () => {
  it('lists every policy with id, area, severity, title, optional and kinds', async () => {
    const r = await run(['policies', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+AREA\s+SEVERITY\s+TITLE$/m);
    expect(r.stdout).toMatch(/^DSR-NET-04\s+network\s+high\s+Load balancers answer only inside the platform's VPC$/m);
    expect(r.stdout).toMatch(/^\s+kinds: tf:aws_lb, tf:aws_alb, tf:aws_elb/m);
    expect(r.stdout).toMatch(/\(optional\)/);
  });

  it('--format json', async () => {
    const r = await run(['policies', 'list', '--format', 'json']);
    const list = JSON.parse(r.stdout) as { id: string; area: string; optional: boolean; kinds: string[] }[];
    expect(list.find((p) => p.id === 'DSR-NET-04')).toMatchObject({ area: 'network', severity: 'high', optional: false, kinds: expect.arrayContaining(['tf:aws_lb']) });
    expect(list.filter((p) => p.area === 'certificates').every((p) => p.optional)).toBe(true);
    expect(list.map((p) => p.id)).toEqual([...list.map((p) => p.id)].sort());
  });

  it('--policies adds the user\'s own policies; a clash with a pack id is an error', async () => {
    const dir = tempDir({ 'policies/ACME-NET-01.yaml': MY_POLICY, 'clash/x.yaml': MY_POLICY.replace('ACME-NET-01', 'DSR-NET-04') });
    const r = await run(['policies', 'list', '--policies', 'policies', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).find((p: { id: string }) => p.id === 'ACME-NET-01')).toMatchObject({ file: 'policies/ACME-NET-01.yaml' });
    const clash = await run(['policies', 'list', '--policies', 'clash'], { cwd: dir });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/^onus: clash\/x\.yaml:1 \(at \/id\): policy id DSR-NET-04 is already a policy of the pack @onus\/rules; fix: give your policy an id of its own/);
  });
});

describe('onus policies show', () => {
  it('shows what a user needs: title, severity, what it checks per input kind, the fix, the doc link, the frameworks', async () => {
    const r = await run(['policies', 'show', 'DSR-NET-05']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('DSR-NET-05: Kubernetes load balancers are internal');
    expect(lines[1]).toBe('severity: high   area: network   optional: no');
    expect(r.stdout).toMatch(/^frameworks: /m);
    expect(r.stdout).toMatch(/^docs: https:\/\/github\.com\/onus-dev\/onus\/blob\/rules-v[\d.]+\/packages\/rules\/docs\/controls\/DSR-NET-05\.md$/m);
    expect(r.stdout).toContain('  k8s:Service:\n    fails when it is a LoadBalancer Service without an explicit internal load balancer annotation for its cloud.');
    expect(r.stdout).toContain('  k8s:Ingress:\n    fails when it is an Ingress that gets an internet-facing load balancer');
    expect(r.stdout).toMatch(/How to fix:\n\s+Mark every `type: LoadBalancer` Service internal/);
    // No logic tree, no examples, no path of the installed package.
    expect(r.stdout).not.toMatch(/passes when|any of|Examples:/);
    expect(r.stdout).not.toMatch(/^file:/m);
    expect(lines.length).toBeLessThan(25);
  });

  it('--verbose adds the logic tree and the examples', async () => {
    const r = await run(['policies', 'show', 'DSR-NET-04', '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Checks in detail:[\s\S]*passes when[\s\S]*values\.internal must equal true/);
    expect(r.stdout).toContain('values.configuration.scheme must not equal "internet-facing"');
    expect(r.stdout).toMatch(/Examples:\n\s+pass\s+tf:aws_lb \{"internal":true\}/);
    expect(r.stdout).not.toMatch(/^file:/m);
  });

  it('names the file of the user\'s own policy, and follows docsUrl of the config', async () => {
    const dir = tempDir({ 'policies/ACME-NET-01.yaml': MY_POLICY, '.onus.yaml': 'docsUrl: https://docs.example/{id}\n' });
    const own = await run(['policies', 'show', 'ACME-NET-01', '--policies', 'policies'], { cwd: dir });
    expect(own.stdout).toMatch(/^file: policies\/ACME-NET-01\.yaml$/m);
    expect(own.stdout).toContain('  tf:aws_lb:\n    fails when it is not named acme-*.');
    expect(own.stdout).not.toMatch(/^docs:/m);
    const pack = await run(['policies', 'show', 'DSR-NET-04'], { cwd: dir });
    expect(pack.stdout).toMatch(/^docs: https:\/\/docs\.example\/DSR-NET-04$/m);
  });

  it('names the parameters a policy uses, with their values', async () => {
    const list = JSON.parse((await run(['policies', 'list', '--format', 'json'])).stdout) as { id: string }[];
    let found = false;
    for (const { id } of list) {
      const r = await run(['policies', 'show', id, '--format', 'json']);
      const shown = JSON.parse(r.stdout) as { params: Record<string, unknown> };
      if (Object.keys(shown.params).length === 0) continue;
      const text = (await run(['policies', 'show', id])).stdout;
      expect(text).toMatch(/Parameters it uses[^\n]*\n\s+\w+ = /);
      found = true;
      break;
    }
    expect(found).toBe(true);
  });

  it('an unknown id is an error (exit 2); ids are matched case-insensitively', async () => {
    const r = await run(['policies', 'show', 'DSR-NOPE-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: policies show: no policy DSR-NOPE-01 .*onus policies list/);
    expect((await run(['policies', 'show', 'dsr-net-04'])).code).toBe(0);
    expect((await run(['policies', 'show'])).code).toBe(2);
  });

  it('renders conditions readably', () => {
    expect(conditionLines({ fact: 'values', path: '$.internal', operator: 'equal', value: true })).toEqual(['values.internal must equal true']);
    expect(conditionLines({ not: { fact: 'values', path: '$.scheme', operator: 'equal', value: 'internet-facing' } })).toEqual(['values.scheme must not equal "internet-facing"']);
    expect(
      conditionLines(
        {
          any: [
            { fact: 'values', path: '$.max', operator: 'lessThanInclusive', value: { fact: 'params', path: '$.maxNodes' } },
            { fact: 'values', path: '$.tags', operator: 'exists', value: false },
            { fact: 'values', path: '$.rules', operator: 'anyItem', value: { path: '$.cidr', operator: 'isPublicCidr', value: true } },
          ],
        },
        { maxNodes: 50 },
      ),
    ).toEqual([
      'at least one of:',
      '- values.max must be at most the parameter maxNodes (50)',
      '- values.tags must not be set',
      '- at least one item of values.rules must satisfy: item.cidr must be a public (internet-routable) range',
    ]);
    expect(conditionLines({ not: { all: [{ fact: 'values', path: '$.a', operator: 'equal', value: 1 }, { fact: 'values', path: '$.b', operator: 'equal', value: 2 }] } })).toEqual([
      'not all of these may hold:',
      '- values.a must equal 1',
      '- values.b must equal 2',
    ]);
  });
});

describe('onus policies test', () => {
  it('passes over .onus.yaml, hidden folders and YAML files that are not policies', async () => {
    const dir = tempDir({
      'policies/ACME-NET-01.yaml': MY_POLICY,
      'policies/.onus.yaml': 'failOn: high\n',
      'policies/.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      'policies/kustomization.yaml': 'resources: [a.yaml]\n',
    });
    const r = await run(['policies', 'test', 'policies'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 policy, 2 examples: 2 passed, 0 failed');
    const none = tempDir({ 'p/kustomization.yaml': 'resources: []\n' });
    const empty = await run(['policies', 'test', 'p'], { cwd: none });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^onus: p: no policy files/);
  });


  it('runs the examples of a folder (exit 0)', async () => {
    const dir = tempDir({ 'policies/ACME-NET-01.yaml': MY_POLICY });
    const r = await run(['policies', 'test', 'policies'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok    ACME-NET-01: 2 examples');
    expect(r.stdout).toContain('1 policy, 2 examples: 2 passed, 0 failed');
  });

  it('defaults to ./policies (or the config\'s policies:)', async () => {
    const dir = tempDir({ 'policies/ACME-NET-01.yaml': MY_POLICY });
    expect((await run(['policies', 'test'], { cwd: dir })).code).toBe(0);
    const other = tempDir({ 'rules/ACME-NET-01.yaml': MY_POLICY, '.onus.yaml': 'policies: [rules]\n' });
    const r = await run(['policies', 'test'], { cwd: other });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ACME-NET-01');
    expect((await run(['policies', 'test'], { cwd: tempDir() })).code).toBe(2);
  });

  it('exit 1 on an example that does not hold', async () => {
    const dir = tempDir({ 'p/ACME-NET-01.yaml': MY_POLICY.replace('pass: [ { kind: tf:aws_lb, values: { name: acme-web } } ]', 'pass: [ { kind: tf:aws_lb, values: { name: web } } ]') });
    const r = await run(['policies', 'test', 'p'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL  ACME-NET-01: examples\.pass\[0\]: expected only passes, got fail \(p\/ACME-NET-01\.yaml\)/);
  });

  it('exit 2 on an invalid policy, naming the file, line and field', async () => {
    const dir = tempDir({ 'p/bad.yaml': MY_POLICY.replace('operator: matches', 'operator: looksLike'), 'p/ok.yaml': MY_POLICY.replace('ACME-NET-01', 'ACME-NET-02') });
    const r = await run(['policies', 'test', 'p'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: p\/bad\.yaml:8 \(at \/checks\/0\/assert\/operator\): .*unknown operator "looksLike"/);
    expect(r.stdout).toContain('ok    ACME-NET-02');
  });
});

describe('user policies in a scan', () => {
  it('--policies DIR adds them to the pack; their findings are reported', async () => {
    const dir = tempDir({ 'policies/ACME-NET-01.yaml': MY_POLICY, 'plan.json': lbPlan({ web: true }) });
    const r = await run(['scan', '--policies', 'policies', '--only', 'ACME-NET-01', '--format', 'json', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.pack.name).toBe('@onus/rules+local');
    expect(expandFindings(report, { passes: false })).toEqual([expect.objectContaining({ policyId: 'ACME-NET-01', status: 'fail', message: 'is not named acme-*' })]);
  });

  it('an invalid user policy is reported (exit 2) and the other policies still run', async () => {
    const dir = tempDir({ 'policies/bad.yaml': 'id: X\n', 'plan.json': lbPlan({ pub: false }) });
    const r = await run(['scan', '--policies', 'policies', '--only', 'DSR-NET-04', '--format', 'json', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: policies\/bad\.yaml:1/);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.findings)).toEqual(['DSR-NET-04']);
    expect(report.errors[0].file).toBe('policies/bad.yaml');
  });

  it('a missing policy folder is an error', async () => {
    const r = await run(['scan', '--policies', 'nowhere', 'plan.json'], { cwd: tempDir({ 'plan.json': lbPlan({ a: true }) }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: nowhere: no such policy folder/m);
  });
});
