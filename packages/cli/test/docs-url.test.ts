/** The documentation links of reports: `docsUrl` in .onus.yaml and `--docs-url`, the flag winning. */
import { describe, expect, it } from 'vitest';
import { lbPlan, ONLY_LB, run, tempDir } from './helpers.js';

const DEFAULT = 'https://github.com/onus-dev/onus/blob/rules-v';

describe('documentation links', () => {
  it('text links each failing policy to its page at the pack version by default', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    const r = await run(['scan', ...ONLY_LB, 'plan.json'], { cwd: dir });
    expect(r.stdout).toMatch(/DSR-NET-04: .*https:\/\/github\.com\/onus-dev\/onus\/blob\/rules-v[\d.]+\/packages\/rules\/docs\/controls\/DSR-NET-04\.md/);
  });

  it('docsUrl in .onus.yaml points elsewhere; --docs-url overrides it; "" drops the links', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }), '.onus.yaml': 'docsUrl: https://mirror.example/onus/{version}/{id}.html\n' });
    const fromConfig = await run(['scan', ...ONLY_LB, 'plan.json'], { cwd: dir });
    expect(fromConfig.stdout).toMatch(/https:\/\/mirror\.example\/onus\/[\d.]+\/DSR-NET-04\.html/);
    const flag = await run(['scan', ...ONLY_LB, '--docs-url', 'https://docs.example/{id}', 'plan.json'], { cwd: dir });
    expect(flag.stdout).toContain('https://docs.example/DSR-NET-04');
    expect(flag.stdout).not.toContain('mirror.example');
    const none = await run(['scan', ...ONLY_LB, '--docs-url', '', 'plan.json'], { cwd: dir });
    expect(none.stdout).not.toContain('https://');
    expect(none.stdout).not.toContain(DEFAULT);
  });

  it('refuses an address that is not http(s) or has no {id}, naming where it was set', async () => {
    const dir = tempDir({ 'plan.json': lbPlan({ pub: false }) });
    const flag = await run(['scan', ...ONLY_LB, '--docs-url', 'docs/{id}.md', 'plan.json'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^onus: --docs-url docs\/\{id\}\.md: must be an http\(s\) address/);
    const bad = tempDir({ 'plan.json': lbPlan({ pub: false }), '.onus.yaml': 'failOn: high\ndocsUrl: https://docs.example/page\n' });
    const config = await run(['scan', ...ONLY_LB, 'plan.json'], { cwd: bad });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/^onus: \.onus\.yaml:2 \(at \/docsUrl\): docsUrl must contain \{id\}/);
  });
});
