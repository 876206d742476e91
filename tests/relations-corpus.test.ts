/**
 * Relations on real plans: the companion resources of a bucket are found by
 * reference (through modules and count instances), not by a shared name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInput } from '@onus/adapters';
import { ScanIndex } from '@onus/core';

const corpus = process.env.ONUS_CORPUS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');
const present = existsSync(corpus);
if (!present) console.warn(`relations corpus test skipped: no corpus at ${corpus} (set ONUS_CORPUS)`);

function indexOf(file: string) {
  const path = join(corpus, file);
  const { resources, errors } = readInput(file, readFileSync(path));
  expect(errors).toEqual([]);
  return { index: new ScanIndex(resources), byAddress: new Map(resources.map((r) => [r.address, r])) };
}

describe.skipIf(!present)('relations on corpus plans', () => {
  it('pairs each bucket with its own public access block, across modules and count instances', () => {
    const { index, byAddress } = indexOf('tfplan/checkov__tests_terraform_runner_resources_plan_nested_child_modules_with_connections_tfplan.json');
    const blockOf = (bucket: string) => index.related(byAddress.get(bucket)!, 'tf:aws_s3_bucket_public_access_block', 'bucket').map((r) => r.address);
    expect(blockOf('aws_s3_bucket.root_bucket')).toEqual(['aws_s3_bucket_public_access_block.root']);
    expect(blockOf('module.s3_bucket.aws_s3_bucket.this[0]')).toEqual(['module.s3_bucket.aws_s3_bucket_public_access_block.this[0]']);
    expect(blockOf('module.s3_module.aws_s3_bucket.module_bucket')).toEqual(['module.s3_module.aws_s3_bucket_public_access_block.module_bucket']);
    expect(blockOf('module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket')).toEqual([
      'module.s3_module.module.s3_submodule.aws_s3_bucket_public_access_block.submodule_bucket',
    ]);
  });

  it('finds the ACL of a bucket from the bucket, and the bucket from its ACL', () => {
    const { index, byAddress } = indexOf('tfplan/checkov__tests_terraform_runner_resources_plan_nested_child_modules_with_connections_tfplan.json');
    const bucket = byAddress.get('module.s3_bucket.aws_s3_bucket.this[0]')!;
    const acl = byAddress.get('module.s3_bucket.aws_s3_bucket_acl.this[0]')!;
    expect(index.related(bucket, 'tf:aws_s3_bucket_acl').map((r) => r.address)).toEqual([acl.address]);
    expect(index.related(acl, 'tf:aws_s3_bucket').map((r) => r.address)).toEqual([bucket.address]);
  });
});
