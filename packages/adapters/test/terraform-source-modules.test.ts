import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromTerraformSource } from '@onus/adapters';
import { addresses, fact } from './support.js';
import { readSource, writeTree } from './terraform-source-support.js';

describe('Terraform source: count and for_each expand to instances, addressed as in a plan', () => {
  it('count, for_each over a map and a set, and count = 0', async () => {
    const result = await readSource({
      'main.tf': `
resource "aws_kms_key" "k" {
  count               = 2
  enable_key_rotation = count.index == 0
}
resource "aws_s3_bucket" "b" {
  for_each = { logs = "a-logs", data = "a-data" }
  bucket   = each.value
  tags     = { key = each.key }
}
resource "aws_sqs_queue" "q" {
  for_each = toset(["x.y"])
  name     = each.key
}
resource "aws_instance" "none" {
  count = 0
}`,
    });
    expect(addresses(result)).toEqual(['aws_kms_key.k[0]', 'aws_kms_key.k[1]', 'aws_s3_bucket.b["data"]', 'aws_s3_bucket.b["logs"]', 'aws_sqs_queue.q["x.y"]']);
    expect(fact(result, 'aws_kms_key.k[1]').values).toEqual({ enable_key_rotation: false });
    expect(fact(result, 'aws_s3_bucket.b["logs"]').values).toEqual({ bucket: 'a-logs', tags: { key: 'logs' } });
  });

  it('an unknown count gives one fact without an instance key, saying why', async () => {
    const result = await readSource({ 'main.tf': 'variable "n" {}\nresource "aws_kms_key" "k" {\n  count = var.n\n  description = "x"\n}\n' });
    const k = fact(result, 'aws_kms_key.k');
    expect(k.values).toEqual({ description: 'x' });
    expect(k.unknownReasons).toEqual({ count: 'var.n is not set (no default and no tfvars value) (var.n), so the instances are not known' });
  });
});

describe('Terraform source: module calls', () => {
  const files = {
    'main.tf': `
module "net" {
  source = "./modules/net"
  name   = "edge"
}
module "x" {
  source   = "./modules/bucket"
  for_each = { k = "kb" }
  name     = each.value
}
module "counted" {
  source = "./modules/bucket"
  count  = 1
  name   = "c-${'${count.index}'}"
}
resource "aws_lb_listener" "l" {
  load_balancer_arn = module.net.lb_arn
  port              = module.net.port
}`,
    'modules/net/main.tf': `
variable "name" {}
resource "aws_lb" "public" {
  name     = var.name
  internal = false
}
output "lb_arn" { value = aws_lb.public.arn }
output "port" { value = 443 }`,
    'modules/bucket/main.tf': `
variable "name" {}
resource "aws_s3_bucket" "b" {
  count  = 1
  bucket = var.name
}`,
  };

  it('instantiates local modules with their arguments, addressed with module paths and keys', async () => {
    const result = await readSource(files);
    expect(addresses(result).sort()).toEqual(['aws_lb_listener.l', 'module.counted[0].aws_s3_bucket.b[0]', 'module.net.aws_lb.public', 'module.x["k"].aws_s3_bucket.b[0]']);
    expect(fact(result, 'module.net.aws_lb.public')).toMatchObject({ values: { name: 'edge', internal: false }, source: { module: 'module.net', line: 3 } });
    expect(fact(result, 'module.net.aws_lb.public').source.file).toMatch(/modules[\\/]net[\\/]main\.tf$/);
    expect(fact(result, 'module.x["k"].aws_s3_bucket.b[0]').values).toEqual({ bucket: 'kb' });
    expect(fact(result, 'module.counted[0].aws_s3_bucket.b[0]').values).toEqual({ bucket: 'c-0' });
  });

  it('follows refs and values through module outputs', async () => {
    const result = await readSource(files);
    const l = fact(result, 'aws_lb_listener.l');
    expect(l.values).toEqual({ port: 443 });
    expect(l.refs).toEqual({ load_balancer_arn: ['module.net.aws_lb.public'] });
    expect(l.unknownReasons).toEqual({ load_balancer_arn: 'depends on module.net.aws_lb.public.arn' });
  });

  it('resolves registry modules through .terraform/modules/modules.json', async () => {
    const result = await readSource({
      'main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr = "10.0.0.0/16"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'vpc', Source: 'registry.terraform.io/terraform-aws-modules/vpc/aws', Dir: '.terraform/modules/vpc' }] }),
      '.terraform/modules/vpc/main.tf': 'variable "cidr" {}\nresource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n',
    });
    expect(result.errors).toEqual([]);
    expect(fact(result, 'module.vpc.aws_vpc.this').values).toEqual({ cidr_block: '10.0.0.0/16' });
  });

  it('warns once, with a hint, of a registry module it cannot follow (not an error: the rest is read)', async () => {
    const result = await readSource({
      'main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = module.vpc.name\n}\n',
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ line: 1, message: 'module "vpc" (source "terraform-aws-modules/vpc/aws") is not followed: its files are not on this machine', hint: expect.stringContaining('terraform init') }),
    ]);
    expect(fact(result, 'aws_s3_bucket.b').unknownReasons).toEqual({ bucket: 'depends on module.vpc, which is not followed' });
  });
});

