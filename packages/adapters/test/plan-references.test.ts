import { describe, expect, it } from 'vitest';
import { fromTerraformPlan } from '@onus/adapters';
import { plan12 } from './fixtures/plans.js';
import { fact } from './support.js';

describe('plan refs resolve configuration references to instance addresses', () => {
  const result = fromTerraformPlan(plan12());
  const refs = (address: string) => fact(result, address).refs;

  it('strips attribute suffixes and keeps root addresses', () => {
    expect(refs('aws_subnet.private[0]')).toEqual({ vpc_id: ['aws_vpc.main'], cidr_block: ['aws_vpc.main'] });
  });

  it('follows var.x inside a module to the value the parent passed in', () => {
    expect(refs('module.db.aws_security_group.db')).toEqual({ vpc_id: ['aws_vpc.main'] });
  });

  it('resolves a reference inside a module to the module-prefixed address', () => {
    expect(refs('module.db.module.x.aws_db_instance.this[0]')).toEqual({ vpc_security_group_ids: ['module.db.aws_security_group.db'] });
  });

  it('follows module.child.output through nested module outputs', () => {
    expect(refs('aws_route53_record.db')).toEqual({ records: ['module.db.module.x.aws_db_instance.this[0]'] });
  });

  it('keys nested block attributes by their path and lists every instance of a counted resource', () => {
    expect(refs('module.eks.aws_eks_cluster.this')).toEqual({
      role_arn: ['module.eks.data.aws_iam_role.cluster'],
      'vpc_config[0].subnet_ids': ['aws_subnet.private[0]', 'aws_subnet.private[1]'],
    });
  });

  it('lists a data source that is not in the plan by its configuration address', () => {
    expect(refs('data.aws_iam_policy_document.assume')).toEqual({
      'statement[0].principals[0].identifiers': ['module.eks.data.aws_iam_role.cluster'],
    });
  });

  it('uses prior_state data source addresses and drops local/each/count/var at the root', () => {
    expect(refs('aws_s3_bucket.named["assets"]')).toEqual({ tags: ['data.aws_caller_identity.current'] });
  });

  it('narrows x[each.key] to the same instance key, and lists all instances for for_each = x', () => {
    expect(refs('aws_s3_bucket_public_access_block.named["assets"]')).toEqual({
      bucket: ['aws_s3_bucket.named["assets"]'],
      for_each: ['aws_s3_bucket.named["logs.example.com"]', 'aws_s3_bucket.named["assets"]'],
    });
  });

  it('keeps a reference inside a for_each module to its own module instance', () => {
    expect(refs('module.team["b"].aws_iam_role_policy_attachment.this')).toEqual({ role: ['module.team["b"].aws_iam_role.this'] });
  });

  it('leaves refs empty when the plan has no configuration', () => {
    const plan: Record<string, unknown> = plan12();
    delete plan.configuration;
    const bare = fromTerraformPlan(plan);
    expect(bare.errors).toEqual([]);
    expect(bare.resources.every((r) => Object.keys(r.refs).length === 0)).toBe(true);
  });
});

/** A resource change of a hand-made plan: type and name read from the address (module steps, `data.` and the key dropped). */
function change(address: string) {
  const local = address.replace(/^(module\.[a-z]+\[\d+\]\.)*/, '');
  const mode = local.startsWith('data.') ? 'data' : 'managed';
  const [type, name] = local.replace(/^data\./, '').replace(/\[\d+\]$/, '').split('.');
  return { address, mode, type, name, change: { actions: ['create'], after: {} } };
}

/** A resource block of a hand-made plan's configuration. */
function block(address: string, expressions: Record<string, unknown> = {}) {
  const { mode, type, name } = change(address);
  return { address, mode, type, name, expressions };
}

const expression = (...references: string[]) => ({ references });

