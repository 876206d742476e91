/** Inline waivers: directives read from comment lines next to a resource, and their grouping in applyWaivers. */
import { describe, expect, it } from 'vitest';
import { applyWaivers, inlineWaivers, type Finding, type Resource } from '@onus/core';

function resource(address: string, file: string, line: number, format = 'terraform-source'): Resource {
  return { kind: 'aws_lb', address, values: {}, unknown: [], sensitive: [], refs: {}, source: { file, format, line } };
}

function failing(address: string, policyId = 'DSR-NET-05'): Finding {
  return {
    policyId,
    title: 't',
    responsibility: 'network',
    severity: 'high',
    resource: { address, kind: 'aws_lb' },
    message: 'm',
    remediation: 'r',
    frameworks: {},
    check: 0,
    status: 'fail',
  };
}

const tf = `# onus:ignore DSR-NET-05 reason="public edge, fronted by the WAF" expires=2027-01-31
// onus:ignore DSR-NET-04,DSR-NET-01 reason='ticket NET-1' owner=team-net
resource "aws_lb" "edge" {
  internal = false
}

resource "aws_lb" "inner" { # onus:ignore DSR-NET-05 reason="same line"
}

# a comment that says nothing

resource "aws_lb" "far" {
}
`;

const texts = (files: Record<string, string>) => (file: string) => files[file];

describe('inlineWaivers', () => {
  it('reads # and // directives above a block and on its line, naming file:line', () => {
    const { waivers, problems } = inlineWaivers([resource('aws_lb.edge', 'main.tf', 3), resource('aws_lb.inner', 'main.tf', 7), resource('aws_lb.far', 'main.tf', 12)], texts({ 'main.tf': tf }));
    expect(problems).toEqual([]);
    expect(waivers.map((w) => [w.policy, w.resource, w.source, w.reason, w.expires, w.owner])).toEqual([
      ['DSR-NET-05', 'aws_lb.edge', 'main.tf:1', 'public edge, fronted by the WAF', '2027-01-31', undefined],
      ['DSR-NET-04', 'aws_lb.edge', 'main.tf:2', 'ticket NET-1', undefined, 'team-net'],
      ['DSR-NET-01', 'aws_lb.edge', 'main.tf:2', 'ticket NET-1', undefined, 'team-net'],
      ['DSR-NET-05', 'aws_lb.inner', 'main.tf:7', 'same line', undefined, undefined],
    ]);
  });

  it('does not read a directive separated from the block by a blank line, and says where it is', () => {
    const text = '# onus:ignore DSR-NET-05 reason="x"\n\nresource "aws_lb" "a" {\n}\n';
    const { waivers, problems } = inlineWaivers([resource('aws_lb.a', 'a.tf', 3)], texts({ 'a.tf': text }));
    expect(waivers).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ file: 'a.tf', line: 1, message: expect.stringMatching(/not on or directly above a resource/) })]);
  });

  it('above a module block, waives every resource the call creates (with count or for_each too)', () => {
    const text = 'resource "aws_lb" "a" {\n}\n\n# onus:ignore DSR-NET-05 reason="x"\nmodule "edge" {\n  source = "./edge"\n}\n';
    const inModule = [resource('module.edge.aws_lb.public', 'infra/edge/main.tf', 3), resource('module.edge2.aws_lb.other', 'infra/edge/main.tf', 3)];
    const { waivers, problems } = inlineWaivers([resource('aws_lb.a', 'infra/a.tf', 1), ...inModule], texts({ 'infra/a.tf': text }));
    expect(problems).toEqual([]);
    expect(waivers.map((w) => [w.policy, w.resource, w.source])).toEqual([
      ['DSR-NET-05', 'module.edge.*', 'infra/a.tf:4'],
      ['DSR-NET-05', 'module.edge[*', 'infra/a.tf:4'],
    ]);
    const outcome = applyWaivers([failing('module.edge.aws_lb.public'), failing('module.edge2.aws_lb.other'), failing('aws_lb.a')], waivers, '2026-06-01');
    expect(outcome.findings.map((f) => [f.resource.address, f.status])).toEqual([
      ['module.edge.aws_lb.public', 'waived'],
      ['module.edge2.aws_lb.other', 'fail'],
      ['aws_lb.a', 'fail'],
    ]);
    // Inside module `net`, the call's resources are module.net.module.edge.*.
    const nested = inlineWaivers(
      [resource('module.net.aws_vpc.v', 'infra/net/main.tf', 1), resource('module.net.module.edge["x"].aws_lb.p', 'infra/edge/main.tf', 3)],
      texts({ 'infra/net/main.tf': text }),
    );
    expect(nested.waivers.map((w) => w.resource)).toEqual(['module.net.module.edge.*', 'module.net.module.edge[*']);
  });

  it('says that a directive above a module block whose resources the scan does not hold is not read, and what to do instead', () => {
    const text = 'resource "aws_lb" "a" {\n}\n\n# onus:ignore DSR-NET-05 reason="x"\nmodule "edge" {\n  source = "./edge"\n}\n';
    const { problems } = inlineWaivers([resource('aws_lb.a', 'a.tf', 1)], texts({ 'a.tf': text }));
    expect(problems).toEqual([expect.objectContaining({ line: 4, message: expect.stringMatching(/above a module block whose resources are not in this scan/), hint: expect.stringMatching(/resource: module\.edge\.\*/) })]);
  });

  it.each([
    ['# onus:ignore DSR-NET-05', /no reason given/, /reason=/],
    ['# onus:ignore DSR-NET-05 reason=""', /no reason given/, /reason=/],
    ['# onus:ignore DSR-NET-05 reason="x" expires=2027-02-30', /expires=2027-02-30 is not a date/, /YYYY-MM-DD|2027-03-31/],
    ['# onus:ignore DSR-NET-05 reason="x" expires=31.01.2027', /is not a date/, /expires=/],
    ['# onus:ignore net-05 reason="x"', /"net-05" is not a policy id/, /onus policies list/],
    ['# onus:ignore reason="x"', /no policy id/, /onus:ignore DSR-NET-05/],
    ['# onus:ignore DSR-NET-05 because="x"', /unknown field "because"/, /reason=/],
    ['# onus:ignore DSR-NET-05 reason="unclosed', /cannot read/, /onus:ignore DSR-NET-05/],
  ])('reports %s as one problem with file, line and the fix', (directive, message, hint) => {
    const text = `${directive}\nresource "aws_lb" "a" {\n}\n`;
    const { waivers, problems } = inlineWaivers([resource('aws_lb.a', 'a.tf', 2)], texts({ 'a.tf': text }));
    expect(waivers).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'a.tf', line: 1 });
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.hint).toMatch(hint);
  });

  it('does not read directive-like text inside a YAML block scalar or a Terraform heredoc', () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docs\ndata:\n  README.md: |\n    # onus:ignore DSR-NET-05\n    text\n';
    const tfText = 'resource "aws_s3_object" "doc" {\n  content = <<-EOT\n    # onus:ignore DSR-NET-05\n  EOT\n}\n';
    const a = inlineWaivers([resource('k8s:default/ConfigMap/docs', 'c.yaml', 1, 'kubernetes')], texts({ 'c.yaml': yaml }));
    const b = inlineWaivers([resource('aws_s3_object.doc', 'd.tf', 1)], texts({ 'd.tf': tfText }));
    expect([a.problems, a.waivers, b.problems, b.waivers]).toEqual([[], [], [], []]);
  });

  it('checks ids against the known policies when told which they are', () => {
    const text = '# onus:ignore DSR-NET-99 reason="x"\nresource "aws_lb" "a" {\n}\n';
    const { problems } = inlineWaivers([resource('aws_lb.a', 'a.tf', 2)], texts({ 'a.tf': text }), { known: (id) => id === 'DSR-NET-05' });
    expect(problems[0]?.message).toMatch(/no policy DSR-NET-99/);
  });

  it('reads YAML comments above the document, through ---, and above metadata:', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: Service',
      'metadata:',
      '  name: a',
      '---', // 5
      '# onus:ignore DSR-NET-05 reason="above the document"',
      'apiVersion: v1', // 7
      'kind: Service',
      '# onus:ignore DSR-NET-04 reason="above metadata"',
      'metadata:', // 10
      '  name: b',
    ].join('\n');
    const { waivers, problems } = inlineWaivers(
      [resource('k8s:default/Service/a', 'k.yaml', 1, 'kubernetes'), resource('k8s:default/Service/b', 'k.yaml', 7, 'kubernetes')],
      texts({ 'k.yaml': text }),
    );
    expect(problems).toEqual([]);
    expect(waivers.map((w) => [w.policy, w.resource, w.source])).toEqual([
      ['DSR-NET-05', 'k8s:default/Service/b', 'k.yaml:6'],
      ['DSR-NET-04', 'k8s:default/Service/b', 'k.yaml:9'],
    ]);
  });

  it('ignores formats without comments and files without directives', () => {
    const seen: string[] = [];
    const textOf = (file: string) => {
      seen.push(file);
      return '# onus:ignore DSR-NET-05 reason="x"\n';
    };
    const { waivers } = inlineWaivers([resource('aws_lb.a', 'plan.json', 1, 'terraform-plan')], textOf);
    expect(waivers).toEqual([]);
    expect(seen).toEqual([]);
  });
});

