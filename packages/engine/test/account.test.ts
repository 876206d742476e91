/**
 * The account of every file a scan sees: read, rendered, skipped (why, and
 * the fix) or failed, in the report (JSON, checked against the published
 * schema), in the text summary and in SARIF notifications.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SKIP_REASONS, type ReportFile } from '@onus/core';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan, toJson, toText } from '@onus/engine';
import { accountLines } from '../src/formats/account.js';
import { REPORT_SCHEMA_PATH, sarifOf, validateReportJson } from './formats/validators.js';
import { CHART, lbPlan, service, tempDir } from './support.js';

const { plan } = await planScan({ pack: loadDefaultPack(), sources: [], today: '2026-06-01' });

/** A repository of every kind: Terraform source, a chart, a kustomization, a `.github/` manifest, a template-bearing ConfigMap, a broken plan, another tool's file. */
const REPO = {
  'infra/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
  'infra/variables.tf': 'variable "env" {}\n',
  ...CHART,
  'k8s/kustomization.yaml': 'resources: [svc.yaml]\n',
  'k8s/svc.yaml': service('k'),
  'manifests/alerts.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  rule: "{{ $labels.instance }} is down"\n---\n${service('edge')}`,
  'manifests/web.yaml': service('web'),
  '.github/release-cluster/svc.yaml': service('release'),
  'plans/plan.json': lbPlan({ a: true }),
  'plans/broken.json': '{"format_version": "1.2", "resource_changes": [',
  'package.json': '{"name": "x"}',
};

describe('the account of a repository of every kind', async () => {
  const dir = tempDir(REPO);
  const { report } = await scan(['.'], plan, { cwd: dir });

  it('names every file once, each read, rendered, skipped or failed', () => {
    const files = report.files!.map((f) => f.file).sort();
    expect(files).toEqual(Object.keys(REPO).sort());
    for (const f of report.files!) expect(['read', 'rendered', 'skipped', 'failed']).toContain(f.status);
    const status = (file: string) => report.files!.find((f) => f.file === file);
    expect(status('infra/main.tf')).toEqual({ file: 'infra/main.tf', status: 'read', format: 'terraform-source', resources: 1 });
    expect(status('infra/variables.tf')).toEqual({ file: 'infra/variables.tf', status: 'read', format: 'terraform-source', resources: 0 });
    expect(status('charts/web/templates/svc.yaml')).toMatchObject({ status: 'skipped', reason: 'helm-chart', from: 'charts/web' });
    // A kustomization not built: the manifests beside it are read as they are; the kustomization file is named with the command.
    expect(status('k8s/svc.yaml')).toMatchObject({ status: 'read', format: 'kubernetes', resources: 1 });
    expect(status('k8s/kustomization.yaml')).toMatchObject({ status: 'skipped', reason: 'kustomization', from: 'k8s' });
    expect(status('manifests/web.yaml')).toEqual({ file: 'manifests/web.yaml', status: 'read', format: 'kubernetes', resources: 1 });
    expect(status('.github/release-cluster/svc.yaml')).toEqual({ file: '.github/release-cluster/svc.yaml', status: 'read', format: 'kubernetes', resources: 1 });
    expect(status('manifests/alerts.yaml')).toEqual({ file: 'manifests/alerts.yaml', status: 'read', format: 'kubernetes', resources: 2 });
    expect(status('plans/broken.json')).toMatchObject({ status: 'failed' });
    expect(status('package.json')).toMatchObject({ status: 'skipped', reason: 'other-tool' });
  });

  it('JSON has the full list, in the published schema', () => {
    const json = JSON.parse(toJson(report));
    validateReportJson(json);
    expect(json.files).toEqual(report.files);
  });

  it('the text summary ends with one line per group not read, with counts and the fix', () => {
    const text = toText(report, { color: false });
    const tail = text.trimEnd().split('\n');
    expect(tail[tail.length - 1]).toMatch(/^onus: /);
    expect(text).toContain('Not checked:\n  1 file could not be read (plans/broken.json): see the input errors\n');
    expect(text).toContain('  4 files of a Helm chart in charts/web (not rendered: rendering is off): `helm template charts/web | onus scan -`, or set `render: true` in .onus.yaml\n');
    expect(text).toContain('  1 file of a kustomization in k8s (not built: rendering is off; the manifests beside it were read as they are): `kustomize build k8s | onus scan -`');
    expect(text).not.toContain('Terraform files');
    expect(text).toContain('  1 file of other tools, not inputs (package.json)');
  });

  it('SARIF has each file not checked as a tool execution notification at its location', () => {
    const log = sarifOf(report);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications as { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; descriptor: { id: string } }[];
    const uriOf = (n: (typeof notes)[number]) => n.locations[0]!.physicalLocation.artifactLocation.uri;
    const notChecked = notes.filter((n) => n.descriptor.id === 'onus/file-not-checked');
    const skipped = report.files!.filter((f) => f.status === 'skipped');
    expect(notChecked.map(uriOf).sort()).toEqual(skipped.map((f) => f.file).sort());
    expect(notChecked.find((n) => uriOf(n) === 'charts/web/Chart.yaml')).toMatchObject({ level: 'warning' });
    expect(notChecked.find((n) => uriOf(n) === 'package.json')).toMatchObject({ level: 'note' });
    expect(notes.filter((n) => n.descriptor.id === 'onus/input-error').map(uriOf)).toEqual(['plans/broken.json']);
  });
});

