/** What a folder scan reads: dot folders, `exclude` globs, and Kustomize patch files (skipped, with the reason). */
import { describe, expect, it } from 'vitest';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan } from '@onus/engine';
import { discover } from '../src/discover.js';
import { tempDir } from './support.js';


const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: LoadBalancer\n`;
const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n`;

describe('folder scans', () => {
  it('search dot folders other than .git and .terraform (node_modules stays out)', async () => {
    const dir = tempDir({
      '.github/release-cluster/svc.yaml': svc('release'),
      '.git/svc.yaml': svc('git'),
      '.terraform/modules/svc.yaml': svc('tf'),
      'node_modules/pkg/svc.yaml': svc('npm'),
      'k8s/svc.yaml': svc('web'),
    });
    const found = await discover(['.'], dir);
    expect(found.inputs.map((i) => i.file)).toEqual(['.github/release-cluster/svc.yaml', 'k8s/svc.yaml']);
  });

  it('leave out paths matching an exclude glob, a folder name or a file glob, and say why', async () => {
    const dir = tempDir({
      'policies/templates/a.yaml': svc('a'),
      'vendor/x/b.yaml': svc('b'),
      'k8s/c.generated.yaml': svc('c'),
      'k8s/d.yaml': svc('d'),
    });
    const found = await discover(['.'], dir, { exclude: ['policies/templates/*', 'vendor', '*.generated.yaml'] });
    expect(found.inputs.map((i) => i.file)).toEqual(['k8s/d.yaml']);
    expect(found.skipped.map(({ file, reason, detail }) => ({ file, reason, detail }))).toEqual([
      { file: 'k8s/c.generated.yaml', reason: 'excluded', detail: 'excluded (matches *.generated.yaml)' },
      { file: 'policies/templates/a.yaml', reason: 'excluded', detail: 'excluded (matches policies/templates/*)' },
      { file: 'vendor/x/b.yaml', reason: 'excluded', detail: 'excluded (matches vendor)' },
    ]);
  });

  it('match an exclude glob against the path as shown when a subfolder is given', async () => {
    const dir = tempDir({ 'repo/gen/a.yaml': svc('a'), 'repo/b.yaml': svc('b') });
    const found = await discover(['repo'], dir, { exclude: ['repo/gen'] });
    expect(found.inputs.map((i) => i.file)).toEqual(['repo/b.yaml']);
  });
});

describe('Kustomize patch files', () => {
  const files = {
    'overlays/prod/kustomization.yaml': [
      'resources:',
      '  - ../../base',
      '  - extra.yaml',
      'patchesStrategicMerge:',
      '  - replicas.yaml',
      'patches:',
      '  - path: patches/labels.yaml',
      '  - patch: |-',
      '      - op: replace',
      '        path: /spec/replicas',
      '        value: 3',
      '    target:',
      '      kind: Deployment',
      '',
    ].join('\n'),
    'overlays/prod/replicas.yaml': deployment('web'),
    'overlays/prod/patches/labels.yaml': deployment('web'),
    'overlays/prod/extra.yaml': svc('extra'),
    'base/deploy.yaml': deployment('web'),
  };

  it('are skipped as patches, named in the account of files; the resources around them are read', async () => {
    const dir = tempDir(files);
    const { plan } = await planScan({ pack: loadDefaultPack(), today: '2026-06-01' });
    const result = await scan(['.'], plan, { cwd: dir });
    expect(result.report.inputs.map((i) => i.file)).toEqual(['base/deploy.yaml', 'overlays/prod/extra.yaml']);
    const skipped = result.report.files!.filter((f) => f.status === 'skipped');
    expect(skipped.filter((f) => f.reason === 'patch').map((f) => f.file).sort()).toEqual(['overlays/prod/patches/labels.yaml', 'overlays/prod/replicas.yaml']);
    expect(skipped.find((f) => f.file === 'overlays/prod/replicas.yaml')?.detail).toMatch(/Kustomize patch \(listed in kustomization\.yaml\)/);
    // The kustomization is not built (rendering is off): only its own file is named as not checked.
    expect(skipped.filter((f) => f.reason === 'kustomization').map((f) => f.file)).toEqual(['overlays/prod/kustomization.yaml']);
    expect(result.report.findings.filter((f) => f.resource.file?.startsWith('overlays/prod/replicas') ?? false)).toEqual([]);
  });

  it('are skipped when named too', async () => {
    const dir = tempDir(files);
    const found = await discover(['overlays/prod/replicas.yaml'], dir);
    expect(found.inputs).toEqual([]);
    expect(found.skipped).toEqual([{ file: 'overlays/prod/replicas.yaml', reason: 'patch', detail: expect.stringMatching(/Kustomize patch/) }]);
  });
});
