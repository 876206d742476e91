/**
 * A check that reads no other resource is explained from the leaves its own
 * run kept (`keepFirsts`), instead of a second, traced run. The leaves kept
 * must be the ones a traced run names as deciding: here both runs of every
 * condition of the shipped pack and the fixture policies, on every example.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultPack } from '@onus/rules';
import { definePack, evaluate } from '../src/index.js';
import { compileCondition, FALSE, UNKNOWN, type Condition, type EvalState, type Tri } from '../src/compile.js';
import { decidingLeaf, readsOthers } from '../src/evaluate.js';
import { exampleParams, exampleResources } from '../src/examples.js';
import { loadPolicies } from '../src/load.js';
import type { Policy } from '../src/policy.js';
import { ScanIndex } from '../src/relations.js';
import { resource } from './helpers.js';

const shipped = loadDefaultPack();
const fixtures = loadPolicies(join(import.meta.dirname, 'fixtures', 'policies')).policies;

interface Case {
  name: string;
  condition: Condition;
  states: () => EvalState[];
}

function cases(policies: readonly Policy[], params: Record<string, unknown>): Case[] {
  const out: Case[] = [];
  for (const policy of policies) {
    (policy.checks ?? []).forEach((check, c) => {
      if (!('assert' in check) || readsOthers(check.assert) || readsOthers(check.when)) return;
      const conditions = [['assert', check.assert], ...(check.when ? [['when', check.when]] : [])] as [string, Condition][];
      for (const [part, condition] of conditions) {
        out.push({
          name: `${policy.id} check ${c} ${part}`,
          condition,
          states: () =>
            (['pass', 'fail', 'unknown'] as const).flatMap((expected) =>
              (policy.examples?.[expected] ?? []).flatMap((example, index) => {
                const resources = exampleResources(example, policy, index);
                const scanIndex = new ScanIndex(resources);
                const p = { ...params, ...exampleParams(example) };
                return resources.map((resource) => ({ resource, params: p, index: scanIndex, scopes: {} }));
              }),
            ),
        });
      }
    });
  }
  return out;
}

const all = [...cases(shipped.policies, shipped.params), ...cases(fixtures, { maxNodes: 50, minPasswordLength: 14 })];

describe('the leaves kept as a check runs are the deciding leaves of a traced run', () => {
  it('covers conditions of the shipped pack that fail and that are unknown', () => {
    let failing = 0;
    let unknown = 0;
    for (const { condition, states } of all) {
      const run = compileCondition(condition);
      for (const state of states()) {
        let v: Tri;
        try {
          v = run({ ...state, keepFirsts: true });
        } catch {
          continue;
        }
        if (v === FALSE) failing++;
        if (v === UNKNOWN) unknown++;
      }
    }
    expect(all.length).toBeGreaterThan(60);
    expect(failing).toBeGreaterThan(50);
    expect(unknown).toBeGreaterThan(10);
  });

  it.each(all.map((c) => [c.name, c] as const))('%s', (_name, { condition, states }) => {
    const run = compileCondition(condition);
    for (const state of states()) {
      const traced: EvalState = { ...state, scopes: {}, trace: [] };
      const kept: EvalState = { ...state, scopes: {}, keepFirsts: true };
      let verdict: Tri;
      try {
        verdict = run(traced);
      } catch (err) {
        expect(() => run(kept)).toThrow((err as Error).message);
        continue;
      }
      expect(run(kept)).toBe(verdict);
      expect(kept.firstFailing).toEqual(decidingLeaf(traced.trace!, FALSE));
      expect(kept.firstUnknown).toEqual(decidingLeaf(traced.trace!, UNKNOWN));
    }
  });
});

describe('a check explained from its own run', () => {
  const policy: Policy = {
    id: 'T-GEN-01', title: 'Encrypted where asked', responsibility: 'security', severity: 'high', remediation: 'x',
    checks: [
      {
        kind: 'tf:aws_s3_bucket',
        // Holds through its second leaf: the first, false, decides nothing.
        when: { any: [{ fact: 'values', path: '$.a', operator: 'equal', value: 1 }, { fact: 'values', path: '$.b', operator: 'equal', value: 2 }] },
        assert: { all: [{ fact: 'values', path: '$.c', operator: 'equal', value: 3 }, { fact: 'values', path: '$.d', operator: 'equal', value: 4 }] },
      },
    ],
  };
  const run = (values: Record<string, unknown>, unknown: string[] = []) =>
    evaluate([resource('tf:aws_s3_bucket', values, { unknown })], definePack({ name: 't', version: '0', policies: [policy], params: {} }))[0];

  it('names a leaf of the assertion, not a false leaf of a condition that held', () => {
    expect(run({ a: 0, b: 2, c: 3, d: 5 })).toMatchObject({ status: 'fail', evidence: { path: '$.d', value: 5 } });
  });

  it('names the unknown leaf of the condition when the condition is unknown, and of the assertion when it is', () => {
    expect(run({ a: 0, c: 0, d: 4 }, ['b'])).toMatchObject({ status: 'unknown', evidence: { path: '$.b' } });
    expect(run({ a: 1, c: 3 }, ['d'])).toMatchObject({ status: 'unknown', evidence: { path: '$.d' } });
  });
});
