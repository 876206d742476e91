import { describe, expect, it } from 'vitest';
import { fromTerraformPlan } from '@onus/adapters';
import { plan12 } from './fixtures/plans.js';
import { fact } from './support.js';

describe('plan after_unknown and after_sensitive become fact paths', () => {
  const result = fromTerraformPlan(plan12());

  it('walks nested after_unknown markers into paths', () => {
    expect(fact(result, 'module.eks.aws_eks_cluster.this').unknown).toEqual([
      'arn',
      'vpc_config[0].cluster_security_group_id',
      'vpc_config[0].subnet_ids',
      'vpc_config[0].vpc_id',
    ]);
    expect(fact(result, 'aws_s3_bucket.named["assets"]').unknown).toEqual([
      'arn',
      'id',
      'server_side_encryption_configuration[0].rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id',
    ]);
  });

  it('ignores false markers and empty objects', () => {
    expect(fact(result, 'aws_vpc.main').unknown).toEqual(['arn', 'id', 'tags_all']);
    expect(fact(result, 'module.db.aws_security_group.db').unknown).toEqual(['arn', 'id', 'vpc_id']);
    expect(fact(result, 'module.db.aws_security_group.db').sensitive).toEqual([]);
  });

  it('marks after_sensitive paths', () => {
    expect(fact(result, 'module.db.module.x.aws_db_instance.this[0]').sensitive).toEqual(['password']);
  });

  it('treats a top-level true as the whole resource (the empty path)', () => {
    const plan = plan12();
    const changes = plan.resource_changes as { change: Record<string, unknown> }[];
    (changes[0] as { change: Record<string, unknown> }).change.after_unknown = true;
    (changes[0] as { change: Record<string, unknown> }).change.after_sensitive = true;
    const vpc = fact(fromTerraformPlan(plan), 'aws_vpc.main');
    expect(vpc.unknown).toEqual(['']);
    expect(vpc.sensitive).toEqual(['']);
  });

  it('quotes keys that are not identifiers', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_instance.a',
          mode: 'managed',
          type: 'aws_instance',
          name: 'a',
          change: {
            actions: ['create'],
            before: null,
            after: { tags: {} },
            after_unknown: { tags: { 'kubernetes.io/cluster/x': true } },
            after_sensitive: { user_data: true },
          },
        },
      ],
    };
    const a = fact(fromTerraformPlan(plan), 'aws_instance.a');
    expect(a.unknown).toEqual(['tags["kubernetes.io/cluster/x"]']);
    expect(a.sensitive).toEqual(['user_data']);
  });
});
