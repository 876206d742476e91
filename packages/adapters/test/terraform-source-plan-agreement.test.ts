import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromTerraformSource, readInput, type AdapterResult } from '@onus/adapters';
import type { Resource } from '@onus/core';
import { fact } from './support.js';
import { hasTerraform, planJson, terraform } from './terraform-cli.js';
import { writeTree } from './terraform-source-support.js';

if (!hasTerraform) console.warn(`terraform not found (${terraform}): the source-versus-plan test is skipped`);

/** Built-in resources only, so it plans offline: nested local modules, count, for_each, tfvars, locals, functions and references. */
const FILES: Record<string, string> = {
  'main.tf': `
variable "env" { type = string }
variable "zones" {
  type    = list(string)
  default = ["a", "b"]
}
variable "token" {
  type      = string
  sensitive = true
  default   = "t0ken"
}

locals {
  prefix = "\${var.env}-app"
  ports  = { http = 80, https = 443 }
  subnets = [for i, z in var.zones : { zone = z, cidr = cidrsubnet("10.0.0.0/16", 8, i) }]
}

resource "terraform_data" "zone" {
  count = length(var.zones)
  input = {
    name   = "\${local.prefix}-\${var.zones[count.index]}"
    subnet = local.subnets[count.index].cidr
    first  = count.index == 0
  }
}

resource "terraform_data" "port" {
  for_each = local.ports
  input    = format("%s:%d", each.key, each.value)
}

resource "terraform_data" "listener" {
  for_each = terraform_data.port
  input    = terraform_data.port[each.key].input
  triggers_replace = [terraform_data.zone[0].id]
}

resource "terraform_data" "secret" {
  input = { token = var.token, env = upper(var.env) }
}

module "app" {
  source   = "./modules/app"
  for_each = toset(["api", "web.public"])
  name     = each.key
  zone_id  = terraform_data.zone[1].id
  tags     = merge({ env = var.env }, { role = each.key })
}

module "shared" {
  source = "./modules/app"
  name   = "shared"
  zone_id = terraform_data.zone[0].id
  tags   = {}
}

resource "terraform_data" "uses_module" {
  input = module.shared.service_id
}
`,
  'terraform.tfvars': 'env = "prod"\n',
  'modules/app/main.tf': `
variable "name" { type = string }
variable "zone_id" { type = string }
variable "tags" { type = map(string) }

resource "terraform_data" "service" {
  input = {
    name = var.name
    tags = var.tags
    json = jsonencode({ name = var.name, n = length(var.tags) })
  }
}

resource "terraform_data" "placement" {
  input = var.zone_id
  triggers_replace = [terraform_data.service.id]
}

module "db" {
  source = "./db"
  service_id = terraform_data.service.id
}

output "service_id" { value = module.db.id }
`,
  'modules/app/db/main.tf': `
variable "service_id" {}

resource "terraform_data" "db" {
  count = 1
  input = var.service_id
}

output "id" { value = terraform_data.db[0].id }
`,
};

/** Every leaf of a value with its fact path parts. */
function leaves(value: unknown, at: (string | number)[] = [], out: [(string | number)[], unknown][] = []): [(string | number)[], unknown][] {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...at, k], out);
  else out.push([at, value]);
  return out;
}

function get(value: unknown, at: (string | number)[]): unknown {
  let v = value;
  for (const p of at) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function sortedRefs(r: Resource): Record<string, string[]> {
  return Object.fromEntries(Object.entries(r.refs).map(([k, v]) => [k, [...v].sort()]));
}

describe.skipIf(!hasTerraform)('Terraform source and the plan of the same folder agree', () => {
  let dir = '';
  let plan: AdapterResult;
  let source: AdapterResult;

  beforeAll(async () => {
    dir = writeTree(FILES);
    plan = readInput('plan.json', planJson(dir));
    // `terraform init` wrote .terraform/modules/modules.json; the source adapter reads the same folder.
    source = await fromTerraformSource(dir);
  }, 120_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads both without errors', () => {
    expect(plan.errors).toEqual([]);
    expect(source.errors).toEqual([]);
    expect(source.format).toBe('terraform-source');
  });

  it('has the same addresses, kinds and module paths', () => {
    const key = (r: Resource) => `${r.address} ${r.kind} ${r.source.module ?? ''}`;
    expect(source.resources.map(key).sort()).toEqual(plan.resources.map(key).sort());
    expect(source.resources).toHaveLength(17);
  });

  it('agrees on every value the source knows', () => {
    let compared = 0;
    for (const s of source.resources) {
      const p = fact(plan, s.address);
      for (const [at, value] of leaves(s.values)) {
        expect({ address: s.address, at, value: get(p.values, at) }).toEqual({ address: s.address, at, value });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(fact(source, 'terraform_data.zone[1]').values.input).toEqual({ name: 'prod-app-b', subnet: '10.0.1.0/24', first: false });
    expect(fact(source, 'module.app["web.public"].terraform_data.service').values.input).toEqual({ name: 'web.public', tags: { env: 'prod', role: 'web.public' }, json: '{"n":2,"name":"web.public"}' });
  });

  it('leaves unknown only what the plan also does not know', () => {
    for (const s of source.resources) {
      const p = fact(plan, s.address);
      for (const path of s.unknown) expect({ address: s.address, path, inPlan: p.unknown.some((u) => path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}[`)) }).toEqual({ address: s.address, path, inPlan: true });
    }
    expect(fact(source, 'terraform_data.uses_module').unknownReasons).toEqual({ input: 'depends on module.shared.module.db.terraform_data.db[0].id' });
  });

  it('has the same refs for every resource', () => {
    for (const s of source.resources) {
      expect({ address: s.address, refs: sortedRefs(s) }).toEqual({ address: s.address, refs: sortedRefs(fact(plan, s.address)) });
    }
    expect(fact(source, 'module.app["api"].module.db.terraform_data.db[0]').refs).toEqual({ input: ['module.app["api"].terraform_data.service'] });
  });

  it('marks what the plan marks sensitive (whole attributes)', () => {
    const p = fact(plan, 'terraform_data.secret');
    const s = fact(source, 'terraform_data.secret');
    expect(p.sensitive).toEqual(['input.token']);
    expect(s.sensitive).toEqual(['input']);
  });
});
