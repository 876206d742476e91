import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '@onus/core';
import { REPORT_SCHEMA_VERSION, expandFindings, toJson, writeJson } from '../../src/formats/index.js';
import { withoutAddress } from '../../src/formats/json.js';
import { cleanReport, sampleReport as fixtureReport } from './fixtures.js';
import { REPORT_SCHEMA_PATH, reportSchemaAccepts, validateReportJson } from './validators.js';

/** A JSON report's findings joined back with their policies and resources: the report's own Finding objects, as far as the JSON keeps them. */
function joined(json: { policies: Record<string, object> }): unknown[] {
  return expandFindings(json).map((f) => {
    const { policyId, status, resource, message, check, ...rest } = f;
    const { title, responsibility, severity, remediation, frameworks } = json.policies[policyId] as Record<string, unknown>;
    return { policyId, title, responsibility, severity, status, check, resource, ...(message !== undefined ? { message } : {}), ...rest, remediation, frameworks };
  });
}

/**
 * What the JSON keeps of the report's findings, in its order: grouped by policy (first seen first), each message
 * without its lead address, and evidence that says only "the whole resource" left out.
 */
function expected(findings: readonly Finding[]): unknown[] {
  const order = [...new Set(findings.map((f) => f.policyId))];
  const sorted = [...findings].sort((a, b) => order.indexOf(a.policyId) - order.indexOf(b.policyId));
  return stripUndefined(
    sorted.map((f) => {
      const { evidence, ...rest } = f;
      const whole = evidence && evidence.path === '$' && evidence.value === undefined && evidence.line === undefined;
      return { ...rest, message: withoutAddress(f.message, f.resource.address), ...(evidence && !whole ? { evidence } : {}) };
    }),
  );
}

/** The sample report, with what each policy says taken from its first finding (as evaluation gives it: one policy, one text). */
function sampleReport(...args: Parameters<typeof fixtureReport>): Report {
  const report = fixtureReport(...args);
  const first = new Map<string, Finding>();
  for (const f of report.findings) if (!first.has(f.policyId)) first.set(f.policyId, f);
  report.findings = report.findings.map((f) => {
    const p = first.get(f.policyId)!;
    return { ...f, title: p.title, responsibility: p.responsibility, severity: p.severity, remediation: p.remediation, frameworks: p.frameworks };
  });
  return report;
}

const stripUndefined = (fs: readonly Finding[]) => JSON.parse(JSON.stringify(fs)) as unknown[];

