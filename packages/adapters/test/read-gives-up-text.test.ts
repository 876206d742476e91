/**
 * `readInput` with content given as a function: once the input is parsed,
 * nothing of the reader holds its text (not the parsed input of a format that
 * does not read it, not V8's record of the last regular expression match), so
 * a large plan's text can be freed while its facts are adapted; `onParsed`
 * marks that point, and `keepText` gives back the text of the formats asked for.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readInput } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterCollecting = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const PADDING = 32 * 1024 * 1024;
/** A small plan followed by 32 MiB of white space: its text is large, its parsed tree small. */
const paddedPlan = () =>
  JSON.stringify({ format_version: '1.2', resource_changes: [{ address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', change: { actions: ['create'], after: { bucket: 'b' } } }] }) + ' '.repeat(PADDING);

describe('reading gives up the text it was read from', () => {
  it('is collectable once parsed: the plan is adapted without it', () => {
    const before = heapAfterCollecting();
    const holder: { text?: string | undefined } = { text: paddedPlan() };
    let atParsed: number | undefined;
    let length: number | undefined;
    const r = readInput(
      'plan.json',
      () => {
        const text = holder.text!;
        holder.text = undefined;
        return text;
      },
      {
        onParsed: (n) => {
          length = n;
          atParsed = heapAfterCollecting();
        },
      },
    );
    expect(r.format).toBe('terraform-plan');
    expect(r.resources.map((x) => x.address)).toEqual(['aws_s3_bucket.b']);
    expect(length).toBeGreaterThan(PADDING);
    expect(r).not.toHaveProperty('text');
    // Held anywhere, the 32 MiB text would still be on the heap when the facts are adapted.
    expect(atParsed! - before).toBeLessThan(PADDING / 4);
  });

  it('gives back the text of a format asked for (inline waivers live in manifests), and only that', () => {
    const manifest = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a } # onus:ignore DSR-NET-05 reason="x"\n';
    const keepText = (format: string) => format === 'kubernetes';
    expect(readInput('ns.yaml', () => manifest, { keepText }).text).toBe(manifest);
    expect(readInput('plan.json', '{"format_version":"1.2","resource_changes":[]}', { keepText })).not.toHaveProperty('text');
  });

  it('calls onParsed only for an input that parsed and was recognised', () => {
    const calls: number[] = [];
    readInput('x.json', '{"hello":1}', { onParsed: (n) => calls.push(n) });
    readInput('x.json', '{"hello":', { onParsed: (n) => calls.push(n) });
    expect(calls).toEqual([]);
  });
});
