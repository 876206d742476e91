import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as onus from '../src/index.js';

const repo = join(import.meta.dirname, '..', '..', '..');

describe('the public API', () => {
  it('exposes exactly the documented names (an addition must be deliberate: update this list and the README)', () => {
    expect(Object.keys(onus).sort()).toEqual(
      [
        'detectFormat', 'evaluate', 'failing', 'fromAwsCli', 'fromAwsConfig', 'fromCloudAssets', 'fromKubernetes', 'fromTerraformPlan', 'fromTerraformSource',
        'loadPack', 'loadPolicies', 'scan', 'toHtml', 'toJson', 'toJunit', 'toMarkdown', 'toSarif', 'toText',
      ].sort(),
    );
  });

  it('scans a plan held in memory and a manifest, with an extra policy and a parameter override', async () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_eks_node_group.w', mode: 'managed', type: 'aws_eks_node_group', name: 'w', change: { actions: ['create'], before: null, after: { scaling_config: [{ max_size: 30 }] }, after_unknown: {} } },
      ],
    };
    const own = { id: 'ACME-COST-01', title: 'Small groups', responsibility: 'costs' as const, severity: 'low' as const, remediation: 'x', checks: [{ kind: 'tf:aws_eks_node_group', assert: { fact: 'values', path: '$.scaling_config[0].max_size', operator: 'lessThan', value: 10 } }] };
    const findings = async (params: Record<string, unknown>) =>
      (await onus.scan([{ format: 'terraform-plan', data: plan }], { policies: [own], params })).findings.filter((f) => f.resource.address === 'aws_eks_node_group.w');
    const strict = await findings({ maxNodes: 20 });
    expect(strict.find((f) => f.policyId === 'DSR-COST-05')?.status).toBe('fail');
    expect(strict.find((f) => f.policyId === 'ACME-COST-01')?.status).toBe('fail');
    expect((await findings({ maxNodes: 40 })).find((f) => f.policyId === 'DSR-COST-05')?.status).toBe('pass');
  });

  describe('an input already parsed ({ format, data })', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { type: 'LoadBalancer' } };
    const plan = { format_version: '1.2', resource_changes: [] };

    it('is adapted with its declared format', async () => {
      const report = await onus.scan([{ format: 'kubernetes', data: service, file: 'svc' }], { only: ['network'] });
      expect(report.errors).toEqual([]);
      expect(report.inputs).toEqual([{ file: 'svc', format: 'kubernetes', resources: 1 }]);
      expect(report.findings.some((f) => f.resource.address === 'k8s:shop/Service/web')).toBe(true);
    });

    it('is never turned back into text', async () => {
      let serialised = 0;
      const data = structuredClone(service);
      // JSON.stringify calls toJSON; a non-enumerable one is no part of the manifest.
      Object.defineProperty(data, 'toJSON', { enumerable: false, value: () => (serialised++, {}) });
      const report = await onus.scan([{ format: 'kubernetes', data }], { only: ['network'] });
      expect(report.inputs).toEqual([{ file: '<kubernetes 1>', format: 'kubernetes', resources: 1 }]);
      expect(serialised).toBe(0);
    });

    it('of another format than declared is an error naming the format it is, not read as that format', async () => {
      const report = await onus.scan([{ format: 'kubernetes', data: plan, file: 'plan' }]);
      expect(report.inputs).toEqual([]);
      expect(report.errors).toEqual([
        expect.objectContaining({ file: 'plan', message: expect.stringMatching(/^the input is declared kubernetes, but its content is terraform-plan/), hint: expect.stringContaining("declare format 'terraform-plan'") }),
      ]);
    });
  });

  it('scans a folder of Terraform source, with a var file, and names the file and line of each finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onus-api-tf-'));
    try {
      writeFileSync(join(dir, 'main.tf'), 'variable "internal" {\n  type = bool\n}\n\nresource "aws_lb" "edge" {\n  name     = "edge"\n  internal = var.internal\n}\n');
      writeFileSync(join(dir, 'public.tfvars'), 'internal = false\n');
      const report = await onus.scan(['.'], { cwd: dir, only: ['DSR-NET-04'], terraform: { varFiles: ['public.tfvars'] } });
      expect(report.errors).toEqual([]);
      expect(report.inputs).toEqual([{ file: '.', format: 'terraform-source', resources: 1 }]);
      const finding = report.findings.find((f) => f.policyId === 'DSR-NET-04');
      expect(finding).toMatchObject({ status: 'fail', resource: { address: 'aws_lb.edge', file: 'main.tf', line: 5 }, evidence: { path: '$.internal', value: false, line: 7 } });
      const internal = await onus.scan([dir], { only: ['DSR-NET-04'], terraform: { vars: { internal: true } } });
      expect(internal.findings.find((f) => f.policyId === 'DSR-NET-04')?.status).toBe('pass');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an extra policy whose id clashes with the pack', () => {
    const clash = { ...onus.loadPack().policies[0]! };
    expect(() => onus.loadPack([clash])).toThrow(/already in the pack/);
  });

  it('writes every report format', async () => {
    const report = await onus.scan([{ file: 'svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { type: LoadBalancer }\n' }]);
    expect(JSON.parse(onus.toJson(report)).schemaVersion).toBe(3);
    expect(JSON.parse(onus.toSarif(report)).version).toBe('2.1.0');
    expect(onus.toJunit(report)).toMatch(/^<\?xml/);
    expect(onus.toMarkdown(report)).toMatch(/\|/);
    expect(onus.toHtml(report)).toMatch(/<html/i);
    expect(onus.toText(report, { color: false })).toMatch(/DSR-NET-05/);
  });
});

