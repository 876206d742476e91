/**
 * Which paths of a resource are known only after apply, and which are
 * sensitive. Both are lists of fact paths; here they become prefix tries so a
 * lookup costs the length of the path, not the length of the list.
 */
import type { Resource } from './facts.js';
import { parsePath } from './paths.js';
import { RecentMemo } from './recent.js';

interface Trie {
  end: boolean;
  next: Map<string | number, Trie>;
}

/** The tries of the lists read last: those of the resource being evaluated and the ones it relates to (see recent.ts). */
const tries = new RecentMemo<readonly string[], Trie>(16);

function trieOf(paths: readonly string[]): Trie {
  let t = tries.get(paths);
  if (t) return t;
  t = { end: false, next: new Map() };
  for (const p of paths) {
    let node = t;
    const segs = p === '' ? [] : parsePath(p);
    for (const s of segs) {
      if (typeof s === 'symbol') break;
      let n = node.next.get(s);
      if (!n) node.next.set(s, (n = { end: false, next: new Map() }));
      node = n;
    }
    node.end = true;
  }
  tries.set(paths, t);
  return t;
}

/**
 * Walk `segments` down the trie of `paths`: true when a path of the list is
 * `segments` or one of its prefixes; when `below` is set, also when one lies
 * below `segments`.
 */
function reaches(paths: readonly string[], segments: readonly (string | number)[], below: boolean): boolean {
  if (paths.length === 0) return false;
  let node = trieOf(paths);
  if (node.end) return true;
  for (const s of segments) {
    const n = node.next.get(s);
    if (!n) return false;
    if (n.end) return true;
    node = n;
  }
  return below;
}

/** True when `segments` or one of its prefixes is in `paths`. */
export const coveredBy = (paths: readonly string[], segments: readonly (string | number)[]): boolean => reaches(paths, segments, false);

/** True when `segments` is in `paths`, is below one of them, or holds one of them. */
export const touches = (paths: readonly string[], segments: readonly (string | number)[]): boolean => reaches(paths, segments, true);

export const isUnknownAt = (r: Pick<Resource, 'unknown'>, segs: readonly (string | number)[]): boolean => coveredBy(r.unknown, segs);
export const isSensitiveAt = (r: Pick<Resource, 'sensitive'>, segs: readonly (string | number)[]): boolean => touches(r.sensitive, segs);
