/**
 * The time budget of Rego in a scan, through the committed bundle (what
 * pre-commit and npm installs run): a policy that takes too long on one input
 * is stopped there (an error finding, exit 2) and the other inputs are still
 * judged. The bundle embeds the OPA SDK for the worker thread that enforces it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_FIXTURES, fixture } from '../../rego/test/support.js';
import { REPO, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';

const BUNDLE = join(REPO, 'dist', 'bin.cjs');

/** A plan of `n` planned creates (the tfplan-changes policy walks every one). */
function plan(n: number): string {
  const changes = Array.from({ length: n }, (_, i) => ({
    address: `null_resource.n${i}`,
    mode: 'managed',
    type: 'null_resource',
    name: `n${i}`,
    provider_name: 'registry.terraform.io/hashicorp/null',
    change: { actions: ['create'], before: null, after: {}, after_unknown: {} },
  }));
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.11.0', resource_changes: changes, output_changes: {} });
}

describe.skipIf(!HAVE_FIXTURES)('a Rego time budget, in the bundle', () => {
  it('stops the evaluation past timeoutMs with an error finding for that input only; the others are judged', () => {
    const dir = tempDir({
      'huge.json': plan(100_000),
      'empty.json': plan(0),
      '.onus.yaml': 'rego:\n  - path: policy.wasm\n    entrypoints: [terraform/no_change_resource]\n    timeoutMs: 250\n',
    });
    copyFileSync(fixture('tfplan-changes', 'policy.wasm'), join(dir, 'policy.wasm'));
    const r = spawnSync(process.execPath, [BUNDLE, 'scan', '--only', 'rego:terraform/no_change_resource', '--format', 'json', 'huge.json', 'empty.json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status, r.stderr).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(expandFindings(report)).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ address: 'huge.json' }), message: 'could not evaluate terraform/no_change_resource: took longer than the time budget of 250 ms and was stopped' }),
      expect.objectContaining({ status: 'pass', policyId: 'rego:terraform/no_change_resource', resource: expect.objectContaining({ address: 'empty.json' }) }),
    ]);
  });

  it('with timeoutMs: 0 runs in this thread, unbounded; the default budget (a worker) gives the same report', () => {
    const scanWith = (setting: string) => {
      const dir = tempDir({ 'empty.json': plan(0), 'small.json': plan(3), '.onus.yaml': `rego:\n  - path: policy.wasm\n    entrypoints: [terraform/no_change_resource]\n${setting}` });
      copyFileSync(fixture('tfplan-changes', 'policy.wasm'), join(dir, 'policy.wasm'));
      const r = spawnSync(process.execPath, [BUNDLE, 'scan', '--only', 'rego:terraform/no_change_resource', '--format', 'json', 'empty.json', 'small.json'], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return expandFindings(JSON.parse(r.stdout));
    };
    const inThread = scanWith('    timeoutMs: 0\n');
    expect(inThread).toContainEqual(expect.objectContaining({ status: 'pass', resource: expect.objectContaining({ address: 'empty.json' }) }));
    expect(scanWith('')).toEqual(inThread);
  });
});
