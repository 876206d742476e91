/**
 * Inline waivers in scans: Terraform source facts (read with
 * fromTerraformSource, as the source scan will give them) and Kubernetes
 * manifests through a full scan.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromTerraformSource } from '@onus/adapters';
import { applyWaivers, evaluate } from '@onus/core';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan } from '@onus/engine';
import { scanInlineWaivers } from '../src/inline-waivers.js';
import { service, tempDir } from './support.js';


const { plan } = await planScan({ pack: loadDefaultPack(), sources: [{ file: 'options', only: ['DSR-NET-04', 'DSR-NET-05'] }], today: '2026-06-01' });

const mainTf = `# onus:ignore DSR-NET-04 reason="public edge behind the WAF" expires=2027-01-31
resource "aws_lb" "edge" {
  count    = 2
  internal = false
}

resource "aws_lb" "other" { // onus:ignore DSR-NET-04 reason="stale: this one is internal"
  internal = true
}

resource "aws_lb" "open" {
  internal = false
}
`;

describe('inline waivers on Terraform source', () => {
  it('waives the instances of the block under the directive, names it, and reports a stale one', async () => {
    const dir = tempDir({ 'main.tf': mainTf });
    const source = await fromTerraformSource(dir);
    expect(source.errors).toEqual([]);
    const inline = scanInlineWaivers(source.resources, new Map(), plan, dir);
    expect(inline.problems).toEqual([]);
    const findings = evaluate(source.resources, plan.pack, { params: plan.params, selected: plan.selected });
    const out = applyWaivers(findings, inline.waivers, plan.today);
    const lb = (address: string) => out.findings.find((f) => f.policyId === 'DSR-NET-04' && f.resource.address === address);
    const file = join(dir, 'main.tf');
    expect(lb('aws_lb.edge[0]')).toMatchObject({ status: 'waived', waiver: { source: `${file}:1`, expires: '2027-01-31', reason: 'public edge behind the WAF' } });
    expect(lb('aws_lb.edge[1]')).toMatchObject({ status: 'waived', waiver: { source: `${file}:1` } });
    expect(lb('aws_lb.open')?.status).toBe('fail');
    expect(out.stale).toEqual([expect.objectContaining({ policy: 'DSR-NET-04', resource: 'aws_lb.other', source: `${file}:7` })]);
  });

  it('above a module block, waives what the call creates, through a scan of the caller folder', async () => {
    const dir = tempDir({
      'infra/main.tf': '# onus:ignore DSR-NET-04 reason="the edge is public by design"\nmodule "edge" {\n  source = "./modules/edge"\n}\n\nresource "aws_lb" "root" {\n  internal = false\n}\n',
      'infra/modules/edge/main.tf': 'resource "aws_lb" "public" {\n  internal = false\n}\n',
    });
    const { report } = await scan(['infra'], plan, { cwd: dir });
    expect(report.errors).toEqual([]);
    const net04 = report.findings.filter((f) => f.policyId === 'DSR-NET-04').map((f) => [f.resource.address, f.status, f.waiver?.source]);
    expect(net04).toEqual(
      expect.arrayContaining([
        ['module.edge.aws_lb.public', 'waived', 'infra/main.tf:1'],
        ['aws_lb.root', 'fail', undefined],
      ]),
    );
    expect(net04).toHaveLength(2);
    expect(report.waivers?.stale).toEqual([]);
  });

  it('reports a directive naming a policy the pack does not have, with file and line', async () => {
    const dir = tempDir({ 'main.tf': '# onus:ignore DSR-NET-99 reason="x"\nresource "aws_lb" "a" {\n  internal = false\n}\n' });
    const source = await fromTerraformSource(dir);
    const inline = scanInlineWaivers(source.resources, new Map(), plan, dir);
    expect(inline.problems).toEqual([expect.objectContaining({ file: join(dir, 'main.tf'), line: 1, message: expect.stringMatching(/no policy DSR-NET-99/) })]);
  });
});

/** The shared LoadBalancer Service, with a directive line above it. */
const waivedService = (comment: string) => `${comment}\n${service('web')}`;

describe('inline waivers in Kubernetes manifests, through a scan', () => {
  it('waives the object under a YAML comment, naming file:line', async () => {
    const dir = tempDir({ 'k8s/svc.yaml': waivedService('# onus:ignore DSR-NET-05 reason="public web front" expires=2027-01-31') });
    const { report } = await scan(['k8s'], plan, { cwd: dir });
    const f = report.findings.find((x) => x.policyId === 'DSR-NET-05');
    expect(f).toMatchObject({ status: 'waived', waiver: { source: 'k8s/svc.yaml:1', reason: 'public web front' } });
    expect(report.errors).toEqual([]);
  });

  it('reports an expired directive in the waivers section and fails the finding again', async () => {
    const dir = tempDir({ 'svc.yaml': waivedService('# onus:ignore DSR-NET-05 reason="until the move" expires=2026-01-31') });
    const { report } = await scan(['svc.yaml'], plan, { cwd: dir });
    expect(report.findings.find((x) => x.policyId === 'DSR-NET-05')?.status).toBe('fail');
    expect(report.waivers?.expired).toEqual([expect.objectContaining({ policy: 'DSR-NET-05', source: 'svc.yaml:1', expires: '2026-01-31' })]);
  });

  it('turns a malformed directive into one report error naming file:line, and keeps the findings', async () => {
    const dir = tempDir({ 'svc.yaml': waivedService('# onus:ignore DSR-NET-05 expires=2027-01-31') });
    const { report } = await scan(['svc.yaml'], plan, { cwd: dir });
    expect(report.errors).toEqual([expect.objectContaining({ file: 'svc.yaml', line: 1, message: 'inline waiver: no reason given' })]);
    expect(report.findings.find((x) => x.policyId === 'DSR-NET-05')?.status).toBe('fail');
  });

  it('ignores directives when inline waivers are off', async () => {
    const dir = tempDir({ 'svc.yaml': waivedService('# onus:ignore DSR-NET-05 reason="public web front"') });
    const { report } = await scan(['svc.yaml'], plan, { cwd: dir, inlineWaivers: false });
    expect(report.findings.find((x) => x.policyId === 'DSR-NET-05')?.status).toBe('fail');
    expect(report.waivers?.stale ?? []).toEqual([]);
  });
});
