import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbPlan, ONLY_LB, REPO, run, service, tempDir } from './helpers.js';
import { checkSarif } from '../../engine/test/formats/validators.js';
import { expandFindings } from '@onus/engine';

const ALL_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'github', 'html'] as const;

describe('onus scan: exit codes', () => {
  it('0 when nothing fails at or above --fail-on', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ inner: true }) });
    const r = await run(['scan', ...ONLY_LB, 'plan.json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 passed');
  });

  it('1 on a failure at or above the threshold, with the finding in the text report', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    const r = await run(['scan', ...ONLY_LB, 'plan.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+high\s+DSR-NET-04 plan\.json: aws_lb\.pub/);
    expect(r.stdout).toContain('internet-facing');
  });

  it('--fail-on critical lets a high failure pass; --fail-on none never fails', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    expect((await run(['scan', ...ONLY_LB, '--fail-on', 'critical', 'plan.json'], { cwd: dir })).code).toBe(0);
    expect((await run(['scan', ...ONLY_LB, '--fail-on', 'none', 'plan.json'], { cwd: dir })).code).toBe(0);
    expect((await run(['scan', ...ONLY_LB, '--fail-on', 'medium', 'plan.json'], { cwd: dir })).code).toBe(1);
  });

  it('unknowns count only with --fail-on-unknown', async () => {
    // A policy of our own, so the verdict on an unknown `internal` does not depend on the pack's choices.
    const policy = `id: ACME-LB-01
title: Load balancers are internal
responsibility: network
severity: high
remediation: Set internal = true.
checks:
  - kind: tf:aws_lb
    assert: { fact: values, path: $.internal, operator: equal, value: true }
`;
    const dir = tempDir({ 'plan.json': lbPlan({ later: undefined }), 'policies/ACME-LB-01.yaml': policy });
    const argv = ['scan', '--policies', 'policies', '--only', 'ACME-LB-01', 'plan.json'];
    const plain = await run(argv, { cwd: dir });
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/UNKNOWN\s+high\s+ACME-LB-01 plan\.json: aws_lb\.later/);
    expect((await run([...argv, '--fail-on-unknown'], { cwd: dir })).code).toBe(1);
    writeFileSync(join(dir, '.onus.yaml'), 'failOnUnknown: true\n');
    expect((await run(argv, { cwd: dir })).code).toBe(1);
  });

  it('2 on a usage error, with one line naming the option', async () => {
    for (const argv of [
      ['scan', '--format', 'pdf'],
      ['scan', '--fail-on', 'severe'],
      ['scan', '--output', 'sarif'],
      ['scan', '--output', 'yaml=x.yaml'],
      ['scan', '--bogus'],
      ['scan', '--only', 'DSR-NOPE-99'],
      ['frobnicate'],
      [],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/onus/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const r = await run(['scan', '--format', 'pdf']);
    expect(r.stderr).toBe('onus: --format pdf: unknown format; use one of text, json, sarif, junit, markdown, github, html (see onus scan --help)\n');
  });

  it('--rego naming a file that does not exist: one line naming it (exit 2)', async () => {
    const r = await run(['scan', '--rego', 'no-such-policy.wasm', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: no-such-policy\.wasm: does not exist; fix: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('2 when an input cannot be read, and the readable inputs are still reported in every output', async () => {
    const dir = tempDir({
      'good.json': lbPlan({ pub: false }),
      'truncated.json': lbPlan({ other: true }).slice(0, 120),
      'tfplan.json': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
    });
    const r = await run(['scan', ...ONLY_LB, '--output', 'json=out/report.json', '--output', 'sarif=out/report.sarif', 'good.json', 'truncated.json', 'tfplan.json', 'missing.json'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^onus: missing\.json: no such file or folder; fix: check the path/);
    expect(lines.find((l) => l.includes('truncated.json'))).toMatch(/^onus: truncated\.json:1: .*; fix: /);
    expect(lines.find((l) => l.includes('tfplan.json'))).toMatch(/binary plan.*terraform show -json/);
    expect(r.stdout).toMatch(/DSR-NET-04 \S+: aws_lb\.pub/);
    const json = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8'));
    expect(expandFindings(json).some((f) => f.resource.address === 'aws_lb.pub' && f.status === 'fail')).toBe(true);
    expect(json.errors.map((e: { file: string }) => e.file).sort()).toEqual(['missing.json', 'tfplan.json', 'truncated.json']);
    const sarif = checkSarif(readFileSync(join(dir, 'out/report.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it('an explicitly named file that is not an input is an error; --ignore-unknown skips it', async () => {
    const dir = tempDir({ 'package.json': '{"name":"x"}', 'notes.yaml': 'hello: world\n', 'plan.json': lbPlan({ a: true }) });
    const strict = await run(['scan', ...ONLY_LB, 'notes.yaml', 'plan.json'], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/^onus: notes\.yaml: YAML input is not a Kubernetes manifest/);
    const lenient = await run(['scan', ...ONLY_LB, '--ignore-unknown', 'package.json', 'notes.yaml', 'plan.json'], { cwd: dir });
    expect(lenient.stderr).toBe('');
    expect(lenient.code).toBe(0);
  });
});

describe('onus scan: outputs', () => {
  it.each(ALL_FORMATS)('--output %s=FILE writes that format', async (format) => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false, inner: true }) });
    const r = await run(['scan', ...ONLY_LB, '--quiet', '--output', `${format}=report.out`, 'plan.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const text = readFileSync(join(dir, 'report.out'), 'utf8');
    expect(text).toContain('aws_lb.pub');
    const check: Record<(typeof ALL_FORMATS)[number], () => void> = {
      text: () => expect(text).toContain('DSR-NET-04'),
      json: () => {
        const report = JSON.parse(text);
        expect(report).toMatchObject({ schemaVersion: 3, summary: { fail: 1, pass: 1 }, passes: { 'DSR-NET-04': [expect.any(Number)] } });
        expect(report.resources.items[report.passes['DSR-NET-04'][0]].address).toBe('aws_lb.inner');
      },
      sarif: () => expect(checkSarif(text)).toMatchObject({ version: '2.1.0' }),
      junit: () => expect(text).toMatch(/^<\?xml[^>]*>\s*<testsuites/),
      markdown: () => expect(text).toMatch(/\|/),
      github: () => expect(text).toMatch(/^::error /m),
      html: () => expect(text).toMatch(/^<!doctype html>/i),
    };
    check[format]();
    expect(text).not.toContain('\u001b['); // files never get colour
  });

  it('several outputs in one run, and text still on stdout', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    const r = await run(['scan', ...ONLY_LB, '-o', 'json=r/a.json', '-o', 'junit=r/a.xml', '-o', 'html=r/a.html', '--format', 'text', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('DSR-NET-04');
    for (const f of ['r/a.json', 'r/a.xml', 'r/a.html']) expect(existsSync(join(dir, f)), f).toBe(true);
  });

  it('--format json on stdout is the report', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    const r = await run(['scan', ...ONLY_LB, '--format', 'json', 'plan.json'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    expect(report.inputs).toEqual([{ file: 'plan.json', format: 'terraform-plan', resources: 1 }]);
    expect(report.tool.name).toBe('onus');
    expect(report.pack.name).toBe('@onus/rules');
  });

  it('--include-passes writes each pass as a full finding, on stdout and in --output files', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false, inner: true }) });
    const r = await run(['scan', ...ONLY_LB, '--format', 'json', '--include-passes', '--output', 'json=full.json', 'plan.json'], { cwd: dir });
    for (const text of [r.stdout, readFileSync(join(dir, 'full.json'), 'utf8')]) {
      const report = JSON.parse(text);
      expect(report).not.toHaveProperty('passes');
      expect(Object.keys(report.findings)).toEqual(['DSR-NET-04']);
      expect(expandFindings(report).map((f) => `${f.status} ${f.resource.address}`)).toEqual(['fail aws_lb.pub', 'pass aws_lb.inner']);
      expect(report.policies['DSR-NET-04'].severity).toBe('high');
    }
  });

  it('refuses two outputs to one file, and reports an unwritable output (exit 2)', async () => {
    expect((await run(['scan', '-o', 'json=a', '-o', 'sarif=a'])).code).toBe(2);
    const dir = tempDir({ 'plan.json': lbPlan({ a: true }) });
    mkdirSync(join(dir, 'taken'));
    const r = await run(['scan', ...ONLY_LB, '-o', 'json=taken', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: taken: cannot write the json report/);
  });

  it('colour only on a TTY; NO_COLOR turns it off, FORCE_COLOR on, --no-color wins', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    const argv = ['scan', ...ONLY_LB, 'plan.json'];
    const has = (r: { stdout: string }) => r.stdout.includes('\u001b[');
    expect(has(await run(argv, { cwd: dir }))).toBe(false);
    expect(has(await run(argv, { cwd: dir, tty: true, env: { CI: '1' } }))).toBe(true);
    expect(has(await run(argv, { cwd: dir, tty: true, env: { NO_COLOR: '1' } }))).toBe(false);
    expect(has(await run(argv, { cwd: dir, env: { FORCE_COLOR: '1' } }))).toBe(true);
    expect(has(await run(argv, { cwd: dir, env: { FORCE_COLOR: '0' }, tty: true }))).toBe(false);
    expect(has(await run([...argv, '--no-color'], { cwd: dir, tty: true, env: { CI: '1' } }))).toBe(false);
    expect(has(await run([...argv, '--color'], { cwd: dir }))).toBe(true);
  });
});

describe('onus scan: inputs', () => {
  it('reads standard input for "-"', async () => {
    const r = await run(['scan', ...ONLY_LB, '-'], { stdin: lbPlan({ piped: false }), cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('DSR-NET-04 -: aws_lb.piped');
  });

  it('reads Kubernetes YAML from standard input too', async () => {
    const r = await run(['scan', '--format', 'json', '-'], { stdin: service('web'), cwd: tempDir() });
    expect(r.code).not.toBe(2);
    expect(JSON.parse(r.stdout).inputs).toEqual([{ file: '-', format: 'kubernetes', resources: 1 }]);
  });

  it('searches folders and dot folders, skipping other tools\' files, node_modules and .terraform', async () => {
    const dir = tempDir({
      'infra/plan.json': lbPlan({ a: true }),
      'infra/k8s/svc.yaml': service('web'),
      'infra/k8s/notes.md': '# not scanned',
      'infra/package.json': '{"name":"x","version":"1.0.0"}',
      'infra/tsconfig.json': '{ "compilerOptions": {} }',
      'infra/.onus.yaml': 'failOn: high\n',
      'infra/workflow.yml': 'on: push\njobs: {}\n',
      'infra/chart/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n',
      'infra/devcontainer.json': '{\n  // JSON with comments\n  "image": "node:20",\n}\n',
      'infra/node_modules/dep/plan.json': lbPlan({ hidden: false }),
      'infra/.terraform/modules/plan.json': lbPlan({ hidden2: false }),
      'infra/.github/x.json': lbPlan({ hidden3: false }),
    });
    const r = await run(['scan', '--format', 'json', '--verbose', 'infra'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    expect(report.inputs.map((i: { file: string }) => i.file)).toEqual(['infra/.github/x.json', 'infra/k8s/svc.yaml', 'infra/plan.json']);
    expect(report.errors).toEqual([]);
    expect(r.stderr).toMatch(/skipped 5 files: infra\/chart\/templates\/svc\.yaml \(.*Helm template.*\), infra\/devcontainer\.json \(.*\), infra\/package\.json \(configuration of another tool\), infra\/tsconfig\.json \(configuration of another tool\), infra\/workflow\.yml \(well-formed JSON or YAML of another tool\)/);
    const reasons = Object.fromEntries(report.files.filter((f: { status: string }) => f.status === 'skipped').map((f: { file: string; reason: string }) => [f.file, f.reason]));
    expect(reasons).toEqual({
      'infra/package.json': 'other-tool',
      'infra/tsconfig.json': 'other-tool',
      'infra/chart/templates/svc.yaml': 'template',
      'infra/devcontainer.json': 'not-an-input',
      'infra/workflow.yml': 'other-tool',
    });
  });

  it('a malformed file found in a folder is still reported (it may be a truncated plan)', async () => {
    const dir = tempDir({ 'infra/plan.json': '{"format_version": "1.2", "resource_changes": [' });
    const r = await run(['scan', 'infra'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: infra\/plan\.json:1/);
  });

  it('a folder with no input is an error', async () => {
    const dir = tempDir({ 'empty/readme.md': 'x' });
    const r = await run(['scan', 'empty'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: empty: no Terraform source or plan JSON, Kubernetes manifest or cloud export found in this folder/);
  });

  it('follows symbolic links without looping', async () => {
    const dir = tempDir({ 'real/plan.json': lbPlan({ a: true }), 'infra/k8s/svc.yaml': service('web') });
    symlinkSync(join(dir, 'infra'), join(dir, 'infra', 'k8s', 'loop'));
    symlinkSync(join(dir, 'real'), join(dir, 'infra', 'linked'));
    const r = await run(['scan', '--format', 'json', 'infra'], { cwd: dir });
    const files = JSON.parse(r.stdout).inputs.map((i: { file: string }) => i.file);
    expect(files).toEqual(['infra/k8s/svc.yaml', 'infra/linked/plan.json']);
  });
});

describe('onus scan: selection', () => {
  it('--only and --skip take ids or areas, comma-separated or repeated', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    const ids = async (argv: string[]) => {
      const r = await run(['scan', '--format', 'json', ...argv, 'plan.json'], { cwd: dir });
      return [...new Set(expandFindings(JSON.parse(r.stdout), { passes: false }).map((f: { policyId: string }) => f.policyId))];
    };
    expect(await ids(['--only', 'network'])).toEqual(expect.arrayContaining(['DSR-NET-04']));
    expect((await ids(['--only', 'network'])).every((id) => String(id).startsWith('DSR-NET-'))).toBe(true);
    expect(await ids(['--only', 'DSR-NET-04,costs', '--skip', 'costs'])).toEqual(['DSR-NET-04']);
    expect(await ids(['--only', 'network', '--skip', 'DSR-NET-04'])).not.toContain('DSR-NET-04');
    expect(await ids(['--only', 'DSR-NET-04', '--only', 'costs'])).toContain('DSR-NET-04');
  });
});

describe('onus scan: internal errors', () => {
  it('an unexpected exception prints one line asking for a report, exit 2', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ a: true }) });
    writeFileSync(join(dir, '.onus.yaml'), 'failOn: high\n');
    const r = await run(['scan', 'plan.json'], {
      cwd: dir,
      env: new Proxy({} as Record<string, string | undefined>, {
        get: (_t, key) => {
          if (key === 'ONUS_TODAY') throw new Error('boom');
          return undefined;
        },
      }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: internal error: boom -- this is a bug in onus [\d.]+; please report it at https:\/\/github\.com\/onus-dev\/onus\/issues/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('onus scan: the JSON report follows its published schema', () => {
  it('with input errors, user policy errors, waivers and expired/stale notes', async () => {
    const { Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(join(REPO, 'packages', 'engine', 'schemas', 'report.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const dir = tempDir({
      'plan.json': lbPlan({ pub: false, edge: false, ok: true }),
      'bad.json': '{"format_version": "1.2", "resource_changes": [',
      'policies/bad.yaml': 'id: X\n',
      '.onus.yaml': `waivers:
  - { policy: DSR-NET-04, resource: aws_lb.pub, reason: accepted, owner: team-net }
  - { policy: DSR-NET-04, resource: aws_lb.edge, reason: was accepted, expires: 2025-01-01 }
  - { policy: DSR-NET-04, resource: aws_lb.gone, reason: nothing left }
`,
    });
    const r = await run(['scan', '--policies', 'policies', '--only', 'DSR-NET-04', '--format', 'json', 'plan.json', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.waivers.expired).toHaveLength(1);
    expect(report.waivers.stale).toHaveLength(1);
    expect(report.summary).toMatchObject({ waived: 1, fail: 1, pass: 1 });
  });
});
