import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDocs } from '../src/docs.js';
import { loadDefaultPack, paramSpecs } from '../src/index.js';
import { lockChanges, type PolicyLock } from '../src/lock.js';
import { packRoot } from '../src/pack-source.js';

const pack = loadDefaultPack();

describe('pack versioning', () => {
  const lock = JSON.parse(readFileSync(join(packRoot, 'policies.lock.json'), 'utf8')) as PolicyLock;

  it('no policy changed without a version bump', () => {
    const { added, removed, changed } = lockChanges(lock, pack);
    const touched = [...added, ...removed, ...changed];
    if (touched.length && lock.version === pack.version) {
      expect.fail(
        `policies ${touched.join(', ')} changed but the pack is still ${pack.version}: bump the version in packages/rules/package.json, add a CHANGELOG entry, then run pnpm --filter @onus/rules lock`,
      );
    }
  });

  it('the current version has a CHANGELOG entry', () => {
    const changelog = readFileSync(join(packRoot, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^## ${pack.version.replace(/\./g, '\\.')}\\b`, 'm'));
  });

  it('the lock records the current version once the digests are refreshed', () => {
    const { added, removed, changed } = lockChanges(lock, pack);
    if (lock.version !== pack.version) expect([...added, ...removed, ...changed].length).toBeGreaterThan(0);
  });
});

describe('generated docs', () => {
  it('are up to date (run pnpm --filter @onus/rules docs)', () => {
    const stale: string[] = [];
    for (const [file, text] of generateDocs(pack, paramSpecs())) {
      const path = join(packRoot, file);
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(file);
    }
    expect(stale).toEqual([]);
  });
});