describe('toJson', () => {
  it('writes the report, 2-space indented with one finding a line, that parses back to the same report', () => {
    const report = sampleReport();
    const text = toJson(report);
    expect(text).toMatch(/^\{\n  "schemaVersion": 3,\n/);
    const json = JSON.parse(text);
    expect(json.summary).toEqual(report.summary);
    expect(json.scorecard).toEqual(report.scorecard);
    expect(joined({ ...json, passes: {} })).toEqual(expected(report.findings.filter((f) => f.status !== 'pass')));
    // One finding a line, under its policy id.
    const lines = text.split('\n');
    const start = lines.indexOf('  "findings": {');
    const count = Object.values(json.findings as Record<string, unknown[]>).reduce((n, list) => n + list.length, 0);
    const findingLines = lines.slice(start + 1, lines.indexOf('  },', start)).filter((l) => l.startsWith('      {'));
    expect(findingLines).toHaveLength(count);
    expect(findingLines.every((l) => l.startsWith('      {"status":'))).toBe(true);
  });

  it('writes what a policy says once, in `policies`, each resource once, in `resources`, and passes compact: resource indexes by policy id', () => {
    const report = sampleReport();
    const json = JSON.parse(toJson(report));
    const ids = [...new Set(report.findings.map((f) => f.policyId))];
    expect(Object.keys(json.policies)).toEqual(ids);
    for (const f of report.findings) expect(json.policies[f.policyId]).toEqual({ title: f.title, responsibility: f.responsibility, severity: f.severity, remediation: f.remediation, frameworks: f.frameworks });
    expect(Object.values(json.findings as Record<string, { status: string }[]>).flat().some((f) => f.status === 'pass')).toBe(false);
    const passes = report.findings.filter((f) => f.status === 'pass');
    expect(passes.length).toBeGreaterThan(0);
    const items = json.resources.items as { address: string; kind: number; file?: number }[];
    const indexOf = (f: Finding) => items.findIndex((r) => r.address === f.resource.address && (r.file === undefined ? undefined : json.resources.files[r.file]) === f.resource.file);
    const want: Record<string, unknown[]> = {};
    for (const f of passes) (want[f.policyId] ??= []).push(f.check === 0 && f.item === undefined ? indexOf(f) : { resource: indexOf(f), check: f.check, ...(f.item ? { item: f.item } : {}) });
    expect(json.passes).toEqual(want);
    // Each resource once; each kind and file once.
    const keys = items.map((r) => `${r.address} ${r.file}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(json.resources.kinds).size).toBe(json.resources.kinds.length);
    expect(new Set(json.resources.files).size).toBe(json.resources.files.length);
    expect(new Set(report.findings.map((f) => `${f.resource.address} ${f.resource.file}`)).size).toBe(items.length);
    expect(JSON.stringify(json)).not.toContain('"message":"' + passes[0]!.message);
  });

  it('with includePasses, writes every pass as a full finding, grouped by policy, and no `passes`', () => {
    const report = sampleReport();
    const json = JSON.parse(toJson(report, { includePasses: true }));
    expect(json).not.toHaveProperty('passes');
    expect(joined(json)).toEqual(expected(report.findings));
    validateReportJson(json);
  });

  it('streams the same text in pieces', () => {
    const report = sampleReport();
    const chunks: string[] = [];
    writeJson(report, {}, (c) => chunks.push(c));
    expect(chunks.length).toBeGreaterThan(report.findings.filter((f) => f.status !== 'pass').length);
    expect(chunks.join('')).toBe(toJson(report));
  });

  it('matches the published schema, with and without passes, and with none at all', () => {
    validateReportJson(JSON.parse(toJson(sampleReport())));
    validateReportJson(JSON.parse(toJson(cleanReport())));
    validateReportJson(JSON.parse(toJson(cleanReport(), { includePasses: true })));
    const empty = JSON.parse(toJson(sampleReport([])));
    expect(empty).toMatchObject({ policies: {}, findings: {}, passes: {}, resources: { files: [], kinds: [], items: [] } });
    validateReportJson(empty);
  });

  it(`publishes a draft-07 schema pinned to schemaVersion ${REPORT_SCHEMA_VERSION}`, () => {
    const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8'));
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.properties.schemaVersion).toEqual(expect.objectContaining({ const: REPORT_SCHEMA_VERSION }));
  });

  it('has a schema that rejects unknown fields, bad enums, waived findings without a waiver and bad passes', () => {
    const good = JSON.parse(toJson(sampleReport()));
    expect(reportSchemaAccepts(good)).toBe(true);
    expect(reportSchemaAccepts({ ...good, extra: 1 })).toBe(false);
    expect(reportSchemaAccepts({ ...good, schemaVersion: 1 })).toBe(false);
    const [id0, list0] = Object.entries(good.findings as Record<string, Record<string, unknown>[]>)[0]!;
    const first = list0[0]!;
    const withFinding = (f: Record<string, unknown>) => ({ ...good, findings: { [id0]: [f] } });
    const withStatus = (status: string) => withFinding({ ...first, status });
    expect(reportSchemaAccepts(withStatus('maybe'))).toBe(false);
    expect(reportSchemaAccepts(withStatus('waived'))).toBe(false);
    expect(reportSchemaAccepts(withFinding({ ...first, resource: 'aws_lb.x' }))).toBe(false);
    expect(reportSchemaAccepts(withFinding({ ...first, frameworks: {} }))).toBe(false);
    expect(reportSchemaAccepts(withFinding({ ...first, severity: 'huge' }))).toBe(false);
    expect(reportSchemaAccepts({ ...good, findings: [first] })).toBe(false);
    expect(reportSchemaAccepts({ ...good, resources: { ...good.resources, items: [{ address: 'a', kind: 0, values: {} }] } })).toBe(false);
    expect(reportSchemaAccepts({ ...good, resources: { ...good.resources, items: [{ address: 'a', kind: 'tf:aws_lb' }] } })).toBe(false);
    expect(reportSchemaAccepts({ ...good, scorecard: { nowhere: good.summary } })).toBe(false);
    expect(reportSchemaAccepts({ ...good, passes: { X: [{ resource: 0 }] } })).toBe(false);
    expect(reportSchemaAccepts({ ...good, passes: { X: ['aws_lb.x'] } })).toBe(false);
    const id = Object.keys(good.policies)[0]!;
    expect(reportSchemaAccepts({ ...good, policies: { [id]: { ...good.policies[id], severity: 'huge' } } })).toBe(false);
  });

  it('gives a finding its own severity or title only where they differ from its policy entry (a Rego message with its own)', () => {
    const report = sampleReport();
    const failing = report.findings.find((f) => f.status !== 'pass')!;
    const louder = { ...failing, severity: failing.severity === 'critical' ? 'low' : 'critical', resource: { ...failing.resource, address: 'other' } } as typeof failing;
    const out = JSON.parse(toJson({ ...report, findings: [failing, louder] }));
    expect(reportSchemaAccepts(out)).toBe(true);
    expect(out.policies[failing.policyId].severity).toBe(failing.severity);
    const [plain, own] = out.findings[failing.policyId];
    expect(plain).not.toHaveProperty('severity');
    expect(plain).not.toHaveProperty('title');
    expect(own).toMatchObject({ severity: louder.severity });
    expect(own).not.toHaveProperty('title');
  });

  it('copies only documented fields, so nothing else from a resource slips out', () => {
    const report = sampleReport();
    const failing = report.findings.find((f) => f.status !== 'pass')!;
    const f = { ...failing, resource: { ...failing.resource, values: { password: 'p' } } } as never;
    const out = JSON.parse(toJson({ ...report, findings: [f] }));
    expect(out.resources.items[0]).not.toHaveProperty('values');
    expect(JSON.stringify(out)).not.toContain('password');
    validateReportJson(out);
  });
});

describe('forEach results', () => {
  it('carry their item in the JSON report, valid against the schema', () => {
    const report = sampleReport();
    const failing = report.findings.find((f) => f.status === 'fail')!;
    const passing = report.findings.find((f) => f.status === 'pass')!;
    report.findings.push({ ...failing, item: 'gitlab.com:443' }, { ...passing, item: 'api.example.com:443' });
    const json = JSON.parse(toJson(report));
    expect(json.findings[failing.policyId].at(-1).item).toBe('gitlab.com:443');
    const index = json.resources.items.findIndex((r: { address: string }) => r.address === passing.resource.address);
    expect(json.passes[passing.policyId].at(-1)).toEqual({ resource: index, check: passing.check, item: 'api.example.com:443' });
    validateReportJson(json);
  });
});

describe('the compact shape', () => {
  it('drops only a lead address from a message', () => {
    expect(withoutAddress('aws_lb.web: known only after apply (internal)', 'aws_lb.web')).toBe('known only after apply (internal)');
    expect(withoutAddress('aws_lb.web is internet-facing (internal = false)', 'aws_lb.web')).toBe('is internet-facing (internal = false)');
    expect(withoutAddress('aws_lb.webx is internet-facing', 'aws_lb.web')).toBe('aws_lb.webx is internet-facing');
    expect(withoutAddress('bucket aws_s3_bucket.b has no block', 'aws_s3_bucket.b')).toBe('bucket aws_s3_bucket.b has no block');
  });

  it('names the same address in two files as two resources, and writes each kind and file once', () => {
    const report = sampleReport();
    const failing = report.findings.find((f) => f.status === 'fail')!;
    const elsewhere = { ...failing, resource: { ...failing.resource, file: 'other/plan.json' } };
    const json = JSON.parse(toJson({ ...report, findings: [failing, elsewhere, { ...failing, check: 1 }] }));
    expect(json.resources.items).toHaveLength(2);
    expect(json.resources.files).toEqual([failing.resource.file, 'other/plan.json'].filter(Boolean));
    expect(json.resources.kinds).toEqual([failing.resource.kind]);
    expect(json.findings[failing.policyId].map((f: { resource: number; check?: number }) => [f.resource, f.check])).toEqual([[0, undefined], [1, undefined], [0, 1]]);
    validateReportJson(json);
  });

  it('finds a resource again by address and file, whatever object names it, and tells a resource with no file apart', () => {
    const report = sampleReport();
    const failing = report.findings.find((f) => f.status === 'fail')!;
    const at = (file: string | undefined) => {
      const { file: _, ...rest } = failing.resource;
      return { ...failing, resource: file === undefined ? rest : { ...rest, file } };
    };
    const findings = [at('a.json'), at('b.json'), at(undefined), at('b.json'), at('a.json'), at(undefined), at('c.json')];
    const json = JSON.parse(toJson({ ...report, findings }));
    expect(json.findings[failing.policyId].map((f: { resource: number }) => f.resource)).toEqual([0, 1, 2, 1, 0, 2, 3]);
    expect(json.resources.items.map((i: { file?: number }) => i.file)).toEqual([0, 1, undefined, 2]);
    expect(json.resources.files).toEqual(['a.json', 'b.json', 'c.json']);
    validateReportJson(json);
    // The first of an address has no file: one in a file not seen before is another resource.
    const again = JSON.parse(toJson({ ...report, findings: [at(undefined), at('d.json'), at(undefined)] }));
    expect(again.findings[failing.policyId].map((f: { resource: number }) => f.resource)).toEqual([0, 1, 0]);
  });
});