describe('Terraform source: variable values, in Terraform precedence', () => {
  const files = {
    'main.tf': 'variable "a" { default = "default" }\nvariable "b" { default = "default" }\nvariable "c" { default = "default" }\nvariable "d" { default = "default" }\nvariable "e" { default = "default" }\nresource "terraform_data" "t" {\n  input = [var.a, var.b, var.c, var.d, var.e]\n}\n',
    'terraform.tfvars': 'b = "tfvars"\nc = "tfvars"\nd = "tfvars"\ne = "tfvars"\n',
    'terraform.tfvars.json': '{"c": "tfvars.json", "d": "tfvars.json", "e": "tfvars.json"}',
    'a.auto.tfvars': 'd = "a.auto"\ne = "a.auto"\n',
    'b.auto.tfvars.json': '{"e": "b.auto.json"}',
  };

  it('default < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars(.json) by name < var files < vars', async () => {
    const result = await readSource(files);
    expect(fact(result, 'terraform_data.t').values.input).toEqual(['default', 'tfvars', 'tfvars.json', 'a.auto', 'b.auto.json']);
    const dir = writeTree({ ...files, 'prod.tfvars': 'a = "var-file"\ne = "var-file"\n' });
    try {
      const given = await fromTerraformSource(dir, { varFiles: [path.join(dir, 'prod.tfvars')], vars: { b: 'var' } });
      expect(fact(given, 'terraform_data.t').values.input).toEqual(['var-file', 'var', 'tfvars.json', 'a.auto', 'var-file']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Terraform source: .tf.json files', () => {
  it('reads resources, variables, locals and nested blocks from JSON syntax, with lines', async () => {
    const result = await readSource({
      'main.tf.json': JSON.stringify(
        {
          variable: { env: { default: 'prod' } },
          locals: { prefix: '${var.env}-app' },
          resource: {
            aws_s3_bucket: { b: { bucket: '${local.prefix}', tags: { Name: '${local.prefix}' } } },
            aws_security_group: { sg: [{ name: 'web', ingress: [{ from_port: 443, cidr_blocks: ['0.0.0.0/0'] }] }] },
          },
        },
        null,
        2,
      ),
    });
    expect(result.errors).toEqual([]);
    expect(fact(result, 'aws_s3_bucket.b').values).toEqual({ bucket: 'prod-app', tags: { Name: 'prod-app' } });
    expect(fact(result, 'aws_security_group.sg').values).toEqual({ name: 'web', ingress: [{ from_port: 443, cidr_blocks: ['0.0.0.0/0'] }] });
    expect(fact(result, 'aws_s3_bucket.b').source).toMatchObject({ line: 12, lines: { bucket: 13, tags: 14 } });
  });
});
