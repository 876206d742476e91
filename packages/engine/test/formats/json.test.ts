import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '@onus/core';
import { REPORT_SCHEMA_VERSION, toJson, writeJson } from '../../src/formats/index.js';
import { cleanReport, sampleReport as fixtureReport } from './fixtures.js';
import { REPORT_SCHEMA_PATH, reportSchemaAccepts, validateReportJson } from './validators.js';

/** A JSON report's findings joined back with their policies: the report's own Finding objects. */
function joined(json: { policies: Record<string, object>; findings: { policyId: string }[] }): unknown[] {
  return json.findings.map((f) => {
    const { status, ...rest } = f as { status: string } & Record<string, unknown>;
    const { title, responsibility, severity, remediation, frameworks } = json.policies[f.policyId] as Record<string, unknown>;
    return { policyId: f.policyId, title, responsibility, severity, status, ...rest, remediation, frameworks };
  });
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
    expect(text).toMatch(/^\{\n  "schemaVersion": 2,\n/);
    const json = JSON.parse(text);
    expect(json.summary).toEqual(report.summary);
    expect(json.scorecard).toEqual(report.scorecard);
    expect(joined(json)).toEqual(stripUndefined(report.findings.filter((f) => f.status !== 'pass')));
    const lines = text.split('\n');
    const start = lines.indexOf('  "findings": [');
    expect(lines.slice(start + 1, start + 1 + json.findings.length).every((l) => l.startsWith('    {"policyId":'))).toBe(true);
  });

  it('writes what a policy says once, in `policies`, and passes compact: addresses by policy id', () => {
    const report = sampleReport();
    const json = JSON.parse(toJson(report));
    const ids = [...new Set(report.findings.map((f) => f.policyId))];
    expect(Object.keys(json.policies)).toEqual(ids);
    for (const f of report.findings) expect(json.policies[f.policyId]).toEqual({ title: f.title, responsibility: f.responsibility, severity: f.severity, remediation: f.remediation, frameworks: f.frameworks });
    expect(json.findings.some((f: { status: string }) => f.status === 'pass')).toBe(false);
    const passes = report.findings.filter((f) => f.status === 'pass');
    expect(passes.length).toBeGreaterThan(0);
    const expected: Record<string, unknown[]> = {};
    for (const f of passes) (expected[f.policyId] ??= []).push(f.check === 0 && f.item === undefined ? f.resource.address : { address: f.resource.address, check: f.check, ...(f.item ? { item: f.item } : {}) });
    expect(json.passes).toEqual(expected);
    expect(JSON.stringify(json)).not.toContain('"message":"' + passes[0]!.message);
  });

  it('with includePasses, writes every pass as a full finding, in the report order, and no `passes`', () => {
    const report = sampleReport();
    const json = JSON.parse(toJson(report, { includePasses: true }));
    expect(json).not.toHaveProperty('passes');
    expect(joined(json)).toEqual(stripUndefined(report.findings));
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
    expect(empty).toMatchObject({ policies: {}, findings: [], passes: {} });
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
    const withStatus = (status: string, drop?: string) => {
      const f = { ...good.findings[0], status };
      if (drop) delete f[drop];
      return { ...good, findings: [f] };
    };
    expect(reportSchemaAccepts(withStatus('maybe'))).toBe(false);
    expect(reportSchemaAccepts(withStatus('waived'))).toBe(false);
    expect(reportSchemaAccepts({ ...good, findings: [{ ...good.findings[0], resource: { ...good.findings[0].resource, values: {} } }] })).toBe(false);
    expect(reportSchemaAccepts({ ...good, findings: [{ ...good.findings[0], frameworks: {} }] })).toBe(false);
    expect(reportSchemaAccepts({ ...good, findings: [{ ...good.findings[0], severity: 'huge' }] })).toBe(false);
    expect(reportSchemaAccepts({ ...good, scorecard: { nowhere: good.summary } })).toBe(false);
    expect(reportSchemaAccepts({ ...good, passes: { X: [{ address: 'a' }] } })).toBe(false);
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
    expect(out.findings[0]).not.toHaveProperty('severity');
    expect(out.findings[0]).not.toHaveProperty('title');
    expect(out.findings[1]).toMatchObject({ severity: louder.severity });
    expect(out.findings[1]).not.toHaveProperty('title');
  });

  it('copies only documented fields, so nothing else from a resource slips out', () => {
    const report = sampleReport();
    const failing = report.findings.find((f) => f.status !== 'pass')!;
    const f = { ...failing, resource: { ...failing.resource, values: { password: 'p' } } } as never;
    const out = JSON.parse(toJson({ ...report, findings: [f] }));
    expect(out.findings[0].resource).not.toHaveProperty('values');
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
    expect(json.findings.at(-1).item).toBe('gitlab.com:443');
    expect(json.passes[passing.policyId].at(-1)).toEqual({ address: passing.resource.address, check: passing.check, item: 'api.example.com:443' });
    validateReportJson(json);
  });
});
