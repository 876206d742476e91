/**
 * The coverage matrix, and the catalog's promise: every input kind a control's catalog text names
 * (`awsconfig:AWS::EKS::Cluster`, `awscli:elbv2 describe-load-balancers`, `gcpcai:...`, `k8s:...`,
 * `tf:...`) that an adapter produces is read by a check of that control. The catalog is
 * `../shared/CONTROLS.md` (or $ONUS_CATALOG); that part skips, with a message, when it is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Policy } from '@onus/core';
// @onus/rules does not depend on @onus/adapters (rules -> core only): the test reads inputs through its sources.
import { readInput } from '@onus/adapters';
import { coverageMatrix, coveragePage, INPUT_KINDS, inputKindsOf, policyReadsKind } from '../src/coverage.js';
import { loadDefaultPack } from '../src/index.js';

const pack = loadDefaultPack();
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const catalogFile = process.env.ONUS_CATALOG ?? path.resolve(repoRoot, '../shared/CONTROLS.md');
const hasCatalog = fs.existsSync(catalogFile);
if (!hasCatalog) console.warn(`coverage: catalog check skipped, no catalog at ${catalogFile} (set ONUS_CATALOG to its path)`);

/** What one AWS CLI command prints (its top-level key), so the adapter can say which kinds it makes of it. */
const AWS_CLI_OUTPUT: Record<string, object> = {
  'elbv2 describe-load-balancers': { LoadBalancers: [{ LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1', Scheme: 'internal' }] },
  'ec2 describe-security-groups': { SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: [] }] },
  'iam get-account-authorization-details': {
    UserDetailList: [{ Arn: 'arn:aws:iam::1:user/u' }],
    RoleDetailList: [{ Arn: 'arn:aws:iam::1:role/r' }],
    GroupDetailList: [{ Arn: 'arn:aws:iam::1:group/g' }],
    Policies: [{ Arn: 'arn:aws:iam::1:policy/p' }],
  },
  'iam get-account-password-policy': { PasswordPolicy: { MinimumPasswordLength: 14 } },
  'iam get-account-summary': { SummaryMap: { AccountAccessKeysPresent: 0 } },
};

/** A minimal input of the format a catalog kind mention names, as a file name and its text. */
function sampleInput(mention: string): { file: string; text: string } | undefined {
  const [prefix, rest] = [mention.slice(0, mention.indexOf(':')), mention.slice(mention.indexOf(':') + 1)];
  switch (prefix) {
    case 'awscli': {
      const output = AWS_CLI_OUTPUT[rest];
      return output && { file: 'aws.json', text: JSON.stringify(output) };
    }
    case 'awsconfig':
      return { file: 'config.json', text: JSON.stringify({ configurationItems: [{ resourceType: rest, resourceId: 'x', ARN: 'arn:x', configuration: {} }] }) };
    case 'gcpcai':
      return { file: 'assets.json', text: JSON.stringify([{ name: '//x/y', assetType: rest, resource: { data: {} } }]) };
    case 'k8s':
      return { file: 'manifest.yaml', text: `apiVersion: v1\nkind: ${rest}\nmetadata:\n  name: x\n` };
    case 'tf': {
      const address = `${rest}.x`;
      const change = { address, mode: 'managed', type: rest, name: 'x', provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['create'], before: null, after: {}, after_unknown: {} } };
      return { file: 'plan.json', text: JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [] } }, resource_changes: [change] }) };
    }
    default:
      return undefined;
  }
}

/** The kinds an adapter makes of the input a mention names (empty: no adapter reads it). */
function producedKinds(mention: string): string[] {
  const input = sampleInput(mention);
  if (!input) return [];
  return [...new Set(readInput(input.file, input.text).resources.map((r) => r.kind))];
}

/** Backticked provider-prefixed names in the catalog that are attributes, not resource types. */
const ATTRIBUTE_NAMES = new Set([
  'aws_kms_config', // mongodbatlas_encryption_at_rest blocks (DSR-ODB-03)
  'google_cloud_kms_config',
  'aws_iam_type', // mongodbatlas_database_user attribute (DSR-ODB-08)
]);

/**
 * Kind mentions per control in the catalog's tables: backticked `prefix:...` tokens (`AWS::IAM::Role`/`Policy`
 * names both), and bare Terraform resource types (`aws_lb`), which a plan or source gives as `tf:<type>`.
 */
