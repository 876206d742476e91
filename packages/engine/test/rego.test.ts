/**
 * Rego in the engine: sources loaded once by planScan (a load failure is a
 * problem naming the file), selected like the pack's policies, evaluated on
 * each input as parsed (every Kubernetes document on its own) or on each
 * fact, and waived like the pack's findings. Uses the Snyk-style `deny`
 * bundle of the shared OPA wasm fixtures; skipped when they are absent.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan, type SettingsSource } from '../src/index.js';
import { printsToStderr } from '../src/rego.js';

const SNYK = fileURLToPath(new URL('../../../../shared/fixtures/opa-wasm/snyk-iac-owner-tag/', import.meta.url));
const HAVE_FIXTURES = existsSync(SNYK);
if (!HAVE_FIXTURES) console.warn(`the OPA wasm fixtures are not here (expected at ${SNYK}): Rego engine tests skipped`);

const BUNDLE = { path: 'bundle.tar.gz' };
const planOf = (...sources: SettingsSource[]) => planScan({ pack: loadDefaultPack(), sources, cwd: SNYK, today: '2026-06-01' });

/**
 * A Terraform plan with one instance. The Snyk rule reads the configuration
 * in the shape Snyk's parser gives it (`resource.<type>.<name>`), so the
 * document carries that block as well: the rule sees the document as parsed.
 */
function instancePlan(tags: Record<string, string>) {
  return {
    format_version: '1.2',
    resource_changes: [{ address: 'aws_instance.hashicat', mode: 'managed', type: 'aws_instance', name: 'hashicat', change: { actions: ['create'], before: null, after: { tags }, after_unknown: {} } }],
    resource: { aws_instance: { hashicat: { tags } } },
  };
}

describe.skipIf(!HAVE_FIXTURES)('Rego sources in the scan plan', () => {
  it('loads a bundle once: its entrypoints are selected by id and area, and counted in the areas', async () => {
    const { plan, problems } = await planOf({ file: 'options', rego: [BUNDLE] });
    expect(problems).toEqual([]);
    expect(plan.rego.map((s) => s.policies.map((p) => p.id))).toEqual([['rego:rules/deny']]);
    expect(plan.selected.has('rego:rules/deny')).toBe(true);
    expect(plan.areas).toContain('security');
    expect((await planOf({ file: 'options', rego: [BUNDLE], skip: ['rego:rules/deny'] })).plan.selected.has('rego:rules/deny')).toBe(false);
    expect((await planOf({ file: 'options', rego: [BUNDLE], only: ['network'] })).plan.selected.has('rego:rules/deny')).toBe(false);
    const named = await planOf({ file: 'options', rego: [BUNDLE], only: ['rego:rules/deny'] });
    expect(named.problems).toEqual([]);
    expect([...named.plan.selected]).toEqual(['rego:rules/deny']);
  });

  it('a source that does not load is a problem naming the file; the plan goes on without it', async () => {
    const { plan, problems } = await planOf({ file: 'options', rego: [{ path: 'rego/rules/MY-RULE/main.rego' }] });
    expect(problems).toEqual([{ file: 'rego/rules/MY-RULE/main.rego', message: 'is neither a WebAssembly module nor a gzip-compressed OPA bundle', hint: expect.any(String) }]);
    expect(plan.rego).toEqual([]);
  });

  it('an entrypoint id that is a pack policy id is a problem', async () => {
    const { plan, problems } = await planOf({ file: 'options', rego: [{ path: 'policy.wasm', entrypoints: [{ name: 'rules/deny', id: 'DSR-NET-04' }] }] });
    expect(problems).toEqual([{ file: 'policy.wasm', message: 'entrypoint rules/deny has the id DSR-NET-04, already used by @onus/rules', hint: expect.any(String) }]);
    expect(plan.rego).toEqual([]);
  });
});

