import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config-schema.js';
import { findConfig, parseConfig } from '../src/config.js';
import { configValidatorModuleText } from '../scripts/config-validator-module.js';
import { lbPlan, ONLY_LB, run, service, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';

const WAIVER = (extra = '') => `waivers:
  - policy: DSR-NET-04
    resource: "aws_lb.pub*"
    reason: vendor webhooks, behind the WAF
    owner: team-net
${extra}`;

describe('.onus.yaml: finding it', () => {
  it('is found upward from the first scanned path, not above the folder holding .git', () => {
    const dir = tempDir({ '.onus.yaml': 'failOn: low\n', 'infra/env/prod/plan.json': '{}' });
    expect(findConfig(join(dir, 'infra/env/prod/plan.json'))).toBe(join(dir, '.onus.yaml'));
    expect(findConfig(join(dir, 'infra/env'))).toBe(join(dir, '.onus.yaml'));
    const outer = tempDir({ '.onus.yaml': 'failOn: low\n', 'repo/plan.json': '{}' }, false);
    writeFileSync(join(outer, 'repo', '.git'), 'gitdir: elsewhere\n'); // a worktree's .git file stops the search too
    expect(findConfig(join(outer, 'repo/plan.json'))).toBeUndefined();
  });

  it('applies: failOn from the config, overridden by --fail-on', async () => {
    const dir = tempDir({ '.onus.yaml': 'failOn: critical\n', 'infra/plan.json': lbPlan({ pub: false }) });
    expect((await run(['scan', ...ONLY_LB, 'infra/plan.json'], { cwd: dir })).code).toBe(0);
    expect((await run(['scan', ...ONLY_LB, '--fail-on', 'high', 'infra/plan.json'], { cwd: dir })).code).toBe(1);
    expect((await run(['scan', ...ONLY_LB, '--no-config', 'infra/plan.json'], { cwd: dir })).code).toBe(1);
  });

  it('--config names it explicitly; a missing one is an error', async () => {
    const dir = tempDir({ 'conf/onus.yaml': 'failOn: critical\n', 'plan.json': lbPlan({ pub: false }) });
    expect((await run(['scan', ...ONLY_LB, '--config', 'conf/onus.yaml', 'plan.json'], { cwd: dir })).code).toBe(0);
    const r = await run(['scan', '--config', 'nope.yaml', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: nope\.yaml: config file not found; fix: /);
  });

  it('the config\'s only/skip, enable and params apply', async () => {
    const dir = tempDir({ '.onus.yaml': 'only: [DSR-NET-04]\n', 'plan.json': lbPlan({ pub: false }) });
    const r = await run(['scan', '--format', 'json', 'plan.json'], { cwd: dir });
    expect(new Set(expandFindings(JSON.parse(r.stdout), { passes: false }).map((f: { policyId: string }) => f.policyId))).toEqual(new Set(['DSR-NET-04']));
  });
});

describe('.onus.yaml: coverage', () => {
  const budgetStatus = async (config: string | undefined) => {
    const dir = tempDir({ ...(config !== undefined ? { '.onus.yaml': config } : {}), 'plan.json': lbPlan({ pub: false }) });
    const r = await run(['scan', '--format', 'json', '--only', 'DSR-COST-01', 'plan.json'], { cwd: dir });
    return { code: r.code, findings: expandFindings(JSON.parse(r.stdout), { passes: false }).map((f: { status: string; message: string }) => `${f.status}: ${f.message}`) };
  };

  it('partial (the default): an AWS module without a budget is unknown, with the reason and the fix', async () => {
    for (const config of [undefined, 'coverage: partial\n']) {
      const { findings } = await budgetStatus(config);
      expect(findings).toEqual([expect.stringMatching(/^unknown: no AWS cost budget in these inputs; scan the account's root module or an export, or set coverage: account/)]);
    }
  });

  it('account: the missing budget fails, as coverage: or as params.coverage', async () => {
    for (const config of ['coverage: account\n', 'params: { coverage: account }\n', 'coverage: account\nparams: { coverage: account }\n']) {
      expect((await budgetStatus(config)).findings).toEqual([expect.stringMatching(/^fail: AWS resources but no aws_budgets_budget/)]);
    }
  });

  it('coverage and params.coverage that disagree, or a bad value, are errors naming the line', async () => {
    const dir = tempDir({ '.onus.yaml': 'coverage: account\nparams:\n  coverage: partial\n', 'plan.json': lbPlan({ a: true }) });
    const r = await run(['scan', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: \.onus\.yaml:3 \(at \/params\/coverage\): params\.coverage "partial" contradicts coverage "account"; fix: keep one/);
    const bad = tempDir({ '.onus.yaml': 'coverage: everything\n', 'plan.json': lbPlan({ a: true }) });
    expect((await run(['scan', 'plan.json'], { cwd: bad })).stderr).toMatch(/^onus: \.onus\.yaml:1 \(at \/coverage\): coverage must be one of partial, account/);
  });
});

describe('.onus.yaml: errors name the file, the field and its line', () => {
  const errorsOf = async (config: string) => {
    const dir = tempDir({ '.onus.yaml': config, 'plan.json': lbPlan({ a: true }) });
    const r = await run(['scan', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    return r.stderr.trim().split('\n');
  };

  it('an unknown field', async () => {
    expect(await errorsOf('failOn: high\nfailon: low\n')).toEqual([
      expect.stringMatching(/^onus: \.onus\.yaml:2 \(at \/failon\): unknown field "failon"; fix: remove it or check its spelling \(known fields: enable, params, failOn/),
    ]);
  });

  it('a bad enum value', async () => {
    expect(await errorsOf('# comment\nfailOn: severe\n')).toEqual([expect.stringMatching(/^onus: \.onus\.yaml:2 \(at \/failOn\): failOn must be one of critical, high, medium, low, info, none \(got "severe"\)/)]);
  });

  it('a waiver without reason, and one with a bad date', async () => {
    const lines = await errorsOf('waivers:\n  - policy: DSR-NET-04\n    resource: "*"\n  - policy: DSR-NET-04\n    resource: "*"\n    reason: ok\n    expires: 31/03/2027\n');
    expect(lines).toEqual([
      expect.stringMatching(/^onus: \.onus\.yaml:2 \(at \/waivers\/0\): waivers\[0\] is missing the required field "reason"; fix: every waiver needs a reason/),
      expect.stringMatching(/^onus: \.onus\.yaml:7 \(at \/waivers\/1\/expires\): waivers\[1\]\.expires must be a date written YYYY-MM-DD \(got "31\/03\/2027"\)/),
    ]);
  });

  it('an impossible date', async () => {
    expect(await errorsOf('waivers:\n  - { policy: DSR-NET-04, resource: "*", reason: x, expires: 2027-02-30 }\n')).toEqual([
      expect.stringMatching(/^onus: \.onus\.yaml:2 \(at \/waivers\/0\/expires\): waivers\[0\]\.expires "2027-02-30" is not a calendar date/),
    ]);
  });

  it('a parameter that breaks the pack\'s parameter schema, or is unknown', async () => {
    expect(await errorsOf('params:\n  maxNodes: lots\n  requiredTagz: [A]\n')).toEqual([
      expect.stringMatching(/^onus: \.onus\.yaml:3 \(at \/params\/requiredTagz\): params\.requiredTagz is not a parameter of this pack/),
      expect.stringMatching(/^onus: \.onus\.yaml:2 \(at \/params\/maxNodes\): params\.maxNodes must be integer/),
    ]);
  });

  it('an unknown policy id in only/skip/waivers', async () => {
    const lines = await errorsOf('skip: [DSR-NOPE-01]\nwaivers:\n  - { policy: DSR-NOPE-02, resource: "*", reason: x }\n');
    expect(lines).toEqual([
      expect.stringMatching(/^onus: \.onus\.yaml:1 \(at \/skip\/0\): skip\[0\]: "DSR-NOPE-01" is neither a policy id nor an area/),
      expect.stringMatching(/^onus: \.onus\.yaml:3 \(at \/waivers\/0\/policy\): waivers\[0\]\.policy: no policy DSR-NOPE-02/),
    ]);
  });

  it('broken YAML, with its line', async () => {
    expect(await errorsOf('failOn: high\nwaivers: [\n  - x\n')).toEqual([expect.stringMatching(/^onus: \.onus\.yaml:\d+: not valid YAML: /)]);
    expect(await errorsOf('failOn: high\nfailOn: low\n')).toEqual([expect.stringMatching(/^onus: \.onus\.yaml:2: not valid YAML: .*[Uu]nique/)]);
    expect(await errorsOf('- just\n- a list\n')).toEqual([expect.stringMatching(/^onus: \.onus\.yaml:1: the config must be a mapping/)]);
  });

  it('an empty file and fields left empty are fine', () => {
    expect(parseConfig('', 'c.yaml', '/').problems).toEqual([]);
    expect(parseConfig('waivers:\n# - policy: X\nparams:\n', 'c.yaml', '/').problems).toEqual([]);
  });

  it('the published schema file is the one the CLI uses', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '..', 'schemas', 'config.schema.json'), 'utf8'));
    expect(published, 'schemas/config.schema.json is stale: run pnpm --filter @onus/cli schemas').toEqual(JSON.parse(JSON.stringify(configSchema)));
  });

  it('the compiled validator is the schema as it is now', () => {
    const committed = readFileSync(join(__dirname, '..', 'src', 'config-validator.ts'), 'utf8');
    expect(committed === configValidatorModuleText(), 'src/config-validator.ts is stale: run pnpm --filter @onus/cli schemas').toBe(true);
  });
});

describe('waivers', () => {
  it('a waiver turns the failure into waived (exit 0), with its reason in the report', async () => {
    const dir = tempDir({ '.onus.yaml': WAIVER(), 'plan.json': lbPlan({ pub: false }) });
    const r = await run(['scan', ...ONLY_LB, '--format', 'json', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const f = expandFindings(JSON.parse(r.stdout), { passes: false }).find((x: { resource: { address: string } }) => x.resource.address === 'aws_lb.pub');
    expect(f).toMatchObject({ status: 'waived', waiver: { reason: 'vendor webhooks, behind the WAF', owner: 'team-net', source: '.onus.yaml:2' } });
  });

  it('an expired waiver stops waiving and is reported; ONUS_TODAY pins the date', async () => {
    const dir = tempDir({ '.onus.yaml': WAIVER('    expires: 2026-03-31\n').replace('owner: team-net\n', 'owner: team-net\n'), 'plan.json': lbPlan({ pub: false }) });
    const before = await run(['scan', ...ONLY_LB, 'plan.json'], { cwd: dir, env: { ONUS_TODAY: '2026-03-31' } });
    expect(before.code).toBe(0);
    const after = await run(['scan', ...ONLY_LB, 'plan.json'], { cwd: dir, env: { ONUS_TODAY: '2026-04-01' } });
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/Expired waivers[^\n]*\n\s+DSR-NET-04 aws_lb\.pub\* .*expired 2026-03-31/);
    const bad = await run(['scan', 'plan.json'], { cwd: dir, env: { ONUS_TODAY: 'tomorrow' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^onus: ONUS_TODAY=tomorrow: write the date as YYYY-MM-DD/);
  });

  it('a waiver that matches nothing is reported as stale (not when its policy did not run)', async () => {
    const dir = tempDir({ '.onus.yaml': WAIVER(), 'plan.json': lbPlan({ other: true }) });
    const r = await run(['scan', ...ONLY_LB, '--format', 'json', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).waivers.stale).toEqual([expect.objectContaining({ policy: 'DSR-NET-04', resource: 'aws_lb.pub*', source: '.onus.yaml:2' })]);
    const skipped = await run(['scan', '--only', 'costs', '--format', 'json', 'plan.json'], { cwd: dir });
    expect(JSON.parse(skipped.stdout).waivers.stale).toEqual([]);
  });

  it('the Kubernetes annotation onus.dev/waive waives on the resource itself', async () => {
    const dir = tempDir({
      'svc.yaml': `${service('public-web', { 'onus.dev/waive': 'DSR-NET-05: public by design, behind Cloud Armor' })}---\n${service('other')}`,
    });
    const r = await run(['scan', '--only', 'DSR-NET-05', '--format', 'json', 'svc.yaml'], { cwd: dir });
    const findings = expandFindings(JSON.parse(r.stdout), { passes: false }) as { status: string; resource: { address: string }; waiver?: { reason: string; source: string } }[];
    expect(findings.find((f) => f.resource.address === 'k8s:prod/Service/public-web')).toMatchObject({
      status: 'waived',
      waiver: { reason: 'public by design, behind Cloud Armor', source: expect.stringContaining('svc.yaml') },
    });
    expect(findings.find((f) => f.resource.address === 'k8s:prod/Service/other')?.status).toBe('fail');
    expect(r.code).toBe(1);
  });
});
