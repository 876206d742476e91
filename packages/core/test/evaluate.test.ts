import { describe, expect, it } from 'vitest';
import { definePack, evaluate, parsePolicy, REDACTED, type Policy } from '../src/index.js';
import { resource } from './helpers.js';

function pack(...policies: Policy[]) {
  return definePack({ name: 'test', version: '0.0.0', policies, params: { maxNodes: 50 } });
}

const lbPolicy: Policy = {
  id: 'T-NET-01',
  title: 'Load balancers are internal',
  responsibility: 'network',
  severity: 'high',
  remediation: 'Set internal = true.',
  checks: [
    {
      kind: 'tf:aws_lb',
      assert: { all: [{ fact: 'values', path: '$.internal', operator: 'equal', value: true }] },
      message: '{address} is internet-facing (internal = {value})',
    },
  ],
};

describe('compiled evaluator verdicts', () => {
  it('passes a resource that satisfies the assertion', () => {
    const [f] = evaluate([resource('tf:aws_lb', { internal: true })], pack(lbPolicy));
    expect(f?.status).toBe('pass');
  });

  it('fails a resource that does not, with the deciding path and value as evidence', () => {
    const [f] = evaluate([resource('tf:aws_lb', { internal: false }, { address: 'aws_lb.web' })], pack(lbPolicy));
    expect(f?.status).toBe('fail');
    expect(f?.evidence).toEqual({ path: '$.internal', value: false });
    expect(f?.message).toBe('aws_lb.web is internet-facing (internal = false)');
  });

  it('gives the line of the failing attribute, or of the closest block the source sets, as evidence', () => {
    const source = { file: 'main.tf', format: 'terraform-source', line: 3, lines: { internal: 5, ingress: 7, 'ingress[0]': 7, 'ingress[0].cidr_blocks': 9 } };
    const [f] = evaluate([resource('tf:aws_lb', { internal: false }, { source })], pack(lbPolicy));
    expect(f).toMatchObject({ resource: { file: 'main.tf', line: 3 }, evidence: { path: '$.internal', value: false, line: 5 } });
    const ingress: Policy = {
      ...lbPolicy,
      id: 'T-NET-02',
      checks: [{ kind: 'tf:aws_security_group', assert: { fact: 'values', path: '$.ingress[*].cidr_blocks', operator: 'noItem', value: { operator: 'contains', value: '0.0.0.0/0' } } }],
    };
    const sg = resource('tf:aws_security_group', { ingress: [{ cidr_blocks: ['0.0.0.0/0'] }] }, { source });
    // A list check names the item that decided: the attribute line inside that block.
    expect(evaluate([sg], pack(ingress))[0]?.evidence).toMatchObject({ path: '$.ingress[0].cidr_blocks', line: 9 });
    const blockOnly = { ...source, lines: { ingress: 7, 'ingress[0]': 7 } };
    expect(evaluate([{ ...sg, source: blockOnly }], pack(ingress))[0]?.evidence).toMatchObject({ line: 7 });
    // Without lines (a plan), no line.
    expect(evaluate([resource('tf:aws_lb', { internal: false })], pack(lbPolicy))[0]?.evidence).toEqual({ path: '$.internal', value: false });
  });

  it('gives unknown when the path falls into a value known only after apply', () => {
    const [f] = evaluate([resource('tf:aws_lb', {}, { unknown: ['internal'] })], pack(lbPolicy));
    expect(f?.status).toBe('unknown');
    expect(f?.evidence?.path).toBe('$.internal');
  });

  it('gives unknown when a parent of the path is unknown', () => {
    const policy: Policy = {
      ...lbPolicy,
      checks: [{ kind: 'tf:aws_eks_cluster', assert: { fact: 'values', path: '$.vpc_config[0].endpoint_private_access', operator: 'equal', value: true } }],
    };
    const [f] = evaluate([resource('tf:aws_eks_cluster', {}, { unknown: ['vpc_config'] })], pack(policy));
    expect(f?.status).toBe('unknown');
  });

  it('lets onUnknown turn unknown into a verdict', () => {
    const policy: Policy = { ...lbPolicy, checks: [{ ...(lbPolicy.checks[0] as object), onUnknown: 'fail' } as Policy['checks'][0]] };
    const [f] = evaluate([resource('tf:aws_lb', {}, { unknown: ['internal'] })], pack(policy));
    expect(f?.status).toBe('fail');
  });

  it('resolves unknown through Kleene logic: a false conjunct decides even beside an unknown one', () => {
    const policy: Policy = {
      ...lbPolicy,
      checks: [
        {
          kind: 'tf:aws_lb',
          assert: {
            all: [
              { fact: 'values', path: '$.internal', operator: 'equal', value: true },
              { fact: 'values', path: '$.name', operator: 'exists', value: true },
            ],
          },
        },
      ],
    };
    const [f] = evaluate([resource('tf:aws_lb', { internal: false }, { unknown: ['name'] })], pack(policy));
    expect(f?.status).toBe('fail');
  });

  it('gives error for the one pair whose operator throws, and evaluates the others', () => {
    const policy: Policy = {
      ...lbPolicy,
      checks: [{ kind: 'tf:aws_budgets_budget', assert: { fact: 'values', path: '$.limit_amount', operator: 'numberGt', value: 0 } }],
    };
    const findings = evaluate(
      [resource('tf:aws_budgets_budget', { limit_amount: 'lots' }, { address: 'a' }), resource('tf:aws_budgets_budget', { limit_amount: '100.0' }, { address: 'b' })],
      pack(policy),
    );
    expect(findings.map((f) => [f.resource.address, f.status])).toEqual([
      ['a', 'error'],
      ['b', 'pass'],
    ]);
    expect(findings[0]?.message).toMatch(/not a number/);
  });

  it('skips resources whose `when` filter is false', () => {
    const policy: Policy = {
      ...lbPolicy,
      checks: [{ kind: 'tf:aws_lb', when: { fact: 'values', path: '$.load_balancer_type', operator: 'equal', value: 'network' }, assert: lbPolicy.checks[0]!.kind === 'scope' ? ({} as never) : (lbPolicy.checks[0] as { assert: never }).assert }],
    };
    expect(evaluate([resource('tf:aws_lb', { load_balancer_type: 'application', internal: false })], pack(policy))).toEqual([]);
    expect(evaluate([resource('tf:aws_lb', { load_balancer_type: 'network', internal: false })], pack(policy))[0]?.status).toBe('fail');
  });

  it('`inconclusive` makes a failure unknown, with its own message, when its condition holds', () => {
    const policy: Policy = {
      ...lbPolicy,
      checks: [
        {
          ...(lbPolicy.checks[0] as Exclude<Policy['checks'][number], { kind: 'scope' }>),
          inconclusive: { when: { fact: 'params', path: '$.cloud', operator: 'equal', value: 'any' }, message: '{address}: it depends on the cloud parameter' },
        },
      ],
    };
    const lb = resource('tf:aws_lb', { internal: false }, { address: 'aws_lb.a' });
    const unknown = evaluate([lb], pack(policy), { params: { cloud: 'any' } })[0];
    expect([unknown?.status, unknown?.message]).toEqual(['unknown', 'aws_lb.a: it depends on the cloud parameter']);
    expect(evaluate([lb], pack(policy), { params: { cloud: 'aws' } })[0]?.status).toBe('fail');
    expect(evaluate([resource('tf:aws_lb', { internal: true })], pack(policy), { params: { cloud: 'any' } })[0]?.status).toBe('pass');
  });

  it('skips planned deletes and data sources unless asked for', () => {
    const deleted = resource('tf:aws_lb', { internal: false }, { change: { actions: ['delete'] } });
    const data = resource('tf:aws_lb', { internal: false }, { dataSource: true });
    expect(evaluate([deleted, data], pack(lbPolicy))).toEqual([]);
    const replaced = resource('tf:aws_lb', { internal: false }, { change: { actions: ['delete', 'create'] } });
    expect(evaluate([replaced], pack(lbPolicy))[0]?.status).toBe('fail');
  });

  it('reads parameters through value-from-fact', () => {
    const policy: Policy = {
      ...lbPolicy,
      checks: [
        {
          kind: 'tf:aws_eks_node_group',
          assert: { fact: 'values', path: '$.scaling_config[0].max_size', operator: 'lessThanInclusive', value: { fact: 'params', path: '$.maxNodes' } },
        },
      ],
    };
    const ng = resource('tf:aws_eks_node_group', { scaling_config: [{ max_size: 80 }] });
    expect(evaluate([ng], pack(policy))[0]?.status).toBe('fail');
    expect(evaluate([ng], pack(policy), { params: { maxNodes: 100 } })[0]?.status).toBe('pass');
  });

  it('never shows a sensitive value as evidence', () => {
    const policy: Policy = {
      ...lbPolicy,
      checks: [{ kind: 'tf:aws_db_instance', assert: { fact: 'values', path: '$.password', operator: 'exists', value: false }, message: '{address} has password {value}' }],
    };
    const [f] = evaluate([resource('tf:aws_db_instance', { password: 'hunter2' }, { sensitive: ['password'] })], pack(policy));
    expect(f?.status).toBe('fail');
    expect(f?.evidence?.value).toBe(REDACTED);
    expect(JSON.stringify(f)).not.toContain('hunter2');
  });

  it('is deterministic: policies by id, then resources in input order', () => {
    const other: Policy = { ...lbPolicy, id: 'T-AAA-01' };
    const rs = [resource('tf:aws_lb', { internal: true }, { address: 'b' }), resource('tf:aws_lb', { internal: false }, { address: 'a' })];
    const run = () => evaluate(rs, pack(lbPolicy, other)).map((f) => `${f.policyId} ${f.resource.address}`);
    expect(run()).toEqual(['T-AAA-01 b', 'T-AAA-01 a', 'T-NET-01 b', 'T-NET-01 a']);
    expect(run()).toEqual(run());
  });

  it('keeps checks in file order and resources in input order when resources of several kinds interleave', () => {
    const twoKinds: Policy = {
      ...lbPolicy,
      id: 'T-MIX-01',
      checks: [
        { kind: 'tf:aws_s3_bucket', assert: { fact: 'values', path: '$.versioned', operator: 'equal', value: true } },
        lbPolicy.checks[0]!,
        { kind: 'tf:aws_s3_bucket', forEach: { fact: 'values', path: '$.names' }, assert: { fact: 'item', operator: 'notEqual', value: 'x' } },
      ],
    };
    const rs = [
      resource('tf:aws_lb', { internal: true }, { address: 'lb.b' }),
      resource('tf:aws_s3_bucket', { versioned: true, names: ['x', 'y'] }, { address: 'bucket.z' }),
      resource('tf:aws_lb', { internal: false }, { address: 'lb.a' }),
      resource('tf:aws_s3_bucket', { versioned: false, names: ['w'] }, { address: 'bucket.c' }),
    ];
    const got = evaluate(rs, pack(twoKinds)).map((f) => `${f.check} ${f.resource.address}${f.item === undefined ? '' : ` ${f.item}`} ${f.status}`);
    expect(got).toEqual([
      '0 bucket.z pass',
      '0 bucket.c fail',
      '1 lb.b pass',
      '1 lb.a fail',
      '2 bucket.z x fail',
      '2 bucket.z y pass',
      '2 bucket.c w pass',
    ]);
  });

  it('runs optional areas only when enabled, and honours only/skip', () => {
    const cert: Policy = { ...lbPolicy, id: 'T-CERT-01', responsibility: 'certificates', optional: true };
    const rs = [resource('tf:aws_lb', { internal: true })];
    expect(evaluate(rs, pack(cert)).length).toBe(0);
    expect(evaluate(rs, pack(cert), { enable: ['certificates'] }).length).toBe(1);
    expect(evaluate(rs, pack(lbPolicy), { skip: ['network'] }).length).toBe(0);
    expect(evaluate(rs, pack(lbPolicy, { ...lbPolicy, id: 'T-X-01' }), { only: ['T-X-01'] }).map((f) => f.policyId)).toEqual(['T-X-01']);
  });
});

