/**
 * The compact text report on real inputs: its layout is fixed by file
 * snapshots (examples/infra-repo, and a microservices demo from
 * `../shared/corpus`, skipped when the corpus is absent), and its length is
 * bounded: one line per failing (policy, resource), one header and one fix
 * line per policy group, and a fixed number of other lines.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDefaultPack } from '@onus/rules';
import { RESPONSIBILITIES, type Report } from '@onus/core';
import { planScan, scan, toJson, toText } from '@onus/engine';
import { validateReportJson } from './validators.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpusDir = process.env.ONUS_CORPUS ?? resolve(repoRoot, '../shared/corpus');
const hasCorpus = existsSync(corpusDir);
const DEMO = 'k8s/gke-networking-recipes__gateway_docs_cluster-migration_onlineboutique-middleware-manifests.yaml';

async function report(paths: string[], cwd: string): Promise<Report> {
  const { plan, problems } = await planScan({ pack: loadDefaultPack(), sources: [{ file: 'test', enable: [...RESPONSIBILITIES] }], cwd, today: '2026-06-01' });
  expect(problems).toEqual([]);
  return (await scan(paths, plan, { cwd })).report;
}

/** Areas (8 at most) take a header and a blank line, the table a head, a row each and a blank line, then the summary line. */
const OTHER_LINES = 8 * 2 + (1 + 8 + 1) + 1;

/** The report's text with the pack version masked, so a pack release does not rewrite the snapshots. */
function textOf(r: Report): string {
  return toText(r, { color: false }).replaceAll(r.pack.version, '<pack-version>');
}

/** The Done-when bound of the compact report, on its own lines. */
function expectBounded(text: string, r: Report): void {
  const lines = text.trimEnd().split('\n');
  const listed = r.findings.filter((f) => f.status === 'fail' || f.status === 'unknown' || f.status === 'error');
  const rows = new Set(listed.map((f) => `${f.policyId}\u0000${f.resource.file ?? ''}\u0000${f.resource.address}\u0000${f.status}`)).size;
  const groups = new Set(listed.map((f) => `${f.responsibility}\u0000${f.policyId}`)).size;
  const rowLines = lines.filter((l) => /^ {4}(FAIL|UNKNOWN|ERROR) /.test(l) || l.startsWith('    … and '));
  const headers = lines.filter((l) => /^ {2}\S/.test(l) && !l.startsWith('  '.repeat(2)));
  const fixes = lines.filter((l) => l.startsWith('    fix: '));
  expect(rowLines.length).toBeLessThanOrEqual(rows);
  expect(headers.length).toBe(groups);
  expect(fixes.length).toBeLessThanOrEqual(groups);
  expect(lines.length - rowLines.length - headers.length - fixes.length).toBeLessThanOrEqual(OTHER_LINES + r.errors.length);
  expect(lines.length).toBeLessThanOrEqual(rows + 2 * groups + OTHER_LINES + r.errors.length);
}

describe('compact text report layout', () => {
  it('examples/infra-repo', async () => {
    const r = await report(['examples/infra-repo'], repoRoot);
    const text = textOf(r);
    expectBounded(text, r);
    await expect(text).toMatchFileSnapshot('__snapshots__/text-infra-repo.txt');
  });

  it('points a manifest finding at the attribute that decided it, in text and in the JSON report', async () => {
    const r = await report(['examples/infra-repo'], repoRoot);
    const f = r.findings.find((x) => x.policyId === 'DSR-NET-05' && x.status === 'fail')!;
    // services.yaml: the Service starts at line 26; it has no annotations, so its metadata (line 28) decided.
    expect(f.resource.line).toBe(26);
    expect(f.evidence).toMatchObject({ path: '$.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]', line: 28 });
    expect(toText(r, { color: false })).toContain('DSR-NET-05 examples/infra-repo/k8s/services.yaml:28: ');
    validateReportJson(JSON.parse(toJson(r)));
  });

  it.skipIf(!hasCorpus)(`a microservices demo from the corpus${hasCorpus ? '' : ` (SKIPPED: no corpus at ${corpusDir}; set ONUS_CORPUS)`}`, async () => {
    const r = await report([DEMO], corpusDir);
    const text = textOf(r);
    expectBounded(text, r);
    // The long form keeps every finding: far longer.
    const long = toText(r, { color: false, verbose: true });
    expect(long.split('\n').length).toBeGreaterThan(2 * text.split('\n').length);
    await expect(text).toMatchFileSnapshot('__snapshots__/text-microservices-demo.txt');
  });

  it.skipIf(!hasCorpus)('the whole corpus stays within the bound', async () => {
    const r = await report(['.'], corpusDir);
    expectBounded(toText(r, { color: false }), r);
  });
});