describe('accountLines', () => {
  const skipped = (file: string, from: string): ReportFile => ({ file, status: 'skipped', reason: 'helm-chart', from, detail: 'not rendered: rendering is off', fix: `\`helm template ${from} | onus scan -\`` });

  it('says nothing when every file was read', () => {
    expect(accountLines({ files: [{ file: 'a.yaml', status: 'read', format: 'kubernetes', resources: 2 }] })).toEqual([]);
    expect(accountLines({})).toEqual([]);
  });

  it('one line per chart, infrastructure first, then files that are not inputs, then what was rendered', () => {
    const lines = accountLines({
      files: [
        { file: 'package.json', status: 'skipped', reason: 'other-tool', detail: 'configuration of another tool' },
        skipped('charts/a/Chart.yaml', 'charts/a'),
        skipped('charts/b/Chart.yaml', 'charts/b'),
        skipped('charts/a/values.yaml', 'charts/a'),
        { file: 'k/kustomization.yaml', status: 'rendered', format: 'kubernetes', resources: 3, from: 'k (kustomize build k)' },
      ],
    });
    expect(lines).toEqual([
      'Not checked:',
      '  2 files of a Helm chart in charts/a (not rendered: rendering is off): `helm template charts/a | onus scan -`',
      '  1 file of a Helm chart in charts/b (not rendered: rendering is off): `helm template charts/b | onus scan -`',
      '  1 file of other tools, not inputs (package.json)',
      'Rendered:',
      '  1 file from k (kustomize build k): 3 resources',
    ]);
  });

  it('says kustomizations not built in one line, whose manifests were read', () => {
    const notBuilt = (dir: string): ReportFile => ({
      file: `${dir}/kustomization.yaml`,
      status: 'skipped',
      reason: 'kustomization',
      from: dir,
      detail: 'not built: rendering is off; the manifests beside it were read as they are',
      fix: `\`kustomize build ${dir} | onus scan -\`, or set \`render: true\` in .onus.yaml`,
    });
    expect(accountLines({ files: ['base', 'overlays/dev', 'overlays/prod', 'components/x'].map(notBuilt) })).toEqual([
      'Not checked:',
      '  4 kustomization files not built, the manifests beside them read as they are (in base, overlays/dev, overlays/prod, ...): `kustomize build DIR | onus scan -`, or set `render: true` in .onus.yaml',
    ]);
    expect(accountLines({ files: [notBuilt('k8s')] })).toEqual([
      'Not checked:',
      '  1 file of a kustomization in k8s (not built: rendering is off; the manifests beside it were read as they are): `kustomize build k8s | onus scan -`, or set `render: true` in .onus.yaml',
    ]);
  });

  it('shows at most 20 groups and says where the rest are', () => {
    const files = Array.from({ length: 25 }, (_, i) => skipped(`c${i}/Chart.yaml`, `c${i}`));
    const lines = accountLines({ files });
    expect(lines).toHaveLength(22);
    expect(lines[21]).toBe('  and 5 more (the JSON report lists every file)');
  });
});

describe('the account of a Terraform module with a local module and examples', async () => {
  const MODULE = {
    'main.tf': 'module "net" {\n  source = "./modules/net"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
    'variables.tf': 'variable "env" {\n  default = "dev"\n}\n',
    'terraform.tfvars': 'env = "prod"\n',
    'prod.auto.tfvars': 'env = "prod"\n',
    'modules/net/main.tf': 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    'modules/net/outputs.tf': 'output "id" {\n  value = aws_vpc.v.id\n}\n',
    'examples/basic/main.tf': 'module "m" {\n  source = "../.."\n}\n',
    'examples/basic/versions.tf': 'terraform {}\n',
  };
  const dir = tempDir(MODULE);
  const { report } = await scan(['.'], plan, { cwd: dir });
  const status = (file: string) => report.files!.find((f) => f.file === file);

  it('names every file: those of the local module it calls and its tfvars as read (with or without resources), the examples as skipped', () => {
    expect(report.files!.map((f) => f.file).sort()).toEqual(Object.keys(MODULE).sort());
    expect(status('modules/net/main.tf')).toEqual({ file: 'modules/net/main.tf', status: 'read', format: 'terraform-source', resources: 1 });
    expect(status('modules/net/outputs.tf')).toEqual({ file: 'modules/net/outputs.tf', status: 'read', format: 'terraform-source', resources: 0 });
    // The tfvars that set its variables are read too.
    expect(status('terraform.tfvars')).toEqual({ file: 'terraform.tfvars', status: 'read', format: 'terraform-source', resources: 0 });
    expect(status('prod.auto.tfvars')).toMatchObject({ status: 'read' });
    expect(status('examples/basic/main.tf')).toMatchObject({ status: 'skipped', reason: 'module-example', from: 'examples/basic', fix: 'name its folder to check it: `onus scan examples/basic`' });
    validateReportJson(JSON.parse(toJson(report)));
  });

  it('says the examples in one line, with the fix', () => {
    expect(accountLines(report)).toEqual(['Not checked:', '  2 files of 1 module example (examples/basic), read only when named: name its folder to check it: `onus scan examples/basic`']);
  });

  it('reads an example named on the command line', async () => {
    const named = await scan(['examples/basic'], plan, { cwd: dir });
    expect(named.report.files!.find((f) => f.file === 'examples/basic/main.tf')).toMatchObject({ status: 'read', format: 'terraform-source' });
  });
});

it('the published schema names exactly the skip reasons of the core', () => {
  const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8'));
  expect(schema.properties.files.items.properties.reason.enum).toEqual([...SKIP_REASONS]);
});
