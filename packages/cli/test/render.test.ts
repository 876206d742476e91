/**
 * `render:` in .onus.yaml: off by default (each chart named as not rendered,
 * with the command to pipe), on with a stand-in `helm` first on the PATH,
 * and a bad value named with its line.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, service, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';

const CHART = {
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  type: LoadBalancer\n',
};

/** A folder holding a stand-in `helm` that prints one rendered Service. */
function helmOnPath(): string {
  const bin = tempDir({}, false);
  writeFileSync(join(bin, 'helm'), `#!/bin/sh\ncat <<'EOF'\n---\n# Source: web/templates/svc.yaml\n${service('rendered-web')}EOF\n`);
  chmodSync(join(bin, 'helm'), 0o755);
  return bin;
}

describe('onus scan: Helm charts', () => {
  it('off by default: the chart is named in the text summary with the command to pipe', async () => {
    const dir = tempDir({ ...CHART, 'svc.yaml': service('plain') });
    const r = await run(['scan', '.'], { cwd: dir, env: { ONUS_TODAY: '2026-06-01', PATH: `${helmOnPath()}:${process.env['PATH']}` } });
    expect(r.stdout).toContain('Not checked:\n  2 files of a Helm chart in charts/web (not rendered: rendering is off): `helm template charts/web | onus scan -`, or set `render: true` in .onus.yaml\n');
    expect(r.stdout).not.toContain('rendered-web');
  });

  it('`render: true` with helm on the PATH: the output is scanned, findings point at the template', async () => {
    const dir = tempDir({ ...CHART, '.onus.yaml': 'render: true\n' });
    const r = await run(['scan', '--format', 'json', '.'], { cwd: dir, env: { ONUS_TODAY: '2026-06-01', PATH: `${helmOnPath()}:${process.env['PATH']}` } });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    const lb = expandFindings(report).find((f) => f.policyId === 'DSR-NET-05')!;
    expect(lb.resource).toMatchObject({ address: 'k8s:prod/Service/rendered-web', file: 'charts/web/templates/svc.yaml' });
    expect(report.files.map((f: { status: string }) => f.status)).toEqual(['rendered', 'rendered']);
    expect(r.code).toBe(1);
  });

  it('`render: true` without helm on the PATH says to install it', async () => {
    const dir = tempDir({ ...CHART, '.onus.yaml': 'render: true\n' });
    const r = await run(['scan', '.'], { cwd: dir, env: { ONUS_TODAY: '2026-06-01', PATH: tempDir({}, false) } });
    expect(r.stdout).toContain('(not rendered: helm is not on the PATH): `helm template charts/web | onus scan -`, or install helm');
  });

  it('a bad value is named with the field and its line', async () => {
    const dir = tempDir({ ...CHART, '.onus.yaml': 'failOn: high\nrender: yes-please\n' });
    const r = await run(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: \.onus\.yaml:2 .*render/m);
  });
});
