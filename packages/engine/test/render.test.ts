/**
 * Helm charts and kustomizations: recognised in folder scans, their files
 * never read as plain manifests, rendered only when enabled and the tool is
 * on the PATH (stand-in scripts here: the real binaries are not needed),
 * with findings pointing at the chart, and an account of every file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultPack } from '@onus/rules';
import { discover, planScan, scan, type ScanOptions } from '@onus/engine';
import { CHART, HELM_OUTPUT, lbPlan, pathWith, prints, service, standInTools, tempDir } from './support.js';

const { plan } = await planScan({ pack: loadDefaultPack(), sources: [], today: '2026-06-01' });
const scanIn = (dir: string, paths: string[], options: ScanOptions = {}) => scan(paths, plan, { cwd: dir, ...options });

/** A stand-in that records each run in a file beside it, then prints `output`. */
function recordingHelm(output: string): { bin: string; ran: () => boolean } {
  const bin = standInTools({ helm: `echo "$@" >> "$(dirname "$0")/helm.log"\n${prints(output)}` });
  return { bin, ran: () => existsSync(join(bin, 'helm.log')) };
}

describe('discovery of templates', () => {
  it('names a chart and a kustomization with their files, none of them as inputs', async () => {
    const dir = tempDir({
      ...CHART,
      'k8s/kustomization.yaml': 'resources: [svc.yaml]\n',
      'k8s/svc.yaml': service('k'),
      'plain/svc.yaml': service('plain'),
    });
    const found = await discover(['.'], dir);
    expect(found.inputs.map((i) => i.file)).toEqual(['plain/svc.yaml']);
    expect(found.templates.map((t) => [t.kind, t.file, [...t.members].sort()])).toEqual([
      ['helm', 'charts/web', ['charts/web/Chart.yaml', 'charts/web/templates/_helpers.tpl', 'charts/web/templates/svc.yaml', 'charts/web/values.yaml']],
      ['kustomize', 'k8s', ['k8s/kustomization.yaml', 'k8s/svc.yaml']],
    ]);
  });

  it('a kustomization claims the files of its own folder, not those of its subfolders', async () => {
    const dir = tempDir({ 'kustomization.yaml': 'resources: [svc.yaml, apps/web.yaml]\n', 'svc.yaml': service('root'), 'apps/web.yaml': service('web'), 'plans/plan.json': lbPlan({ a: true }) });
    const found = await discover(['.'], dir);
    expect(found.templates.map((t) => [t.file, t.members])).toEqual([['.', ['kustomization.yaml', 'svc.yaml']]]);
    expect(found.inputs.map((i) => i.file)).toEqual(['apps/web.yaml', 'plans/plan.json']);
    const bin = standInTools({ kustomize: prints(service('root') + '---\n' + service('web')) });
    const { report } = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: pathWith(bin) } } });
    expect(report.inputs.map((i) => i.file)).toEqual(['plans/plan.json', '.']);
    expect(report.files!.find((f) => f.file === 'apps/web.yaml')).toMatchObject({ status: 'rendered', from: '. (kustomize build .)' });
  });

  it('a subchart renders with its parent; a named template file is a member of its chart', async () => {
    const dir = tempDir({ ...CHART, 'charts/web/charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n', 'charts/web/charts/db/templates/s.yaml': service('db') });
    const found = await discover(['.'], dir);
    expect(found.templates).toHaveLength(1);
    expect(found.templates[0]!.members).toContain('charts/web/charts/db/templates/s.yaml');
    const named = await discover(['charts/web/templates/svc.yaml'], dir);
    expect(named.inputs).toEqual([]);
    expect(named.templates.map((t) => [t.file, t.members])).toEqual([['charts/web', ['charts/web/templates/svc.yaml']]]);
  });
});

