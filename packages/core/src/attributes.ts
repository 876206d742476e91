/**
 * The `attributes` fact: every scalar attribute of a resource as a flat list
 * `{ path, key, value, sensitive, unknown }`, for checks about attribute
 * names ("a literal value under a secret-like name"). Computed once while a
 * resource is evaluated.
 */
import type { Resource } from './facts.js';
import { formatPath } from './paths.js';
import { RecentMemo } from './recent.js';
import { coveredBy, touches } from './unknowns.js';

export interface Attribute {
  path: string;
  key: string;
  value: unknown;
  sensitive: boolean;
}

/** The lists of the resources evaluated last (see recent.ts). */
const cache = new RecentMemo<Resource, Attribute[]>(8);
const MAX_DEPTH = 64;

export function attributesOf(r: Resource): Attribute[] {
  let list = cache.get(r);
  if (list) return list;
  const out: Attribute[] = [];
  // One path, grown and shrunk as the walk goes (the lookups only read it); a string is made for each scalar only.
  const segs: (string | number)[] = [];
  const walk = (v: unknown, key: string): void => {
    if (segs.length > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        segs.push(i);
        walk(v[i], key);
        segs.pop();
      }
    } else if (v && typeof v === 'object') {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        segs.push(k);
        walk((v as Record<string, unknown>)[k], k);
        segs.pop();
      }
    } else if (v !== null && v !== undefined && !coveredBy(r.unknown, segs)) {
      out.push({ path: formatPath(segs), key, value: v, sensitive: touches(r.sensitive, segs) });
    }
  };
  walk(r.values, '');
  list = out;
  cache.set(r, list);
  return list;
}
