import { describe, expect, it } from 'vitest';
import { fromTerraformPlan } from '@onus/adapters';
import { plan12 } from './fixtures/plans.js';
import { addresses, fact } from './support.js';

describe('plan facts are keyed by full address with module path and count/for_each index', () => {
  const result = fromTerraformPlan(JSON.stringify(plan12()), 'plan.json');

  it('has one fact per resource_changes entry and no errors', () => {
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('terraform-plan');
    expect(addresses(result)).toEqual([
      'aws_vpc.main',
      'aws_subnet.private[0]',
      'aws_subnet.private[1]',
      'aws_s3_bucket.named["logs.example.com"]',
      'aws_s3_bucket.named["assets"]',
      'aws_s3_bucket_public_access_block.named["logs.example.com"]',
      'aws_s3_bucket_public_access_block.named["assets"]',
      'data.aws_iam_policy_document.assume',
      'aws_db_instance.old',
      'aws_route53_record.db',
      'module.db.aws_security_group.db',
      'module.db.module.x.aws_db_instance.this[0]',
      'module.eks.aws_eks_cluster.this',
      'module.team["a"].aws_iam_role.this',
      'module.team["b"].aws_iam_role.this',
      'module.team["a"].aws_iam_role_policy_attachment.this',
      'module.team["b"].aws_iam_role_policy_attachment.this',
    ]);
  });

  it('names the kind tf:<type> and the module path in source.module', () => {
    const db = fact(result, 'module.db.module.x.aws_db_instance.this[0]');
    expect(db.kind).toBe('tf:aws_db_instance');
    expect(db.source).toEqual({ file: 'plan.json', format: 'terraform-plan', module: 'module.db.module.x' });
    expect(fact(result, 'aws_vpc.main').source).toEqual({ file: 'plan.json', format: 'terraform-plan' });
    expect(fact(result, 'module.team["b"].aws_iam_role.this').source.module).toBe('module.team["b"]');
  });

  it('takes values from change.after', () => {
    expect(fact(result, 'aws_s3_bucket.named["logs.example.com"]').values).toEqual({ bucket: 'logs.example.com', force_destroy: false });
    expect(fact(result, 'module.eks.aws_eks_cluster.this').values).toMatchObject({ vpc_config: [{ endpoint_public_access: false }] });
  });

  it('accepts the parsed plan object as well as its text', () => {
    expect(addresses(fromTerraformPlan(plan12()))).toEqual(addresses(result));
    expect(fromTerraformPlan(plan12()).resources[0]?.source.file).toBe('<input>');
  });
});
