import { describe, expect, it } from 'vitest';
import type { AdapterResult, Resource } from '@onus/core';
import { adaptParsed, builtinFormats, claimsFile, createReader, readInput, type InputFormatDefinition } from '@onus/adapters';
import { plan01 } from './fixtures/plans.js';

/**
 * The format of docs/adding-an-input-format.md, as written there: a lamp
 * inventory (`{"lampInventory": 1, "lamps": [{"id": "hall", "on": true}]}`).
 */
const lampFormat: InputFormatDefinition<'lamps'> = {
  name: 'lamps',
  summary: 'lamp inventories',
  hint: 'write the inventory with `lamps export --json`',
  files: ['*.lamps'],
  syntaxes: ['json'],
  markers: { json: ['lampInventory'] },
  recognise: (input) => input.kind === 'json' && typeof input.value === 'object' && input.value !== null && 'lampInventory' in input.value,
  adapt(input, file): AdapterResult {
    const lamps = input.kind === 'json' ? (input.value as { lamps?: unknown }).lamps : undefined;
    if (!Array.isArray(lamps)) {
      return { format: 'lamps', resources: [], errors: [{ file, pointer: '/lamps', message: 'lamps must be an array', hint: this.hint }] };
    }
    const resources: Resource[] = lamps.map((lamp: { id: string }) => ({
      kind: 'lamps:Lamp',
      address: `lamp:${lamp.id}`,
      values: lamp,
      unknown: [],
      sensitive: [],
      refs: {},
      source: { file, format: 'lamps' },
    }));
    return { format: 'lamps', resources, errors: [] };
  },
};

describe('a format added through the registry (docs/adding-an-input-format.md)', () => {
  const reader = createReader([...builtinFormats, lampFormat]);

  it('reads its files end to end through readInput', () => {
    const result = reader.readInput('hall.lamps', new TextEncoder().encode('{"lampInventory": 1, "lamps": [{"id": "hall", "on": true}]}'));
    expect(result).toEqual({
      format: 'lamps',
      errors: [],
      resources: [expect.objectContaining({ kind: 'lamps:Lamp', address: 'lamp:hall', values: { id: 'hall', on: true }, source: { file: 'hall.lamps', format: 'lamps' } })],
    });
  });

  it('is detected, claims its file names and is listed in the formats hint', () => {
    expect(reader.detectFormat('{"lampInventory": 2, "lamps": []}')).toEqual({ format: 'lamps' });
    expect(reader.claimsFile('HALL.LAMPS')).toBe(true);
    expect(claimsFile('hall.lamps')).toBe(false);
    expect(reader.hint).toMatch(/AWS CLI JSON output \(ec2\/elbv2\/iam\), GCP Cloud Asset Inventory exports and lamp inventories$/);
  });

  it('reports its shape errors with the format name, and its truncated files as inputs (its key marks them)', () => {
    expect(reader.readInput('bad.lamps', '{"lampInventory": 1, "lamps": 3}').errors).toEqual([{ file: 'bad.lamps', pointer: '/lamps', message: 'lamps must be an array', hint: lampFormat.hint }]);
    expect(reader.readInput('cut.lamps', '{"lampInventory": 1, "la', { lenient: true })).toMatchObject({ format: 'unknown', errors: [{ line: 1 }] });
    expect(readInput('cut.lamps', '{"lampInventory": 1, "la', { lenient: true })).toMatchObject({ skipped: expect.any(String), errors: [] });
  });

  it('leaves the built-in reader unchanged', () => {
    expect(readInput('hall.lamps', '{"lampInventory": 1, "lamps": []}').errors[0]?.message).toBe('unrecognised input: a JSON object with keys lampInventory, lamps');
  });
});