describe('Rego beside the pack (options.rego)', () => {
  it('runs a compiled bundle on the inputs, and reports one that does not load in report.errors', async () => {
    const options = { cwd: repo, only: ['rego:rules/deny'], rego: [{ path: 'examples/rego/policy/bundle.tar.gz' }] };
    const report = await onus.scan(['examples/rego/plan.json'], options);
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([expect.objectContaining({ policyId: 'MY-RULE', status: 'fail', resource: expect.objectContaining({ address: 'aws_instance.hashicat' }), rego: { file: 'examples/rego/policy/bundle.tar.gz', entrypoint: 'rules/deny' } })]);
    expect(onus.failing(report, { failOn: 'low' })).toHaveLength(1);
    const broken = await onus.scan(['examples/rego/plan.json'], { cwd: repo, rego: [{ path: 'examples/rego/README.md' }] });
    expect(broken.errors).toEqual([expect.objectContaining({ file: 'examples/rego/README.md', message: expect.stringMatching(/neither a WebAssembly module nor/) })]);
    expect(broken.findings.some((f) => f.rego)).toBe(false);
  });
});

describe('examples/api-consumer', () => {
  it.each(['consumer.mjs', 'consumer.cjs'])('%s prints the scorecard', (file) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions', 'source', file], { cwd: join(repo, 'examples', 'api-consumer'), encoding: 'utf8' });
    expect(out).toMatch(/^pack @onus\/rules\+custom \d+\.\d+\.\d+/);
    expect(out).toMatch(/^network: \d+ pass, \d+ fail/m);
    expect(out).toMatch(/FAIL ACME-NET-01 aws_lb\.edge/);
    expect(out).toMatch(/FAIL DSR-NET-04 aws_lb\.edge/);
    expect(out).not.toMatch(/DSR-NET-05/);
  });
});

describe('the README library section', () => {
  it('runs as written', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- library:start -->'), readme.indexOf('<!-- library:end -->'));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    const file = join(repo, 'examples', 'api-consumer', '.readme-snippet.mjs');
    writeFileSync(file, code!);
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions', 'source', file], { cwd: join(repo, 'examples', 'api-consumer'), encoding: 'utf8' });
      expect(out).toMatch(/^network: \d+ pass, [1-9]\d* fail/m);
      expect(out).toMatch(/DSR-NET-04 aws_lb\.edge/);
      expect(out).toMatch(/DSR-NET-05 k8s:default\/Service\/api/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
