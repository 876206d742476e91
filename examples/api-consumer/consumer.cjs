// The same tool as CommonJS: `require('onus')` loads the ES module (Node >= 20.19).
const { scan, failing } = require('onus');

(async () => {
  const { plan, manifest, ownPolicy, scorecardLines } = await import('./inputs.mjs');
  const report = await scan(
    [
      { format: 'terraform-plan', data: JSON.parse(plan), file: 'plan.json' },
      { file: 'k8s/api.yaml', text: manifest },
    ],
    { policies: [ownPolicy], params: { maxNodes: 20 } },
  );
  console.log(`pack ${report.pack.name} ${report.pack.version}`);
  for (const line of scorecardLines(report)) console.log(line);
  for (const f of failing(report, { failOn: 'low' })) console.log(`FAIL ${f.policyId} ${f.resource.address}: ${f.message}`);
})();
