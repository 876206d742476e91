import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definePack, loadPolicyTexts, resolveParams } from '@onus/core';
import { loadDefaultPack, paramSpecs } from '../src/index.js';
import * as PARAM_VALIDATORS from '../src/params-validators.js';
import { packRoot, readPackSource } from '../src/pack-source.js';
import { compilePackData, packModuleText } from '../scripts/pack-module.js';
import { paramsValidatorsModuleText } from '../scripts/params-validators-module.js';

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

  it('keeps the examples apart: the pack parsed at start-up holds none, and each policy reads its own on first use', () => {
    const committed = readFileSync(join(packRoot, 'src', 'compiled-pack.ts'), 'utf8');
    const [startUp, apart] = committed.split('export function compiledExamples');
    expect(apart).toBeDefined();
    expect(startUp).not.toContain('\\"examples\\"');
    const source = readPackSource();
    const parsed = loadPolicyTexts(source.policies.map((p) => ({ file: `@onus/rules/${p.file}`, text: p.text })));
    for (const [i, policy] of loadDefaultPack().policies.entries()) {
      expect(typeof Object.getOwnPropertyDescriptor(policy, 'examples')?.get, policy.id).toBe('function');
      expect(policy.examples, policy.id).toEqual(parsed.policies[i]?.examples);
    }
  });

  it('carries the digest the policies and defaults hash to', () => {
    const pack = loadDefaultPack();
    expect(pack.digest).toBe(definePack({ ...pack, digest: undefined }).digest);
  });

  it('has its parameter validators compiled from params.yaml as it is now', () => {
    const committed = readFileSync(join(packRoot, 'src', 'params-validators.ts'), 'utf8');
    expect(committed === paramsValidatorsModuleText(compilePackData().specs), 'src/params-validators.ts is stale: run `pnpm --filter @onus/rules compile`').toBe(true);
    expect(Object.keys(PARAM_VALIDATORS).sort()).toEqual(Object.keys(paramSpecs()).sort());
  });

  it('checks a user\'s parameter values with the precompiled validators, with the same problems as compiling the schemas', () => {
    const pack = loadDefaultPack();
    // A pack with copies of the schemas: no precompiled validator fits them, so the core compiles its own.
    const compiledHere = { ...pack, paramsSchema: JSON.parse(JSON.stringify(pack.paramsSchema)) as Record<string, unknown> };
    const cases: Record<string, unknown>[] = [
      { requiredTags: ['CostCenter', 'Owner'], maxNodes: 20, vpcCidrs: ['10.40.0.0/16'] },
      { requiredTags: ['a', 'a', ''], maxNodes: 0, passwordReusePrevention: 99 },
      { requiredEgress: ['gitlab.com', 'ok.example.com:443', 7], cloud: 'mars', coverage: 'some', nope: 1 },
      { maxNodes: '20', requiredTags: 'CostCenter', domains: [1] },
    ];
    for (const overrides of cases) {
      const precompiled = resolveParams(pack, overrides);
      expect(precompiled).toEqual(resolveParams(compiledHere, overrides));
    }
    expect(resolveParams(pack, cases[0]).errors).toEqual([]);
    expect(resolveParams(pack, cases[2]).errors.map((e) => e.pointer)).toEqual(['/nope', '/requiredEgress/0', '/requiredEgress/2', '/cloud', '/coverage']);
  });
});
