/**
 * `onus scan` on Terraform source: module folders found and named, tfvars
 * from the folder, --var-file and the config, file:line of the block and of
 * the failing attribute in every format, a plan paired with its source
 * folder, and bad source reported per input (exit 2, the rest still read).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbPlan, run, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';

/** A small infra repository: a root module calling a local module, tfvars, a vendored module with examples, a .terraform copy. */
const REPOSITORY = {
  'infra/main.tf': [
    'module "edge" {',
    '  source   = "./modules/edge"',
    '  internal = var.internal',
    '}',
    '',
    'resource "aws_security_group" "ssh" {',
    '  name = "ssh"',
    '  ingress {',
    '    from_port   = 22',
    '    to_port     = 22',
    '    protocol    = "tcp"',
    '    cidr_blocks = ["0.0.0.0/0"]',
    '  }',
    '}',
    '',
  ].join('\n'),
  'infra/variables.tf': 'variable "internal" {\n  type    = bool\n  default = true\n}\n',
  'infra/terraform.tfvars': 'internal = false\n',
  'infra/modules/edge/main.tf': [
    'variable "internal" {',
    '  type = bool',
    '}',
    '',
    'resource "aws_lb" "public" {',
    '  name               = "edge"',
    '  load_balancer_type = "application"',
    '  internal           = var.internal',
    '}',
    '',
  ].join('\n'),
  'infra/vendor/net/main.tf': 'resource "aws_lb" "vendored" {\n  name     = "v"\n  internal = true\n}\n',
  'infra/vendor/net/examples/simple/main.tf': 'resource "aws_lb" "example" {\n  name = "x"\n}\n',
  'infra/.terraform/modules/x/main.tf': 'resource "aws_lb" "cached" {\n  name = "c"\n}\n',
};

interface Json {
  inputs: { file: string; format: string; resources: number }[];
  errors: { file: string; line?: number; message: string }[];
  findings: { policyId: string; status: string; resource: { address: string; file?: string; line?: number }; evidence?: { path: string; line?: number } }[];
}

/** The JSON report with its findings expanded (policy ids and resources spelled out). */
const readJson = (text: string): Json => {
  const report = JSON.parse(text);
  return { ...report, findings: expandFindings(report) } as Json;
};

const scanJson = async (args: string[], cwd: string): Promise<{ code: number; report: Json; stderr: string }> => {
  const r = await run(['scan', '--format', 'json', '--include-passes', ...args], { cwd });
  return { code: r.code, report: readJson(r.stdout), stderr: r.stderr };
};

const finding = (report: Json, policy: string, address: string) => report.findings.find((f) => f.policyId === policy && f.resource.address === address);

