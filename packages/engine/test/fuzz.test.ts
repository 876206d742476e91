/**
 * Property tests (fast-check), bounded so the suite stays quick: random
 * well-formed plans and manifests never make a scan throw and always give
 * the same findings; random byte mutations of the corpus's real inputs
 * never crash a scan. The corpus is ../shared/corpus beside the repository
 * (or $ONUS_CORPUS); without it the mutation property is skipped, saying so.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '@onus/core';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan } from '@onus/engine';

const { plan } = await planScan({ pack: loadDefaultPack(), sources: [], today: '2026-06-01' });
/** Fixed seeds: a failure is reproduced by the same run; change them to explore. */
const SEED = 20260601;

/** A report without its timing, for comparing two scans of the same input. */
function verdicts(report: Report): string {
  const { timing: _timing, ...rest } = report;
  return JSON.stringify(rest);
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/);
const ATTRIBUTE_NAMES = ['name', 'internal', 'tags', 'tags_all', 'labels', 'encrypted', 'kms_key_id', 'publicly_accessible', 'ingress', 'egress', 'cidr_blocks', 'versioning', 'policy', 'load_balancer_type', 'deletion_protection', 'node_count', 'instance_type', 'spec', 'metadata', 'enabled'];
const attributes = fc.dictionary(fc.constantFrom(...ATTRIBUTE_NAMES), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
const RESOURCE_TYPES = ['aws_lb', 'aws_s3_bucket', 'aws_security_group', 'aws_db_instance', 'aws_instance', 'aws_eks_node_group', 'aws_iam_policy', 'aws_kms_key', 'aws_nat_gateway', 'google_container_cluster', 'google_sql_database_instance', 'azurerm_storage_account'];

/** `terraform show -json` output with random resources, actions, unknown and sensitive paths. */
const planJson = fc
  .array(
    fc.record({
      type: fc.constantFrom(...RESOURCE_TYPES),
      name,
      actions: fc.constantFrom(['create'], ['update'], ['delete'], ['no-op'], ['read'], ['delete', 'create']),
      after: attributes,
      unknown: fc.subarray(ATTRIBUTE_NAMES, { maxLength: 3 }),
      sensitive: fc.subarray(ATTRIBUTE_NAMES, { maxLength: 2 }),
    }),
    { maxLength: 12 },
  )
  .map((resources) => ({
    format_version: '1.2',
    terraform_version: '1.9.5',
    resource_changes: resources.map((r, i) => ({
      address: `${r.type}.${r.name}_${i}`,
      mode: r.actions[0] === 'read' ? 'data' : 'managed',
      type: r.type,
      name: `${r.name}_${i}`,
      change: {
        actions: r.actions,
        before: null,
        after: r.actions[0] === 'delete' && r.actions.length === 1 ? null : r.after,
        after_unknown: Object.fromEntries(r.unknown.map((k) => [k, true])),
        after_sensitive: Object.fromEntries(r.sensitive.map((k) => [k, true])),
      },
    })),
  }));

const KINDS = ['Service', 'Deployment', 'Ingress', 'Pod', 'Secret', 'ConfigMap', 'NetworkPolicy', 'ServiceAccount', 'ClusterRoleBinding', 'StatefulSet'];
/**
 * Kubernetes objects, as a stream of YAML documents (each in JSON flow style,
 * which YAML reads). The stream starts with `---`: one that starts with `{`
 * is taken for JSON (lines) by the reader today, though kubectl reads it.
 */
const manifests = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      name,
      namespace: fc.option(name, { nil: undefined }),
      annotations: fc.dictionary(fc.constantFrom('service.beta.kubernetes.io/aws-load-balancer-scheme', 'onus.dev/waive', 'kubernetes.io/ingress.class', 'x'), fc.string({ maxLength: 20 }), { maxKeys: 2 }),
      spec: fc.oneof(fc.record({ type: fc.constantFrom('LoadBalancer', 'ClusterIP', 'NodePort') }), fc.dictionary(fc.constantFrom('replicas', 'template', 'rules', 'data', 'containers'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 })),
    }),
    { minLength: 1, maxLength: 10 },
  )
  .map((objects) =>
    objects
      .map((o) => JSON.stringify({ apiVersion: o.kind === 'Deployment' || o.kind === 'StatefulSet' ? 'apps/v1' : 'v1', kind: o.kind, metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), annotations: o.annotations }, spec: o.spec }))
      .map((doc) => `---\n${doc}\n`)
      .join(''),
  );

