/**
 * Evaluating loaded sources: the Snyk-style `deny` bundle on its inputs and on
 * a real plan, boolean entrypoints per input and per resource fact, `data`
 * from the bundle and from a data file, and entrypoint defaults.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromTerraformPlan } from '@onus/adapters';
import type { Resource } from '@onus/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBundle } from '../src/bundle.js';
import { loadRego, type RegoInput, type RegoSource, type RegoSpec } from '../src/index.js';
import { CORPUS, HAVE_FIXTURES, SKIP_REASON, fixture, fixtureBytes, tempDir, wasmBundle } from './support.js';

const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const input = (file: string, document: unknown, format = 'terraform-source'): RegoInput => ({ file, format, document });

async function load(spec: RegoSpec, cwd?: string): Promise<RegoSource> {
  const { source, problems } = await loadRego(spec, cwd ? { cwd } : {});
  expect(problems).toEqual([]);
  return source!;
}

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.remove());

describe.skipIf(!HAVE_FIXTURES)('the Snyk-style deny bundle', () => {
  if (!HAVE_FIXTURES) it.skip(SKIP_REASON, () => {});
  const bundle = () => load({ path: fixture('snyk-iac-owner-tag', 'bundle.tar.gz') });
  /** The fact onus would have for denied.tf's instance: the Snyk message's path names it. */
  const hashicat: Resource = {
    kind: 'tf:aws_instance', address: 'aws_instance.hashicat', values: { tags: { Name: '${var.prefix}-hashicat-instance' } }, unknown: [], sensitive: [], refs: {},
    source: { file: 'denied.tf', format: 'terraform-source', line: 1 },
  };

  it('lists its manifest entrypoint as a policy with the documented defaults', async () => {
    expect((await bundle()).policies).toEqual([
      { id: 'rego:rules/deny', title: 'Rego rule rules/deny', responsibility: 'security', severity: 'medium', remediation: '', file: fixture('snyk-iac-owner-tag', 'bundle.tar.gz'), entrypoint: 'rules/deny', per: 'input' },
    ]);
  });

  it('gives one fail per message, with the rule id, title and severity, attached to the resource the message names', async () => {
    const findings = await (await bundle()).evaluate([input('denied.tf', json(fixture('snyk-iac-owner-tag', 'input-denied.json')))], [hashicat]);
    expect(findings).toEqual([
      {
        policyId: 'MY-RULE', title: 'Missing an Owner from tag', responsibility: 'security', severity: 'low', status: 'fail',
        resource: { address: 'aws_instance.hashicat', kind: 'tf:aws_instance', file: 'denied.tf', line: 1 },
        message: 'input.resource.aws_instance[hashicat].tags', remediation: '', frameworks: {}, check: 0,
        rego: { file: fixture('snyk-iac-owner-tag', 'bundle.tar.gz'), entrypoint: 'rules/deny' },
      },
    ]);
  });

  it('gives one pass per input with no message, and keeps each input apart', async () => {
    const findings = await (await bundle()).evaluate(
      [input('allowed.tf', json(fixture('snyk-iac-owner-tag', 'input-allowed.json'))), input('denied.tf', json(fixture('snyk-iac-owner-tag', 'input-denied.json')))],
      [],
    );
    expect(findings.map((f) => [f.status, f.policyId, f.resource.address])).toEqual([
      ['pass', 'rego:rules/deny', 'allowed.tf'],
      ['fail', 'MY-RULE', 'denied.tf'],
    ]);
  });

  it('on a real Terraform plan (which has no `resource` key) raises nothing: one pass for the plan', async () => {
    const plan = join(CORPUS, 'tfplan', 'terraform-compliance__tests_functional_test_issue-456_plan.out.json');
    const findings = await (await bundle()).evaluate([input(plan, json(plan), 'terraform-plan')], []);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([['pass', { address: plan, kind: 'input:terraform-plan', file: plan }]]);
  });

  it('never prints a value onus knows is sensitive, though the policy sees it', async () => {
    const secret: Resource = { ...hashicat, values: { name: 'hashicat' }, sensitive: ['name'] };
    const [f] = await (await bundle()).evaluate([input('denied.tf', json(fixture('snyk-iac-owner-tag', 'input-denied.json')))], [secret]);
    expect(f!.message).toBe('input.resource.aws_instance[[sensitive]].tags');
  });

  it('finds the same rule in the loose module by its conventional name', async () => {
    const source = await load({ path: fixture('snyk-iac-owner-tag', 'policy.wasm') });
    expect(source.policies.map((p) => p.entrypoint)).toEqual(['rules/deny']);
  });

  it('takes entrypoint names in OPA\'s dotted spellings and the findings fields a config gives', async () => {
    const source = await load({
      path: fixture('snyk-iac-owner-tag', 'policy.wasm'),
      entrypoints: [{ name: 'data.rules.deny', id: 'TEAM-01', title: 'Instances name an owner', responsibility: 'costs', severity: 'high', remediation: 'add tags.Owner' }],
    });
    expect(source.policies[0]).toMatchObject({ id: 'TEAM-01', entrypoint: 'rules/deny', responsibility: 'costs', severity: 'high' });
    const [pass] = await source.evaluate([input('allowed.tf', json(fixture('snyk-iac-owner-tag', 'input-allowed.json')))], []);
    expect(pass).toMatchObject({ policyId: 'TEAM-01', title: 'Instances name an owner', responsibility: 'costs', severity: 'high', remediation: 'add tags.Owner', status: 'pass' });
  });
});

