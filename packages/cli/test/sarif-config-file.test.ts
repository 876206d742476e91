/** SARIF places findings about the whole scan on the settings file the scan used, as seen from the working folder. */
import { describe, expect, it } from 'vitest';
import { lbPlan, run, tempDir } from './helpers.js';

interface SarifResult { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }

describe('SARIF location of whole-scan findings', () => {
  it('is the config named with --config, relative to the working folder', async () => {
    const dir = tempDir({
      'a/plan.json': lbPlan({ pub: true }),
      'b/plan.json': lbPlan({ other: false }),
      'conf/.onus.yaml': 'failOn: high\n',
    });
    const r = await run(['scan', '--config', 'conf/.onus.yaml', '--format', 'sarif', 'a/plan.json', 'b/plan.json'], { cwd: dir });
    const results = JSON.parse(r.stdout).runs[0].results as SarifResult[];
    const uris = results.map((x) => x.locations[0]?.physicalLocation?.artifactLocation.uri);
    expect(uris.every((u) => typeof u === 'string')).toBe(true);
    // No budget anywhere in these plans: a finding about the whole scan, placed on the settings file.
    expect(results.filter((x) => x.ruleId === 'DSR-COST-01').map((x) => x.locations[0]?.physicalLocation?.artifactLocation.uri)).toEqual(['conf/.onus.yaml']);
  });
});