describe('applyWaivers with inline directives on a block with instances', () => {
  const text = '# onus:ignore DSR-NET-05 reason="edge" expires=2027-01-31\nresource "aws_lb" "edge" {\n  count = 2\n}\n';
  const resources = [resource('aws_lb.edge[0]', 'lb.tf', 2), resource('aws_lb.edge[1]', 'lb.tf', 2)];
  const { waivers } = inlineWaivers(resources, texts({ 'lb.tf': text }));

  it('waives every instance, each finding naming the directive', () => {
    const out = applyWaivers([failing('aws_lb.edge[0]'), failing('aws_lb.edge[1]')], waivers, '2026-06-01');
    expect(out.findings.map((f) => [f.status, f.waiver?.source])).toEqual([
      ['waived', 'lb.tf:1'],
      ['waived', 'lb.tf:1'],
    ]);
    expect(out.stale).toEqual([]);
  });

  it('is not stale while one instance still needs it, and stale once (not per instance) when none does', () => {
    expect(applyWaivers([failing('aws_lb.edge[1]')], waivers, '2026-06-01').stale).toEqual([]);
    const none = applyWaivers([], waivers, '2026-06-01');
    expect(none.stale).toEqual([expect.objectContaining({ policy: 'DSR-NET-05', source: 'lb.tf:1' })]);
  });

  it('is reported expired once past its date, and stops waiving', () => {
    const out = applyWaivers([failing('aws_lb.edge[0]')], waivers, '2027-02-01');
    expect(out.findings[0]!.status).toBe('fail');
    expect(out.expired).toEqual([expect.objectContaining({ policy: 'DSR-NET-05', source: 'lb.tf:1', expires: '2027-01-31' })]);
  });
});
