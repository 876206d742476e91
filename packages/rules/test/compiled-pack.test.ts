import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definePack, loadPolicyTexts } from '@onus/core';
import { loadDefaultPack } from '../src/index.js';
import { packRoot, readPackSource } from '../src/pack-source.js';
import { packModuleText } from '../scripts/pack-module.js';

describe('the precompiled pack', () => {
  it('is the policy files and params.yaml as they are now (else run `pnpm --filter @onus/rules compile`)', () => {
    const committed = readFileSync(join(packRoot, 'src', 'compiled-pack.ts'), 'utf8');
    expect(committed === packModuleText(), 'src/compiled-pack.ts is stale: run `pnpm --filter @onus/rules compile`').toBe(true);
  });

  it('loads the same policies, in the same order, as parsing the YAML files does', () => {
    const source = readPackSource();
    const parsed = loadPolicyTexts(source.policies.map((p) => ({ file: `@onus/rules/${p.file}`, text: p.text })));
    expect(parsed.errors).toEqual([]);
    const pack = loadDefaultPack();
    expect(pack.policies).toEqual(parsed.policies);
    expect(pack.version).toBe(source.version);
  });

  it('carries the digest the policies and defaults hash to', () => {
    const pack = loadDefaultPack();
    expect(pack.digest).toBe(definePack({ ...pack, digest: undefined }).digest);
  });
});
