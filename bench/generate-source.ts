/**
 * Generated Terraform source for the benchmarks: module files with count,
 * for_each, locals, dynamic blocks, policy documents and references, and a
 * repository of a root module calling local modules, with tfvars.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One file of a module: two buckets with their companions, a policy document, a security group. */
function moduleFile(m: number, f: number): string {
  return `
locals {
  name_${f} = "\${var.prefix}-${m}-${f}"
  ports_${f} = { http = 80, https = 443 }
}

resource "aws_s3_bucket" "b${f}" {
  count  = var.enabled ? 2 : 0
  bucket = "\${local.name_${f}}-\${count.index}"
  tags   = merge(var.tags, { Name = local.name_${f} })
}

resource "aws_s3_bucket_public_access_block" "b${f}" {
  count                   = length(aws_s3_bucket.b${f})
  bucket                  = aws_s3_bucket.b${f}[count.index].id
  block_public_acls       = true
  block_public_policy     = ${f % 3 !== 0}
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "p${f}" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [for b in aws_s3_bucket.b${f} : "\${b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_security_group" "sg${f}" {
  name = local.name_${f}
  dynamic "ingress" {
    for_each = local.ports_${f}
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [cidrsubnet("10.${m}.0.0/16", 8, ${f})]
      description = ingress.key
    }
  }
}
`;
}

const VARIABLES = `
variable "prefix" { type = string }
variable "enabled" {
  type    = bool
  default = true
}
variable "tags" {
  type    = map(string)
  default = {}
}
output "first_bucket" { value = try(aws_s3_bucket.b1[0].id, null) }
`;

export function generateModule(dir: string, m: number, files: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'variables.tf'), VARIABLES);
  for (let f = 1; f < files; f++) writeFileSync(join(dir, `part${f}.tf`), moduleFile(m, f));
}

/** A root with `modules` local modules of `perModule` files each, plus its own files: `files` in all. */
export function generateRepository(dir: string, modules: number, perModule: number, rootFiles: number): number {
  generateModule(dir, 0, rootFiles - 2);
  const calls = Array.from({ length: modules }, (_v, i) => `
module "m${i}" {
  source   = "./modules/m${i}"
  for_each = toset(["a"])
  prefix   = "\${var.prefix}-\${each.key}"
  tags     = { team = "t${i % 7}" }
}`).join('\n');
  writeFileSync(join(dir, 'modules.tf'), calls);
  writeFileSync(join(dir, 'terraform.tfvars'), 'prefix = "acme"\n');
  for (let i = 0; i < modules; i++) generateModule(join(dir, 'modules', `m${i}`), i + 1, perModule);
  return rootFiles - 1 + modules * perModule;
}
