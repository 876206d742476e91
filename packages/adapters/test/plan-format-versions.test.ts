import { describe, expect, it } from 'vitest';
import { fromTerraformPlan, readInput, utf8Text } from '@onus/adapters';
import { plan01, plan12 } from './fixtures/plans.js';
import { addresses, fact } from './support.js';

describe('plan format_version 0.1 to 1.2 read alike', () => {
  it('reads a 0.1 plan (no after_sensitive, bare references)', () => {
    const result = readInput('old.json', JSON.stringify(plan01()));
    expect(result.format).toBe('terraform-plan');
    expect(result.errors).toEqual([]);
    expect(addresses(result)).toEqual(['aws_s3_bucket.b', 'module.logs.aws_s3_bucket_policy.p']);
    const policy = fact(result, 'module.logs.aws_s3_bucket_policy.p');
    expect(policy.sensitive).toEqual([]);
    expect(policy.unknown).toEqual(['bucket', 'id']);
    expect(policy.refs).toEqual({ bucket: ['aws_s3_bucket.b'] });
  });

  it('reads a 1.2 plan with its extra keys (action_reason, relevant_attributes, checks...)', () => {
    const plan = { ...plan12(), checks: [], output_changes: {}, resource_drift: [] };
    const result = fromTerraformPlan(plan);
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(17);
  });

  it.each(['0.1', '0.2', '1.0', '1.1', '1.2'])('accepts format_version %s', (version) => {
    const result = fromTerraformPlan({ ...plan01(), format_version: version });
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(2);
  });

  it('reports a format_version it does not know but still reads the plan', () => {
    const result = fromTerraformPlan({ ...plan01(), format_version: '2.0' });
    expect(result.errors).toEqual([
      expect.objectContaining({ pointer: '/format_version', message: 'plan format_version 2.0 is not supported (onus reads 0.1 to 1.x)' }),
    ]);
    expect(result.resources).toHaveLength(2);
  });

  it('uses planned_values (and prior_state data sources) when there are no resource_changes', () => {
    const plan: Record<string, unknown> = plan01();
    delete plan.resource_changes;
    plan.prior_state = {
      format_version: '0.1',
      values: {
        root_module: {
          resources: [
            { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: { bucket: 'b' } },
            { address: 'data.aws_region.current', mode: 'data', type: 'aws_region', name: 'current', values: { name: 'us-east-1' } },
          ],
        },
      },
    };
    const result = fromTerraformPlan(plan);
    expect(result.errors).toEqual([]);
    expect(addresses(result)).toEqual(['aws_s3_bucket.b', 'module.logs.aws_s3_bucket_policy.p', 'data.aws_region.current']);
    expect(fact(result, 'aws_s3_bucket.b')).toMatchObject({ values: { bucket: 'b', acl: 'private' }, unknown: [] });
    expect(fact(result, 'aws_s3_bucket.b').change).toBeUndefined();
    expect(fact(result, 'data.aws_region.current').dataSource).toBe(true);
    expect(fact(result, 'module.logs.aws_s3_bucket_policy.p').refs).toEqual({ bucket: ['aws_s3_bucket.b'] });
  });

  it('takes sensitive paths from planned_values sensitive_values in that fallback', () => {
    const plan: Record<string, unknown> = plan12();
    delete plan.resource_changes;
    const result = fromTerraformPlan(plan);
    expect(fact(result, 'module.db.module.x.aws_db_instance.this[0]').sensitive).toEqual(['password']);
  });

  it('falls back to planned_values when change.after is missing', () => {
    const plan = plan01();
    const changes = plan.resource_changes as { change: Record<string, unknown> }[];
    delete (changes[0] as { change: Record<string, unknown> }).change.after;
    expect(fact(fromTerraformPlan(plan), 'aws_s3_bucket.b').values).toEqual({ bucket: 'b', acl: 'private' });
  });

  it('reads an empty plan as no facts and no errors', () => {
    const empty = { format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, configuration: { root_module: {} }, applyable: false, complete: true, errored: false };
    expect(readInput('empty-plan.json', JSON.stringify(empty))).toEqual({ format: 'terraform-plan', resources: [], errors: [] });
  });

  it('strips a UTF-8 BOM', () => {
    const result = readInput('bom.json', '\uFEFF' + JSON.stringify(plan01()));
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(2);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(plan01()))]);
    expect(readInput('bom.json', bytes).resources).toHaveLength(2);
  });

  it('reads UTF-16 output as Windows PowerShell redirection writes it', () => {
    const text = JSON.stringify(plan01());
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < text.length; i++) bytes[2 + i * 2] = text.charCodeAt(i);
    expect(readInput('ps.json', bytes).resources).toHaveLength(2);
  });
});

describe('utf8Text: the text a scan keeps instead of the bytes', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const utf16 = (text: string) => {
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < text.length; i++) bytes[2 + i * 2] = text.charCodeAt(i);
    return bytes;
  };
  const plan = JSON.stringify(plan01());

  it('decodes UTF-8, with or without a BOM, and nothing else', () => {
    expect(utf8Text(utf8(plan))).toBe(plan);
    expect(utf8Text(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(plan)]))).toBe(plan);
    expect(utf8Text(utf16(plan))).toBeUndefined();
    expect(utf8Text(new Uint8Array([0x7b, 0x00, 0x7d]))).toBeUndefined();
    expect(utf8Text(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]))).toBeUndefined();
  });

  it('gives readInput what the bytes would have given, for text and for what is refused', () => {
    const cases: Uint8Array[] = [
      utf8(plan),
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(plan)]),
      utf16(plan),
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
      new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]),
      utf8('   \n'),
    ];
    for (const bytes of cases) {
      for (const lenient of [false, true]) {
        expect(readInput('in.json', utf8Text(bytes) ?? bytes, { lenient })).toEqual(readInput('in.json', bytes, { lenient }));
      }
    }
  });
});