describe('list quantifiers', () => {
  const sgPolicy: Policy = {
    id: 'T-NET-10',
    title: 'No SSH from the internet',
    responsibility: 'network',
    severity: 'high',
    remediation: 'Restrict the source.',
    checks: [
      {
        kind: 'tf:aws_security_group',
        assert: {
          fact: 'values',
          path: '$.ingress',
          operator: 'noItem',
          value: {
            all: [
              { path: '$.cidr_blocks', operator: 'isPublicCidr', value: true },
              { path: '$.from_port', operator: 'lessThanInclusive', value: 22 },
              { path: '$.to_port', operator: 'greaterThanInclusive', value: 22 },
            ],
          },
        },
      },
    ],
  };
  const sg = (ingress: unknown[], unknown: string[] = []) => resource('tf:aws_security_group', { ingress }, { unknown });
  const p = pack(sgPolicy);

  it('noItem fails when one item matches and passes when none does', () => {
    expect(evaluate([sg([{ cidr_blocks: ['0.0.0.0/0'], from_port: 22, to_port: 22 }])], p)[0]?.status).toBe('fail');
    expect(evaluate([sg([{ cidr_blocks: ['10.0.0.0/8'], from_port: 22, to_port: 22 }])], p)[0]?.status).toBe('pass');
    expect(evaluate([sg([])], p)[0]?.status).toBe('pass');
  });

  it('an unknown inside an item makes the quantifier unknown unless another item decides', () => {
    expect(evaluate([sg([{ from_port: 22, to_port: 22 }], ['ingress[0].cidr_blocks'])], p)[0]?.status).toBe('unknown');
    expect(
      evaluate([sg([{ from_port: 22, to_port: 22 }, { cidr_blocks: ['0.0.0.0/0'], from_port: 0, to_port: 65535 }], ['ingress[0].cidr_blocks'])], p)[0]?.status,
    ).toBe('fail');
  });

  it('jsonDocument parses an IAM policy held as a string', () => {
    const iam: Policy = {
      ...sgPolicy,
      id: 'T-IAM-01',
      checks: [
        {
          kind: 'tf:aws_iam_policy',
          assert: {
            fact: 'values',
            path: '$.policy',
            operator: 'jsonDocument',
            value: {
              fact: undefined as never,
              path: '$.Statement',
              operator: 'noItem',
              value: {
                all: [
                  { path: '$.Effect', operator: 'equal', value: 'Allow' },
                  { path: '$.Action', operator: 'intersects', value: ['*'] },
                  { path: '$.Resource', operator: 'intersects', value: ['*'] },
                ],
              },
            } as never,
          },
        },
      ],
    };
    const doc = (action: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    expect(evaluate([resource('tf:aws_iam_policy', { policy: doc('*') })], pack(iam))[0]?.status).toBe('fail');
    expect(evaluate([resource('tf:aws_iam_policy', { policy: doc(['s3:GetObject', '*']) })], pack(iam))[0]?.status).toBe('fail');
    expect(evaluate([resource('tf:aws_iam_policy', { policy: doc('s3:GetObject') })], pack(iam))[0]?.status).toBe('pass');
    expect(evaluate([resource('tf:aws_iam_policy', { policy: 'garbage' })], pack(iam))[0]?.status).toBe('error');
  });
});

describe('relations and scope checks', () => {
  const pabPolicy: Policy = {
    id: 'T-SEC-04',
    title: 'Bucket public access blocked',
    responsibility: 'security',
    severity: 'high',
    remediation: 'Add a public access block.',
    checks: [
      {
        kind: 'tf:aws_s3_bucket',
        assert: {
          fact: 'related',
          params: { kind: 'tf:aws_s3_bucket_public_access_block', via: 'bucket' },
          operator: 'anyItem',
          value: { all: [{ path: '$.values.block_public_acls', operator: 'equal', value: true }] },
        },
      },
    ],
  };
  it('finds the companion by reference', () => {
    const bucket = resource('tf:aws_s3_bucket', { bucket: 'data' }, { address: 'aws_s3_bucket.data' });
    const pab = resource('tf:aws_s3_bucket_public_access_block', { block_public_acls: true }, { address: 'aws_s3_bucket_public_access_block.data', refs: { bucket: ['aws_s3_bucket.data'] } });
    expect(evaluate([bucket, pab], pack(pabPolicy))[0]?.status).toBe('pass');
    expect(evaluate([bucket], pack(pabPolicy))[0]?.status).toBe('fail');
  });
  it('finds the companion by literal name when there is no reference', () => {
    const bucket = resource('tf:aws_s3_bucket', { bucket: 'data', id: 'data' }, { address: 'aws_s3_bucket.data' });
    const pab = resource('tf:aws_s3_bucket_public_access_block', { bucket: 'data', block_public_acls: true }, { address: 'x' });
    const stranger = resource('tf:aws_s3_bucket_public_access_block', { bucket: 'other', block_public_acls: false }, { address: 'y' });
    expect(evaluate([bucket, stranger, pab], pack(pabPolicy))[0]?.status).toBe('pass');
  });
  it('an unknown attribute of the companion is unknown', () => {
    const bucket = resource('tf:aws_s3_bucket', { bucket: 'data' }, { address: 'aws_s3_bucket.data' });
    const pab = resource('tf:aws_s3_bucket_public_access_block', {}, { address: 'p', refs: { bucket: ['aws_s3_bucket.data'] }, unknown: ['block_public_acls'] });
    expect(evaluate([bucket, pab], pack(pabPolicy))[0]?.status).toBe('unknown');
  });
  it('an unknown companion is named, with where it is unknown and why in its own words', () => {
    const bucket = resource('tf:aws_s3_bucket', { bucket: 'data' }, { address: 'aws_s3_bucket.data' });
    const known = resource('tf:aws_s3_bucket_public_access_block', { block_public_acls: false }, { address: 'p0', refs: { bucket: ['aws_s3_bucket.data'] } });
    const planned = resource('tf:aws_s3_bucket_public_access_block', {}, { address: 'p1', refs: { bucket: ['aws_s3_bucket.data'] }, unknown: ['block_public_acls'] });
    expect(evaluate([bucket, known, planned], pack(pabPolicy))[0]?.message).toBe('aws_s3_bucket.data: known only after apply (p1: block_public_acls): Bucket public access blocked');
    const source = { ...planned, unknownReasons: { block_public_acls: 'var.block is not set' } };
    expect(evaluate([bucket, known, source], pack(pabPolicy))[0]?.message).toBe('aws_s3_bucket.data: var.block is not set (p1: block_public_acls): Bucket public access blocked');
  });

  const budget: Policy = {
    id: 'T-COST-01',
    title: 'A budget exists',
    responsibility: 'costs',
    severity: 'medium',
    remediation: 'Add an aws_budgets_budget.',
    checks: [
      {
        kind: 'scope',
        require: { kind: 'tf:aws_budgets_budget', where: { fact: 'values', path: '$.budget_type', operator: 'equal', value: 'COST' }, whenAny: ['tf:aws_*'] },
      },
    ],
  };
  it('a scope check gives one result for the scan, only when the scan holds that cloud', () => {
    const lb = resource('tf:aws_lb', { internal: true });
    expect(evaluate([lb], pack(budget)).map((f) => [f.resource.address, f.status])).toEqual([['(scan)', 'fail']]);
    expect(evaluate([lb, resource('tf:aws_budgets_budget', { budget_type: 'COST' })], pack(budget))[0]?.status).toBe('pass');
    expect(evaluate([lb, resource('tf:aws_budgets_budget', {}, { unknown: ['budget_type'] })], pack(budget))[0]?.status).toBe('unknown');
    expect(evaluate([resource('tf:google_compute_instance', {})], pack(budget))).toEqual([]);
  });

  it('`inconclusive` turns a missing resource into unknown, with its message, when its condition holds', () => {
    const partial: Policy = {
      ...budget,
      checks: [
        {
          ...(budget.checks[0] as Extract<Policy['checks'][number], { kind: 'scope' }>),
          message: '(scan): no budget',
          inconclusive: { when: { fact: 'params', path: '$.coverage', operator: 'equal', value: 'partial' }, message: '(scan): no budget in these inputs' },
        },
      ],
    };
    const lb = resource('tf:aws_lb', { internal: true });
    const run = (coverage: string, ...rs: ReturnType<typeof resource>[]) => evaluate([lb, ...rs], pack(partial), { params: { coverage } }).map((f) => `${f.status}: ${f.message}`);
    expect(run('partial')).toEqual(['unknown: (scan): no budget in these inputs']);
    expect(run('account')).toEqual(['fail: (scan): no budget']);
    // a budget that is there still passes; only absence is softened
    expect(run('partial', resource('tf:aws_budgets_budget', { budget_type: 'COST' }))).toEqual(['pass: (scan): 1 matching tf:aws_budgets_budget found']);
    const loaded = parsePolicy(
      'id: T-COST-02\ntitle: t\nresponsibility: costs\nseverity: low\nremediation: r\nchecks:\n  - kind: scope\n    require: { kind: tf:x, whenAny: [tf:y] }\n    inconclusive: { when: { fact: params, path: $.coverage, operator: equal, value: partial }, message: "{value}" }\n',
      'p.yaml',
    );
    expect(loaded.errors.map((e) => e.message)).toEqual([expect.stringContaining('/checks/0/inconclusive/message: {value} is not known here')]);
  });
});

describe('evidence for list quantifiers', () => {
  it('names the offending item', () => {
    const policy: Policy = {
      id: 'T-NET-11', title: 'No world ingress', responsibility: 'network', severity: 'high', remediation: 'x',
      checks: [{ kind: 'tf:aws_security_group', assert: { fact: 'values', path: '$.ingress', operator: 'noItem', value: { path: '$.cidr_blocks', operator: 'isPublicCidr', value: true } } }],
    };
    const sg = resource('tf:aws_security_group', { ingress: [{ cidr_blocks: ['10.0.0.0/8'] }, { cidr_blocks: ['0.0.0.0/0'] }] });
    const [f] = evaluate([sg], definePack({ name: 't', version: '0', policies: [policy], params: {} }));
    expect(f?.status).toBe('fail');
    expect(f?.evidence).toEqual({ path: '$.ingress[1]' });
  });
});

describe('wildcards over related resources', () => {
  it('see values known only after apply', () => {
    const policy: Policy = {
      id: 'T-SEC-05', title: 'Companion flags', responsibility: 'security', severity: 'high', remediation: 'x',
      checks: [{ kind: 'tf:aws_s3_bucket', assert: { fact: 'related', params: { kind: 'tf:aws_s3_bucket_public_access_block' }, path: '$[*].values.block_public_acls', operator: 'contains', value: true } }],
    };
    const bucket = resource('tf:aws_s3_bucket', {}, { address: 'aws_s3_bucket.b' });
    const pab = resource('tf:aws_s3_bucket_public_access_block', {}, { address: 'p', refs: { bucket: ['aws_s3_bucket.b'] }, unknown: ['block_public_acls'] });
    const [f] = evaluate([bucket, pab], definePack({ name: 't', version: '0', policies: [policy], params: {} }));
    expect(f?.status).toBe('unknown');
  });
});

describe('forEach checks', () => {
  it('give one result per item, named in the finding and its message', () => {
    const policy: Policy = {
      id: 'T-EGR-02', title: 'Allow list lets the required hosts through', responsibility: 'egress', severity: 'high', remediation: 'x',
      checks: [{
        kind: 'tf:aws_networkfirewall_rule_group',
        forEach: { fact: 'params', path: '$.requiredEgress' },
        assert: { fact: 'values', path: '$.targets', operator: 'allowsHost', value: { fact: 'item' } },
        message: '{address} does not allow {item}',
      }],
    };
    const fw = resource('tf:aws_networkfirewall_rule_group', { targets: ['.digibee.io'] }, { address: 'fw' });
    const findings = evaluate([fw], definePack({ name: 't', version: '0', policies: [policy], params: { requiredEgress: ['api.digibee.io:443', 'gitlab.com:443'] } }));
    expect(findings.map((f) => [f.item, f.status, f.message])).toEqual([
      ['api.digibee.io:443', 'pass', 'fw (api.digibee.io:443): Allow list lets the required hosts through'],
      ['gitlab.com:443', 'fail', 'fw does not allow gitlab.com:443'],
    ]);
  });
  it('the item fact is refused outside forEach checks', () => {
    const text = `id: T-X-01\ntitle: t\nresponsibility: egress\nseverity: low\nremediation: r\nchecks:\n  - kind: tf:x\n    assert: { fact: item, operator: exists, value: true }\n`;
    expect(parsePolicy(text, 'x.yaml').errors[0]?.pointer).toBe('/checks/0/assert/fact');
  });
});

describe('forEach with a name template', () => {
  it('names each item from its fields, so a list of `Kind:name` strings can be matched', () => {
    const policy: Policy = {
      id: 'T-IAM-10', title: 'cluster-admin only for allowed subjects', responsibility: 'roles', severity: 'high', remediation: 'x',
      checks: [{
        kind: 'k8s:ClusterRoleBinding',
        forEach: { fact: 'values', path: '$.subjects', as: '{kind}:{name}' },
        assert: { fact: 'params', path: '$.allow', operator: 'contains', value: { fact: 'item' } },
      }],
    };
    const binding = resource('k8s:ClusterRoleBinding', { subjects: [{ kind: 'Group', name: 'system:masters' }, { kind: 'User', name: 'alice' }] }, { address: 'crb' });
    const findings = evaluate([binding], definePack({ name: 't', version: '0', policies: [policy], params: { allow: ['Group:system:masters'] } }));
    expect(findings.map((f) => [f.item, f.status])).toEqual([
      ['Group:system:masters', 'pass'],
      ['User:alice', 'fail'],
    ]);
  });
});

describe('the scan fact', () => {
  it('reads every resource of a kind in the scan, related or not', () => {
    const policy: Policy = {
      id: 'T-SEC-06', title: 'Account block', responsibility: 'security', severity: 'high', remediation: 'x',
      checks: [{ kind: 'tf:aws_s3_bucket', assert: { fact: 'scan', params: { kind: 'tf:aws_s3_account_public_access_block' }, operator: 'anyItem', value: { path: '$.values.block_public_acls', operator: 'equal', value: true } } }],
    };
    const pack = definePack({ name: 't', version: '0', policies: [policy], params: {} });
    const bucket = resource('tf:aws_s3_bucket', {}, { address: 'b' });
    expect(evaluate([bucket], pack)[0]?.status).toBe('fail');
    expect(evaluate([bucket, resource('tf:aws_s3_account_public_access_block', { block_public_acls: true }, { address: 'a' })], pack)[0]?.status).toBe('pass');
    expect(parsePolicy('id: T-X-02\ntitle: t\nresponsibility: security\nseverity: low\nremediation: r\nchecks:\n  - kind: tf:x\n    assert: { fact: scan, operator: exists, value: true }\n', 'x.yaml').errors[0]?.pointer).toBe('/checks/0/assert/params');
  });
});
