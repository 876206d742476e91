/**
 * `readInput(..., { documents: true })`: the documents as parsed, for policies
 * that read inputs the way Conftest gives them (the plan JSON, each YAML
 * document, the JSON lines of an export), by reference and only on request.
 */
import { describe, expect, it } from 'vitest';
import { readInput } from '../src/index.js';

describe('parsed documents of an input', () => {
  it('are absent unless asked for', () => {
    expect(readInput('plan.json', '{"format_version":"1.2","resource_changes":[]}')).not.toHaveProperty('documents');
  });

  it('a JSON input is one document: the whole value', () => {
    const r = readInput('plan.json', '{"format_version":"1.2","resource_changes":[]}', { documents: true });
    expect(r.format).toBe('terraform-plan');
    expect(r.documents).toEqual([{ format_version: '1.2', resource_changes: [] }]);
  });

  it('a YAML stream gives each document on its own, without empty ones', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\n# nothing\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: b }\n';
    const r = readInput('ns.yaml', text, { documents: true });
    expect(r.format).toBe('kubernetes');
    expect(r.documents).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
    ]);
  });

  it('JSON lines (an asset export) are one document: the array of lines', () => {
    const line = (name: string) => JSON.stringify({ name: `//storage.googleapis.com/${name}`, asset_type: 'storage.googleapis.com/Bucket', resource: { data: { name } } });
    const r = readInput('assets.jsonl', `${line('a')}\n${line('b')}\n`, { documents: true });
    expect(r.format).toBe('gcp-cai');
    expect(r.documents).toHaveLength(1);
    expect((r.documents![0] as unknown[]).map((d) => (d as { resource: { data: { name: string } } }).resource.data.name)).toEqual(['a', 'b']);
  });

  it('an input that is not read has none', () => {
    expect(readInput('x.json', '{"hello":1}', { documents: true }).documents).toBeUndefined();
  });
});
