/**
 * On Terraform source, an attribute set from a variable nobody gave a value is
 * unknown, with the reason; it is never read as "left at the provider default"
 * (which a plan's bare "known after apply" means for Optional+Computed attributes).
 */
import { describe, expect, it } from 'vitest';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan } from '@onus/engine';
import { tempDir } from './support.js';

const { plan } = await planScan({ pack: loadDefaultPack(), sources: [{ file: 'test', enable: ['objectStore'] }], today: '2026-06-01' });

/** One resource whose attribute comes from an unset variable, and the policy that reads that attribute. */
const CASES: { policy: string; address: string; tf: string }[] = [
  { policy: 'DSR-NET-04', address: 'aws_lb.edge', tf: 'resource "aws_lb" "edge" {\n  name     = "edge"\n  internal = var.v\n}\n' },
  {
    policy: 'DSR-NET-02',
    address: 'aws_eks_cluster.c',
    tf: 'resource "aws_eks_cluster" "c" {\n  name     = "c"\n  role_arn = "arn:aws:iam::1:role/r"\n  vpc_config {\n    subnet_ids             = ["s"]\n    endpoint_public_access = true\n    public_access_cidrs    = var.v\n  }\n}\n',
  },
  { policy: 'DSR-NET-10', address: 'aws_security_group.g', tf: 'resource "aws_security_group" "g" {\n  name    = "g"\n  ingress = var.v\n}\n' },
  { policy: 'DSR-EGR-03', address: 'aws_security_group.g', tf: 'resource "aws_security_group" "g" {\n  name   = "g"\n  egress = var.v\n  tags   = { "kubernetes.io/cluster/platform" = "owned" }\n}\n' },
  { policy: 'DSR-CRED-05', address: 'aws_iam_access_key.k', tf: 'resource "aws_iam_access_key" "k" {\n  user   = "u"\n  status = var.v\n}\n' },
  {
    policy: 'DSR-SEC-07',
    address: 'google_container_cluster.c',
    tf: 'resource "google_container_cluster" "c" {\n  name     = "c"\n  location = "europe-west1"\n  database_encryption {\n    state    = var.v\n    key_name = var.v\n  }\n}\n',
  },
  {
    policy: 'DSR-ODB-05',
    address: 'mongodbatlas_cluster.c',
    tf: 'resource "mongodbatlas_cluster" "c" {\n  project_id     = "p"\n  name           = "c"\n  cloud_backup   = true\n  pit_enabled    = var.v\n}\n',
  },
];

describe('an attribute from an unset variable, on Terraform source', () => {
  for (const c of CASES) {
    it(`${c.policy}: ${c.address} is unknown, naming the variable`, async () => {
      const dir = tempDir({ 'infra/main.tf': `variable "v" {}\n${c.tf}` });
      const { report } = await scan(['infra'], plan, { cwd: dir });
      expect(report.errors).toEqual([]);
      const findings = report.findings.filter((f) => f.policyId === c.policy && f.resource.address === c.address);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.map((f) => f.status)).not.toContain('fail');
      expect(findings.map((f) => f.status)).toContain('unknown');
      const unknown = findings.find((f) => f.status === 'unknown')!;
      expect(unknown.message).toMatch(/var\.v is not set/);
    });
  }
});

describe('a check over related resources, on Terraform source', () => {
  // As terraform-aws-eks writes it: the role's name prefix depends on path.cwd; the managed policy ARN on the partition.
  const tf = `data "aws_partition" "current" {}
resource "aws_iam_role" "cluster" {
  name_prefix        = basename(path.cwd)
  assume_role_policy = "{}"
}
resource "aws_eks_cluster" "c" {
  name     = "c"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = ["s"]
  }
}
resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKSClusterPolicy"
}
`;

  it('is unknown with the reason of the related resource that is why, naming it (not a reason of its own, not "($)")', async () => {
    const dir = tempDir({ 'infra/main.tf': tf });
    const { report } = await scan(['infra'], plan, { cwd: dir });
    expect(report.errors).toEqual([]);
    const role = report.findings.filter((f) => f.policyId === 'DSR-IAM-02' && f.resource.address === 'aws_iam_role.cluster');
    expect(role.map((f) => f.status)).toEqual(['unknown']);
    expect(role[0]!.message).not.toMatch(/path\.cwd/);
    expect(role[0]!.message).not.toContain('($)');
    expect(role[0]!.message).toMatch(/^aws_iam_role\.cluster: depends on data\.aws_partition\.current\.partition \(aws_iam_role_policy_attachment\.cluster: policy_arn\): /);
  });

  it('names the unset variable of the related resource that leaves the check open', async () => {
    const dir = tempDir({
      'infra/main.tf': `variable "block" {
  type = bool
}
resource "aws_s3_bucket" "b" {
  bucket = "data"
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = var.block
  block_public_policy     = var.block
  ignore_public_acls      = var.block
  restrict_public_buckets = var.block
}
`,
    });
    const { report } = await scan(['infra'], plan, { cwd: dir });
    const bucket = report.findings.filter((f) => f.policyId === 'DSR-SEC-04' && f.resource.address === 'aws_s3_bucket.b');
    expect(bucket.map((f) => f.status)).toEqual(['unknown']);
    expect(bucket[0]!.message).toBe(
      'aws_s3_bucket.b: var.block is not set (no default and no tfvars value) (aws_s3_bucket_public_access_block.b: block_public_acls): Bucket public access is blocked',
    );
  });
});
