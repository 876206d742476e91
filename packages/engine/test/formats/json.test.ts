import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/formats/index.js';
import { cleanReport, sampleReport } from './fixtures.js';
import { REPORT_SCHEMA_PATH, reportSchemaAccepts, validateReportJson } from './validators.js';

describe('toJson', () => {
  it('writes the whole report, 2-space indented, that parses back to the same report', () => {
    const report = sampleReport();
    const text = toJson(report);
    expect(text).toMatch(/^\{\n  "schemaVersion": 1,\n/);
    expect(JSON.parse(text)).toEqual(report);
  });

  it('matches the published schema', () => {
    validateReportJson(JSON.parse(toJson(sampleReport())));
    validateReportJson(JSON.parse(toJson(cleanReport())));
  });

  it('publishes a draft-07 schema pinned to schemaVersion 1', () => {
    const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8'));
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.properties.schemaVersion).toEqual(expect.objectContaining({ const: 1 }));
  });

  it('has a schema that rejects unknown fields, bad enums and waived findings without a waiver', () => {
    const good = JSON.parse(toJson(sampleReport()));
    expect(reportSchemaAccepts(good)).toBe(true);
    expect(reportSchemaAccepts({ ...good, extra: 1 })).toBe(false);
    expect(reportSchemaAccepts({ ...good, schemaVersion: 2 })).toBe(false);
    const withStatus = (status: string, drop?: string) => {
      const f = { ...good.findings[0], status };
      if (drop) delete f[drop];
      return { ...good, findings: [f] };
    };
    expect(reportSchemaAccepts(withStatus('maybe'))).toBe(false);
    expect(reportSchemaAccepts(withStatus('waived'))).toBe(false);
    expect(reportSchemaAccepts({ ...good, findings: [{ ...good.findings[0], resource: { ...good.findings[0].resource, values: {} } }] })).toBe(false);
    expect(reportSchemaAccepts({ ...good, scorecard: { nowhere: good.summary } })).toBe(false);
  });

  it('copies only documented fields, so nothing else from a resource slips out', () => {
    const report = sampleReport();
    const f = { ...report.findings[0]!, resource: { ...report.findings[0]!.resource, values: { password: 'p' } } } as never;
    const out = JSON.parse(toJson({ ...report, findings: [f] }));
    expect(out.findings[0].resource).not.toHaveProperty('values');
    validateReportJson(out);
  });
});

describe('forEach results', () => {
  it('carry their item in the JSON report, valid against the schema', () => {
    const report = sampleReport();
    report.findings.push({ ...report.findings[0]!, item: 'gitlab.com:443' });
    const json = JSON.parse(toJson(report));
    expect(json.findings.at(-1).item).toBe('gitlab.com:443');
    validateReportJson(json);
  });
});