describe.skipIf(!HAVE_FIXTURES)('Rego findings in a scan', () => {
  it('evaluates the plan as parsed, from a file text and from a value in memory, beside the pack', async () => {
    const { plan } = await planOf({ file: 'options', rego: [BUNDLE], only: ['DSR-COST-04', 'rego:rules/deny'] });
    const denied = instancePlan({ Name: 'web' });
    const { report } = await scan([{ file: 'denied.json', content: JSON.stringify(denied) }, { format: 'terraform-plan', data: instancePlan({ Owner: 'team-a', CostCenter: 'x' }), file: 'allowed.json' }], plan);
    expect(report.errors).toEqual([]);
    const rego = report.findings.filter((f) => f.rego);
    expect(rego).toEqual([
      expect.objectContaining({
        policyId: 'MY-RULE',
        status: 'fail',
        severity: 'low',
        responsibility: 'security',
        title: 'Missing an Owner from tag',
        message: 'input.resource.aws_instance[hashicat].tags',
        resource: { address: 'aws_instance.hashicat', kind: 'tf:aws_instance', file: 'denied.json' },
        rego: { file: 'bundle.tar.gz', entrypoint: 'rules/deny' },
      }),
      expect.objectContaining({ policyId: 'rego:rules/deny', status: 'pass', resource: expect.objectContaining({ address: 'allowed.json', file: 'allowed.json' }) }),
    ]);
    expect(report.findings.filter((f) => f.policyId === 'DSR-COST-04').map((f) => f.status).sort()).toEqual(['fail', 'pass']);
    expect(report.scorecard.security).toMatchObject({ pass: 1, fail: 1 });
  });

  it('gives each Kubernetes document on its own, and each fact with `per: resource`', async () => {
    const manifests = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: b }\n';
    const perInput = await planOf({ file: 'options', rego: [BUNDLE], only: ['rego:rules/deny'] });
    const byInput = (await scan([{ file: 'ns.yaml', content: manifests }], perInput.plan)).report.findings;
    expect(byInput.map((f) => [f.status, f.resource.address])).toEqual([['pass', 'ns.yaml'], ['pass', 'ns.yaml']]);
    const perResource = await planOf({ file: 'options', rego: [{ path: 'bundle.tar.gz', entrypoints: [{ name: 'rules/deny', per: 'resource' }] }], only: ['rego:rules/deny'] });
    const byResource = (await scan([{ file: 'ns.yaml', content: manifests }], perResource.plan)).report.findings;
    expect(byResource.map((f) => [f.status, f.resource.address]).sort()).toEqual([['pass', 'k8s:Namespace/a'], ['pass', 'k8s:Namespace/b']]);
  });

  it('a waiver silences a Rego finding, one that matches nothing is stale; skipping the entrypoint drops its findings', async () => {
    const waiver = { policy: 'MY-RULE', resource: 'aws_instance.*', reason: 'owner is set by the account baseline', source: 'options' };
    const { plan, problems } = await planOf({ file: 'options', rego: [BUNDLE], only: ['rego:rules/deny'], waivers: [waiver] });
    expect(problems).toEqual([]);
    const { report } = await scan([{ format: 'terraform-plan', data: instancePlan({}) }], plan);
    expect(report.findings).toEqual([expect.objectContaining({ policyId: 'MY-RULE', status: 'waived', waiver: expect.objectContaining({ reason: waiver.reason }) })]);
    const typo = { ...waiver, policy: 'MY-RULES' };
    const stale = await planOf({ file: 'options', rego: [BUNDLE], only: ['rego:rules/deny'], waivers: [typo] });
    expect(stale.problems).toEqual([]);
    const staleReport = (await scan([{ format: 'terraform-plan', data: instancePlan({}) }], stale.plan)).report;
    expect(staleReport.findings.map((f) => f.status)).toEqual(['fail']);
    expect(staleReport.waivers?.stale).toEqual([typo]);
    // The pack's own prefix is no Rego message's id: a typo there is refused at once, Rego or not.
    const packTypo = await planOf({ file: 'options', rego: [BUNDLE], waivers: [{ ...waiver, policy: 'DSR-NET-99' }] });
    expect(packTypo.problems).toEqual([expect.objectContaining({ file: 'options', message: 'no policy DSR-NET-99 in the pack or your policies' })]);
    const skipped = await planOf({ file: 'options', rego: [BUNDLE], only: ['DSR-COST-04'] });
    expect((await scan([{ format: 'terraform-plan', data: instancePlan({}) }], skipped.plan)).report.findings.filter((f) => f.rego)).toEqual([]);
  });
});

