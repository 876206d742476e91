import { describe, expect, it } from 'vitest';
import { fromAwsCli, fromAwsConfig, fromCloudAssets, fromKubernetes, fromTerraformPlan, readInput, MAX_DEPTH } from '@onus/adapters';
import { plan01 } from './fixtures/plans.js';
import { addresses } from './support.js';

const only = (result: { errors: unknown[] }) => {
  expect(result.errors).toHaveLength(1);
  return result.errors[0] as { file: string; line?: number; pointer?: string; message: string; hint?: string };
};

describe('bad input gives one clear error with a hint, never a crash', () => {
  it('reports truncated JSON with the line and column where it stops', () => {
    const text = JSON.stringify(plan01(), null, 2);
    const cut = text.slice(0, 200);
    const error = only(readInput('plan.json', cut));
    const lines = cut.split('\n');
    expect(error).toMatchObject({ file: 'plan.json', line: lines.length });
    expect(error.message).toMatch(new RegExp(`^invalid JSON at line ${lines.length}, column ${(lines.at(-1) as string).length + 1}: unexpected end of input.* \\(the file looks truncated\\)$`));
    expect(error.hint).toMatch(/regenerate/);
  });

  it('names the place of a JSON syntax error in the middle of a file', () => {
    const error = only(fromTerraformPlan('{\n  "format_version": "1.2",\n  "resource_changes": [1,,2]\n}', 'p.json'));
    expect(error).toMatchObject({ line: 3, message: "invalid JSON at line 3, column 26: unexpected ',', expected a value" });
  });

  it('refuses a binary plan zip, as bytes or text', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0x08, 0x00]);
    for (const content of [zip, new TextDecoder('latin1').decode(zip)]) {
      const result = readInput('tfplan', content);
      expect(result.resources).toEqual([]);
      expect(only(result)).toMatchObject({ file: 'tfplan', message: 'this is a binary plan; run `terraform show -json PLAN > plan.json`' });
    }
  });

  it('refuses other binary content and invalid UTF-8', () => {
    expect(only(readInput('a.bin', new Uint8Array([0x7b, 0x00, 0x01, 0x02]))).message).toBe('this is a binary file, not text');
    expect(only(readInput('a.json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).message).toBe('the file is not valid UTF-8 text');
  });

  it('reports an empty file', () => {
    expect(only(readInput('empty.json', ''))).toMatchObject({ file: 'empty.json', message: 'empty input', hint: expect.any(String) });
    expect(only(readInput('empty.json', new Uint8Array()))).toMatchObject({ message: 'empty input' });
    expect(fromTerraformPlan('', 'e.json').errors[0]?.message).toBe('invalid JSON at line 1, column 1: the input is empty');
  });

  it('reports YAML that is not Kubernetes', () => {
    const result = readInput('ci.yaml', 'name: CI\non:\n  push: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
    expect(result.format).toBe('unknown');
    expect(only(result).message).toBe('YAML input is not a Kubernetes manifest: no document has apiVersion and kind');
  });

  it('refuses __proto__ keys by pointer and never pollutes a prototype', () => {
    const text = '{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"__proto__":{"polluted":true}}}}]}';
    const result = readInput('evil.json', text);
    expect(result.resources).toEqual([]);
    expect(only(result)).toMatchObject({ pointer: '/resource_changes/0/change/after/__proto__', message: 'forbidden key "__proto__" at /resource_changes/0/change/after/__proto__' });
    for (const adapt of [fromTerraformPlan, fromAwsConfig, fromAwsCli, fromCloudAssets]) {
      expect(adapt('{"__proto__": {"polluted": true}, "SecurityGroups": []}').errors[0]?.pointer).toBe('/__proto__');
      expect(adapt(JSON.parse('{"__proto__": {"polluted": true}}') as object).errors[0]?.pointer).toBe('/__proto__');
    }
    const escaped = readInput('evil.json', '{"SecurityGroups":[{"GroupId":"sg-1","\\u005f_proto__":{"polluted":true}}]}');
    expect(only(escaped).pointer).toBe('/SecurityGroups/0/__proto__');
    const yaml = fromKubernetes('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n__proto__: {polluted: true}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    expect(addresses(yaml)).toEqual(['k8s:default/ConfigMap/b']);
    expect(only(yaml)).toMatchObject({ line: 1, pointer: '/__proto__' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses 10,000-deep JSON nesting without a recursive walk', () => {
    const deep = '{"configurationItems":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
    const error = only(readInput('deep.json', deep));
    expect(error.message).toMatch(new RegExp(`^nested deeper than ${MAX_DEPTH} levels at /configurationItems(/0)+$`));
    expect(MAX_DEPTH).toBe(256);
    const object: Record<string, unknown> = {};
    let cursor = object;
    for (let i = 0; i < 10_000; i++) cursor = (cursor.a = {}) as Record<string, unknown>;
    expect(fromTerraformPlan(object).errors[0]?.message).toMatch(/^nested deeper than 256 levels/);
  });

  it('refuses 10,000-deep YAML nesting, flow and block, before composing it', () => {
    const flow = fromKubernetes('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n', 'flow.yaml');
    expect(only(flow).message).toBe('nested deeper than 256 levels (document at line 1)');
    const block = fromKubernetes('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ' + '- '.repeat(10_000) + 'x\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n');
    expect(addresses(block)).toEqual(['k8s:default/Pod/ok']);
    expect(only(block).message).toMatch(/^nested deeper than 256 levels/);
  });

  it('accepts nesting of exactly MAX_DEPTH levels and refuses one more, in JSON and YAML', () => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n';
    const block = (levels: number) => head + Array.from({ length: levels }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n') + ' x\n';
    const flow = (levels: number) => `${head}  x: ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}\n`;
    // root map (1) + data (1) + levels - 1 nested maps: `levels` keys give depth levels + 1.
    expect(fromKubernetes(block(MAX_DEPTH - 1)).errors).toEqual([]);
    expect(only(fromKubernetes(block(MAX_DEPTH))).message).toBe('nested deeper than 256 levels (document at line 1)');
    expect(fromKubernetes(flow(MAX_DEPTH - 1)).errors).toEqual([]);
    expect(only(fromKubernetes(flow(MAX_DEPTH))).message).toBe('nested deeper than 256 levels (document at line 1)');
    const json = (levels: number) => '{"SecurityGroups":' + '['.repeat(levels - 1) + ']'.repeat(levels - 1) + '}';
    expect(fromAwsCli(json(MAX_DEPTH)).errors.map((e) => e.message)).not.toContainEqual(expect.stringMatching(/nested/));
    expect(only(fromAwsCli(json(MAX_DEPTH + 1))).message).toMatch(/^nested deeper than 256 levels/);
  });

  it('refuses a YAML alias bomb', () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: lol}',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      '',
    ].join('\n');
    const result = readInput('bomb.yaml', bomb);
    expect(result.resources).toEqual([]);
    expect(only(result)).toMatchObject({ line: 1, message: 'YAML aliases expand too much in the document at line 1 (more than 100 expansions)' });
  });

  it('reports wrongly typed fields by pointer and keeps what can be read', () => {
    const plan = { ...plan01(), resource_changes: { 'aws_s3_bucket.b': {} } };
    const result = fromTerraformPlan(plan, 'p.json');
    expect(only(result)).toMatchObject({ pointer: '/resource_changes', message: 'resource_changes must be an array, got object', hint: expect.stringContaining('terraform show -json') });
    expect(addresses(result)).toEqual(['aws_s3_bucket.b', 'module.logs.aws_s3_bucket_policy.p']);
    const entry = fromTerraformPlan({ format_version: '1.2', resource_changes: [{ address: 'aws_s3_bucket.ok', type: 'aws_s3_bucket', change: { actions: ['create'], after: {} } }, { address: 'x.y', change: { actions: 'create' } }, 42] });
    expect(addresses(entry)).toEqual(['aws_s3_bucket.ok']);
    expect(entry.errors.map((e) => e.pointer)).toEqual(['/resource_changes/1/change/actions', '/resource_changes/2']);
    expect(only(fromAwsConfig({ configurationItems: 'nope' })).pointer).toBe('/configurationItems');
    expect(only(fromAwsCli({ Reservations: [{ Instances: null }] })).pointer).toBe('/Reservations/0/Instances');
  });

  it('reports a YAML syntax error by line and keeps the other documents', () => {
    const result = fromKubernetes('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [b}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n', 'pods.yaml');
    expect(addresses(result)).toEqual(['k8s:default/Pod/a', 'k8s:default/Pod/c']);
    expect(only(result)).toMatchObject({ file: 'pods.yaml', line: 7, message: expect.stringMatching(/^invalid YAML at line 7, column \d+: /) });
  });

  it('never throws on any of these inputs', () => {
    const inputs: unknown[] = ['', 'null', '[]', '{}', '"x"', '{"format_version":1,"resource_changes":null}', 'PK\u0003\u0004', '- a\n- b', '{', 42, null];
    for (const input of inputs) {
      for (const adapt of [fromTerraformPlan, fromAwsConfig, fromAwsCli, fromCloudAssets] as ((i: unknown) => unknown)[]) {
        expect(() => adapt(input)).not.toThrow();
      }
      if (typeof input === 'string') {
        expect(() => fromKubernetes(input)).not.toThrow();
        expect(() => readInput('x', input)).not.toThrow();
      }
    }
  });
});
