import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/formats/index.js';
import { bigReport, cleanReport, FINDINGS, sampleReport } from './fixtures.js';
import { githubSarifProblems, HAVE_SARIF_SCHEMA, SARIF_SCHEMA_PATH, sarifOf, sarifSchemaAccepts } from './validators.js';

describe('toSarif', () => {
  if (!HAVE_SARIF_SCHEMA) it.skip(`validation against the official SARIF 2.1.0 schema: schema not found at ${SARIF_SCHEMA_PATH} (set ONUS_SHARED)`, () => {});

  it.runIf(HAVE_SARIF_SCHEMA)('is checked by a live validator (an invalid log is rejected)', () => {
    const bad = sarifOf(sampleReport());
    bad.runs[0].results[0].level = 'severe';
    expect(sarifSchemaAccepts(bad)).toBe(false);
  });

  const log = sarifOf(sampleReport(), { toolVersion: '9.9.9', informationUri: 'https://github.com/onus-dev/onus' });
  const run = log.runs[0];
  const results: any[] = run.results;
  const byAddress = (a: string) => results.find((r) => r.locations[0].logicalLocations[0].fullyQualifiedName === a);

  it('is one SARIF 2.1.0 run of the onus driver', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'onus', version: '9.9.9', informationUri: 'https://github.com/onus-dev/onus' });
    expect(run.tool.driver.properties.pack).toMatchObject({ name: '@onus/rules', version: '1.0.0' });
  });

  it('describes each policy that appears once, with tags, severity and help', () => {
    const rules: any[] = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(['DSR-COST-01', 'DSR-COST-02', 'DSR-CRED-02', 'DSR-EGR-02', 'DSR-NET-04', 'DSR-ROLE-03', 'DSR-SEC-01', 'DSR-SEC-05']);
    const sec = rules.find((r) => r.id === 'DSR-SEC-01');
    expect(sec).toMatchObject({
      name: 'BucketsEncryptDataAtRest',
      shortDescription: { text: 'Buckets encrypt data at rest' },
      helpUri: 'https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/DSR-SEC-01.md',
      help: {
        text: 'Add a server_side_encryption_configuration block with aws:kms.\n\nDocumentation: https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/DSR-SEC-01.md',
        markdown: 'Add a server_side_encryption_configuration block with aws:kms.\n\n[Documentation of DSR-SEC-01](https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/DSR-SEC-01.md)',
      },
      defaultConfiguration: { level: 'error' },
    });
    for (const r of rules) expect(r.helpUri).toMatch(new RegExp(`/rules-v1\\.0\\.0/packages/rules/docs/controls/${r.id}\\.md$`));
    expect(sec.fullDescription.text).toContain('Security and data management');
    expect(sec.properties.tags).toEqual(['security', 'cis-aws-3.0:2.1.1', 'soc2']);
    expect(sec.properties['security-severity']).toBe('9.5');
    expect(rules.find((r) => r.id === 'DSR-NET-04').name).toBe('LoadBalancersAnswerOnlyInsideThePlatformsVPC');
    expect(rules.find((r) => r.id === 'DSR-NET-04').properties.tags).toEqual(['network', 'security', 'cis-eks-1.5:5.4.5']);
    const scores = Object.fromEntries(rules.map((r) => [r.id, r.properties['security-severity']]));
    expect(scores).toMatchObject({ 'DSR-NET-04': '8.0', 'DSR-CRED-02': '5.5', 'DSR-COST-02': '3.0', 'DSR-EGR-02': '1.0' });
    for (const r of results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('gives failures a level from their severity', () => {
    expect(byAddress('aws_s3_bucket.data["a.b"]')).toMatchObject({ kind: 'fail', level: 'error' });
    expect(byAddress('module.edge.aws_lb.public[0]')).toMatchObject({ kind: 'fail', level: 'error' });
    expect(byAddress('aws_db_instance.main')).toMatchObject({ kind: 'fail', level: 'warning' });
    expect(byAddress('aws_instance.ünïcødé')).toMatchObject({ kind: 'fail', level: 'note' });
    expect(byAddress('aws_security_group.web')).toMatchObject({ kind: 'fail', level: 'note' });
  });

  it('reports unknowns and evaluation errors as open questions with level none (the spec forbids another level when kind is not fail)', () => {
    expect(byAddress('(scan)')).toMatchObject({ kind: 'open', level: 'none', properties: { status: 'unknown' } });
    expect(byAddress('k8s:prod/ClusterRoleBinding/admins')).toMatchObject({ kind: 'open', level: 'none', properties: { status: 'error' } });
    for (const r of results) if (r.kind !== 'fail') expect(r.level).toBe('none');
  });

  it('keeps waived findings as suppressed results with the reason', () => {
    expect(byAddress('module.edge.aws_lb.legacy').suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Legacy edge, replaced in Q3 <soon>', properties: { source: '.onus.yaml', owner: 'team-net', expires: '2027-03-31' } },
    ]);
    expect(byAddress('k8s:prod/Deployment/agent').suppressions[0]).toMatchObject({ kind: 'inSource', justification: 'node agent needs host access' });
  });

  it('leaves passes out unless includePasses is set', () => {
    expect(results.some((r) => r.kind === 'pass')).toBe(false);
    expect(results).toHaveLength(9);
    const all = sarifOf(sampleReport(), { includePasses: true }).runs[0];
    expect(all.results.filter((r: any) => r.kind === 'pass')).toHaveLength(2);
    expect(all.results.filter((r: any) => r.kind === 'pass').every((r: any) => r.level === 'none')).toBe(true);
    expect(all.tool.driver.rules.map((r: any) => r.id)).toContain('DSR-EGR-01');
  });

  it('locates results by relative forward-slash URI and line, and by resource address', () => {
    expect(byAddress('aws_s3_bucket.data["a.b"]').locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'plans/main%20plan.json' }, region: { startLine: 12 } },
      logicalLocations: [{ fullyQualifiedName: 'aws_s3_bucket.data["a.b"]', kind: 'resource' }],
    });
    // No line known: line 1 stands for the file (GitHub needs a region).
    expect(byAddress('module.edge.aws_lb.public[0]').locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'infra/edge/plan.json' }, region: { startLine: 1 } });
  });

  it('places findings about the whole scan on the settings file when the scan read several inputs, and on the input when it read one', () => {
    expect(byAddress('(scan)').locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: '.onus.yaml' }, region: { startLine: 1 } },
      logicalLocations: [{ fullyQualifiedName: '(scan)', kind: 'resource' }],
    });
    const at = (report: ReturnType<typeof sampleReport>, options = {}) =>
      sarifOf(report, options).runs[0].results.find((r: any) => r.ruleId === 'DSR-COST-01').locations[0].physicalLocation;
    expect(at(sampleReport(), { configFile: 'infra/.onus.yaml' })).toEqual({ artifactLocation: { uri: 'infra/.onus.yaml' }, region: { startLine: 1 } });
    const one = sampleReport();
    one.inputs = [{ file: 'live/plan.json', format: 'terraform-plan', resources: 3 }];
    expect(at(one, { configFile: 'live/.onus.yaml' })).toEqual({ artifactLocation: { uri: 'live/plan.json' }, region: { startLine: 1 } });
    const nested = sampleReport();
    nested.inputs = [
      { file: 'repo/live/plan.json', format: 'terraform-plan', resources: 3 },
      { file: 'repo/live/k8s/app.yaml', format: 'kubernetes', resources: 1 },
    ];
    expect(at(nested).artifactLocation.uri).toBe('repo/live/.onus.yaml');
    const none = sampleReport();
    none.inputs = [];
    expect(at(none).artifactLocation.uri).toBe('.onus.yaml');
  });

  it('gives every result the identity GitHub matches alerts on, independent of the line text', () => {
    for (const r of results) expect(r.partialFingerprints.primaryLocationLineHash).toBe(`${r.partialFingerprints['onus/v1'].slice(0, 16)}:1`);
    const hashes = results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('links rules to the configured documentation address, and leaves helpUri out when links are off or a policy has no page', () => {
    const mirror = sarifOf(sampleReport(), { docsUrl: 'https://mirror.example/onus/{version}/{id}.html' }).runs[0].tool.driver.rules;
    expect(mirror.find((r: any) => r.id === 'DSR-NET-04').helpUri).toBe('https://mirror.example/onus/1.0.0/DSR-NET-04.html');
    const off = sarifOf(sampleReport(), { docsUrl: '' }).runs[0].tool.driver.rules;
    expect(off.every((r: any) => r.helpUri === undefined)).toBe(true);
    expect(off.find((r: any) => r.id === 'DSR-SEC-01').help.text).toBe('Add a server_side_encryption_configuration block with aws:kms.');
    const own = sampleReport(FINDINGS.map((f) => ({ ...f, policyId: f.policyId.replace('DSR-', 'ACME-'), remediation: '' })));
    const rules = sarifOf(own).runs[0].tool.driver.rules;
    expect(rules.every((r: any) => r.helpUri === undefined)).toBe(true);
    expect(rules.find((r: any) => r.id === 'ACME-SEC-01').help.text).toBe('Buckets encrypt data at rest');
  });

  it('keeps rules within GitHub limits (name, descriptions, tags)', () => {
    const long = sampleReport(FINDINGS.map((f) => ({ ...f, title: 'x'.repeat(2000), frameworks: { many: Array.from({ length: 40 }, (_, i) => `c${i}`) } })));
    const rule = sarifOf(long).runs[0].tool.driver.rules[0];
    expect(rule.name.length).toBeLessThanOrEqual(255);
    expect(rule.shortDescription.text.length).toBe(1024);
    expect(rule.properties.tags).toHaveLength(20);
    expect(rule.properties.tags.slice(0, 2)).toContain('security');
  });

  it('is refused by the GitHub rules check when a result has no file, line or fingerprint', () => {
    const log = sarifOf(sampleReport());
    const bad = structuredClone(log);
    delete bad.runs[0].results[0].locations[0].physicalLocation;
    delete bad.runs[0].results[1].locations[0].physicalLocation.region;
    delete bad.runs[0].results[2].partialFingerprints.primaryLocationLineHash;
    bad.runs[0].tool.driver.rules[0].help.text = '';
    const problems = githubSarifProblems(bad);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/artifactLocation\.uri[\s\S]*startLine[\s\S]*startLine[\s\S]*primaryLocationLineHash/);
  });

  it('fingerprints by policy, address and check, stably', () => {
    const r = byAddress('aws_db_instance.main');
    expect(r.partialFingerprints['onus/v1']).toMatch(/^[0-9a-f]{64}$/);
    const again = sarifOf(sampleReport()).runs[0].results.find((x: any) => x.ruleId === 'DSR-CRED-02');
    expect(again.partialFingerprints).toEqual(r.partialFingerprints);
    const base = { policyId: 'P', resource: { address: 'a', kind: 'k' }, check: 0 };
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, check: 1 }));
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, resource: { address: 'b', kind: 'k' } }));
  });

  it('reports input and evaluation errors as tool execution notifications', () => {
    const inv = run.invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    const notes: any[] = inv.toolExecutionNotifications;
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatchObject({
      level: 'error',
      message: { text: 'Unexpected token } in JSON at position 41 — Run `terraform show -json tfplan > plan.json` and scan that.' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'plans/broken.json' }, region: { startLine: 3 } } }],
    });
    expect(notes[2]).toMatchObject({ level: 'error', associatedRule: { id: 'DSR-ROLE-03' } });
    expect(run.tool.driver.rules[notes[2].associatedRule.index].id).toBe('DSR-ROLE-03');
    expect(sarifOf(cleanReport()).runs[0].invocations[0]).toEqual({ executionSuccessful: true });
  });

  it('writes an empty, valid run for a clean report', () => {
    const clean = sarifOf(cleanReport()).runs[0];
    expect(clean.results).toEqual([]);
    expect(clean.tool.driver.rules).toEqual([]);
  });

  it('stays valid for absolute, Windows and odd file names', () => {
    const report = bigReport(3);
    report.findings[0]!.resource.file = '/abs/dir/plan #1.json';
    report.findings[1]!.resource.file = 'C:\\work\\plan.json';
    report.findings[2]!.resource.file = './rel/ünï?.json';
    const uris = sarifOf(report).runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri).sort();
    expect(uris).toEqual(['file:///C:/work/plan.json', 'file:///abs/dir/plan%20%231.json', 'rel/%C3%BCn%C3%AF%3F.json']);
  });
});
