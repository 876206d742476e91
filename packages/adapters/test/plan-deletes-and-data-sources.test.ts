import { describe, expect, it } from 'vitest';
import { fromTerraformPlan } from '@onus/adapters';
import { plan12 } from './fixtures/plans.js';
import { fact } from './support.js';

describe('plan deletes and data sources are facts with their change', () => {
  const result = fromTerraformPlan(plan12());

  it('gives a delete empty values and keeps change.before', () => {
    const old = fact(result, 'aws_db_instance.old');
    expect(old.values).toEqual({});
    expect(old.change).toEqual({ actions: ['delete'], before: { identifier: 'old', password: 'hunter2', publicly_accessible: true } });
    expect(old.dataSource).toBeUndefined();
  });

  it('keeps before_sensitive paths of a delete sensitive, since change.before is kept', () => {
    expect(fact(result, 'aws_db_instance.old').sensitive).toEqual(['password']);
  });

  it('marks data sources and keeps their read action', () => {
    const doc = fact(result, 'data.aws_iam_policy_document.assume');
    expect(doc.dataSource).toBe(true);
    expect(doc.kind).toBe('tf:aws_iam_policy_document');
    expect(doc.change?.actions).toEqual(['read']);
    expect(doc.unknown).toContain('statement[0].principals[0].identifiers');
  });

  it('marks data sources inside modules', () => {
    const plan = {
      format_version: '1.1',
      resource_changes: [
        {
          address: 'module.x.data.aws_vpc.this',
          module_address: 'module.x',
          mode: 'data',
          type: 'aws_vpc',
          name: 'this',
          change: { actions: ['read'], before: null, after: { default: false }, after_unknown: { id: true } },
        },
      ],
    };
    const vpc = fact(fromTerraformPlan(plan), 'module.x.data.aws_vpc.this');
    expect(vpc.dataSource).toBe(true);
    expect(vpc.source.module).toBe('module.x');
  });

  it('keeps both actions of a replacement and the after-state', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_instance.web',
          mode: 'managed',
          type: 'aws_instance',
          name: 'web',
          change: {
            actions: ['create', 'delete'],
            before: { ami: 'ami-old' },
            after: { ami: 'ami-new' },
            after_unknown: { id: true },
            before_sensitive: {},
            after_sensitive: {},
            replace_paths: [['ami']],
          },
          action_reason: 'replace_because_cannot_update',
        },
      ],
    };
    const web = fact(fromTerraformPlan(plan), 'aws_instance.web');
    expect(web.values).toEqual({ ami: 'ami-new' });
    expect(web.change).toEqual({ actions: ['create', 'delete'], before: { ami: 'ami-old' } });
  });

  it('addresses deposed objects apart from the current instance', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_instance.web', mode: 'managed', type: 'aws_instance', name: 'web', change: { actions: ['no-op'], before: { ami: 'a' }, after: { ami: 'a' } } },
        {
          address: 'aws_instance.web',
          mode: 'managed',
          type: 'aws_instance',
          name: 'web',
          deposed: '00000001',
          change: { actions: ['delete'], before: { ami: 'old' }, after: null },
        },
      ],
    };
    const result2 = fromTerraformPlan(plan);
    expect(result2.resources.map((r) => r.address)).toEqual(['aws_instance.web', 'aws_instance.web (deposed 00000001)']);
  });
});
