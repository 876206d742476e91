/**
 * Reports for the writer tests, built with the core's buildReport from
 * hand-made findings: several areas, every status, with and without a line,
 * waivers (config and annotation), input errors, and text that needs escaping.
 */
import { buildReport, definePack, REDACTED, type Finding, type Report, type Responsibility } from '@onus/core';

export const PACK = definePack({ name: '@onus/rules', version: '1.0.0', policies: [], params: {} });

/** Appears nowhere in any fixture: no writer may ever print it. */
export const PLANTED_SECRET = 'hunter2-PLANTED-s3cr3t';

/** Text every escaping writer must neutralise. */
export const NASTY = `<script>alert("x")</script> & 'single' | pipe \`tick\` *star* [link](http://example.com/x)`;

export function finding(over: Partial<Finding> & Pick<Finding, 'policyId' | 'status'>): Finding {
  return {
    title: `Title of ${over.policyId}`,
    responsibility: 'network',
    severity: 'high',
    resource: { address: 'aws_lb.public', kind: 'tf:aws_lb', file: 'plan.json', line: 10 },
    message: `${over.resource?.address ?? 'aws_lb.public'} fails ${over.policyId}`,
    remediation: `Fix ${over.policyId}.`,
    frameworks: {},
    check: 0,
    ...over,
  };
}

export const FINDINGS: Finding[] = [
  finding({
    policyId: 'DSR-SEC-01',
    title: 'Buckets encrypt data at rest',
    responsibility: 'security',
    severity: 'critical',
    status: 'fail',
    resource: { address: 'aws_s3_bucket.data["a.b"]', kind: 'tf:aws_s3_bucket', file: 'plans/main plan.json', line: 12 },
    message: 'aws_s3_bucket.data["a.b"] has no server-side encryption',
    evidence: { path: '$.server_side_encryption_configuration', value: null },
    remediation: 'Add a server_side_encryption_configuration block with aws:kms.',
    frameworks: { 'cis-aws-3.0': ['2.1.1'], 'soc2': [] },
  }),
  finding({
    policyId: 'DSR-NET-04',
    title: "Load balancers answer only inside the platform's VPC",
    responsibility: 'network',
    severity: 'high',
    status: 'fail',
    resource: { address: 'module.edge.aws_lb.public[0]', kind: 'tf:aws_lb', file: 'infra\\edge\\plan.json' },
    message: `module.edge.aws_lb.public[0] is internet-facing: ${NASTY}`,
    evidence: { path: '$.internal', value: false },
    remediation: 'Set internal = true,\nand route through the VPC.',
    frameworks: { 'cis-eks-1.5': ['5.4.5'] },
  }),
  finding({
    policyId: 'DSR-CRED-02',
    title: 'Database passwords come from a secret store',
    responsibility: 'credentials',
    severity: 'medium',
    status: 'fail',
    resource: { address: 'aws_db_instance.main', kind: 'tf:aws_db_instance', file: 'plan.json', line: 40 },
    message: 'aws_db_instance.main sets its password in plain text',
    evidence: { path: '$.password', value: REDACTED },
    remediation: 'Use manage_master_user_password = true.',
  }),
  finding({
    policyId: 'DSR-COST-01',
    title: 'A budget exists',
    responsibility: 'costs',
    severity: 'medium',
    status: 'unknown',
    resource: { address: '(scan)', kind: 'scope' },
    message: '(scan): a matching tf:aws_budgets_budget may exist, but its attributes are known only after apply',
    remediation: 'Add an aws_budgets_budget.',
  }),
  finding({
    policyId: 'DSR-COST-02',
    title: 'Resources carry cost tags',
    responsibility: 'costs',
    severity: 'low',
    status: 'fail',
    resource: { address: 'aws_instance.ünïcødé', kind: 'tf:aws_instance', file: 'plan.json', line: 7 },
    message: 'aws_instance.ünïcødé lacks tags: 日本 CostCenter\nsecond line, 100% sure',
    evidence: { path: '$.tags.CostCenter' },
    remediation: 'Tag it.',
  }),
  finding({
    policyId: 'DSR-COST-02',
    title: 'Resources carry cost tags',
    responsibility: 'costs',
    severity: 'low',
    status: 'pass',
    resource: { address: 'aws_instance.ok', kind: 'tf:aws_instance', file: 'plan.json', line: 20 },
    message: 'aws_instance.ok: Resources carry cost tags',
    remediation: 'Tag it.',
  }),
  finding({
    policyId: 'DSR-NET-04',
    title: "Load balancers answer only inside the platform's VPC",
    responsibility: 'network',
    severity: 'high',
    status: 'waived',
    resource: { address: 'module.edge.aws_lb.legacy', kind: 'tf:aws_lb', file: 'plan.json', line: 55 },
    message: 'module.edge.aws_lb.legacy is internet-facing',
    remediation: 'Set internal = true.',
    waiver: { reason: 'Legacy edge, replaced in Q3 <soon>', owner: 'team-net', expires: '2027-03-31', source: '.onus.yaml' },
  }),
  finding({
    policyId: 'DSR-ROLE-03',
    title: 'No wildcard admin',
    responsibility: 'roles',
    severity: 'high',
    status: 'error',
    resource: { address: 'k8s:prod/ClusterRoleBinding/admins', kind: 'k8s:ClusterRoleBinding', file: 'k8s/rbac.yaml', line: 3 },
    message: 'k8s:prod/ClusterRoleBinding/admins: could not evaluate: subjects is not a list',
    remediation: 'Bind cluster-admin only to the allowlist.',
  }),
  finding({
    policyId: 'DSR-EGR-01',
    title: 'Egress goes through the proxy',
    responsibility: 'egress',
    severity: 'medium',
    status: 'pass',
    resource: { address: 'aws_route_table.private', kind: 'tf:aws_route_table', file: 'plan.json' },
    message: 'aws_route_table.private: Egress goes through the proxy',
    remediation: 'Route 0.0.0.0/0 via the proxy.',
  }),
  finding({
    policyId: 'DSR-EGR-02',
    title: 'Security groups do not allow all egress',
    responsibility: 'egress',
    severity: 'info',
    status: 'fail',
    resource: { address: 'aws_security_group.web', kind: 'tf:aws_security_group', file: 'plan.json', line: 90 },
    message: 'aws_security_group.web allows all egress',
    evidence: { path: '$.egress[0].cidr_blocks', value: ['0.0.0.0/0'] },
    remediation: 'Narrow egress.',
  }),
  finding({
    policyId: 'DSR-SEC-05',
    title: 'Pods do not run privileged',
    responsibility: 'security',
    severity: 'high',
    status: 'waived',
    resource: { address: 'k8s:prod/Deployment/agent', kind: 'k8s:Deployment', file: 'k8s/agent.yaml', line: 1 },
    message: 'k8s:prod/Deployment/agent runs privileged',
    remediation: 'Drop privileged.',
    waiver: { reason: 'node agent needs host access', source: 'k8s/agent.yaml: annotation onus.dev/waive' },
  }),
];

