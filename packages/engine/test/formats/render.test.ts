import { describe, expect, it } from 'vitest';
import { buildReport, REDACTED } from '@onus/core';
import { FORMATS, isFormat, render } from '../../src/formats/index.js';
import { finding, PACK, PLANTED_SECRET, sampleReport } from './fixtures.js';
import { sarifOf } from './validators.js';

describe('render', () => {
  it('knows the seven formats', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'junit', 'markdown', 'github', 'html']);
    expect(isFormat('sarif')).toBe(true);
    expect(isFormat('yaml')).toBe(false);
  });

  it('dispatches to each writer, ending every output with a newline', () => {
    const report = sampleReport();
    for (const format of FORMATS) {
      const out = render(format, report, { color: false });
      expect(out.length, format).toBeGreaterThan(100);
      expect(out.endsWith('\n'), format).toBe(true);
    }
    expect(render('text', report, { color: true })).toContain('\u001b[');
    expect(render('text', report)).not.toContain('\u001b[');
    sarifOf(report);
  });

  it('is a pure function: the same report gives the same output, and the report is not changed', () => {
    const report = sampleReport();
    const before = structuredClone(report);
    for (const format of FORMATS) expect(render(format, report, { verbose: true })).toBe(render(format, report, { verbose: true }));
    expect(report).toEqual(before);
  });
});

describe('sensitive values', () => {
  // The core redacts; writers print evidence.value as given and nothing else from resources.
  const report = buildReport({
    pack: PACK,
    toolVersion: '0.1.0',
    inputs: [{ file: 'plan.json', format: 'terraform-plan', resources: 1 }],
    errors: [],
    findings: [
      finding({
        policyId: 'DSR-CRED-02',
        severity: 'critical',
        status: 'fail',
        resource: { address: 'aws_db_instance.main', kind: 'tf:aws_db_instance', file: 'plan.json', line: 4 },
        message: 'aws_db_instance.main sets its password in plain text',
        evidence: { path: '$.password', value: REDACTED },
      }),
    ],
  });

  for (const format of FORMATS) {
    it(`${format}: prints the redacted evidence as given and never a secret that is not in the report`, () => {
      const out = format === 'sarif' ? JSON.stringify(sarifOf(report)) : render(format, report, { verbose: true });
      expect(out).not.toContain(PLANTED_SECRET);
      expect(out).not.toContain('hunter2');
      const shown = format === 'markdown' ? '\\[sensitive\\]' : REDACTED;
      // Text shows paths as from the object.
      expect(out).toContain(format === 'text' ? 'password = ' : `$.password`);
      expect(out).toContain(shown);
    });
  }
});
