/**
 * Listing a folder for discovery: every entry below it, links listed and not
 * followed, the folders of other tools neither listed nor entered, and a
 * folder that cannot be read left out without failing the listing.
 */
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFolder } from '../src/list-folder.js';
import { tempDir } from './support.js';

const listed = async (dir: string) => (await listFolder(dir)).map((e) => `${e.path}${e.dirent.isSymbolicLink() ? '@' : e.dirent.isDirectory() ? '/' : ''}`).sort();

describe('listFolder', () => {
  it('lists files and folders at every depth, dot files included, with /-separated relative paths and their own names', async () => {
    const dir = tempDir({ 'a.yaml': 'x', '.github/workflows/ci.yml': 'x', 'k8s/team/deep/svc.yaml': 'x', 'main.tf': 'x' });
    expect(await listed(dir)).toEqual(['.github/', '.github/workflows/', '.github/workflows/ci.yml', 'a.yaml', 'k8s/', 'k8s/team/', 'k8s/team/deep/', 'k8s/team/deep/svc.yaml', 'main.tf']);
    const deep = (await listFolder(dir)).find((e) => e.path === 'k8s/team/deep/svc.yaml');
    expect(deep?.name).toBe('svc.yaml');
  });

  it('neither lists nor enters node_modules, .git and .terraform, at any depth', async () => {
    const dir = tempDir({
      'node_modules/pkg/plan.json': '{}',
      '.git/config': 'x',
      'mod/.terraform/modules/m/main.tf': 'x',
      'mod/main.tf': 'x',
      'mod/node_modules.yaml': 'x',
    });
    expect(await listed(dir)).toEqual(['mod/', 'mod/main.tf', 'mod/node_modules.yaml']);
  });

  it('lists symbolic links as links and does not follow them (a loop ends)', async () => {
    const dir = tempDir({ 'a/svc.yaml': 'x' });
    symlinkSync('..', join(dir, 'a/up'));
    symlinkSync('svc.yaml', join(dir, 'a/copy.yaml'));
    symlinkSync('missing', join(dir, 'a/dangling'));
    expect(await listed(dir)).toEqual(['a/', 'a/copy.yaml@', 'a/dangling@', 'a/svc.yaml', 'a/up@']);
  });

  it('gives nothing for a folder that does not exist', async () => {
    expect(await listFolder(join(tempDir({}), 'missing'))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('leaves out a folder it cannot read, and lists the rest', async () => {
    const dir = tempDir({ 'open/svc.yaml': 'x' });
    mkdirSync(join(dir, 'closed'));
    chmodSync(join(dir, 'closed'), 0o000);
    try {
      expect(await listed(dir)).toEqual(['closed/', 'open/', 'open/svc.yaml']);
    } finally {
      chmodSync(join(dir, 'closed'), 0o755);
    }
  });
});
