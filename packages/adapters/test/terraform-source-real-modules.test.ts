import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromTerraformSource, type AdapterResult } from '@onus/adapters';
import { fact } from './support.js';

/** Real public modules and their examples (see fixtures/terraform-source/NOTICE.md). */
const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'terraform-source');

function kinds(result: AdapterResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of result.resources) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

describe('real Terraform source: terraform-aws-kms examples/complete', () => {
  it('reads every module instance of the example, as a plan addresses them', async () => {
    const result = await fromTerraformSource(path.join(fixtures, 'terraform-aws-kms', 'examples', 'complete'));
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(46);
    expect(kinds(result)).toEqual({
      'tf:aws_caller_identity': 9,
      'tf:aws_iam_role': 1,
      'tf:aws_partition': 8,
      'tf:aws_kms_key': 4,
      'tf:aws_iam_policy_document': 8,
      'tf:aws_kms_alias': 9,
      'tf:aws_kms_grant': 3,
      'tf:aws_kms_external_key': 2,
      'tf:aws_kms_replica_key': 1,
      'tf:aws_kms_replica_external_key': 1,
    });
  });

  it('knows the key settings the example gives, with their lines in the module', async () => {
    const result = await fromTerraformSource(path.join(fixtures, 'terraform-aws-kms', 'examples', 'complete'));
    const key = fact(result, 'module.kms_default.aws_kms_key.this[0]');
    expect(key.values).toMatchObject({ enable_key_rotation: true, multi_region: false });
    expect(key.source).toMatchObject({ file: expect.stringMatching(/terraform-aws-kms[\\/]main\.tf$/), line: 18, module: 'module.kms_default' });
    expect(key.source.lines?.enable_key_rotation).toBe(28);
    expect(key.refs.policy).toEqual(['module.kms_default.data.aws_iam_policy_document.this[0]']);
    expect(key.unknownReasons?.policy).toBe('depends on module.kms_default.data.aws_partition.current[0].partition');
    expect(fact(result, 'module.kms_complete.aws_kms_key.this[0]').values).toMatchObject({ deletion_window_in_days: 7, enable_key_rotation: false, is_enabled: true, key_usage: 'ENCRYPT_DECRYPT' });
  });

  it('expands for_each over objects with optional attributes and follows references into them', async () => {
    const result = await fromTerraformSource(path.join(fixtures, 'terraform-aws-kms', 'examples', 'complete'));
    const grant = fact(result, 'module.kms_complete.aws_kms_grant.this["lambda"]');
    expect(grant.values).toMatchObject({ name: 'lambda', operations: ['Encrypt', 'Decrypt', 'GenerateDataKey'], constraints: [{ encryption_context_equals: { Department: 'Finance' } }] });
    expect(grant.unknownReasons?.grantee_principal).toBe('depends on aws_iam_role.lambda.arn');
    expect(grant.refs.key_id).toEqual(['module.kms_complete.aws_kms_key.this[0]']);
    expect(fact(result, 'module.kms_dnssec_signing.aws_kms_alias.this["0"]').values.name).toBe('alias/route53/dnssec-ex');
  });
});

describe('real Terraform source: terraform-aws-s3-bucket examples', () => {
  it('examples/object: buckets from the root module, objects from modules/object', async () => {
    const result = await fromTerraformSource(path.join(fixtures, 'terraform-aws-s3-bucket', 'examples', 'object'));
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(17);
    expect(kinds(result)).toMatchObject({ 'tf:aws_s3_bucket': 2, 'tf:aws_s3_bucket_public_access_block': 2, 'tf:aws_s3_object': 4, 'tf:aws_s3_bucket_object_lock_configuration': 1 });
    const block = fact(result, 'module.s3_bucket.aws_s3_bucket_public_access_block.this[0]');
    expect(block.values).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(block.refs.bucket).toEqual(['module.s3_bucket.aws_s3_bucket.this[0]']);
    expect(fact(result, 'module.s3_bucket_with_object_lock.aws_s3_bucket.this[0]').values).toMatchObject({ force_destroy: true, object_lock_enabled: true });
    expect(fact(result, 'module.s3_bucket_with_object_lock.aws_s3_bucket_object_lock_configuration.this[0]').values.rule).toEqual([{ default_retention: [{ mode: 'GOVERNANCE', days: 1, years: null }] }]);
    expect(fact(result, 'module.object_complete.aws_s3_object.this[0]').values).toMatchObject({ storage_class: 'ONEZONE_IA', content: '{"data":"value"}', cache_control: 'public; max-age=1200' });
  });

  it('examples/account-public-access: one account-level block, all four settings on', async () => {
    const result = await fromTerraformSource(path.join(fixtures, 'terraform-aws-s3-bucket', 'examples', 'account-public-access'));
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => r.address)).toEqual(['module.account_public_access.aws_s3_account_public_access_block.this[0]']);
    expect(result.resources[0]?.values).toEqual({ account_id: null, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  });
});