describe.skipIf(!HAVE_FIXTURES)('boolean entrypoints', () => {
  const registration = (email: string) => input('signup.json', { user: { username: 'hello', email } }, 'json');

  it('per input: allow true is a pass, false a fail', async () => {
    const source = await load({ path: fixture('mas-policies', 'policy.wasm'), entrypoints: ['register/allow'] });
    const findings = await source.evaluate([registration('a@example.com'), { ...registration('a@example.com'), document: { user: { username: 'hi', email: 'a@b.c' } } }], []);
    expect(findings.map((f) => f.status)).toEqual(['pass', 'fail']);
  });

  it('per resource: one finding per resource fact of a real plan, with its address, kind and file; planned deletes skipped', async () => {
    const plan = join(CORPUS, 'tfplan', 'terraform-compliance__tests_functional_test_issue_522_plan.out.json');
    const { resources } = fromTerraformPlan(readFileSync(plan, 'utf8'), plan);
    const kept = resources.filter((r) => !(r.change?.actions.includes('delete') && !r.change.actions.includes('create')));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(resources.length);
    // `allow` holds only for `input.user == "alice"`, which no resource fact has (default false).
    const source = await load({ path: fixture('entrypoints-sprintf', 'policy_simple.wasm'), entrypoints: [{ name: 'example/allow', per: 'resource' }] });
    const findings = await source.evaluate([], resources);
    expect(findings.map((f) => [f.status, f.resource])).toEqual(kept.map((r) => ['fail', { address: r.address, kind: r.kind, file: plan, ...(r.source.line ? { line: r.source.line } : {}) }]));
  });
});

describe.skipIf(!HAVE_FIXTURES)('data', () => {
  const staging = input('signup.json', { user: { username: 'hello', email: 'hello@staging.element.io' } }, 'json');
  const mas = () => fixtureBytes('mas-policies', 'policy.wasm');

  it('comes from a YAML data file', async () => {
    writeFileSync(join(tmp.dir, 'data.yaml'), 'banned_domains:\n  - "*.element.io"\n');
    const source = await load({ path: fixture('mas-policies', 'policy.wasm'), entrypoints: ['register/allow'], data: 'data.yaml' }, tmp.dir);
    expect((await source.evaluate([staging], [])).map((f) => f.status)).toEqual(['fail']);
  });

  it("comes from the bundle's data.json, and the data file is merged over it", async () => {
    writeFileSync(join(tmp.dir, 'bundle.tar.gz'), await wasmBundle(mas(), ['register/allow'], { allowed_domains: ['*.element.io'] }));
    const bundleOnly = await load({ path: 'bundle.tar.gz' }, tmp.dir);
    expect((await bundleOnly.evaluate([staging], [])).map((f) => f.status)).toEqual(['pass']);
    writeFileSync(join(tmp.dir, 'more.json'), JSON.stringify({ banned_domains: ['staging.element.io'] }));
    const both = await load({ path: 'bundle.tar.gz', data: 'more.json' }, tmp.dir);
    expect((await both.evaluate([staging], [])).map((f) => f.status)).toEqual(['fail']);
  });

  it('refuses a data file that is not an object', async () => {
    writeFileSync(join(tmp.dir, 'data.json'), '[1, 2]');
    const { problems } = await loadRego({ path: fixture('mas-policies', 'policy.wasm'), entrypoints: ['register/allow'], data: 'data.json' }, { cwd: tmp.dir });
    expect(problems).toEqual([{ file: 'data.json', message: 'holds an array at the top level, not an object', hint: expect.any(String) }]);
  });
});

describe('bundle data files', () => {
  const text = (s: string) => new TextEncoder().encode(s);
  const wasm = text('');

  it('are placed at their directory\'s path and merged', () => {
    const members = new Map([
      ['policy.wasm', wasm],
      ['data.json', text('{"top": 1, "a": {"x": 1}}')],
      ['a/b/data.json', text('{"deep": true}')],
      ['a/data.yaml', text('y: 2\n')],
    ]);
    const read = readBundle(members, 'b.tar.gz');
    expect('bundle' in read && read.bundle.data).toEqual({ top: 1, a: { x: 1, y: 2, b: { deep: true } } });
  });

  it('that set the same value twice are refused, naming the data path', () => {
    const members = new Map([['policy.wasm', wasm], ['data.json', text('{"a": {"x": 1}}')], ['a/data.json', text('{"x": 2}')]]);
    expect(readBundle(members, 'b.tar.gz')).toEqual({ problem: { file: 'b.tar.gz!/a/data.json', message: 'sets data.a.x, which another data file of the bundle already sets', hint: expect.any(String) } });
  });
});
