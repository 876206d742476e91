/**
 * examples/rego and the README's "Bring your Rego" section: the worked example
 * scans as its README says (the bundle is a copy kept in the repository, so
 * this needs nothing from outside it), its waiver snippet silences the Rego
 * finding, the bundle is the one its licence notice names, and the README's
 * config block is a valid config.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { REPO, run, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';

const EXAMPLE = join(REPO, 'examples', 'rego');

describe('examples/rego', () => {
  it('`onus scan examples/rego` reports the Rego rule beside the pack, and exits 1', async () => {
    const r = await run(['scan', 'examples/rego', '--format', 'json'], { cwd: REPO });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([]);
    const findings = expandFindings(report, { passes: false });
    const rego = findings.filter((f) => f.rego);
    expect(rego).toEqual([
      expect.objectContaining({
        policyId: 'MY-RULE',
        status: 'fail',
        resource: { address: 'aws_instance.hashicat', kind: 'tf:aws_instance', file: 'examples/rego/plan.json' },
        rego: { file: 'examples/rego/policy/bundle.tar.gz', entrypoint: 'rules/deny' },
      }),
    ]);
    expect(report.policies['MY-RULE']).toMatchObject({ severity: 'low', title: 'Missing an Owner from tag', responsibility: 'security', remediation: expect.stringMatching(/^Add an Owner tag/) });
    expect(findings).toContainEqual(expect.objectContaining({ policyId: 'DSR-COST-04', status: 'fail', resource: expect.objectContaining({ address: 'aws_instance.hashicat' }) }));
    const text = await run(['scan', 'examples/rego'], { cwd: REPO });
    expect(text.stdout).toMatch(/FAIL +low +MY-RULE examples\/rego\/plan\.json: aws_instance\.hashicat/);
  });

  it('the waiver its README shows silences the Rego finding', async () => {
    const dir = tempDir();
    cpSync(EXAMPLE, dir, { recursive: true });
    const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8');
    const waiver = /```yaml\n(waivers:[\s\S]*?)```/.exec(readme)?.[1];
    expect(waiver).toBeDefined();
    appendFileSync(join(dir, '.onus.yaml'), `\n${waiver}`);
    const r = await run(['scan', '--only', 'rego:rules/deny', '--format', 'json', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(expandFindings(JSON.parse(r.stdout), { passes: false })).toEqual([expect.objectContaining({ policyId: 'MY-RULE', status: 'waived' })]);
  });

  it('keeps the licence beside the copied bundle, which is the one its notice names', () => {
    expect(readFileSync(join(EXAMPLE, 'policy', 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
    const sha = createHash('sha256').update(readFileSync(join(EXAMPLE, 'policy', 'bundle.tar.gz'))).digest('hex');
    expect(readFileSync(join(EXAMPLE, 'README.md'), 'utf8')).toContain(sha);
    expect(existsSync(join(EXAMPLE, 'policy', 'rules', 'MY-RULE', 'main.rego'))).toBe(true);
  });
});

describe('README: Bring your Rego', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Bring your Rego'), readme.indexOf('<!-- library:start -->'));

  it('gives the opa build command line and the flag', () => {
    expect(section).toMatch(/opa build -t wasm -e \S+/);
    expect(section).toMatch(/onus scan --rego \S+/);
  });

  it('its .onus.yaml block is a valid config', () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    const { config, problems } = parseConfig(block!, '.onus.yaml', REPO);
    expect(problems).toEqual([]);
    expect(config?.config.rego?.[0]?.entrypoints?.[0]).toMatchObject({ name: 'rules/deny', id: 'ACME-EC2-01', per: 'input' });
  });
});
