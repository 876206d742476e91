/**
 * Reading a JSON report (`schemaVersion: 3`) back into one list of findings,
 * each with its policy id and its resource spelled out: what a consumer of the
 * compact shape usually wants first.
 */

/** A finding of a JSON report with its references resolved. */
export interface ExpandedFinding {
  policyId: string;
  status: string;
  resource: { address: string; kind: string; file?: string; line?: number };
  /** The message as the report gives it: without the lead address. */
  message?: string;
  check: number;
  item?: string;
  [field: string]: unknown;
}

interface JsonReportShape {
  findings: Record<string, Record<string, unknown>[]>;
  passes?: Record<string, (number | { resource: number; check: number; item?: string })[]>;
  resources: { files: string[]; kinds: string[]; items: { address: string; kind: number; file?: number; line?: number }[] };
}

/**
 * Every finding of a JSON report, in its order, with its policy id and its
 * resource spelled out; then, unless `passes` is false, the compact passes as
 * findings without a message.
 */
export function expandFindings(report: unknown, options: { passes?: boolean } = {}): ExpandedFinding[] {
  const r = report as JsonReportShape;
  const resource = (i: number) => {
    const item = r.resources.items[i];
    if (!item) throw new Error(`resource ${i} is not in resources.items`);
    const { address, kind, file, line } = item;
    return { address, kind: r.resources.kinds[kind]!, ...(file !== undefined ? { file: r.resources.files[file]! } : {}), ...(line !== undefined ? { line } : {}) };
  };
  const out: ExpandedFinding[] = [];
  for (const [policyId, list] of Object.entries(r.findings)) {
    for (const f of list) out.push({ policyId, ...f, status: f.status as string, check: (f.check as number | undefined) ?? 0, resource: resource(f.resource as number) });
  }
  for (const [policyId, list] of Object.entries(options.passes === false ? {} : (r.passes ?? {}))) {
    for (const p of list) {
      const ref = typeof p === 'number' ? { resource: p, check: 0 } : p;
      out.push({ policyId, status: 'pass', check: ref.check, ...(ref.item !== undefined ? { item: ref.item } : {}), resource: resource(ref.resource) });
    }
  }
  return out;
}
