// What a downstream tool holds in memory: a plan from `terraform show -json`, a manifest,
// and a policy of its own. Shared by the ESM and CommonJS consumers.
export const plan = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.11.0',
  resource_changes: [
    {
      address: 'aws_lb.edge', mode: 'managed', type: 'aws_lb', name: 'edge', provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after: { internal: false, name: 'edge', tags: { CostCenter: 'cc-7', Owner: 'web' } }, after_unknown: { arn: true, id: true }, before_sensitive: false, after_sensitive: {} },
    },
    {
      address: 'aws_eks_node_group.workers', mode: 'managed', type: 'aws_eks_node_group', name: 'workers', provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after: { cluster_name: 'platform', scaling_config: [{ desired_size: 3, max_size: 30, min_size: 1 }], tags: { CostCenter: 'cc-7', Owner: 'platform' } }, after_unknown: { arn: true, id: true, subnet_ids: true }, before_sensitive: false, after_sensitive: {} },
    },
  ],
  planned_values: { root_module: {} },
  configuration: { root_module: {} },
});

export const manifest = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: platform
  labels: { CostCenter: cc-7, Owner: platform }
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-scheme: internal
spec:
  type: LoadBalancer
  selector: { app: api }
  ports: [{ port: 443 }]
`;

/** The tool's own rule: load balancers must be named with the team prefix. */
export const ownPolicy = {
  id: 'ACME-NET-01',
  title: 'Load balancer names start with the team prefix',
  responsibility: 'network',
  severity: 'low',
  remediation: 'Name it acme-<service>.',
  checks: [{ kind: 'tf:aws_lb', assert: { fact: 'values', path: '$.name', operator: 'matches', value: '^acme-' }, message: '{address} is named {value}' }],
};

/** One line per area: `network: 3 pass, 2 fail, 0 unknown`. */
export function scorecardLines(report) {
  return Object.entries(report.scorecard).map(([area, t]) => `${area}: ${t.pass} pass, ${t.fail} fail, ${t.unknown} unknown, ${t.waived} waived`);
}
