/**
 * Real scans through the SARIF writer: the repository's example and the
 * shared corpus (skipped, plainly, when ../shared is absent), each checked
 * against the OASIS schema and GitHub's upload rules (validators.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/formats/index.js';
import { REPO as repo, scanPaths } from './scans.js';
import { checkSarif, SHARED } from './validators.js';

const CORPUS = resolve(SHARED, 'corpus');
const HAVE_CORPUS = existsSync(CORPUS);

async function sarifOfScan(paths: string[], cwd: string, includePasses = false): Promise<any> {
  const report = await scanPaths(paths, cwd);
  return { report, log: checkSarif(toSarif(report, { includePasses })) };
}

function withoutFile(log: any): any[] {
  return log.runs[0].results.filter((r: any) => !r.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
}

describe('SARIF of real scans', () => {
  it('examples/infra-repo: every result has a file, a line and a fingerprint; whole-scan findings sit on its .onus.yaml', async () => {
    for (const includePasses of [false, true]) {
      const { report, log } = await sarifOfScan(['examples/infra-repo'], repo, includePasses);
      const results: any[] = log.runs[0].results;
      expect(results.length).toBeGreaterThan(5);
      expect(withoutFile(log)).toEqual([]);
      const scanWide = results.filter((r) => r.locations[0].logicalLocations?.[0]?.fullyQualifiedName === '(scan)');
      if (includePasses) expect(scanWide.length).toBeGreaterThan(0);
      for (const r of scanWide) expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'examples/infra-repo/.onus.yaml' }, region: { startLine: 1 } });
      expect(existsSync(resolve(repo, 'examples/infra-repo/.onus.yaml'))).toBe(true);
      const rules: any[] = log.runs[0].tool.driver.rules;
      for (const rule of rules) expect(rule.helpUri, rule.id).toBe(`https://github.com/onus-dev/onus/blob/rules-v${report.pack.version}/packages/rules/docs/controls/${rule.id}.md`);
      for (const rule of rules) expect(existsSync(resolve(repo, `packages/rules/docs/controls/${rule.id}.md`)), `doc page of ${rule.id}`).toBe(true);
    }
  });

  it('a single plan: whole-scan findings sit on the plan itself', async () => {
    const { log } = await sarifOfScan(['examples/infra-repo/plan.json'], repo, true);
    const scanWide = log.runs[0].results.filter((r: any) => r.locations[0].logicalLocations?.[0]?.fullyQualifiedName === '(scan)');
    expect(scanWide.length).toBeGreaterThan(0);
    for (const r of scanWide) expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('examples/infra-repo/plan.json');
  });

  if (!HAVE_CORPUS) it.skip(`the shared corpus: not found at ${CORPUS} (set ONUS_SHARED)`, () => {});

  it.runIf(HAVE_CORPUS)('the shared corpus, folder by folder and with passes: accepted by both checks, no result without a file', async () => {
    let total = 0;
    for (const folder of ['tfplan', 'k8s', 'cloud-export']) {
      for (const includePasses of [false, true]) {
        const { log } = await sarifOfScan([folder], CORPUS, includePasses);
        expect(withoutFile(log), folder).toEqual([]);
        total += log.runs[0].results.length;
      }
    }
    expect(total).toBeGreaterThan(100);
  });
});