describe('plan refs over resources of one type', () => {
  // A managed resource and a data source of the same type and name, a counted
  // resource, and a data source read during planning that is also in the changes.
  const plan = {
    format_version: '1.2',
    resource_changes: ['aws_ami.base', 'data.aws_ami.base', 'aws_instance.a[0]', 'aws_instance.a[1]', 'aws_launch_template.t'].map(change),
    prior_state: { values: { root_module: { resources: [{ address: 'data.aws_ami.base', mode: 'data', type: 'aws_ami', name: 'base', values: {} }] } } },
    configuration: {
      root_module: {
        resources: [
          block('aws_ami.base'),
          block('data.aws_ami.base'),
          block('aws_instance.a', { ami: expression('data.aws_ami.base.id', 'data.aws_ami.base') }),
          block('aws_launch_template.t', {
            image_id: expression('aws_ami.base.id', 'aws_ami.base'),
            description: expression('aws_instance.a[1].id', 'aws_instance.a[1]', 'aws_instance.a'),
          }),
        ],
      },
    },
  };
  const result = fromTerraformPlan(plan);
  const refs = (address: string) => fact(result, address).refs;

  it('tells a data source from a managed resource of the same type and name, and names an instance listed twice once', () => {
    expect(result.errors).toEqual([]);
    expect(refs('aws_instance.a[0]')).toEqual({ ami: ['data.aws_ami.base'] });
    expect(refs('aws_launch_template.t')).toEqual({ image_id: ['aws_ami.base'], description: ['aws_instance.a[1]'] });
  });
});

describe('plan refs in every instance of a counted module', () => {
  // module.app[0] and module.app[1], each with a bucket, a block that names it,
  // a role that names the root's key through var.key, and a policy that names
  // the output of its own child module, whose queue policy names its queue
  // and, through var.bucket, its parent's bucket.
  const plan = {
    format_version: '1.2',
    resource_changes: [
      change('aws_kms_key.root'),
      ...[0, 1].flatMap((i) =>
        [
          'aws_s3_bucket.data',
          'aws_s3_bucket_public_access_block.data',
          'aws_iam_role.app',
          'aws_iam_policy.app',
          'module.inner[0].aws_sqs_queue.q',
          'module.inner[0].aws_sqs_queue_policy.q',
        ].map((local) => change(`module.app[${i}].${local}`)),
      ),
    ],
    configuration: {
      root_module: {
        resources: [block('aws_kms_key.root')],
        module_calls: {
          app: {
            source: './app',
            count_expression: { constant_value: 2 },
            expressions: { key: expression('aws_kms_key.root.arn', 'aws_kms_key.root') },
            module: {
              resources: [
                block('aws_s3_bucket.data'),
                block('aws_s3_bucket_public_access_block.data', { bucket: expression('aws_s3_bucket.data.id', 'aws_s3_bucket.data') }),
                block('aws_iam_role.app', { kms: expression('var.key') }),
                block('aws_iam_policy.app', { queue: expression('module.inner[0].queue', 'module.inner[0]') }),
              ],
              module_calls: {
                inner: {
                  source: './inner',
                  count_expression: { constant_value: 1 },
                  expressions: { bucket: expression('aws_s3_bucket.data.arn', 'aws_s3_bucket.data') },
                  module: {
                    resources: [
                      block('aws_sqs_queue.q'),
                      block('aws_sqs_queue_policy.q', { queue_url: expression('aws_sqs_queue.q.url', 'aws_sqs_queue.q'), policy: expression('var.bucket') }),
                    ],
                    outputs: { queue: { expression: expression('aws_sqs_queue.q.arn', 'aws_sqs_queue.q') } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
  const result = fromTerraformPlan(plan);
  const refs = (address: string) => fact(result, address).refs;

  it('names the resources of its own instance, the parent through a variable, and its own child module', () => {
    expect(result.errors).toEqual([]);
    for (const i of [0, 1]) {
      expect(refs(`module.app[${i}].aws_s3_bucket_public_access_block.data`)).toEqual({ bucket: [`module.app[${i}].aws_s3_bucket.data`] });
      expect(refs(`module.app[${i}].aws_iam_role.app`)).toEqual({ kms: ['aws_kms_key.root'] });
      expect(refs(`module.app[${i}].aws_iam_policy.app`)).toEqual({ queue: [`module.app[${i}].module.inner[0].aws_sqs_queue.q`] });
      expect(refs(`module.app[${i}].module.inner[0].aws_sqs_queue_policy.q`)).toEqual({
        queue_url: [`module.app[${i}].module.inner[0].aws_sqs_queue.q`],
        policy: [`module.app[${i}].aws_s3_bucket.data`],
      });
    }
  });
});
