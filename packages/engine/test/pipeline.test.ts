/** The scan pipeline and the scan plan, as a library calls them. */
import { describe, expect, it } from 'vitest';
import { blockingFindings } from '@onus/core';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan, type SettingsSource } from '@onus/engine';
import { lbPlanData, tempDir } from './support.js';



const planOf = (...sources: SettingsSource[]) => planScan({ pack: loadDefaultPack(), sources, today: '2026-06-01' });

describe('planScan', () => {
  it('resolves params over the defaults, selection and waivers once', async () => {
    const { plan, problems } = await planOf({ file: 'options', params: { maxNodes: 7 }, only: ['network'], skip: ['DSR-NET-04'] });
    expect(problems).toEqual([]);
    expect(plan.params['maxNodes']).toBe(7);
    expect(plan.params['requiredTags']).toBeDefined();
    expect([...plan.selected].every((id) => id.startsWith('DSR-NET-'))).toBe(true);
    expect(plan.selected.has('DSR-NET-04')).toBe(false);
    expect(plan.areas).toEqual(['network']);
  });

  it('later layers win for params and only, and add to enable and skip', async () => {
    const { plan } = await planOf(
      { file: '.onus.yaml', params: { maxNodes: 3 }, only: ['costs'], skip: ['DSR-COST-01'], enable: ['certificates'] },
      { file: '--only', only: ['network'], params: { maxNodes: 9 }, skip: ['DSR-NET-01'] },
    );
    expect(plan.params['maxNodes']).toBe(9);
    expect(plan.only).toEqual(['network']);
    expect(plan.skip).toEqual(['DSR-COST-01', 'DSR-NET-01']);
    expect(plan.enable).toEqual(['certificates']);
  });

  it('names the file, pointer and line of a bad setting in a config layer', async () => {
    const lines: Record<string, number> = { '/only/0': 4, '/params/maxNodes': 2, '/waivers/0/policy': 7 };
    const { problems } = await planOf({
      file: '.onus.yaml',
      lineOf: (p) => lines[p],
      params: { maxNodes: 'many' },
      only: ['DSR-NOPE-01'],
      waivers: [{ policy: 'DSR-GONE-01', resource: '*', reason: 'x' }],
    });
    expect(problems).toEqual([
      expect.objectContaining({ file: '.onus.yaml', line: 2, pointer: '/params/maxNodes' }),
      expect.objectContaining({ file: '.onus.yaml', line: 4, pointer: '/only/0', message: 'only[0]: "DSR-NOPE-01" is neither a policy id nor an area' }),
      expect.objectContaining({ file: '.onus.yaml', line: 7, pointer: '/waivers/0/policy' }),
    ]);
  });

  it('names an option layer by the option', async () => {
    const { problems } = await planOf({ file: '--skip', skip: ['nonsense'] });
    expect(problems).toEqual([{ file: '--skip', message: '"nonsense" is neither a policy id nor an area', hint: expect.any(String) }]);
  });

  it('adds policy objects to the pack; a clash with a pack id is a problem', async () => {
    const pack = loadDefaultPack();
    const own = { ...pack.policies.find((p) => p.id === 'DSR-NET-04')!, id: 'ACME-NET-01', file: 'acme.yaml' };
    const clash = { ...own, id: 'DSR-NET-04' };
    const { plan, problems } = await planOf({ file: 'options', policies: [own, clash] });
    expect(plan.selected.has('ACME-NET-01')).toBe(true);
    expect(problems).toEqual([expect.objectContaining({ file: 'acme.yaml', pointer: '/id' })]);
  });
});

describe('scan', () => {
  it('gives the report of inputs in memory; the blocking findings follow from it', async () => {
    const { plan } = await planOf({ file: 'options', only: ['DSR-NET-04'] });
    const { report } = await scan([{ file: 'mem.json', content: JSON.stringify(lbPlanData({ pub: false, ok: true })) }], plan);
    expect(report.inputs).toEqual([{ file: 'mem.json', format: 'terraform-plan', resources: 2 }]);
    expect(blockingFindings(report, 'high', false).map((f) => f.resource.address)).toEqual(['aws_lb.pub']);
  });

  it('adapts a parsed value with its declared format', async () => {
    const { plan } = await planOf({ file: 'options', only: ['DSR-NET-04'] });
    const { report } = await scan([{ format: 'terraform-plan', data: lbPlanData({ pub: false }), file: 'plan.json' }], plan);
    expect(report.inputs).toEqual([{ file: 'plan.json', format: 'terraform-plan', resources: 1 }]);
    expect(report.summary.fail).toBe(1);
  });

  it('reports progress: each file read and parsed (with its length), then the evaluation', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3; i++) files[`p${i}.json`] = JSON.stringify(lbPlanData({ [`lb${i}`]: true }));
    const dir = tempDir(files);
    const phases: string[] = [];
    const { plan } = await planOf({ file: 'options', only: ['DSR-NET-04'] });
    const { report } = await scan(['.'], plan, {
      cwd: dir,
      onProgress: (p) => phases.push(p.phase === 'parsed' ? `parsed ${p.file} ${p.length}` : p.phase === 'inputs' ? `inputs ${p.total} ${p.modules} ${p.bytes}` : p.phase),
    });
    const parsed = (i: number) => `parsed p${i}.json ${files[`p${i}.json`]!.length}`;
    const bytes = Object.values(files).reduce((n, text) => n + Buffer.byteLength(text), 0);
    expect(phases).toEqual([`inputs 3 0 ${bytes}`, 'read', parsed(0), 'read', parsed(1), 'read', parsed(2), 'evaluate']);
    expect(report.summary.fail).toBe(0);
  });

  it('says how many Terraform module folders it is about to read, before the first', async () => {
    const dir = tempDir({ 'a/main.tf': 'resource "aws_lb" "a" {\n  internal = false\n}\n', 'b/main.tf': 'resource "aws_lb" "b" {\n  internal = true\n}\n' });
    const phases: string[] = [];
    const { plan } = await planOf({ file: 'options', only: ['DSR-NET-04'] });
    const { report } = await scan(['a', 'b'], plan, { cwd: dir, onProgress: (p) => phases.push(p.phase === 'inputs' ? `inputs ${p.total} ${p.modules} ${p.bytes}` : p.phase) });
    expect(phases).toEqual(['inputs 2 2 0', 'read', 'read', 'evaluate']);
    expect(report.summary.fail).toBe(1);
  });

  it('gives no size for the inputs when one is standard input, and counts texts given in memory', async () => {
    const { plan } = await planOf({ file: 'options', only: ['DSR-NET-04'] });
    const text = JSON.stringify(lbPlanData({ a: true }));
    const sizes: (number | undefined)[] = [];
    const onProgress = (p: { phase: string; bytes?: number }) => {
      if (p.phase === 'inputs') sizes.push(p.bytes);
    };
    await scan(['-'], plan, { readStdin: async () => Buffer.from(text), onProgress });
    await scan([{ file: 'mem.json', content: text }], plan, { onProgress });
    expect(sizes).toEqual([undefined, text.length]);
  });

  it('carries problems found before the scan into the report', async () => {
    const { plan, problems } = await planOf({ file: 'options', params: { maxNodes: 'many' }, only: ['DSR-NET-04'] });
    const { report } = await scan([{ file: 'mem.json', content: JSON.stringify(lbPlanData({ a: true })) }], plan, { errors: problems });
    expect(report.errors).toEqual([expect.objectContaining({ file: 'options', pointer: '/maxNodes' })]);
    expect(report.summary.pass).toBe(1);
  });
});
