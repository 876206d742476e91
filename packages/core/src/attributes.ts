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
  list = [];
  const walk = (v: unknown, segs: (string | number)[], key: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...segs, i], key, depth + 1));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...segs, k], k, depth + 1);
    else if (v !== null && v !== undefined && !coveredBy(r.unknown, segs))
      list!.push({ path: formatPath(segs), key, value: v, sensitive: touches(r.sensitive, segs) });
  };
  walk(r.values, [], '', 0);
  cache.set(r, list);
  return list;
}