function catalogMentions(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const id = /^\|\s*(DSR-[A-Z]+-\d+)\s*\|/.exec(line)?.[1];
    if (!id) continue;
    const mentions: string[] = [];
    for (const m of line.matchAll(/`((?:awsconfig|awscli|gcpcai|k8s|tf):[^`<>]+)`((?:\/`[A-Za-z]+`)*)/g)) {
      mentions.push(m[1]!.trim());
      const base = m[1]!.replace(/::[A-Za-z]+$/, '::');
      for (const alt of m[2]!.matchAll(/`([A-Za-z]+)`/g)) if (m[1]!.startsWith('awsconfig:')) mentions.push(`${base}${alt[1]}`);
    }
    for (const m of line.matchAll(/`((?:aws|google|azurerm|azuread|mongodbatlas)_[a-z0-9_]+)`/g)) if (!ATTRIBUTE_NAMES.has(m[1]!)) mentions.push(`tf:${m[1]}`);
    out.set(id, [...new Set(mentions)]);
  }
  return out;
}

/** Mentions an adapter produces that no check of the control reads: `DSR-X-01: awscli:... (kinds)`. */
function catalogGaps(text: string, policies: readonly Policy[]): string[] {
  const gaps: string[] = [];
  for (const [id, mentions] of catalogMentions(text)) {
    const policy = policies.find((p) => p.id === id);
    if (!policy) {
      gaps.push(`${id}: in the catalog but not in the pack`);
      continue;
    }
    for (const mention of mentions) {
      const kinds = producedKinds(mention);
      // a Terraform type may be read as a data source (`aws_iam_policy_document` data in a plan)
      const reads = (k: string) => policyReadsKind(policy, k) || (k.startsWith('tf:') && policyReadsKind(policy, `tf:data.${k.slice(3)}`));
      if (kinds.length && !kinds.some(reads)) gaps.push(`${id}: ${mention} (${kinds.join(', ')}) is read by no check`);
    }
  }
  return gaps;
}

describe('coverage matrix', () => {
  const rows = coverageMatrix(pack.policies);

  it('has one row per control, each judging at least one input kind', () => {
    expect(rows.map((r) => r.id).sort()).toEqual(pack.policies.map((p) => p.id).sort());
    expect(rows.filter((r) => INPUT_KINDS.every((k) => r.inputs[k].length === 0)).map((r) => r.id)).toEqual([]);
  });

  it('places each kind under the input that produces it', () => {
    expect(inputKindsOf('tf:aws_lb')).toEqual(['plan', 'source']);
    expect(inputKindsOf('awscli:elbv2:LoadBalancer')).toEqual(['aws-cli']);
    const net04 = rows.find((r) => r.id === 'DSR-NET-04')!;
    expect(net04.inputs['aws-cli']).toContain('awscli:elbv2:LoadBalancer');
    expect(net04.inputs['aws-config']).toEqual(['awsconfig:AWS::ElasticLoadBalancingV2::LoadBalancer', 'awsconfig:AWS::ElasticLoadBalancing::LoadBalancer']);
    expect(net04.inputs.manifest).toEqual([]);
    expect(coveragePage(rows, 'pack')).toMatch(/^\| \[DSR-NET-04\]\(controls\/DSR-NET-04\.md\) \| ✓ \| ✓ \| – \| ✓ \| ✓ \| – \|$/m);
  });

  it('the gap check finds a kind the catalog names that no check reads', () => {
    const catalog = '| DSR-NET-04 | N | H | load balancers; `awscli:elbv2 describe-load-balancers` `Scheme` |\n';
    const withoutCli = pack.policies.map((p) => (p.id === 'DSR-NET-04' ? { ...p, checks: p.checks.filter((c) => !JSON.stringify(c.kind).includes('awscli')) } : p));
    expect(catalogGaps(catalog, withoutCli)).toEqual(['DSR-NET-04: awscli:elbv2 describe-load-balancers (awscli:elbv2:LoadBalancer) is read by no check']);
    expect(catalogGaps(catalog, pack.policies)).toEqual([]);
  });

  it.skipIf(!hasCatalog)(`every input kind the catalog names for a control is judged by it${hasCatalog ? '' : ' (SKIPPED: no catalog)'}`, () => {
    const text = fs.readFileSync(catalogFile, 'utf8');
    const mentions = catalogMentions(text);
    expect(mentions.size).toBe(pack.policies.length);
    // every mention stands for an input some adapter reads, so the check below is not vacuous
    const unread = [...mentions.values()].flat().filter((m) => producedKinds(m).length === 0);
    expect(unread).toEqual([]);
    expect([...mentions.values()].flat().length).toBeGreaterThan(60);
    expect(catalogGaps(text, pack.policies)).toEqual([]);
  });
});
