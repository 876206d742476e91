/**
 * Real third-party Terraform source (public terraform-aws-modules code, see
 * packages/adapters/test/fixtures/terraform-source/NOTICE.md) through a full
 * `onus scan`: the inputs found, resources per module folder, and a set of
 * verdicts per file with the lines they point at.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';
import { expandFindings } from '@onus/engine';

const FIXTURES = 'packages/adapters/test/fixtures/terraform-source';
const KMS = `${FIXTURES}/terraform-aws-kms`;
const S3 = `${FIXTURES}/terraform-aws-s3-bucket`;

interface Json {
  inputs: { file: string; format: string; resources: number }[];
  errors: unknown[];
  findings: { policyId: string; status: string; resource: { address: string; file?: string; line?: number }; evidence?: { path: string; value?: unknown; line?: number } }[];
}

/** The JSON report with its findings expanded (policy ids and resources spelled out). */
const readJson = (text: string): Json => {
  const report = JSON.parse(text);
  return { ...report, findings: expandFindings(report) } as Json;
};

async function scanJson(...paths: string[]): Promise<Json> {
  const r = await run(['scan', '--format', 'json', '--include-passes', ...paths]);
  return readJson(r.stdout);
}

/** `policy address status file:line`, for the findings on resources of one file. */
function verdicts(report: Json, file: string): string[] {
  return report.findings
    .filter((f) => f.resource.file === file)
    .map((f) => `${f.policyId} ${f.resource.address} ${f.status} ${f.resource.line}${f.evidence?.line !== undefined ? `/${f.evidence.line}` : ''}`)
    .sort();
}

describe('real Terraform source through a full scan', () => {
  it('the fixture folder: module roots found, examples of the modules left out', async () => {
    const report = await scanJson(FIXTURES);
    expect(report.errors).toEqual([]);
    expect(report.inputs).toEqual([
      { file: KMS, format: 'terraform-source', resources: 4 },
      { file: S3, format: 'terraform-source', resources: 5 },
      { file: `${S3}/modules/account-public-access`, format: 'terraform-source', resources: 1 },
      { file: `${S3}/modules/object`, format: 'terraform-source', resources: 1 },
    ]);
  });

  it('terraform-aws-kms examples/complete: keys with rotation off fail at the rotation line, the lambda role has no boundary', async () => {
    const report = await scanJson(`${KMS}/examples/complete`);
    expect(report.errors).toEqual([]);
    expect(report.inputs).toEqual([{ file: `${KMS}/examples/complete`, format: 'terraform-source', resources: 46 }]);
    const module = verdicts(report, `${KMS}/main.tf`);
    expect(module.filter((v) => v.startsWith('DSR-SEC-02'))).toEqual([
      'DSR-SEC-02 module.kms_complete.aws_kms_key.this[0] fail 18/28',
      'DSR-SEC-02 module.kms_default.aws_kms_key.this[0] pass 18',
      'DSR-SEC-02 module.kms_primary.aws_kms_key.this[0] fail 18/28',
    ]);
    expect(module.filter((v) => v.startsWith('DSR-COST-04'))).toHaveLength(8);
    expect(module.filter((v) => v.startsWith('DSR-IAM-01')).every((v) => v.includes(' pass '))).toBe(true);
    expect(verdicts(report, `${KMS}/examples/complete/main.tf`)).toEqual([
      'DSR-CRED-06 aws_iam_role.lambda pass 278',
      'DSR-IAM-01 aws_iam_role.lambda pass 278',
      'DSR-IAM-04 aws_iam_role.lambda pass 278',
      'DSR-IAM-05 aws_iam_role.lambda fail 278',
    ]);
  });

  it('terraform-aws-s3-bucket examples/object: buckets without KMS encryption fail, their public access blocks pass, the objects carry no cost tags', async () => {
    const report = await scanJson(`${S3}/examples/object`);
    expect(report.errors).toEqual([]);
    expect(report.inputs).toEqual([{ file: `${S3}/examples/object`, format: 'terraform-source', resources: 17 }]);
    const bucket = verdicts(report, `${S3}/main.tf`);
    expect(bucket.filter((v) => /DSR-SEC-0[34]/.test(v))).toEqual([
      'DSR-SEC-03 module.s3_bucket.aws_s3_bucket.this[0] fail 45',
      'DSR-SEC-03 module.s3_bucket_with_object_lock.aws_s3_bucket.this[0] fail 45',
      'DSR-SEC-04 module.s3_bucket.aws_s3_bucket.this[0] pass 45',
      'DSR-SEC-04 module.s3_bucket.aws_s3_bucket_public_access_block.this[0] pass 1164',
      'DSR-SEC-04 module.s3_bucket_with_object_lock.aws_s3_bucket.this[0] pass 45',
      'DSR-SEC-04 module.s3_bucket_with_object_lock.aws_s3_bucket_public_access_block.this[0] pass 1164',
    ]);
    expect(verdicts(report, `${S3}/modules/object/main.tf`).filter((v) => v.startsWith('DSR-COST-04'))).toEqual([
      'DSR-COST-04 module.object.aws_s3_object.this[0] fail 1/36',
      'DSR-COST-04 module.object_complete.aws_s3_object.this[0] fail 1/36',
      'DSR-COST-04 module.object_locked.aws_s3_object.this[0] fail 1/36',
      'DSR-COST-04 module.object_with_override_default_tags.aws_s3_object.this[0] fail 1/36',
    ]);
    expect(verdicts(report, `${S3}/examples/object/main.tf`)).toContain('DSR-SEC-02 aws_kms_key.this fail 100');
  });

  it('terraform-aws-s3-bucket examples/account-public-access: the account-level block, all four flags on', async () => {
    const report = await scanJson(`${S3}/examples/account-public-access`);
    expect(report.errors).toEqual([]);
    expect(report.inputs).toEqual([{ file: `${S3}/examples/account-public-access`, format: 'terraform-source', resources: 1 }]);
    expect(verdicts(report, `${S3}/modules/account-public-access/main.tf`)).toEqual([
      'DSR-CRED-06 module.account_public_access.aws_s3_account_public_access_block.this[0] pass 1',
      'DSR-SEC-04 module.account_public_access.aws_s3_account_public_access_block.this[0] pass 1',
    ]);
  });
});
