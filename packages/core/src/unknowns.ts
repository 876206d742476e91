/**
 * Which paths of a resource are known only after apply, and which are
 * sensitive. Both are lists of fact paths; here they become prefix tries so a
 * lookup costs the length of the path, not the length of the list.
 */
import type { Resource } from './facts.js';
import { formatPath, parsePath } from './paths.js';
import { RecentMemo } from './recent.js';

interface Trie {
  end: boolean;
  /** Made for a node with children only: most nodes are leaves (`arn`, `id`). */
  next: Map<string | number, Trie> | undefined;
}

/** The tries of the lists read last: those of the resource being evaluated and the ones it relates to (see recent.ts). */
const tries = new RecentMemo<readonly string[], Trie>(16);

function trieOf(paths: readonly string[]): Trie {
  let t = tries.get(paths);
  if (t) return t;
  t = { end: false, next: undefined };
  // Indexed loops: a trie is made for every resource with unknown or sensitive places, and short scans run unoptimised.
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i] as string;
    let node = t;
    // A top-level key (`arn`, `tags_all`), the most common unknown place: its own single segment, no parse.
    if (isPlainKey(p)) node = childOf(node, p);
    else if (p !== '') {
      const segs = parsePath(p);
      for (let j = 0; j < segs.length; j++) {
        const s = segs[j] as (typeof segs)[number];
        if (typeof s === 'symbol') break;
        node = childOf(node, s);
      }
    }
    node.end = true;
  }
  tries.set(paths, t);
  return t;
}

/** A fact path that is one key, as parsePath reads it: no `$` or `*` first, no `.` or `[` anywhere. */
function isPlainKey(p: string): boolean {
  return p !== '' && p.charCodeAt(0) !== 36 && p.charCodeAt(0) !== 42 && p.indexOf('.') < 0 && p.indexOf('[') < 0;
}

function childOf(node: Trie, s: string | number): Trie {
  node.next ??= new Map();
  let n = node.next.get(s);
  if (!n) node.next.set(s, (n = { end: false, next: undefined }));
  return n;
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
  for (let i = 0; i < segments.length; i++) {
    const n = node.next?.get(segments[i]!);
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

/**
 * Why a place of a resource is unknown, in the input's own words
 * (`unknownReasons`: "var.x is not set ..."), for a concrete path: the reason
 * of the path or of the nearest enclosing one, else, for a path into a block
 * (`database_encryption[0]`), of the first unknown place inside it.
 */
export function reasonAt(reasons: Readonly<Record<string, string>> | undefined, concrete: readonly (string | number)[]): string | undefined {
  if (!reasons) return undefined;
  for (let n = concrete.length; n > 0; n--) {
    const key = formatPath(concrete.slice(0, n));
    if (Object.hasOwn(reasons, key)) return reasons[key];
  }
  const inside = concrete.length ? formatPath(concrete) : '';
  const key = Object.keys(reasons).find((k) => inside === '' || k.startsWith(`${inside}[`) || k.startsWith(`${inside}.`));
  return key === undefined ? undefined : reasons[key];
}
