/**
 * Nothing silently unchecked: the observations of a new user on real
 * repositories, each as a scan through the CLI (template text in a
 * ConfigMap, dot folders, Gatekeeper templates, Kustomize patches, paths
 * to exclude), and inline waivers as the CLI turns them on and off.
 */
import { describe, expect, it } from 'vitest';
import { run, service, tempDir } from './helpers.js';
import { expandFindings } from '@onus/engine';

const alertsAndService = `apiVersion: v1
kind: ConfigMap
metadata:
  name: alert-rules
data:
  rules.yaml: |
    groups:
      - name: node
        rules:
          - alert: InstanceDown
            annotations:
              summary: "Instance {{ $labels.instance }} is down"
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
`;

/** A LoadBalancer Service (the shared helper's), with a comment line above it. */
const svc = (name: string, comment = '') => `${comment}${comment ? '\n' : ''}${service(name)}`;

/** Written after GoogleCloudPlatform/policy-library: a description continued at its key's column. */
const constraintTemplate = `apiVersion: templates.gatekeeper.sh/v1beta1
kind: ConstraintTemplate
metadata:
  name: gcp-location-v1
spec:
  crd:
    spec:
      validation:
        openAPIV3Schema:
          properties:
            mode:
              type: string
              description: "Either allowlist or denylist. In allowlist mode,
              only the listed locations are allowed."
`;

const NET05 = ['--only', 'DSR-NET-05'];

describe('onus scan: files that used to go unchecked', () => {
  it('a manifest with {{ }} in a string value, named with --ignore-unknown (the pre-commit hook), fails DSR-NET-05 and exits 1', async () => {
    const dir = tempDir({ 'file.yaml': alertsAndService });
    const r = await run(['scan', ...NET05, '--ignore-unknown', 'file.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+high\s+DSR-NET-05 file\.yaml:\d+: k8s:default\/Service\/web/);
    expect(r.stdout).toContain('in 1 input');
  });

  it('the same manifest found in a folder is read; a real Helm template beside it is skipped as a Helm template', async () => {
    const dir = tempDir({
      'deploy/file.yaml': alertsAndService,
      'chart/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  type: {{ .Values.type }}\n',
    });
    const r = await run(['scan', ...NET05, '--verbose', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DSR-NET-05[^\n]*k8s:default\/Service\/web/);
    expect(r.stderr).toMatch(/chart\/templates\/svc\.yaml \(a Helm template/);
  });

  it('a Helm template named directly is reported as a Helm template, not as broken YAML', async () => {
    const dir = tempDir({ 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports: {{ toYaml .Values.ports | nindent 4 }}\n' });
    const r = await run(['scan', ...NET05, 'svc.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^onus: svc\.yaml: this is a Helm template, not yet a manifest; fix: render it first .*helm template CHART \| onus scan -/);
  });

  it('manifests under a dot folder such as .github are scanned', async () => {
    const dir = tempDir({ '.github/release-cluster/svc.yaml': svc('release') });
    const r = await run(['scan', ...NET05, '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DSR-NET-05[^\n]*k8s:prod\/Service\/release/);
  });

  it('a Gatekeeper ConstraintTemplate with multi-line quoted strings is read, not an error', async () => {
    const dir = tempDir({ 'policies/templates/location.yaml': constraintTemplate, 'k8s/svc.yaml': svc('web') });
    const r = await run(['scan', ...NET05, '--format', 'json', '.'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { inputs: { file: string; resources: number }[]; errors: unknown[] };
    expect(report.errors).toEqual([]);
    expect(report.inputs).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'k8s/svc.yaml' }), expect.objectContaining({ file: 'policies/templates/location.yaml', resources: 1 })]));
  });

  it('a broken file can be left out with --exclude or exclude: in .onus.yaml', async () => {
    const files = { 'broken/bad.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "open\n', 'k8s/svc.yaml': svc('web') };
    const dir = tempDir(files);
    expect((await run(['scan', ...NET05, '.'], { cwd: dir })).code).toBe(2);
    const flag = await run(['scan', ...NET05, '--exclude', 'broken', '--verbose', '.'], { cwd: dir });
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('broken/bad.yaml (excluded (matches broken))');
    const config = tempDir({ ...files, '.onus.yaml': 'exclude: [broken/*]\n' });
    expect((await run(['scan', ...NET05, '.'], { cwd: config })).code).toBe(1);
  });

  it('a $patch: delete file is not judged as a Deployment', async () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: legacy\n$patch: delete\n';
    const dir = tempDir({ 'overlays/prod/delete-legacy.yaml': patch, 'k8s/svc.yaml': svc('web') });
    const r = await run(['scan', '--format', 'json', '--verbose', '.'], { cwd: dir });
    const findings = expandFindings(JSON.parse(r.stdout));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.resource.address.includes('legacy'))).toEqual([]);
    expect(r.stderr).toMatch(/overlays\/prod\/delete-legacy\.yaml \(a Kustomize patch/);
  });

  it('a duplicate key is a warning on stderr with the line; the file is still judged', async () => {
    const dir = tempDir({ 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: web\nspec:\n  type: LoadBalancer\n' });
    const r = await run(['scan', ...NET05, 'svc.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^onus: warning: svc\.yaml:5: duplicate key "name"/m);
    expect(r.stdout).toMatch(/DSR-NET-05[^\n]*k8s:default\/Service\/web/);
  });
});

describe('onus scan: inline waivers', () => {
  const waived = svc('web', '# onus:ignore DSR-NET-05 reason="public web front" expires=2027-01-31');

  it('a # onus:ignore comment waives the object; --no-inline-waivers and inlineWaivers: false ignore it', async () => {
    const dir = tempDir({ 'svc.yaml': waived });
    const on = await run(['scan', ...NET05, '--verbose', 'svc.yaml'], { cwd: dir });
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/WAIVED/);
    expect(on.stdout).toContain('svc.yaml:1');
    expect((await run(['scan', ...NET05, '--no-inline-waivers', 'svc.yaml'], { cwd: dir })).code).toBe(1);
    const config = tempDir({ 'svc.yaml': waived, '.onus.yaml': 'inlineWaivers: false\n' });
    expect((await run(['scan', ...NET05, 'svc.yaml'], { cwd: config })).code).toBe(1);
  });

  it('a malformed directive is one line naming file:line and the fix, exit 2', async () => {
    const dir = tempDir({ 'svc.yaml': svc('web', '# onus:ignore DSR-NET-05 reason="x" expires=2027-13-01') });
    const r = await run(['scan', ...NET05, 'svc.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^onus: svc\.yaml:1: inline waiver: expires=2027-13-01 is not a date written YYYY-MM-DD; fix: .*2027-03-31/)]);
  });
});