describe('onus scan: Terraform source folders', () => {
  it('reads each root module once, with its local modules and tfvars; not .terraform, not a vendored module\'s examples', async () => {
    const dir = tempDir(REPOSITORY);
    const { report } = await scanJson(['infra'], dir);
    expect(report.errors).toEqual([]);
    expect(report.inputs).toEqual([
      { file: 'infra', format: 'terraform-source', resources: 2 },
      { file: 'infra/vendor/net', format: 'terraform-source', resources: 1 },
    ]);
    // terraform.tfvars sets internal = false, passed into module.edge.
    expect(finding(report, 'DSR-NET-04', 'module.edge.aws_lb.public')).toMatchObject({
      status: 'fail',
      resource: { file: 'infra/modules/edge/main.tf', line: 5 },
      evidence: { path: '$.internal', line: 8 },
    });
    expect(finding(report, 'DSR-NET-04', 'aws_lb.vendored')?.status).toBe('pass');
    expect(report.findings.some((f) => f.resource.address === 'aws_lb.example' || f.resource.address === 'aws_lb.cached')).toBe(false);
  });

  it('reads the examples of a module when they are named, and a named .tf file as its folder', async () => {
    const dir = tempDir(REPOSITORY);
    const { report } = await scanJson(['infra/vendor/net/examples/simple', 'infra/modules/edge/main.tf'], dir);
    expect(report.inputs.map((i) => i.file)).toEqual(['infra/vendor/net/examples/simple', 'infra/modules/edge']);
    expect(finding(report, 'DSR-NET-04', 'aws_lb.example')?.status).toBe('fail');
  });

  it('names the file and line of the block and of the failing attribute in every format', async () => {
    const dir = tempDir(REPOSITORY);
    const out = async (format: string) => (await run(['scan', '--format', format, '--only', 'DSR-NET-04', 'infra'], { cwd: dir })).stdout;
    expect(await out('text')).toMatch(/DSR-NET-04 infra\/modules\/edge\/main\.tf:8: module\.edge\.aws_lb\.public is internet-facing/);
    const sarif = JSON.parse(await out('sarif')) as { runs: { results: { ruleId: string; kind: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    const failed = sarif.runs[0]!.results.find((r) => r.ruleId === 'DSR-NET-04' && r.kind === 'fail')!;
    expect(failed.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'infra/modules/edge/main.tf' }, region: { startLine: 8 } });
    expect(await out('github')).toMatch(/^::error file=infra\/modules\/edge\/main\.tf,line=8,/m);
    expect(await out('junit')).toMatch(/file="infra\/modules\/edge\/main\.tf" line="5"[\s\S]*\$\.internal = false \(line 8\)/);
    const html = await out('html');
    expect(html).toContain('infra/modules/edge/main.tf:8');
    expect(html).toContain('(line 8)');
    expect(await out('markdown')).toMatch(/infra\/modules\/edge\/main\.tf:8[\s\S]*\(line 8\)/);
  });

  it('takes tfvars from --var-file after the folder\'s own, and from the config (relative to it) before them', async () => {
    const dir = tempDir({ ...REPOSITORY, 'env/private.tfvars': 'internal = true\n', 'env/public.tfvars': 'internal = false\n' });
    const status = async (args: string[]) => finding((await scanJson(['--only', 'DSR-NET-04', ...args, 'infra'], dir)).report, 'DSR-NET-04', 'module.edge.aws_lb.public')?.status;
    expect(await status(['--var-file', 'env/private.tfvars'])).toBe('pass');
    writeFileSync(join(dir, '.onus.yaml'), 'varFiles: [env/private.tfvars]\n');
    expect(await status([])).toBe('pass');
    expect(await status(['--var-file', 'env/public.tfvars'])).toBe('fail');
    writeFileSync(join(dir, '.onus.yaml'), 'vars: { internal: true }\n');
    expect(await status(['--var-file', 'env/public.tfvars'])).toBe('pass');
    // --var comes last, over the config's vars; its value is JSON when it parses.
    expect(await status(['--var', 'internal=false'])).toBe('fail');
    expect(await status(['--var-file', 'env/public.tfvars', '--var', 'internal=true'])).toBe('pass');
  });

  it('warns once of a registry module it cannot follow (two roots call the module that calls it); the scan goes on, exit by its findings', async () => {
    const dir = tempDir({
      'modules/core/main.tf': 'module "kms" {\n  source = "terraform-aws-modules/kms/aws"\n}\nresource "aws_lb" "inner" {\n  internal = true\n}\n',
      'a/main.tf': 'module "core" {\n  source = "../modules/core"\n}\n',
      'b/main.tf': 'module "core" {\n  source = "../modules/core"\n}\n',
    });
    const r = await run(['scan', '--only', 'DSR-NET-04', '--format', 'json', '--include-passes', 'a', 'b'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'onus: warning: modules/core/main.tf:1: module "kms" (source "terraform-aws-modules/kms/aws") is not followed: its files are not on this machine; fix: run `terraform init` in the root folder so that .terraform/modules/modules.json says where the module is, then scan again\n',
    );
    const report = readJson(r.stdout);
    expect(report.errors).toEqual([]);
    expect(report.files.filter((f: { status: string }) => f.status !== 'read')).toEqual([]);
    expect(report.findings.map((f: { resource: { address: string }; status: string }) => [f.resource.address, f.status])).toEqual([
      ['module.core.aws_lb.inner', 'pass'],
      ['module.core.aws_lb.inner', 'pass'],
    ]);
  });

  it('refuses a --var that is not NAME=VALUE, in one line', async () => {
    const dir = tempDir(REPOSITORY);
    const r = await run(['scan', '--var', 'internal', 'infra'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: --var internal: write NAME=VALUE with a Terraform variable name, e\.g\. --var internal=true/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a named .tfvars stands for its module folder; one in a folder without .tf files is no module (skipped with --ignore-unknown)', async () => {
    const dir = tempDir({ ...REPOSITORY, 'env/prod.tfvars': 'internal = true\n' });
    const { report } = await scanJson(['--ignore-unknown', 'infra/terraform.tfvars', 'env/prod.tfvars'], dir);
    expect(report.errors).toEqual([]);
    expect(report.inputs.map((i) => i.file)).toEqual(['infra']);
  });

  it('a missing --var-file is one error naming it; the module is still read', async () => {
    const dir = tempDir(REPOSITORY);
    const r = await run(['scan', '--var-file', 'nope.tfvars', 'infra'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: nope\.tfvars: cannot read the file/m);
    expect(r.stdout).toMatch(/module\.edge\.aws_lb\.public/);
  });

  it('a plan in the module folder keeps its values and points at the source lines', async () => {
    const dir = tempDir({
      'infra/main.tf': 'variable "internal" {\n  type = bool\n}\n\nresource "aws_lb" "public" {\n  name     = "public"\n  internal = var.internal\n}\n',
      'infra/plan.json': lbPlan({ public: false }),
    });
    const { report } = await scanJson(['infra'], dir);
    expect(report.inputs).toEqual([
      { file: 'infra/plan.json', format: 'terraform-plan', resources: 1 },
      { file: 'infra', format: 'terraform-source', resources: 1 },
    ]);
    const found = report.findings.filter((f) => f.policyId === 'DSR-NET-04');
    // One finding per address (the plan's), failing on the plan's value, at the source's lines.
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'fail', resource: { address: 'aws_lb.public', file: 'infra/main.tf', line: 5 }, evidence: { path: '$.internal', line: 7 } });
  });

  it('the only plan named with the only source folder is paired too; a plan that shares no address with it is not', async () => {
    const dir = tempDir({
      'terraform/main.tf': 'resource "aws_lb" "public" {\n  name     = "public"\n  internal = true\n}\n',
      'out/plan.json': lbPlan({ public: false }),
      'other/plan.json': lbPlan({ elsewhere: false }),
    });
    const paired = (await scanJson(['out/plan.json', 'terraform'], dir)).report;
    expect(paired.findings.filter((f) => f.policyId === 'DSR-NET-04')).toEqual([
      expect.objectContaining({ status: 'fail', resource: expect.objectContaining({ address: 'aws_lb.public', file: 'terraform/main.tf', line: 1 }), evidence: expect.objectContaining({ line: 3 }) }),
    ]);
    const unpaired = (await scanJson(['other/plan.json', 'terraform'], dir)).report;
    expect(unpaired.findings.filter((f) => f.policyId === 'DSR-NET-04').map((f) => `${f.resource.address} ${f.status} ${f.resource.file}`)).toEqual([
      'aws_lb.elsewhere fail other/plan.json',
      'aws_lb.public pass terraform/main.tf',
    ]);
  });
});

describe('onus scan: bad Terraform source', () => {
  const GOOD = { 'good/main.tf': 'resource "aws_lb" "ok" {\n  name     = "ok"\n  internal = true\n}\n', 'plan.json': lbPlan({ fine: true }) };
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a syntax error', { 'bad/main.tf': 'resource "aws_lb" "x" {\n  name = \n}\n' }, /^onus: bad\/main\.tf:\d+: syntax error at line \d+/m],
    ['an unknown block', { 'bad/main.tf': 'resourse "aws_lb" "x" {\n}\n' }, /^onus: bad\/main\.tf:1: unknown block type "resourse" at line 1/m],
    ['a module cycle', { 'bad/main.tf': 'module "a" {\n  source = "./a"\n}\n', 'bad/a/main.tf': 'module "back" {\n  source = "../"\n}\n' }, /^onus: bad\/a\/main\.tf:1: module "back" calls \.\.\/, which is already a caller of this module \(a module cycle\)/m],
    ['a missing module folder', { 'bad/main.tf': '\nmodule "net" {\n  source = "./modules/net"\n}\n' }, /^onus: bad\/main\.tf:2: module "net": the folder bad\/modules\/net does not exist/m],
  ];
  it.each(cases)('%s: one line with file and line, exit 2, the other inputs still reported', async (_name, files, message) => {
    const dir = tempDir({ ...GOOD, ...files });
    const r = await run(['scan', '--format', 'json', '--include-passes', 'plan.json', 'good', 'bad'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).toMatch(/; fix: \S/);
    const report = readJson(r.stdout);
    expect(report.inputs.map((i) => i.file)).toEqual(['plan.json', 'good', 'bad']);
    expect(finding(report, 'DSR-NET-04', 'aws_lb.ok')?.status).toBe('pass');
    expect(finding(report, 'DSR-NET-04', 'aws_lb.fine')?.status).toBe('pass');
  });

  it('a 50 MB .tf file is refused before it is read: one line naming it, the rest still reported', async () => {
    const dir = tempDir(GOOD);
    writeFileSync(join(dir, 'good', 'generated.tf'), Buffer.alloc(50 * 1024 * 1024, 0x23)); // 50 MB of '#'
    const r = await run(['scan', '--format', 'json', '--include-passes', 'plan.json', 'good'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^onus: good\/generated\.tf: the file is 50\.0 MB, over the 8\.0 MB limit for Terraform files/)]);
    const report = readJson(r.stdout);
    expect(finding(report, 'DSR-NET-04', 'aws_lb.ok')?.status).toBe('pass');
    expect(finding(report, 'DSR-NET-04', 'aws_lb.fine')?.status).toBe('pass');
  });
});
