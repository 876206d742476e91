/** A finding's evidence carries the line of the deciding attribute, where the input records attribute lines. */
import { describe, expect, it } from 'vitest';
import { definePack, evaluate, type Policy } from '../src/index.js';
import { resource } from './helpers.js';

const policy: Policy = {
  id: 'T-SEC-01',
  title: 'Versioning on',
  responsibility: 'security',
  severity: 'medium',
  remediation: 'Turn versioning on.',
  checks: [{ kind: 'tf:aws_s3_bucket', assert: { fact: 'values', path: '$.versioning[0].enabled', operator: 'equal', value: true } }],
};
const pack = definePack({ name: 'test', version: '0.0.0', policies: [policy], params: {} });
const bucket = (values: Record<string, unknown>, lines?: Record<string, number>) =>
  resource('tf:aws_s3_bucket', values, { source: { file: 'main.tf', format: 'terraform-source', line: 10, ...(lines ? { lines } : {}) } });

describe('evidence lines', () => {
  it('names the line of the attribute at the evidence path', () => {
    const [f] = evaluate([bucket({ versioning: [{ enabled: false }] }, { versioning: 12, 'versioning[0]': 12, 'versioning[0].enabled': 13 })], pack);
    expect(f?.evidence).toEqual({ path: '$.versioning[0].enabled', value: false, line: 13 });
  });

  it('falls back to the closest recorded parent when the attribute is absent', () => {
    const [f] = evaluate([bucket({ versioning: [{}] }, { versioning: 12, 'versioning[0]': 12 })], pack);
    expect(f?.evidence?.line).toBe(12);
  });

  it('gives no line when the input records none, or none on the path', () => {
    expect(evaluate([bucket({ versioning: [{ enabled: false }] })], pack)[0]?.evidence?.line).toBeUndefined();
    expect(evaluate([bucket({}, { tags: 11, constructor: 3 })], pack)[0]?.evidence).toEqual({ path: '$.versioning[0].enabled', value: null });
  });

  it('writes {path} in messages as from the object', () => {
    const withMessage: Policy = { ...policy, checks: [{ ...policy.checks[0]!, message: '{address}: {path} is {value}' } as Policy['checks'][number]] };
    const [f] = evaluate([bucket({ versioning: [{ enabled: false }] })], definePack({ name: 'test', version: '0.0.0', policies: [withMessage], params: {} }));
    expect(f?.message).toBe('aws_s3_bucket.test: versioning[0].enabled is false');
  });
});
