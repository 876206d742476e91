/**
 * The scan index: resources by kind and address, and relations between them
 * ("the public-access-block of this bucket"), found by reference first and by
 * literal name/id equality second. Built once per scan.
 */
import type { Resource } from './facts.js';
import { kindMatcher } from './kinds.js';

/** Attribute names whose values identify a resource for literal matching. */
const ID_KEYS = ['id', 'arn', 'name', 'bucket', 'self_link', 'role', 'role_name'];

/** `aws_s3_bucket.b[0]` and `aws_s3_bucket.b["k"]` -> `aws_s3_bucket.b`. */
export function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

export class ScanIndex {
  readonly resources: readonly Resource[];
  private readonly byAddress = new Map<string, Resource[]>();
  private readonly referrers = new Map<string, Resource[]>();
  private readonly kindCache = new Map<string, Resource[]>();

  constructor(resources: readonly Resource[]) {
    this.resources = resources;
    // Indexed loops, and a set of targets seen only for a resource with references (see resolveValue in compile.ts).
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i]!;
      push(this.byAddress, r.address, r);
      const base = baseAddress(r.address);
      if (base !== r.address) push(this.byAddress, base, r);
      const lists = Object.values(r.refs);
      if (lists.length === 0) continue;
      const seen = new Set<string>();
      for (let l = 0; l < lists.length; l++) {
        const targets = lists[l]!;
        for (let j = 0; j < targets.length; j++) {
          const t = targets[j]!;
          if (seen.has(t)) continue;
          seen.add(t);
          push(this.referrers, t, r);
        }
      }
    }
  }

  /** Resources whose kind matches a pattern (`tf:aws_*`, `tf:data.aws_iam_policy_document`). */
  ofKind(pattern: string | readonly string[]): Resource[] {
    const key = typeof pattern === 'string' ? pattern : pattern.join('\u0000');
    let hit = this.kindCache.get(key);
    if (!hit) {
      const match = kindMatcher(pattern);
      hit = this.resources.filter(match);
      this.kindCache.set(key, hit);
    }
    return hit;
  }

  /**
   * Resources of `kind` related to `resource`: those it references and those
   * that reference it (optionally only through attribute `via`), else those
   * whose `via` attribute (or any identifying attribute) literally equals an
   * identifier of the other.
   */
  related(resource: Resource, kind: string | readonly string[], via?: string): Resource[] {
    const match = kindMatcher(kind);
    const found = new Set<Resource>();
    // Indexed loops: asked for every resource a check relates, and short scans run unoptimised, where `for...of` allocates at each step.
    const refs = resource.refs;
    const attrs = Object.keys(refs);
    for (let a = 0; a < attrs.length; a++) {
      const attr = attrs[a] as string;
      if (via && !sameAttribute(attr, via)) continue;
      const targets = refs[attr] as readonly string[];
      for (let t = 0; t < targets.length; t++) {
        const rs = this.byAddress.get(targets[t] as string);
        if (rs) for (let i = 0; i < rs.length; i++) if (rs[i] !== resource && match(rs[i] as Resource)) found.add(rs[i] as Resource);
      }
    }
    const base = baseAddress(resource.address);
    this.addReferrers(found, resource, resource.address, match, via);
    if (base !== resource.address) this.addReferrers(found, resource, base, match, via);
    if (found.size > 0 || !via) return [...found];
    const { byVia, byId } = this.literalIndex(kind, via);
    for (const v of identifiers(resource)) for (const r of byVia.get(v) ?? []) if (r !== resource) found.add(r);
    for (const v of literalValues(resource.values[via])) for (const r of byId.get(v) ?? []) if (r !== resource) found.add(r);
    return [...found].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }

  /** Add the resources of the right kind that reference `key` (through `via`, when given). */
  private addReferrers(found: Set<Resource>, resource: Resource, key: string, match: (r: Resource) => boolean, via: string | undefined): void {
    const rs = this.referrers.get(key);
    if (!rs) return;
    for (let i = 0; i < rs.length; i++) {
      const r = rs[i] as Resource;
      if (r === resource || !match(r)) continue;
      if (via && !refersThrough(r, via, key)) continue;
      found.add(r);
    }
  }

  private readonly position = new Map<Resource, number>();
  private readonly literals = new Map<string, { byVia: Map<string, Resource[]>; byId: Map<string, Resource[]> }>();

  /** Resources of a kind by the literal values of `via` and by their identifiers, built once per (kind, via). */
  private literalIndex(kind: string | readonly string[], via: string) {
    const key = `${typeof kind === 'string' ? kind : kind.join('\u0000')}\u0001${via}`;
    let idx = this.literals.get(key);
    if (!idx) {
      if (this.position.size === 0) this.resources.forEach((r, i) => this.position.set(r, i));
      idx = { byVia: new Map(), byId: new Map() };
      for (const r of this.ofKind(kind)) {
        for (const v of literalValues(r.values[via])) push(idx.byVia, v, r);
        for (const v of identifiers(r)) push(idx.byId, v, r);
      }
      this.literals.set(key, idx);
    }
    return idx;
  }
}

function sameAttribute(refKey: string, via: string): boolean {
  return refKey === via || refKey.startsWith(`${via}.`) || refKey.startsWith(`${via}[`);
}

const idCache = new WeakMap<Resource, Set<string>>();
function identifiers(r: Resource): Set<string> {
  const hit = idCache.get(r);
  if (hit) return hit;
  const ids = new Set<string>();
  idCache.set(r, ids);
  for (const key of ID_KEYS) for (const v of literalValues(r.values[key])) ids.add(v);
  return ids;
}

function literalValues(v: unknown): string[] {
  if (typeof v === 'string' && v) return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return [];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether `r` references `key` through its attribute `via`. */
function refersThrough(r: Resource, via: string, key: string): boolean {
  const attrs = Object.keys(r.refs);
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs[i] as string;
    if (sameAttribute(attr, via) && (r.refs[attr] as readonly string[]).includes(key)) return true;
  }
  return false;
}