describe('rendering off (the default)', () => {
  it('starts no process and names every file of the chart as not rendered, with the command to pipe', async () => {
    const helm = recordingHelm(HELM_OUTPUT);
    const dir = tempDir({ ...CHART, 'plan.json': lbPlan({ a: true }) });
    const { report } = await scanIn(dir, ['.'], { renderLimits: { env: { PATH: pathWith(helm.bin) } } });
    expect(helm.ran()).toBe(false);
    const chartFiles = report.files!.filter((f) => f.file.startsWith('charts/web/'));
    expect(chartFiles).toHaveLength(4);
    for (const f of chartFiles) {
      expect(f).toMatchObject({ status: 'skipped', reason: 'helm-chart', from: 'charts/web', detail: 'not rendered: rendering is off' });
      expect(f.fix).toBe('`helm template charts/web | onus scan -`, or set `render: true` in .onus.yaml');
    }
    expect(report.findings.some((f) => f.resource.file?.startsWith('charts/'))).toBe(false);
  });

  it('a named Helm template is named as part of its chart, not diagnosed as invalid YAML', async () => {
    const dir = tempDir(CHART);
    const { report } = await scanIn(dir, ['charts/web/templates/svc.yaml']);
    expect(report.errors).toEqual([]);
    expect(report.files).toEqual([expect.objectContaining({ file: 'charts/web/templates/svc.yaml', status: 'skipped', reason: 'helm-chart' })]);
  });
});

