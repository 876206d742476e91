import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromTerraformSource } from '@onus/adapters';
import { addresses } from './support.js';
import { readSource, writeTree } from './terraform-source-support.js';

const GOOD = 'resource "aws_s3_bucket" "ok" {\n  bucket = "ok"\n}\n';

describe('Terraform source: bad input is one clear error, never a throw, and the rest is read', () => {
  it('a syntax error names the file and line; the other files are read', async () => {
    const result = await readSource({ 'good.tf': GOOD, 'bad.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  acl = \n}\n' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: expect.stringMatching(/bad\.tf$/), line: 3, hint: expect.stringContaining('terraform validate') });
    expect(result.errors[0]?.message).toMatch(/^syntax error at line 3, column \d+: /);
    expect(addresses(result)).toEqual(['aws_s3_bucket.ok']);
  });

  it('an unclosed block is reported at its place', async () => {
    const result = await readSource({ 'main.tf': 'resource "a" "b" {\n  x = 1\n' });
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^syntax error at line \d+/) })]);
  });

  it('an unknown top-level block is reported with its line', async () => {
    const result = await readSource({ 'main.tf': `${GOOD}\nresorce "aws_s3_bucket" "typo" {\n}\n` });
    expect(result.errors).toEqual([expect.objectContaining({ line: 5, message: 'unknown block type "resorce" at line 5' })]);
    expect(addresses(result)).toEqual(['aws_s3_bucket.ok']);
  });

  it('a file over the size limit is refused before it is read', async () => {
    const dir = writeTree({ 'main.tf': GOOD });
    try {
      const big = path.join(dir, 'huge.tf');
      // A sparse 50 MB file: the limit is checked on the size, so the content is never read.
      fs.closeSync(fs.openSync(big, 'w'));
      fs.truncateSync(big, 50 * 1024 * 1024);
      const result = await fromTerraformSource(dir);
      expect(result.errors).toEqual([expect.objectContaining({ file: big, message: 'the file is 50.0 MB, over the 8.0 MB limit for Terraform files' })]);
      expect(addresses(result)).toEqual(['aws_s3_bucket.ok']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a module cycle is one error at the module block', async () => {
    const result = await readSource({
      'main.tf': `module "a" {\n  source = "./a"\n}\n${GOOD}`,
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\nresource "aws_sqs_queue" "qa" {}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    expect(result.errors).toEqual([expect.objectContaining({ file: expect.stringMatching(/b[\\/]main\.tf$/), line: 1, message: 'module "a" calls ../a, which is already a caller of this module (a module cycle)' })]);
    expect(addresses(result).sort()).toEqual(['aws_s3_bucket.ok', 'module.a.aws_sqs_queue.qa']);
  });

  it('a missing module folder is one error at the module block', async () => {
    const result = await readSource({ 'main.tf': `${GOOD}module "gone" {\n  source = "./modules/gone"\n}\n` });
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, message: expect.stringMatching(/^module "gone": the folder .*gone does not exist$/) })]);
    expect(addresses(result)).toEqual(['aws_s3_bucket.ok']);
  });

  it('a duplicate resource, a binary file and a folder that does not exist', async () => {
    const dup = await readSource({ 'a.tf': GOOD, 'b.tf': GOOD });
    expect(dup.errors).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/^resource "aws_s3_bucket" "ok" is declared twice \(also at .*a\.tf:1\)$/) })]);
    const binary = await readSource({ 'main.tf': GOOD, 'x.tf': '\u0000\u0001' });
    expect(binary.errors).toEqual([expect.objectContaining({ message: 'this is a binary file, not Terraform text' })]);
    expect(await fromTerraformSource(path.join(binary.dir, 'nope'))).toEqual({ format: 'terraform-source', resources: [], errors: [expect.objectContaining({ message: 'the folder does not exist' })] });
  });

  it('a reference cycle between locals is unknown, not a crash', async () => {
    const result = await readSource({ 'main.tf': 'locals {\n  a = local.b\n  b = local.a\n}\nresource "terraform_data" "t" {\n  input = local.a\n}\n' });
    expect(result.errors).toEqual([]);
    expect(result.resources[0]?.unknownReasons?.input).toBe('local.a depends on itself');
  });
});

describe('Terraform source: pathological nesting', () => {
  it('deeply nested parentheses are one error for that file, not a crash', async () => {
    const deep = `${'('.repeat(20000)}1${')'.repeat(20000)}`;
    const result = await readSource({ 'main.tf': GOOD, 'deep.tf': `locals {\n  x = ${deep}\n}\n` });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.file).toMatch(/deep\.tf$/);
    expect(addresses(result)).toEqual(['aws_s3_bucket.ok']);
  });
});
