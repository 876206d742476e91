/**
 * `onus scan --rego` and `rego:` in .onus.yaml, end to end: a plan scanned
 * with the Snyk-style `deny` bundle and the pack together (JSON, SARIF and
 * text, exit codes, a waiver), config problems with their line, hostile
 * bundles refused in one line each with nothing written, and `onus policies
 * list` marking Rego entrypoints. Fixture tests skip without ../shared.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_SARIF_SCHEMA, sarifSchemaAccepts } from '../../engine/test/formats/validators.js';
import { HAVE_FIXTURES, fixture, fixtureBytes, tarGz, tarGzDeclaring, wasmBundle } from '../../rego/test/support.js';
import { FORMATS } from '@onus/engine';
import { REPO, run, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';

const SNYK_BUNDLE = fixture('snyk-iac-owner-tag', 'bundle.tar.gz');

/**
 * A Terraform plan with instance `aws_instance.hashicat`. The Snyk rule reads
 * the configuration in the shape Snyk's parser gives it
 * (`resource.<type>.<name>`), so the plan carries that block too.
 */
function instancePlan(tags: Record<string, string>): string {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.5',
    resource_changes: [{ address: 'aws_instance.hashicat', mode: 'managed', type: 'aws_instance', name: 'hashicat', change: { actions: ['create'], before: null, after: { ami: 'ami-1', tags }, after_unknown: {} } }],
    resource: { aws_instance: { hashicat: { tags } } },
  });
}

/** A copy of the Snyk bundle inside a scanned folder, with a config naming it. */
function project(config: string): string {
  const dir = tempDir({ 'plan.json': instancePlan({ Name: 'web' }), '.onus.yaml': config });
  mkdirSync(join(dir, 'policy'));
  copyFileSync(SNYK_BUNDLE, join(dir, 'policy', 'bundle.tar.gz'));
  return dir;
}

describe.skipIf(!HAVE_FIXTURES)('onus scan with a Rego bundle beside the pack', () => {
  it('reports findings of both in JSON, SARIF and text, with the exit code they give', async () => {
    const dir = tempDir({ 'plan.json': instancePlan({ Name: 'web' }) });
    const argv = ['scan', '--no-config', '--rego', SNYK_BUNDLE, '--only', 'DSR-COST-04,rego:rules/deny', '--format', 'json', '--output', 'sarif=out.sarif', '--output', 'text=out.txt', 'plan.json'];
    const r = await run([...argv, '--fail-on', 'low'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([]);
    const byId = (id: string) => expandFindings(report, { passes: false }).filter((f) => f.policyId === id);
    expect(byId('MY-RULE')).toEqual([
      expect.objectContaining({ status: 'fail', message: 'input.resource.aws_instance[hashicat].tags', resource: expect.objectContaining({ address: 'aws_instance.hashicat', file: 'plan.json' }), rego: { file: SNYK_BUNDLE, entrypoint: 'rules/deny' } }),
    ]);
    expect(byId('DSR-COST-04')).toEqual([expect.objectContaining({ status: 'fail' })]);
    // What a policy says is in the policies table, once.
    expect(report.policies['MY-RULE']).toMatchObject({ severity: 'low' });
    expect(report.policies['DSR-COST-04']).toMatchObject({ severity: 'low' });
    expect(report.scorecard).toMatchObject({ costs: { fail: 1 }, security: { fail: 1 } });

    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    if (HAVE_SARIF_SCHEMA) expect(sarifSchemaAccepts(sarif)).toBe(true);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(['DSR-COST-04', 'MY-RULE']);
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id).sort()).toEqual(['DSR-COST-04', 'MY-RULE']);
    // Every other writer shows the Rego finding too.
    const others = FORMATS.filter((f) => f !== 'json' && f !== 'sarif' && f !== 'text');
    const all = await run(['scan', '--no-config', '--rego', SNYK_BUNDLE, '--only', 'rego:rules/deny', '--quiet', ...others.flatMap((f) => ['--output', `${f}=all.${f}`]), 'plan.json'], { cwd: dir });
    expect(all.code).toBe(0);
    for (const f of others) expect(readFileSync(join(dir, `all.${f}`), 'utf8'), f).toContain('MY-RULE');
    const text = readFileSync(join(dir, 'out.txt'), 'utf8');
    expect(text).toMatch(/FAIL +low +MY-RULE plan\.json: aws_instance\.hashicat/);
    expect(text).toMatch(/FAIL +low +DSR-COST-04 plan\.json: aws_instance\.hashicat/);

    // The Rego finding is low: only --fail-on low makes it break the build on its own.
    const regoOnly = ['scan', '--no-config', '--rego', SNYK_BUNDLE, '--only', 'rego:rules/deny', '--quiet', 'plan.json'];
    expect((await run([...regoOnly, '--fail-on', 'medium'], { cwd: dir })).code).toBe(0);
    expect((await run([...regoOnly, '--fail-on', 'low'], { cwd: dir })).code).toBe(1);
  });

  it('passes (exit 0) when the rule finds nothing, and counts the pass', async () => {
    const dir = tempDir({ 'plan.json': instancePlan({ Owner: 'team-a' }) });
    const r = await run(['scan', '--no-config', '--rego', SNYK_BUNDLE, '--only', 'rego:rules/deny', '--fail-on', 'low', '--format', 'json', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ findings: {}, passes: { 'rego:rules/deny': [0] } });
    expect(report.resources.items[0].address).toBe('plan.json');
  });

  it('reads rego: from .onus.yaml (paths relative to it), and a waiver there silences the Rego finding', async () => {
    const rego = 'rego:\n  - path: policy/bundle.tar.gz\n    entrypoints:\n      - name: rules/deny\n        responsibility: costs\n';
    const only = 'only: [rego:rules/deny]\nfailOn: low\n';
    const open = project(`${only}${rego}`);
    const failing = await run(['scan', '--format', 'json', '.'], { cwd: join(open) });
    expect(failing.code).toBe(1);
    expect(expandFindings(JSON.parse(failing.stdout), { passes: false })).toEqual([expect.objectContaining({ policyId: 'MY-RULE', status: 'fail', rego: { file: 'policy/bundle.tar.gz', entrypoint: 'rules/deny' } })]);
    expect(JSON.parse(failing.stdout).policies['MY-RULE']).toMatchObject({ responsibility: 'costs' });

    const waived = project(`${only}${rego}waivers:\n  - policy: MY-RULE\n    resource: aws_instance.*\n    reason: owners are set by the account baseline\n`);
    const r = await run(['scan', '--format', 'json', '.'], { cwd: waived });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(expandFindings(report, { passes: false })).toEqual([expect.objectContaining({ policyId: 'MY-RULE', status: 'waived', waiver: expect.objectContaining({ source: '.onus.yaml:9' }) })]);
    expect(report.summary).toMatchObject({ fail: 0, waived: 1 });
  });
});