describe('rendering on', () => {
  it('runs `helm template`, points findings at the template files, and accounts the chart as rendered', async () => {
    const helm = recordingHelm(HELM_OUTPUT);
    const dir = tempDir(CHART);
    const { report } = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: pathWith(helm.bin) } } });
    expect(helm.ran()).toBe(true);
    expect(report.errors).toEqual([]);
    const lb = report.findings.find((f) => f.policyId === 'DSR-NET-05' && f.status === 'fail');
    expect(lb?.resource).toMatchObject({ address: 'k8s:default/Service/release-web', file: 'charts/web/templates/svc.yaml' });
    expect(lb?.resource.line).toBeUndefined();
    const deploy = report.findings.find((f) => f.resource.kind === 'k8s:Deployment');
    expect(deploy?.resource.file).toBe('charts/web/templates/deploy.yaml');
    expect(report.inputs).toEqual([{ file: 'charts/web', format: 'kubernetes', resources: 2 }]);
    const svc = report.files!.find((f) => f.file === 'charts/web/templates/svc.yaml');
    expect(svc).toEqual({ file: 'charts/web/templates/svc.yaml', status: 'rendered', format: 'kubernetes', resources: 1, from: 'charts/web (helm template charts/web)' });
    expect(report.files!.filter((f) => f.status !== 'rendered')).toEqual([]);
  });

  it('per tool: `{ kustomize: true }` leaves charts alone', async () => {
    const helm = recordingHelm(HELM_OUTPUT);
    const dir = tempDir(CHART);
    const { report } = await scanIn(dir, ['.'], { render: { kustomize: true }, renderLimits: { env: { PATH: pathWith(helm.bin) } } });
    expect(helm.ran()).toBe(false);
    expect(report.files!.every((f) => f.reason === 'helm-chart')).toBe(true);
  });

  it('helm not on the PATH: the chart is named as not rendered, with the way to fix it', async () => {
    const dir = tempDir(CHART);
    const { report } = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: standInTools({}) } } });
    expect(report.files![0]).toMatchObject({ status: 'skipped', reason: 'helm-chart', detail: 'not rendered: helm is not on the PATH' });
    expect(report.files![0]!.fix).toContain('install helm');
  });

  it('a failing render is an input error naming the chart and its message; other inputs are still read', async () => {
    const bin = standInTools({ helm: 'echo "Error: parse error at (web/templates/svc.yaml:4): bad character" >&2\nexit 1' });
    const dir = tempDir({ ...CHART, 'svc.yaml': service('plain') });
    const { report } = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: pathWith(bin) } } });
    expect(report.errors).toEqual([
      expect.objectContaining({ file: 'charts/web', message: '`helm template charts/web` failed: Error: parse error at (web/templates/svc.yaml:4): bad character' }),
    ]);
    expect(report.files!.filter((f) => f.status === 'failed').map((f) => f.file)).toHaveLength(4);
    expect(report.inputs.map((i) => i.file)).toEqual(['svc.yaml']);
  });

  it('a render that runs too long is stopped; one that prints too much is refused', async () => {
    const slow = standInTools({ helm: 'exec sleep 30' });
    const dir = tempDir(CHART);
    const late = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: pathWith(slow) }, timeoutMs: 300 } });
    expect(late.report.errors[0]?.message).toBe('`helm template charts/web` failed: it did not finish in 300 ms');
    const loud = standInTools({ helm: 'yes "# filler line" | head -c 200000' });
    const big = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: pathWith(loud) }, maxOutputBytes: 65536 } });
    expect(big.report.errors[0]?.message).toMatch(/failed: its output is larger than/);
  });

  it('a kustomization another one builds is built only through it; kubectl stands in for kustomize', async () => {
    const dir = tempDir({
      'k8s/base/kustomization.yaml': 'resources:\n  - svc.yaml\n',
      'k8s/base/svc.yaml': service('base'),
      'k8s/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n',
    });
    const bin = standInTools({ kubectl: `echo "$@" >> "$(dirname "$0")/kubectl.log"\n${prints(service('built'))}` });
    const { report } = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: pathWith(bin) } } });
    expect(report.errors).toEqual([]);
    expect(report.inputs).toEqual([{ file: 'k8s/overlays/prod', format: 'kubernetes', resources: 1 }]);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(bin, 'kubectl.log'), 'utf8').trim().split('\n')).toEqual([`kustomize ${join(dir, 'k8s/overlays/prod')}`]);
    const from = 'k8s/overlays/prod (kubectl kustomize k8s/overlays/prod)';
    expect(report.files!.map((f) => [f.file, f.status, f.from])).toEqual([
      ['k8s/base/kustomization.yaml', 'rendered', from],
      ['k8s/base/svc.yaml', 'rendered', from],
      ['k8s/overlays/prod/kustomization.yaml', 'rendered', from],
    ]);
    const lb = report.findings.find((f) => f.policyId === 'DSR-NET-05');
    expect(lb?.resource.file).toBe('k8s/overlays/prod/kustomization.yaml');
  });

  it('a file outside a kustomization that it lists is read through the build only (read as it is when not built)', async () => {
    const dir = tempDir({ 'app/kustomization.yaml': 'resources:\n  - ../common/svc.yaml\n', 'common/svc.yaml': service('common') });
    const bin = standInTools({ kustomize: prints(service('common')) });
    const on = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: pathWith(bin) } } });
    expect(on.report.inputs).toEqual([{ file: 'app', format: 'kubernetes', resources: 1 }]);
    expect(on.report.files!.find((f) => f.file === 'common/svc.yaml')).toMatchObject({ status: 'rendered', from: 'app (kustomize build app)' });
    const off = await scanIn(dir, ['.']);
    expect(off.report.inputs).toEqual([{ file: 'common/svc.yaml', format: 'kubernetes', resources: 1 }]);
  });

  it('a chart that renders nothing is rendered with no resources, not an error', async () => {
    const bin = standInTools({ helm: 'exit 0' });
    const dir = tempDir(CHART);
    const { report } = await scanIn(dir, ['.'], { render: true, renderLimits: { env: { PATH: pathWith(bin) } } });
    expect(report.errors).toEqual([]);
    expect(report.files!.every((f) => f.status === 'rendered' && f.resources === 0)).toBe(true);
  });
});

describe('named files and --ignore-unknown', () => {
  it('a named file with template markers is named as skipped (template), not silently dropped', async () => {
    const dir = tempDir({ 'alert.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n' });
    writeFileSync(join(dir, 'package.json'), '{}');
    const { report } = await scanIn(dir, ['alert.yaml', 'package.json'], { ignoreUnknown: true });
    expect(report.files).toEqual([
      expect.objectContaining({ file: 'alert.yaml', status: 'skipped', reason: 'template' }),
      expect.objectContaining({ file: 'package.json', status: 'skipped', reason: 'other-tool' }),
    ]);
    expect(report.files![0]!.fix).toContain('helm template');
  });
});
