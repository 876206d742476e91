// A downstream tool, as an ES module: scan a plan and a manifest held in memory with the
// built-in pack plus its own policy, with a parameter override, and print the scorecard.
import { scan, failing } from 'onus';
import { plan, manifest, ownPolicy, scorecardLines } from './inputs.mjs';

const report = await scan(
  [
    { file: 'plan.json', text: plan },
    { file: 'k8s/api.yaml', text: manifest },
  ],
  { policies: [ownPolicy], params: { maxNodes: 20 } },
);
console.log(`pack ${report.pack.name} ${report.pack.version}`);
for (const line of scorecardLines(report)) console.log(line);
for (const f of failing(report, { failOn: 'low' })) console.log(`FAIL ${f.policyId} ${f.resource.address}: ${f.message}`);