export function sampleReport(findings: Finding[] = FINDINGS): Report {
  return buildReport({
    pack: PACK,
    toolVersion: '0.1.0',
    inputs: [
      { file: 'plan.json', format: 'terraform-plan', resources: 30 },
      { file: 'plans/main plan.json', format: 'terraform-plan', resources: 4 },
      { file: 'k8s/rbac.yaml', format: 'kubernetes', resources: 2 },
    ],
    errors: [
      { file: 'plans/broken.json', line: 3, pointer: '/resource_changes/0', message: 'Unexpected token } in JSON at position 41', hint: 'Run `terraform show -json tfplan > plan.json` and scan that.' },
      { file: 'tfplan', message: 'A binary Terraform plan (zip), not JSON <bin>', hint: 'Use terraform show -json.' },
    ],
    findings,
    areas: ['costs', 'security', 'credentials', 'roles', 'network', 'egress'],
    waivers: {
      stale: [{ policy: 'DSR-NET-09', resource: 'aws_lb.gone*', reason: 'old', source: '.onus.yaml' }],
      expired: [{ policy: 'DSR-COST-01', resource: '(scan)', reason: 'budget later', expires: '2024-01-31', owner: 'finops', source: '.onus.yaml' }],
    },
  });
}

/** A clean report: only passes, no errors, no waivers. */
export function cleanReport(): Report {
  return buildReport({ pack: PACK, toolVersion: '0.1.0', inputs: [{ file: 'plan.json', format: 'terraform-plan', resources: 1 }], errors: [], findings: FINDINGS.filter((f) => f.status === 'pass') });
}

/** Many failures, for truncation. */
export function bigReport(n: number, area: Responsibility = 'network'): Report {
  const findings = Array.from({ length: n }, (_, i) =>
    finding({
      policyId: `DSR-NET-${String(i % 90).padStart(2, '0')}`,
      status: 'fail',
      responsibility: area,
      severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[i % 5]!,
      resource: { address: `module.m${i}.aws_lb.x["k|${i}"]`, kind: 'tf:aws_lb', file: `stack-${i}.json`, line: i + 1 },
      message: `module.m${i}.aws_lb.x is internet-facing ${'and more text '.repeat(5)}`,
    }),
  );
  return buildReport({ pack: PACK, toolVersion: '0.1.0', inputs: [], errors: [], findings });
}
