import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInput, type AdapterResult } from '@onus/adapters';
import { fact } from './support.js';
import { hasTerraform, planJson, terraform } from './terraform-cli.js';
if (!hasTerraform) console.warn(`terraform not found (${terraform}): the end-to-end plan test is skipped`);

/** One configuration covering nested modules, count, for_each with dotted keys, a sensitive variable and references across module calls. Only built-in resources, so it plans offline. */
const FILES: Record<string, string> = {
  'main.tf': `
variable "secret" {
  type      = string
  sensitive = true
  default   = "hunter2"
}

resource "terraform_data" "counted" {
  count = 2
  input = { idx = count.index, s = var.secret }
}

resource "terraform_data" "each" {
  for_each = toset(["a.b", "c"])
  input    = each.key
}

resource "terraform_data" "per_key" {
  for_each = terraform_data.each
  input    = terraform_data.each[each.key].input
}

module "child" {
  source = "./modules/child"
  name   = terraform_data.counted[0].id
}

module "multi" {
  source   = "./modules/multi"
  for_each = toset(["x.y", "z"])
  label    = each.key
}

resource "terraform_data" "root" {
  input = module.child.out
}

data "terraform_remote_state" "deferred" {
  backend = "local"
  config  = { path = terraform_data.root.output == "" ? "other.tfstate" : "other.tfstate" }
}

resource "terraform_data" "uses_data" {
  input = data.terraform_remote_state.deferred.outputs
}
`,
  'other.tfstate': JSON.stringify({ version: 4, terraform_version: '1.11.0', serial: 1, lineage: '11111111-2222-3333-4444-555555555555', outputs: { vpc: { value: 'vpc-1', type: 'string' } }, resources: [] }),
  'modules/child/main.tf': `
variable "name" { type = string }

resource "terraform_data" "inner" {
  input = var.name
}

module "grand" {
  source = "./grand"
  v      = terraform_data.inner.output
}

output "out" { value = module.grand.out }
`,
  'modules/child/grand/main.tf': `
variable "v" {}

resource "terraform_data" "deep" {
  count = 1
  input = var.v
}

output "out" { value = terraform_data.deep[0].output }
`,
  'modules/multi/main.tf': `
variable "label" { type = string }

resource "terraform_data" "a" {
  input = var.label
}

resource "terraform_data" "b" {
  input = terraform_data.a.id
}
`,
};

describe.skipIf(!hasTerraform)('a plan from the real terraform binary reads with its addresses, refs, unknown and sensitive paths', () => {
  let dir = '';
  let json: AdapterResult;
  let binary: AdapterResult;
  let showJson: { resource_changes: { address: string }[] };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onus-tf-'));
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const text = planJson(dir);
    showJson = JSON.parse(text) as typeof showJson;
    json = readInput('plan.json', text);
    binary = readInput('tfplan', fs.readFileSync(path.join(dir, 'tfplan')));
  }, 120_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has one fact per resource_changes entry, with terraform addresses', () => {
    expect(json.format).toBe('terraform-plan');
    expect(json.errors).toEqual([]);
    expect(json.resources.map((r) => r.address).sort()).toEqual(showJson.resource_changes.map((r) => r.address).sort());
    expect(json.resources.map((r) => r.address).sort()).toEqual(
      [
        'data.terraform_remote_state.deferred',
        'module.child.module.grand.terraform_data.deep[0]',
        'module.child.terraform_data.inner',
        'module.multi["x.y"].terraform_data.a',
        'module.multi["x.y"].terraform_data.b',
        'module.multi["z"].terraform_data.a',
        'module.multi["z"].terraform_data.b',
        'terraform_data.counted[0]',
        'terraform_data.counted[1]',
        'terraform_data.each["a.b"]',
        'terraform_data.each["c"]',
        'terraform_data.per_key["a.b"]',
        'terraform_data.per_key["c"]',
        'terraform_data.root',
        'terraform_data.uses_data',
      ].sort(),
    );
    expect(fact(json, 'module.child.module.grand.terraform_data.deep[0]').source.module).toBe('module.child.module.grand');
    expect(fact(json, 'data.terraform_remote_state.deferred')).toMatchObject({ kind: 'tf:terraform_remote_state', dataSource: true, change: { actions: ['read'] } });
  });

  it('marks the sensitive variable and unknown outputs', () => {
    const counted = fact(json, 'terraform_data.counted[1]');
    expect(counted.sensitive).toEqual(['input.s']);
    expect(counted.values.input).toEqual({ idx: 1, s: 'hunter2' });
    expect(counted.unknown).toEqual(['id', 'output']);
    expect(fact(json, 'terraform_data.root').unknown).toEqual(['id', 'input', 'output']);
  });

  it('resolves refs through module outputs, module inputs and for_each keys', () => {
    expect(fact(json, 'terraform_data.root').refs).toEqual({ input: ['module.child.module.grand.terraform_data.deep[0]'] });
    expect(fact(json, 'module.child.terraform_data.inner').refs).toEqual({ input: ['terraform_data.counted[0]'] });
    expect(fact(json, 'module.child.module.grand.terraform_data.deep[0]').refs).toEqual({ input: ['module.child.terraform_data.inner'] });
    expect(fact(json, 'module.multi["x.y"].terraform_data.b').refs).toEqual({ input: ['module.multi["x.y"].terraform_data.a'] });
    expect(fact(json, 'terraform_data.per_key["a.b"]').refs).toEqual({
      input: ['terraform_data.each["a.b"]'],
      for_each: ['terraform_data.each["a.b"]', 'terraform_data.each["c"]'],
    });
    expect(fact(json, 'data.terraform_remote_state.deferred').refs).toEqual({ config: ['terraform_data.root'] });
    expect(fact(json, 'terraform_data.uses_data').refs).toEqual({ input: ['data.terraform_remote_state.deferred'] });
  });

  it('refuses the binary plan file with the terraform show -json hint', () => {
    expect(binary.resources).toEqual([]);
    expect(binary.errors).toEqual([expect.objectContaining({ file: 'tfplan', message: 'this is a binary plan; run `terraform show -json PLAN > plan.json`' })]);
  });
});