describe('files found in folders (lenient): another tool\'s file is skipped, a broken input is reported', () => {
  const lenient = (content: string | Uint8Array, file = 'found.json') => readInput(file, content, { lenient: true });

  it.each([
    ['empty', ' \n', 'not-an-input'],
    ['well-formed JSON of another tool', '{"name": "x", "version": "1.0.0"}', 'other-tool'],
    ['JSON with comments and nothing of an input', '{\n  // JSON with comments\n  "image": "node:20",\n}\n', 'not-an-input'],
    ['well-formed YAML of another tool', 'on: push\njobs: {}\n', 'other-tool'],
    ['Terraform state (well-formed, not a plan)', '{"format_version":"1.0","terraform_version":"1.9.0","values":{}}', 'other-tool'],
    ['binary content', new Uint8Array([0x7b, 0x00, 0x01, 0x02]), 'not-an-input'],
  ] as const)('skips %s, saying which kind of file it is', (_name, content, skipReason) => {
    expect(lenient(content)).toEqual({ format: 'unknown', resources: [], errors: [], skipped: expect.any(String), skipReason });
  });

  it('skips a Helm chart template by its YAML name, and says why', () => {
    const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n';
    expect(lenient(template, 'chart/templates/svc.yaml')).toMatchObject({ skipped: expect.stringMatching(/^a Helm template/), skipReason: 'template' });
    // Named, it is an error that says what it is (not a manifest with a mapping for a name).
    expect(readInput('chart/templates/svc.yaml', template).errors[0]?.message).toMatch(/Helm template/);
  });

  it.each([
    ['a truncated plan', '{"format_version": "1.2", "resource_changes": ['],
    ['a binary plan', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
    ['a file that is not UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])],
    ['a broken manifest', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n'],
  ])('reports %s', (_name, content) => {
    const result = lenient(content);
    expect(result.skipped).toBeUndefined();
    expect(result.errors).toHaveLength(1);
  });

  it('reports everything it cannot read when not lenient', () => {
    expect(readInput('package.json', '{"name": "x"}')).toEqual({ format: 'unknown', resources: [], errors: [expect.objectContaining({ message: 'unrecognised input: a JSON object with keys name' })] });
  });
});

describe('one parse per input', () => {
  it('reads Kubernetes JSON once, with the line of each List item', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', annotations: { note: 'has "items": [1]' } } }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' } }] }, null, 2);
    const result = readInput('list.json', text);
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => [r.address, r.source.line])).toEqual([
      ['k8s:default/Service/a', 5],
      ['k8s:default/Pod/b', 15],
    ]);
  });
});

describe('adaptParsed: an input already parsed, with its declared format', () => {
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } };

  it('adapts the value itself, with no line (there is no text)', () => {
    const result = adaptParsed('kubernetes', service, 'svc');
    expect(result.errors).toEqual([]);
    expect(result.resources).toEqual([expect.objectContaining({ address: 'k8s:default/Service/web', values: service, source: { file: 'svc', format: 'kubernetes' } })]);
  });

  it('refuses content of another format, naming it', () => {
    const result = adaptParsed('kubernetes', plan01(), 'p');
    expect(result).toEqual({ format: 'unknown', resources: [], errors: [expect.objectContaining({ file: 'p', message: expect.stringMatching(/^the input is declared kubernetes, but its content is terraform-plan/) })] });
  });

  it('reports what the declared format misses when no format recognises the value', () => {
    expect(adaptParsed('kubernetes', { metadata: { name: 'x' } }, 'm').errors).toEqual([
      { file: 'm', message: 'the document has no apiVersion and kind', hint: expect.stringContaining('apiVersion') },
    ]);
    expect(adaptParsed('aws-config', { resourceType: 'AWS::S3::Bucket', resourceId: 'b' }).resources.map((r) => r.address)).toEqual(['b']);
  });

  it('applies the safety checks of a parsed input (`__proto__` keys, depth)', () => {
    const data = JSON.parse('{"apiVersion": "v1", "kind": "Pod", "metadata": {"__proto__": {"x": 1}}}');
    expect(adaptParsed('kubernetes', data).errors[0]?.message).toBe('forbidden key "__proto__" at /metadata/__proto__');
  });

  it('reads a text with the declared format, and refuses an unknown format name', () => {
    expect(adaptParsed('kubernetes', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n').resources.map((r) => r.source.line)).toEqual([1]);
    expect(adaptParsed('yaml' as 'kubernetes', {}).errors[0]?.message).toBe('unknown input format "yaml"');
  });
});

describe('file names claimed in folder scans come from the formats', () => {
  it.each([
    ['plan.json', true],
    ['assets.JSONL', true],
    ['svc.yml', true],
    ['svc.yaml', true],
    ['main.tf', false],
    ['notes.md', false],
  ])('%s: %s', (name, claimed) => {
    expect(claimsFile(name)).toBe(claimed);
  });
});