describe.skipIf(!HAVE_FIXTURES)('a boolean rule per resource', () => {
  it('fails each resource it does not allow; a Kubernetes waiver annotation naming its id waives one', async () => {
    const rbac = fileURLToPath(new URL('../rbac-abi-1.1/policy.wasm', `file://${SNYK}`));
    const spec = { path: rbac, entrypoints: [{ name: 'example/allow', id: 'ACME-K8S-01', per: 'resource' as const, severity: 'high' as const }] };
    const { plan, problems } = await planOf({ file: 'options', rego: [spec], only: ['ACME-K8S-01'] });
    expect(problems).toEqual([]);
    const manifests = [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n  annotations:\n    onus.dev/waive: "ACME-K8S-01: reviewed by the platform team"\n',
    ].join('---\n');
    const { report } = await scan([{ file: 'ns.yaml', content: manifests }], plan);
    expect(report.findings.map((f) => [f.policyId, f.resource.address, f.status, f.resource.line])).toEqual([
      ['ACME-K8S-01', 'k8s:Namespace/a', 'fail', 1],
      ['ACME-K8S-01', 'k8s:Namespace/b', 'waived', 6],
    ]);
  });

  it('obeys inline waivers and annotations that name a Rego id, its default rego: id included', async () => {
    const rbac = fileURLToPath(new URL('../rbac-abi-1.1/policy.wasm', `file://${SNYK}`));
    const ids = await planOf({ file: 'options', rego: [{ path: rbac, entrypoints: [{ name: 'example/allow', id: 'ACME-K8S-01', per: 'resource' as const }] }], only: ['ACME-K8S-01'] });
    const inline = 'apiVersion: v1\nkind: Namespace\n# onus:ignore ACME-K8S-01 reason="reviewed"\nmetadata:\n  name: a\n';
    const one = await scan([{ file: 'ns.yaml', content: inline }], ids.plan);
    expect(one.report.errors).toEqual([]);
    expect(one.report.findings.map((f) => [f.policyId, f.status, f.waiver?.source])).toEqual([['ACME-K8S-01', 'waived', 'ns.yaml:3']]);

    const defaults = await planOf({ file: 'options', rego: [{ path: rbac, entrypoints: [{ name: 'example/allow', per: 'resource' as const }] }], only: ['rego:example/allow'] });
    const both = [
      'apiVersion: v1\nkind: Namespace\n# onus:ignore rego:example/allow reason="reviewed"\nmetadata:\n  name: a\n',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n  annotations:\n    onus.dev/waive: "rego:example/allow: reviewed too"\n',
    ].join('---\n');
    const two = await scan([{ file: 'ns.yaml', content: both }], defaults.plan);
    expect(two.report.errors).toEqual([]);
    expect(two.report.findings.map((f) => [f.policyId, f.resource.address, f.status])).toEqual([
      ['rego:example/allow', 'k8s:Namespace/a', 'waived'],
      ['rego:example/allow', 'k8s:Namespace/b', 'waived'],
    ]);
  });
});

describe('what a policy prints', () => {
  afterEach(() => vi.restoreAllMocks());

  it('goes to standard error, never to standard output, and console.log is restored after', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = console.log;
    const value = await printsToStderr(async () => {
      console.log('debug', { n: 1 });
      return 42;
    });
    expect(value).toBe(42);
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).toHaveBeenCalledWith('rego print: debug {"n":1}\n');
    expect(console.log).toBe(log);
  });
});
