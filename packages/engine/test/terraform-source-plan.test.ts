/**
 * The same folder scanned twice through the engine: as the plan `terraform`
 * makes of it and as source. For every resource the addresses agree, and
 * every verdict agrees wherever the source value is known (a source finding
 * that is not `unknown`). Built-in `terraform_data` resources only, so it
 * plans offline; skipped without terraform.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Policy, Report } from '@onus/core';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan } from '@onus/engine';
import { hasTerraform, planJson, terraform } from '../../adapters/test/terraform-cli.js';
import { writeTree } from '../../adapters/test/terraform-source-support.js';

if (!hasTerraform) console.warn(`terraform not found (${terraform}): the plan-versus-source scan test is skipped`);

const FILES: Record<string, string> = {
  'main.tf': `
variable "env" { type = string }
variable "lbs" {
  type = map(object({ public = bool, port = number }))
}

locals {
  prefix = "\${var.env}-edge"
}

resource "terraform_data" "lb" {
  for_each = var.lbs
  input = {
    name   = "\${local.prefix}-\${each.key}"
    public = each.value.public
    port   = each.value.port
  }
}

resource "terraform_data" "replica" {
  count = 2
  input = {
    name     = format("%s-%d", local.prefix, count.index)
    public   = count.index == 1
    port     = 8000 + count.index
    upstream = terraform_data.lb["api"].id
  }
}

module "inner" {
  source = "./modules/inner"
  env    = upper(var.env)
  lb_id  = terraform_data.lb["web"].id
}
`,
  'terraform.tfvars': 'env = "prod"\nlbs = {\n  api = { public = false, port = 8443 }\n  web = { public = true, port = 80 }\n}\n',
  'modules/inner/main.tf': `
variable "env" { type = string }
variable "lb_id" { type = string }

resource "terraform_data" "svc" {
  input = { name = "prod-\${lower(var.env)}", public = false, port = 443, lb = var.lb_id }
}

resource "terraform_data" "opaque" {
  input = { name = var.lb_id, public = var.lb_id == "x", port = length(var.lb_id) }
}
`,
};

const policy = (id: string, title: string, assert: Record<string, unknown>): Policy =>
  ({ id, title, responsibility: 'network', severity: 'high', remediation: 'test policy', checks: [{ kind: 'tf:terraform_data', assert }] }) as unknown as Policy;

/** Checks on the values the two paths both produce. */
const POLICIES: Policy[] = [
  policy('TEST-SRC-01', 'Not public', { fact: 'values', path: '$.input.public', operator: 'equal', value: false }),
  policy('TEST-SRC-02', 'Named for prod', { fact: 'values', path: '$.input.name', operator: 'matches', value: '^prod-' }),
  policy('TEST-SRC-03', 'High port', { fact: 'values', path: '$.input.port', operator: 'greaterThan', value: 1000 }),
];

const verdicts = (report: Report) => new Map(report.findings.map((f: Finding) => [`${f.policyId} ${f.resource.address} ${f.check} ${f.item ?? ''}`, f.status]));

describe.skipIf(!hasTerraform)('a plan and the source of the same folder, scanned through the engine', () => {
  let dir = '';
  let out = '';
  let fromPlan: Report;
  let fromSource: Report;

  beforeAll(async () => {
    dir = writeTree(FILES);
    out = mkdtempSync(join(tmpdir(), 'onus-plan-'));
    writeFileSync(join(out, 'plan.json'), planJson(dir));
    const { plan, problems } = await planScan({ pack: loadDefaultPack(), sources: [{ file: 'options', policies: POLICIES }], today: '2026-06-01' });
    expect(problems).toEqual([]);
    fromPlan = (await scan([join(out, 'plan.json')], plan)).report;
    fromSource = (await scan([dir], plan)).report;
  }, 180_000);

  afterAll(() => {
    for (const d of [dir, out]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('reads both without errors, the source as one module folder', () => {
    expect(fromPlan.errors).toEqual([]);
    expect(fromSource.errors).toEqual([]);
    expect(fromSource.inputs).toEqual([{ file: dir, format: 'terraform-source', resources: 6 }]);
    expect(fromPlan.inputs[0]).toMatchObject({ format: 'terraform-plan', resources: 6 });
  });

  it('has the same resource addresses', () => {
    const addresses = (r: Report) => [...new Set(r.findings.filter((f) => f.resource.kind === 'tf:terraform_data').map((f) => f.resource.address))].sort();
    expect(addresses(fromSource)).toEqual(addresses(fromPlan));
    expect(addresses(fromSource)).toEqual([
      'module.inner.terraform_data.opaque',
      'module.inner.terraform_data.svc',
      'terraform_data.lb["api"]',
      'terraform_data.lb["web"]',
      'terraform_data.replica[0]',
      'terraform_data.replica[1]',
    ].sort());
  });

  it('agrees on every verdict where the source value is known', () => {
    const plan = verdicts(fromPlan);
    const source = verdicts(fromSource);
    expect([...source.keys()].sort()).toEqual([...plan.keys()].sort());
    let compared = 0;
    const statuses = new Set<string>();
    for (const [key, status] of source) {
      if (status === 'unknown') continue;
      expect({ key, status: plan.get(key) }).toEqual({ key, status });
      statuses.add(status);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(15);
    expect([...statuses].sort()).toEqual(['fail', 'pass']);
    // What the source cannot know (an attribute of another resource) is unknown there, and in the plan.
    expect(source.get('TEST-SRC-02 module.inner.terraform_data.opaque 0 ')).toBe('unknown');
    expect(plan.get('TEST-SRC-02 module.inner.terraform_data.opaque 0 ')).toBe('unknown');
    expect(source.get('TEST-SRC-01 terraform_data.lb["web"] 0 ')).toBe('fail');
  });

  it('names the file and line of every source finding', () => {
    for (const f of fromSource.findings.filter((x) => x.resource.kind === 'tf:terraform_data')) {
      expect(f.resource.file).toMatch(/main\.tf$/);
      expect(f.resource.line).toBeGreaterThan(0);
    }
    const web = fromSource.findings.find((f) => f.policyId === 'TEST-SRC-01' && f.resource.address === 'terraform_data.lb["web"]');
    expect(web?.resource).toMatchObject({ file: join(dir, 'main.tf'), line: 11 });
    expect(web?.evidence).toMatchObject({ path: '$.input.public', value: true, line: 13 });
  });
});
