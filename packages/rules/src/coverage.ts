/**
 * The coverage matrix: for each control, which input kinds its checks judge
 * (a Terraform plan or source, a Kubernetes manifest, an AWS Config export,
 * AWS CLI output, a GCP Cloud Asset Inventory export), read from the kinds
 * its checks name. One source for `onus policies coverage` and the docs page.
 */
import { isScopeCheck, kindNameMatcher, type Check, type Policy, type Responsibility } from '@onus/core';

/** The input kinds, in the order the matrix shows them. */
export const INPUT_KINDS = ['plan', 'source', 'manifest', 'aws-config', 'aws-cli', 'cloud-assets'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** What each input kind is, for the matrix's legend. */
export const INPUT_KIND_NAMES: Record<InputKind, string> = {
  plan: 'Terraform plan JSON (`terraform show -json`)',
  source: 'Terraform source (`.tf` files)',
  manifest: 'Kubernetes manifests',
  'aws-config': 'AWS Config snapshots or items',
  'aws-cli': 'AWS CLI JSON output',
  'cloud-assets': 'GCP Cloud Asset Inventory exports',
};

/** The kind prefix each input kind's resources carry (`tf:aws_lb`, `k8s:Service`, ...). */
const PREFIXES: Record<string, readonly InputKind[]> = {
  tf: ['plan', 'source'],
  k8s: ['manifest'],
  awsconfig: ['aws-config'],
  awscli: ['aws-cli'],
  gcpcai: ['cloud-assets'],
};

/** The input kinds a resource kind (or kind pattern) comes from. */
export function inputKindsOf(kind: string): readonly InputKind[] {
  return PREFIXES[kind.slice(0, kind.indexOf(':'))] ?? [];
}

/** The resource kinds (patterns) a check reads: its own, or for a scope check the kinds it counts. */
export function kindsRead(check: Check): string[] {
  return isScopeCheck(check) ? ([] as string[]).concat(check.require.kind) : ([] as string[]).concat(check.kind);
}

export interface CoverageRow {
  id: string;
  title: string;
  area: Responsibility;
  /** The kind patterns its checks read, by input kind (empty: that input is not judged). */
  inputs: Record<InputKind, string[]>;
}

/** One row per policy, by id. */
export function coverageMatrix(policies: readonly Policy[]): CoverageRow[] {
  return [...policies]
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
    .map((p) => {
      const inputs = Object.fromEntries(INPUT_KINDS.map((k) => [k, [] as string[]])) as Record<InputKind, string[]>;
      for (const kind of p.checks.flatMap(kindsRead)) {
        for (const input of inputKindsOf(kind)) if (!inputs[input].includes(kind)) inputs[input].push(kind);
      }
      return { id: p.id, title: p.title, area: p.responsibility, inputs };
    });
}

/** The kinds a check consults besides those it judges: the `related` and `scan` facts' `params.kind`. */
export function kindsConsulted(check: Check): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const params = o['params'] as Record<string, unknown> | undefined;
    if ((o['fact'] === 'related' || o['fact'] === 'scan') && params) found.push(...([] as unknown[]).concat(params['kind']).filter((k): k is string => typeof k === 'string'));
    Object.values(o).forEach(visit);
  };
  visit(check);
  return found;
}

/** Whether some check of the policy judges or consults resources of this kind (`awscli:elbv2:LoadBalancer`). */
export function policyReadsKind(policy: Policy, kind: string): boolean {
  return policy.checks.some((c) => kindNameMatcher([...kindsRead(c), ...kindsConsulted(c)])(kind));
}

/** The matrix as a Markdown page. */
export function coveragePage(rows: readonly CoverageRow[], title: string): string {
  const lines = [
    `# ${title}: coverage by input kind`,
    '',
    'Generated from the policy files; do not edit by hand (`pnpm --filter @onus/rules docs`).',
    'A mark means at least one check of the control judges resources read from that kind of input;',
    '`onus policies coverage` prints the same matrix, with your own policies.',
    '',
    ...INPUT_KINDS.map((k) => `- **${k}**: ${INPUT_KIND_NAMES[k]}`),
    '',
    `| Control | ${INPUT_KINDS.join(' | ')} |`,
    `|---|${INPUT_KINDS.map(() => ':---:').join('|')}|`,
  ];
  for (const r of rows) lines.push(`| [${r.id}](controls/${r.id}.md) | ${INPUT_KINDS.map((k) => (r.inputs[k].length ? '✓' : '–')).join(' | ')} |`);
  lines.push('', '## Kinds read', '');
  for (const r of rows) {
    lines.push(`- **${r.id}** ${r.title}`);
    for (const k of INPUT_KINDS) {
      if (k === 'source') continue; // the same Terraform kinds as plan
      if (r.inputs[k].length) lines.push(`  - ${k === 'plan' ? 'plan, source' : k}: ${r.inputs[k].map((x) => `\`${x}\``).join(', ')}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
