/**
 * Synthetic Terraform plans shaped like real ones (`terraform show -json`,
 * format 1.2): modules with count instances, buckets with companion
 * resources and references, security groups with inline rules, load
 * balancers, IAM policies as JSON strings, EKS node groups, tagged
 * instances, values known only after apply. Deterministic for a given size.
 */

interface Change {
  address: string;
  module_address?: string;
  mode: 'managed';
  type: string;
  name: string;
  index?: number;
  provider_name: string;
  change: { actions: string[]; before: null; after: Record<string, unknown>; after_unknown: Record<string, unknown>; before_sensitive: false; after_sensitive: Record<string, unknown> };
}

const PROVIDER = 'registry.terraform.io/hashicorp/aws';

function templates(i: number): { type: string; name: string; after: Record<string, unknown>; unknown: Record<string, unknown>; refs?: Record<string, string[]> }[] {
  const tags = i % 3 === 0 ? { CostCenter: 'cc-1', Owner: 'platform' } : { Name: `r${i}` };
  return [
    { type: 'aws_s3_bucket', name: 'data', after: { bucket: `data-${i}`, force_destroy: false, tags }, unknown: { id: true, arn: true, tags_all: true } },
    {
      type: 'aws_s3_bucket_public_access_block', name: 'data',
      after: { block_public_acls: true, block_public_policy: i % 5 !== 0, ignore_public_acls: true, restrict_public_buckets: true },
      unknown: { bucket: true, id: true }, refs: { bucket: ['aws_s3_bucket.data'] },
    },
    {
      type: 'aws_security_group', name: 'web',
      after: {
        name: `web-${i}`, description: 'web', tags,
        ingress: [
          { cidr_blocks: [i % 7 === 0 ? '0.0.0.0/0' : '10.0.0.0/8'], description: '', from_port: 22, to_port: 22, protocol: 'tcp', ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false },
          { cidr_blocks: ['0.0.0.0/0'], description: '', from_port: 443, to_port: 443, protocol: 'tcp', ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false },
        ],
        egress: [{ cidr_blocks: ['0.0.0.0/0'], description: '', from_port: 0, to_port: 0, protocol: '-1', ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }],
      },
      unknown: { id: true, arn: true, vpc_id: true, owner_id: true, tags_all: true },
    },
    { type: 'aws_lb', name: 'web', after: { internal: i % 4 !== 0, load_balancer_type: 'application', name: `lb-${i}`, tags }, unknown: { id: true, arn: true, dns_name: true, subnets: true, security_groups: true } },
    {
      type: 'aws_iam_policy', name: 'app',
      after: { name: `app-${i}`, path: '/', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: i % 11 === 0 ? '*' : ['s3:GetObject', 's3:PutObject'], Resource: '*' }] }), tags },
      unknown: { id: true, arn: true, policy_id: true },
    },
    {
      type: 'aws_eks_node_group', name: 'workers',
      after: { cluster_name: 'platform', node_group_name: `ng-${i}`, scaling_config: [{ desired_size: 3, max_size: i % 9 === 0 ? 100 : 10, min_size: 1 }], tags, instance_types: ['m5.large'] },
      unknown: { id: true, arn: true, node_role_arn: true, subnet_ids: true, resources: true },
    },
    { type: 'aws_instance', name: 'bastion', after: { ami: 'ami-123', instance_type: 't3.micro', tags, metadata_options: [{ http_tokens: 'required' }] }, unknown: { id: true, arn: true, private_ip: true, public_ip: true } },
    { type: 'aws_kms_key', name: 'data', after: { enable_key_rotation: i % 2 === 0, deletion_window_in_days: 30, tags }, unknown: { id: true, arn: true, key_id: true, policy: true } },
  ];
}

/** A plan with about `size` resources, spread over `module.app[k]` instances of 8 resources each. */
export function generatePlan(size: number): string {
  const changes: Change[] = [];
  const configResources: Record<string, unknown>[] = [];
  const groups = Math.ceil(size / 8);
  for (const t of templates(0)) {
    configResources.push({
      address: `${t.type}.${t.name}`, mode: 'managed', type: t.type, name: t.name, provider_config_key: 'aws',
      expressions: Object.fromEntries(Object.entries(t.refs ?? {}).map(([k, v]) => [k, { references: [`${v[0]}.id`, v[0]] }])),
      schema_version: 0,
    });
  }
  for (let g = 0; g < groups && changes.length < size; g++) {
    const module = `module.app[${g}]`;
    for (const t of templates(g)) {
      if (changes.length >= size) break;
      changes.push({
        address: `${module}.${t.type}.${t.name}`, module_address: module, mode: 'managed', type: t.type, name: t.name, provider_name: PROVIDER,
        change: { actions: ['create'], before: null, after: t.after, after_unknown: t.unknown, before_sensitive: false, after_sensitive: {} },
      });
    }
  }
  const plan = {
    format_version: '1.2',
    terraform_version: '1.11.0',
    planned_values: {
      root_module: {
        child_modules: Array.from({ length: groups }, (_, g) => ({
          address: `module.app[${g}]`,
          resources: changes
            .filter((c) => c.module_address === `module.app[${g}]`)
            .map((c) => ({ address: c.address, mode: 'managed', type: c.type, name: c.name, provider_name: PROVIDER, schema_version: 0, values: c.change.after, sensitive_values: {} })),
        })),
      },
    },
    resource_changes: changes,
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: PROVIDER } },
      root_module: { module_calls: { app: { source: './modules/app', count_expression: { constant_value: groups }, module: { resources: configResources } } } },
    },
    timestamp: '2026-11-28T00:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
  return JSON.stringify(plan);
}
