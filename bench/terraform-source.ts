/**
 * `pnpm exec tsx bench/terraform-source.ts`: reading Terraform source, as
 * whole processes (plain `node` on the built adapters, so startup, module
 * loading and the WebAssembly grammar are counted) and in process:
 * - a generated 500-file repository (a root module calling 49 local modules
 *   of 10 files each, with count, for_each, locals, tfvars, policy documents
 *   and references); target well under 2 s whole process;
 * - a generated 20-file module; target under 300 ms;
 * - `node -e 0` and importing @onus/adapters alone, for scale.
 * Reports medians of 5 runs; never asserts a time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const adapters = join(repo, 'packages', 'adapters', 'dist', 'index.js');

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

function generateModule(dir: string, m: number, files: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'variables.tf'), VARIABLES);
  for (let f = 1; f < files; f++) writeFileSync(join(dir, `part${f}.tf`), moduleFile(m, f));
}

/** A root with `modules` local modules of `perModule` files each, plus its own files: `files` in all. */
function generateRepository(dir: string, modules: number, perModule: number, rootFiles: number): number {
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function wall(args: string[]): number {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    runs.push(performance.now() - t);
    if (r.status !== 0) throw new Error(r.stderr);
  }
  return median(runs);
}

const READ = (dir: string) => `
const t = performance.now();
const { fromTerraformSource } = await import(${JSON.stringify(adapters)});
const loaded = performance.now();
const r = await fromTerraformSource(${JSON.stringify(dir)});
const done = performance.now();
console.log(JSON.stringify({ resources: r.resources.length, errors: r.errors.length, importMs: loaded - t, readMs: done - loaded }));
`;

execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: repo, stdio: 'inherit' });
const root = process.env.ONUS_BENCH_KEEP ?? mkdtempSync(join(tmpdir(), 'onus-bench-tfsrc-'));
try {
  const big = join(root, 'repo');
  const files = generateRepository(big, 49, 10, 11);
  const small = join(root, 'module');
  generateModule(small, 1, 20);
  console.log(`onus bench: Terraform source — node ${process.version}`);
  const nodeMs = wall(['-e', '0']);
  const importMs = wall(['--input-type=module', '-e', `await import(${JSON.stringify(adapters)})`]);
  console.log(`node -e 0: ${nodeMs.toFixed(0)} ms; import @onus/adapters: ${importMs.toFixed(0)} ms`);
  for (const [label, dir] of [[`${files}-file repository`, big], ['20-file module', small]] as const) {
    const ms = wall(['--input-type=module', '-e', READ(dir)]);
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', READ(dir)], { encoding: 'utf8' }).stdout.trim();
    const m = JSON.parse(out) as { resources: number; errors: number; importMs: number; readMs: number };
    console.log(`${label}: whole process ${ms.toFixed(0)} ms (in process: import ${m.importMs.toFixed(0)} ms, read ${m.readMs.toFixed(0)} ms), ${m.resources} resources, ${m.errors} errors`);
  }
} finally {
  if (!process.env.ONUS_BENCH_KEEP) rmSync(root, { recursive: true, force: true });
}