describe('well-formed random inputs', () => {
  it('plans: the scan never throws, reads every plan, and gives the same findings twice', async () => {
    await fc.assert(
      fc.asyncProperty(planJson, async (p) => {
        const input = { file: 'plan.json', content: JSON.stringify(p) };
        const first = await scan([input], plan);
        const second = await scan([input], plan);
        expect(first.report.inputs).toEqual([{ file: 'plan.json', format: 'terraform-plan', resources: p.resource_changes.length }]);
        expect(verdicts(second.report)).toBe(verdicts(first.report));
      }),
      { numRuns: 30, seed: SEED },
    );
  });

  it('manifests: the scan never throws, reads every object, and gives the same findings twice', async () => {
    await fc.assert(
      fc.asyncProperty(manifests, async (text) => {
        const input = { file: 'm.yaml', content: text };
        const first = await scan([input], plan);
        const second = await scan([input], plan);
        expect(first.report.errors).toEqual([]);
        expect(first.report.inputs[0]).toMatchObject({ file: 'm.yaml', format: 'kubernetes', resources: text.split('---\n').length - 1 });
        expect(verdicts(second.report)).toBe(verdicts(first.report));
      }),
      { numRuns: 30, seed: SEED },
    );
  });
});

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const CORPUS = process.env['ONUS_CORPUS'] ?? resolve(repo, '../shared/corpus');
const HAVE_CORPUS = existsSync(CORPUS);
if (!HAVE_CORPUS) console.warn(`corpus not found at ${CORPUS} (set ONUS_CORPUS): the byte-mutation property is skipped`);

/** Inputs of the corpus up to 256 KiB (the bigger ones add time, not cases). */
function corpusFiles(): { file: string; bytes: Uint8Array }[] {
  const out: { file: string; bytes: Uint8Array }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(json|ya?ml)$/.test(entry.name) && statSync(path).size <= 256 * 1024) out.push({ file: relative(CORPUS, path), bytes: readFileSync(path) });
    }
  };
  walk(CORPUS);
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

type Mutation = { op: 'flip' | 'insert' | 'delete' | 'truncate' | 'repeat'; at: number; byte: number; length: number };
const mutation = fc.record({ op: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'repeat'), at: fc.nat(), byte: fc.nat(255), length: fc.integer({ min: 1, max: 64 }) }) as fc.Arbitrary<Mutation>;

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Buffer.from(bytes);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.op === 'flip') b[at] = m.byte;
    else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([m.byte]), b.subarray(at)]);
    else if (m.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    else if (m.op === 'truncate') b = b.subarray(0, at);
    else b = Buffer.concat([b.subarray(0, at + m.length), b.subarray(at)]);
  }
  return b;
}

describe.skipIf(!HAVE_CORPUS)('byte mutations of real inputs (../shared/corpus)', () => {
  it('never crash a scan: each mutated file is read, or failed with an error naming it', async () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(fc.nat(files.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (index, mutations) => {
        const { file, bytes } = files[index]!;
        const { report } = await scan([{ file, content: mutate(bytes, mutations) }], plan);
        expect(report.files).toHaveLength(1);
        const entry = report.files![0]!;
        expect(entry.file).toBe(file);
        if (entry.status === 'failed') expect(report.errors.some((e) => e.file === file && e.message.length > 0)).toBe(true);
        else expect(['read', 'skipped']).toContain(entry.status);
        for (const e of report.errors) expect(e.message).not.toMatch(/internal error/);
      }),
      { numRuns: 60, seed: SEED },
    );
  });
});