describe('rego: in .onus.yaml, checked like every field', () => {
  it('a bad entrypoint field is one line with the file and line (exit 2)', async () => {
    const dir = tempDir({ 'plan.json': instancePlan({}), '.onus.yaml': 'rego:\n  - path: policy.wasm\n    entrypoints:\n      - name: rules/deny\n        severity: urgent\n' });
    const r = await run(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('onus: .onus.yaml:5 (at /rego/0/entrypoints/0/severity): rego[0].entrypoints[0].severity must be one of critical, high, medium, low, info (got "urgent"); fix: use one of critical, high, medium, low, info\n');
  });

  it('an unknown field and a missing path are named with their lines', async () => {
    const dir = tempDir({ '.onus.yaml': 'rego:\n  - entrypoints: [rules/deny]\n    wasm: x\n' });
    const r = await run(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(/^onus: \.onus\.yaml:2 \(at \/rego\/0\): rego\[0\] is missing the required field "path"/));
    expect(lines).toContainEqual(expect.stringMatching(/^onus: \.onus\.yaml:3 \(at \/rego\/0\/wasm\): unknown field "wasm" in rego\[0\]/));
  });

  it.skipIf(!HAVE_FIXTURES)('a data file is relative to the config too', async () => {
    const dir = project('');
    writeFileSync(join(dir, 'sub.onus.yaml'), 'rego:\n  - path: policy/bundle.tar.gz\n    data: policy/missing.json\n');
    const r = await run(['scan', '--config', 'sub.onus.yaml', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: policy\/missing\.json: does not exist; fix: /);
    writeFileSync(join(dir, 'policy', 'data.yaml'), 'owners: [team-a]\n');
    writeFileSync(join(dir, 'sub.onus.yaml'), 'only: [rego:rules/deny]\nrego:\n  - path: policy/bundle.tar.gz\n    data: policy/data.yaml\n');
    const ok = await run(['scan', '--config', 'sub.onus.yaml', '--format', 'json', '.'], { cwd: dir });
    expect(ok.stderr).toBe('');
    expect(expandFindings(JSON.parse(ok.stdout), { passes: false })).toEqual([expect.objectContaining({ policyId: 'MY-RULE', status: 'fail' })]);
  });

  it('a source that does not load stops the scan: one line naming it, relative to the config (exit 2)', async () => {
    const dir = tempDir({ 'plan.json': instancePlan({}), 'sub/.onus.yaml': 'rego:\n  - path: policy/missing.wasm\n' });
    const r = await run(['scan', '--format', 'json', 'sub'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^onus: sub\/policy\/missing\.wasm: does not exist; fix: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

/** The smallest valid wasm module that imports WASI's `fd_write`: a wasm, but not an OPA policy. */
const WASI_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
  0x02, 0x23, 0x01, 0x16, ...Buffer.from('wasi_snapshot_preview1'), 0x08, ...Buffer.from('fd_write'), 0x00, 0x00,
]);

/**
 * Scan with one hostile Rego file, with the temporary folder pointed at a
 * fresh one: exit 2, one line on stderr, nothing on stdout, and neither the
 * scanned folder nor the temporary folder has anything new afterwards.
 */
async function hostile(name: string, content: Uint8Array): Promise<string> {
  const dir = tempDir({ 'plan.json': instancePlan({}), [name]: content });
  const before = readdirSync(dir, { recursive: true }).sort();
  const tmp = mkdtempSync(join(tmpdir(), 'onus-rego-tmp-'));
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = tmp;
  try {
    const r = await run(['scan', '--no-config', '--rego', name, '--format', 'json', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(tmp), 'nothing written to the temporary folder').toEqual([]);
    expect(readdirSync(dir, { recursive: true }).sort(), 'nothing written beside the inputs').toEqual(before);
    expect(existsSync(join(dir, '..', 'evil-onus.json'))).toBe(false);
    return r.stderr;
  } finally {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe('onus scan --rego refuses hostile files in one line each (exit 2), writing nothing', () => {
  it('a bundle member whose path climbs out with ..', async () => {
    const bundle = await tarGz({ '/.manifest': '{}', '../evil-onus.json': '{"owned":true}' });
    expect(await hostile('bundle.tar.gz', bundle)).toMatch(/^onus: bundle\.tar\.gz: .*"\.\.\/evil-onus\.json" has `\.\.` in its path \(path traversal\); fix: /);
  });

  it('a bundle member that declares 1 GB', async () => {
    expect(await hostile('bundle.tar.gz', tarGzDeclaring('policy.wasm', 1024 ** 3))).toMatch(/^onus: bundle\.tar\.gz: .*"policy\.wasm" declares 1\.0 GiB, more than the 64 MiB onus reads per member; fix: /);
  });

  it('a wasm module that is not an OPA policy', async () => {
    expect(await hostile('policy.wasm', WASI_MODULE)).toMatch(/^onus: policy\.wasm: is a WebAssembly module but not an OPA policy: it imports wasi_snapshot_preview1\.fd_write; fix: /);
  });

  it.skipIf(!HAVE_FIXTURES)('a bundle whose entrypoint its module does not have', async () => {
    const bundle = await wasmBundle(fixtureBytes('snyk-iac-owner-tag', 'policy.wasm'), ['rules/nope']);
    expect(await hostile('bundle.tar.gz', bundle)).toMatch(/^onus: bundle\.tar\.gz: has no entrypoint "rules\/nope"; it has: rules\/deny; fix: /);
  });
});

describe.skipIf(!HAVE_FIXTURES)('onus policies list with Rego', () => {
  it('marks Rego entrypoints (kind rego) with their source file, from --rego and from the config', async () => {
    const dir = project('rego:\n  - path: policy/bundle.tar.gz\n    entrypoints:\n      - { name: rules/deny, id: ACME-EC2-01, title: Instances name their owner, severity: high }\n');
    const json = await run(['policies', 'list', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout);
    expect(rows.filter((r: { kind?: string }) => r.kind === 'rego')).toEqual([
      { id: 'ACME-EC2-01', area: 'security', severity: 'high', title: 'Instances name their owner', optional: false, kinds: [], kind: 'rego', file: 'policy/bundle.tar.gz', entrypoint: 'rules/deny', per: 'input' },
    ]);
    expect(rows.filter((r: { kind?: string }) => r.kind !== 'rego').length).toBeGreaterThan(60);
    const text = await run(['policies', 'list', '--no-config', '--rego', SNYK_BUNDLE], { cwd: REPO });
    expect(text.stdout).toContain(`rego: ${SNYK_BUNDLE}, entrypoint rules/deny (per input)`);
    expect(text.stdout).toMatch(/policies from @onus\/rules [\d.]+ and 1 Rego entrypoint;/);
  });

  it('policies show knows a Rego entrypoint by its id, from the config or --rego', async () => {
    const dir = project('rego:\n  - path: policy/bundle.tar.gz\n    entrypoints:\n      - { name: rules/deny, id: ACME-EC2-01, title: Instances name their owner, severity: high, remediation: Add an Owner tag. }\n');
    const shown = await run(['policies', 'show', 'acme-ec2-01'], { cwd: dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('ACME-EC2-01: Instances name their owner\nseverity: high   area: security   kind: rego\nfile: policy/bundle.tar.gz   entrypoint: rules/deny\n');
    expect(shown.stdout).toContain('How to fix:\n  Add an Owner tag.');
    const json = await run(['policies', 'show', 'rego:rules/deny', '--no-config', '--rego', SNYK_BUNDLE, '--format', 'json'], { cwd: REPO });
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'rego:rules/deny', kind: 'rego', entrypoint: 'rules/deny', per: 'input' });
    const missing = await run(['policies', 'show', 'ACME-EC2-02'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('onus: policies show: no policy ACME-EC2-02 in @onus/rules or your Rego; fix: run `onus policies list` for the ids\n');
  });
});
